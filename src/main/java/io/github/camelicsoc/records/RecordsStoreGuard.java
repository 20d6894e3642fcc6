package io.github.camelicsoc.records;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.camelicsoc.jdbc.BulkIdempotentRepository;
import io.github.camelicsoc.jdbc.JdbcRepositorySupport;
import io.github.camelicsoc.jdbc.JdbcStateRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the records consumer from delivering what its store cannot remember.
 * <p>
 * At start it proves that the store can write and read back a delivered-record key and a watermark (the JDBC store's
 * {@link JdbcRepositorySupport#checkWritable()}): a read-only user, a narrow column or the wrong dialect fails the
 * start, naming the option and the table. A database that cannot be reached does not: the consumer starts, each poll
 * tries again first and fails saying why (health DOWN), and the application's other routes run; with
 * {@code recordsStoreRequiredAtStart} it fails the start instead.
 * <p>
 * A key whose write fails after its exchange succeeded stops the poll, and is written again before the next poll asks
 * the platform for anything: the record is not delivered again at once, in a loop, while the store refuses its key.
 * <p>
 * A {@link BulkIdempotentRepository} (the JDBC store) gets one row a delivered record, half of {@code markBatchSize}
 * of them in one write ({@link PendingMarks}), on the marks writer while the next half fills: when half are waiting
 * (after the write before has ended), before each watermark write, at the end of a poll and when the consumer stops;
 * each write after a look at the term when it was last read more than a second ago. A kill meanwhile makes the
 * records waiting or being written come again (at most markBatchSize, the one in flight included); the watermark
 * never passes a record whose row is not written. With markBatchSize 1, or no writer, each batch is written on the
 * poll's thread.
 * <p>
 * With the watermark in a {@link JdbcStateRepository}, a consumer that starts takes the next <em>term</em> of its
 * watermark (a row beside it: a number and this node's name, raised by compare-and-set), and polls only while the
 * term is still its own: at the start of each poll, before each watermark write, and before a record whenever more
 * than {@value #TERM_TRUSTED_MILLIS} ms went by since the last look. A node paused past its leadership (a GC pause, a
 * frozen VM, SIGSTOP) that wakes after another node started the consumer finds a newer term and is refused before it
 * delivers anything more than the record it was processing: it logs why at WARN, its health goes DOWN, and it polls
 * no more until its consumer is started again (which takes a new term).
 */
final class RecordsStoreGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RecordsStoreGuard.class);

    private final String consumer;
    private final String store;
    private final IdempotentRepository keys;
    private final StateRepository<String, String> state;
    private final boolean requiredAtStart;
    /** Keys whose exchange succeeded and whose write failed: written first at the next poll. */
    private final Deque<String> unwritten = new ArrayDeque<>();
    /** Marks of delivered records waiting to be written together, with a bulk repository. */
    private final PendingMarks pending;
    private final int markBatchSize;
    // with a bulk repository and markBatchSize 2 or more: the thread that writes a batch while the next fills
    private final ExecutorService marksWriter;
    private final Object writeLock = new Object();
    private Future<?> writing;
    private PendingMarks.Batch writingBatch;
    private final Object placements;
    // a content mark written for the compact repository, reused: only the consumer's thread delivers
    private final StringBuilder markText = new StringBuilder(80);
    private volatile boolean checked;

    /** How long a verified term is trusted before the next record; a pause longer than this is looked at. */
    static final long TERM_TRUSTED_MILLIS = 1000;
    private final String termKey;
    private final String owner;
    private volatile String term;
    private volatile long termVerifiedNanos;
    private volatile RecordsStoreException fenced;

    /**
     * @param consumer what to call the consumer in a message (icsoc:records type=400)
     * @param store    which options chose the store, for the message (recordsStore=jdbc, or the two repositories)
     * @param markBatchSize how many delivered records' marks a bulk repository is given in one write
     */
    RecordsStoreGuard(String consumer, String store, IdempotentRepository keys, StateRepository<String, String> state,
                      boolean requiredAtStart, String watermarkKey, int markBatchSize) {
        this(consumer, store, keys, state, null, requiredAtStart, watermarkKey, markBatchSize, null);
    }

    /**
     * @param placements  the placements store the consumer matches records against (icsoc:call's, with a
     *                    correlation key), checked with the records store when it is a table of the same database;
     *                    null for none
     * @param marksWriter where a bulk repository's batches are written, each while the next fills, so that the poll
     *                    does not wait for the database; null to write them on the poll's thread. Used only with a
     *                    markBatchSize of 2 or more: a batch is then half of it, and a kill still repeats at most
     *                    markBatchSize records (the batch being written, the one filling and the record in flight)
     */
    RecordsStoreGuard(String consumer, String store, IdempotentRepository keys, StateRepository<String, String> state,
                      Object placements, boolean requiredAtStart, String watermarkKey, int markBatchSize,
                      ExecutorService marksWriter) {
        this.placements = placements;
        this.marksWriter = markBatchSize >= 2 && keys instanceof BulkIdempotentRepository ? marksWriter : null;
        this.pending = new PendingMarks(this.marksWriter != null ? markBatchSize / 2 : markBatchSize);
        this.markBatchSize = markBatchSize;
        this.termKey = watermarkKey + ":term";
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.consumer = consumer;
        this.store = store;
        this.keys = keys;
        this.state = state;
        this.requiredAtStart = requiredAtStart;
    }

    /** Starts the store and checks it; false when its database cannot be reached (the polls try again). */
    boolean start() {
        try {
            startAndCheck();
            return true;
        } catch (RecordsStoreException e) {
            if (requiredAtStart || !JdbcRepositorySupport.isUnreachable(e)) {
                throw e;
            }
            LOG.warn("{}; the consumer starts anyway, reports DOWN and tries again at each poll", e.getMessage());
            return false;
        }
    }

    /** Before a poll asks the platform for anything: the store works, and the keys it refused before are written. */
    void beforePoll() {
        if (fenced != null) {
            throw fenced;
        }
        if (!checked) {
            startAndCheck();
            LOG.info("{}: its records store ({}) works again", consumer, store);
        }
        checkTerm(true);
        synchronized (unwritten) {
            while (!unwritten.isEmpty()) {
                write(unwritten.peekFirst());
                unwritten.removeFirst();
            }
        }
        // rows a failed write put back
        writePending();
    }

    /**
     * Marks a record delivered, only once its exchange succeeded (as Camel's idempotent consumer does with
     * eager=false). Marked any earlier, a process killed before the exchange ended would lose the record; and a mark
     * taken back after a failure means a remove, which Camel's FileIdempotentRepository does by rewriting its whole
     * file: a kill during that rewrite loses the keys of records already delivered. The marks of one record are
     * written in their order, key by key. A mark that cannot be written is kept for the next poll with those after it,
     * and this poll must stop.
     */
    void remember(List<String> marks) {
        for (int i = 0; i < marks.size(); i++) {
            try {
                write(marks.get(i));
            } catch (RecordsStoreException e) {
                defer(marks.subList(i, marks.size()));
                throw e;
            }
        }
    }

    /**
     * Marks the state {@code content}, version {@code version}, of the record {@code key} delivered. The default
     * {@link CompactIdempotentRepository} is given its marks ({@link RecordsState#marksOf}) without a string built for
     * the content mark (it cannot fail to write); a {@link BulkIdempotentRepository} one row, the version's, whose note
     * holds the content and the vector of {@code fields} ({@link RecordKeys#versionNote}), written when markBatchSize
     * records are waiting ({@link #writePending}); any other repository its marks, as {@link #remember(List)} writes
     * them.
     */
    void remember(String key, String content, int version, RecordKeys.FieldDigests fields) {
        if (keys instanceof CompactIdempotentRepository compact) {
            compact.addText(RecordKeys.contentMark(markText, key, content));
            compact.addText(RecordsState.versionRow(key, version));
        } else if (keys instanceof BulkIdempotentRepository) {
            String note = RecordKeys.versionNote(content, fields == null ? null : fields.vector());
            if (pending.add(RecordsState.versionRow(key, version), note)) {
                handOff();
            }
        } else {
            remember(RecordsState.marksOf(key, content, version));
        }
    }

    /** The marks waiting to be written, which the records state looks at before the store. */
    PendingMarks pending() {
        return pending;
    }

    /**
     * Writes the rows waiting and waits for the write, so that all are stored when it returns (before a watermark
     * write, at the end of a poll, at a stop). Rows that cannot be written are kept for the next write, and this poll
     * must stop.
     */
    void writePending() {
        synchronized (writeLock) {
            handOff();
            awaitWrite();
        }
    }

    /**
     * Gives the rows waiting to one write, once the term is seen to be still this node's (a stale leader writes none)
     * and the write before has ended: on the marks writer, returning at once, or here. The term is looked at as
     * before each record: when more than {@value #TERM_TRUSTED_MILLIS} ms went by since the last look, which a pause
     * always passes. A read of the term before every write was a third of the statements of a catch-up, and guarded
     * nothing the look before each record does not: marks only record what this node delivered.
     */
    private void handOff() {
        synchronized (writeLock) {
            awaitWrite();
            if (pending.isEmpty()) {
                return;
            }
            PendingMarks.Batch batch = pending.take();
            try {
                checkTerm(false);
            } catch (RecordsStoreException e) {
                pending.putBack(batch);
                throw e;
            }
            if (marksWriter == null) {
                writeHere(batch);
                return;
            }
            writingBatch = batch;
            try {
                writing = marksWriter.submit(() -> write(batch));
            } catch (RejectedExecutionException stopped) {
                // the writer is shut down (the context stops): written here
                writingBatch = null;
                writeHere(batch);
            }
        }
    }

    private void writeHere(PendingMarks.Batch batch) {
        try {
            write(batch);
        } catch (RuntimeException e) {
            throw notWritten(batch, e);
        }
    }

    private void write(PendingMarks.Batch batch) {
        ((BulkIdempotentRepository) keys).addAll(batch.rows().keySet(), batch.rows());
        pending.written();
    }

    /** Waits for the write under way; when it failed, its rows go back to wait for the next write. */
    private void awaitWrite() {
        Future<?> under = writing;
        if (under == null) {
            return;
        }
        try {
            under.get();
            writing = null;
        } catch (ExecutionException e) {
            writing = null;
            if (e.getCause() instanceof Error error) {
                pending.putBack(writingBatch);
                throw error;
            }
            throw notWritten(writingBatch, (RuntimeException) e.getCause());
        } catch (InterruptedException e) {
            // the write goes on, and is waited for next time
            Thread.currentThread().interrupt();
            throw new RecordsStoreException(consumer + " was interrupted while the keys of the records it delivered"
                                            + " were written; they are waited for before it delivers more", e);
        }
    }

    private RecordsStoreException notWritten(PendingMarks.Batch batch, RuntimeException e) {
        pending.putBack(batch);
        if (e instanceof RecordsStoreException refused) {
            return refused;
        }
        return cannotWrite(batch.records() == 1 ? "the record " + batch.first()
                : batch.records() + " records (the first " + batch.first() + ")", batch.records() > 1, e);
    }

    /**
     * Writes the marks waiting when a poll ended by {@code failure} or the consumer stops, so that the records
     * delivered before are not delivered again; a write that fails is added to {@code failure}, or logged.
     */
    void writePendingAfter(Throwable failure) {
        try {
            writePending();
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.warn("{}: the keys of records delivered before it stopped were not written: {}. Those records"
                         + " come again after its next start", consumer, e.getMessage());
            }
        }
    }

    /** Marks of a delivered record not written (a repository written key by key): written first at the next poll. */
    private void defer(List<String> marks) {
        synchronized (unwritten) {
            unwritten.addAll(marks);
        }
    }

    private void write(String key) {
        try {
            keys.add(key);
            keys.confirm(key);
        } catch (RuntimeException e) {
            throw cannotWrite("the record " + key, false, e);
        }
    }

    private RecordsStoreException cannotWrite(String records, boolean several, RuntimeException e) {
        return new RecordsStoreException(consumer + " delivered " + records + " but cannot write "
                                         + (several ? "their keys" : "its key") + " to the delivered-record store ("
                                         + store + ", " + describe(keys) + "): " + e.getMessage() + ". The poll stops"
                                         + " so as not to deliver " + (several ? "them" : "it") + " again; the next"
                                         + " poll writes the keys first. What to do: check that the database is up"
                                         + " and that its user may write the table", e);
    }

    private void startAndCheck() {
        checked = false;
        try {
            boolean keysStarted = ServiceHelper.isStarted(keys);
            boolean stateStarted = ServiceHelper.isStarted(state);
            ServiceHelper.startService(keys, state);
            // started by an earlier start of the route: their tables may have been dropped since
            if (keysStarted && keys instanceof JdbcRepositorySupport jdbc) {
                jdbc.createTableIfMissing();
            }
            if (stateStarted && state instanceof JdbcRepositorySupport jdbc) {
                jdbc.createTableIfMissing();
            }
            // the placements table: icsoc:call opens it on first use, but a records consumer relies on it from its
            // first poll, so it is opened (or recreated, when dropped) here and proved writable with the others
            if (placements instanceof JdbcRepositorySupport jdbc) {
                if (ServiceHelper.isStarted(jdbc)) {
                    jdbc.createTableIfMissing();
                } else {
                    ServiceHelper.startService(jdbc);
                }
            }
        } catch (SQLException | RuntimeException e) {
            throw refused("cannot start", e);
        }
        try {
            if (keys instanceof JdbcRepositorySupport jdbc) {
                jdbc.checkWritable();
            }
            if (state instanceof JdbcRepositorySupport jdbc) {
                jdbc.checkWritable();
            }
            if (placements instanceof JdbcRepositorySupport jdbc) {
                jdbc.checkWritable();
            }
        } catch (RuntimeException e) {
            throw refused("cannot write and read back a test row in", e);
        }
        if (state instanceof JdbcStateRepository jdbc) {
            try {
                term = jdbc.claimTerm(termKey, owner);
                termVerifiedNanos = System.nanoTime();
            } catch (RuntimeException e) {
                throw refused("cannot take its term in", e);
            }
            LOG.info("{} polls under the term {} of {}", consumer, term, termKey);
        }
        checked = true;
    }

    /**
     * Refuses to go on when another node took a newer term: always when {@code always}, else only when the term was
     * last verified more than {@value #TERM_TRUSTED_MILLIS} ms ago (a pause, or a slow record).
     */
    void checkTerm(boolean always) {
        if (fenced != null) {
            throw fenced;
        }
        String mine = term;
        if (mine == null) {
            return;
        }
        if (!always && System.nanoTime() - termVerifiedNanos < TimeUnit.MILLISECONDS.toNanos(TERM_TRUSTED_MILLIS)) {
            return;
        }
        String current;
        long readAt;
        do {
            // a term read is true as of when it began: a node paused during the read (after the database answered)
            // must not trust that answer for the next records, so a read that took longer than the trust is redone
            readAt = System.nanoTime();
            try {
                current = state.getState(termKey);
            } catch (RuntimeException e) {
                throw new RecordsStoreException(consumer + " cannot read its term from the records store (" + store
                                                + "): " + e.getMessage() + ". It delivers nothing more until it can", e);
            }
        } while (mine.equals(current)
                 && System.nanoTime() - readAt >= TimeUnit.MILLISECONDS.toNanos(TERM_TRUSTED_MILLIS));
        if (mine.equals(current)) {
            termVerifiedNanos = readAt;
            return;
        }
        fenced = new RecordsStoreException(consumer + " is fenced off: another node started this consumer on the same"
                                           + " records store (" + store + ") and holds the term " + current
                                           + " of " + termKey + ", newer than this node's " + mine + ". This node"
                                           + " delivers nothing more and polls no more until its consumer is started"
                                           + " again (as a cluster service does when it leads again)", null);
        LOG.warn("{}", fenced.getMessage());
        throw fenced;
    }

    private RecordsStoreException refused(String what, Exception e) {
        String where = placements instanceof JdbcRepositorySupport jdbc
                ? describe(keys) + ", " + describe(state) + " and " + jdbc.describe()
                : describe(keys) + " and " + describe(state);
        if (JdbcRepositorySupport.isUnreachable(e)) {
            return new RecordsStoreException(consumer + " cannot reach the database of its records store (" + store
                                             + "; " + where + "): " + e.getMessage() + ". What to do: start the"
                                             + " database or correct the DataSource's URL and credentials (the"
                                             + " dataSource option); set recordsStoreRequiredAtStart=true to fail the"
                                             + " start instead of polling on", e);
        }
        return new RecordsStoreException(consumer + " " + what + " its records store (" + store + "; " + where + "): "
                                         + e.getMessage() + ". What to do: give the database user SELECT, INSERT,"
                                         + " UPDATE and DELETE on the tables, keep their columns as wide as the DDL in"
                                         + " the jar (io/github/camelicsoc/sql/), and leave the repositories' dialect"
                                         + " unset (read from the database) or set it to the database's own", e);
    }

    private static String describe(Object repository) {
        return repository instanceof JdbcRepositorySupport jdbc ? jdbc.describe() : String.valueOf(repository);
    }
}

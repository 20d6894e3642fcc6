package io.github.camelicsoc.records;

import java.util.ArrayDeque;
import java.util.Deque;

import io.github.camelicsoc.jdbc.JdbcRepositorySupport;
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
    private volatile boolean checked;

    /**
     * @param consumer what to call the consumer in a message (icsoc:records type=400)
     * @param store    which options chose the store, for the message (recordsStore=jdbc, or the two repositories)
     */
    RecordsStoreGuard(String consumer, String store, IdempotentRepository keys, StateRepository<String, String> state,
                      boolean requiredAtStart) {
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
        if (!checked) {
            startAndCheck();
            LOG.info("{}: its records store ({}) works again", consumer, store);
        }
        synchronized (unwritten) {
            while (!unwritten.isEmpty()) {
                write(unwritten.peekFirst());
                unwritten.removeFirst();
            }
        }
    }

    /**
     * Marks a record delivered, only once its exchange succeeded (as Camel's idempotent consumer does with
     * eager=false). Marked any earlier, a process killed before the exchange ended would lose the record; and a mark
     * taken back after a failure means a remove, which Camel's FileIdempotentRepository does by rewriting its whole
     * file: a kill during that rewrite loses the keys of records already delivered. A key that cannot be written is
     * kept for the next poll, and this one must stop.
     */
    void remember(String key) {
        try {
            write(key);
        } catch (RecordsStoreException e) {
            synchronized (unwritten) {
                unwritten.addLast(key);
            }
            throw e;
        }
    }

    /** A delivered record's key not even tried, as the store failed earlier in the poll: written at the next. */
    void defer(String key) {
        synchronized (unwritten) {
            unwritten.addLast(key);
        }
    }

    private void write(String key) {
        try {
            keys.add(key);
            keys.confirm(key);
        } catch (RuntimeException e) {
            throw new RecordsStoreException(consumer + " delivered the record " + key + " but cannot write its key to"
                                            + " the delivered-record store (" + store + ", " + describe(keys) + "): "
                                            + e.getMessage() + ". The poll stops so as not to deliver it again; the"
                                            + " next poll writes the key first. What to do: check that the database is"
                                            + " up and that its user may write the table", e);
        }
    }

    private void startAndCheck() {
        checked = false;
        try {
            ServiceHelper.startService(keys, state);
        } catch (RuntimeException e) {
            throw refused("cannot start", e);
        }
        try {
            if (keys instanceof JdbcRepositorySupport jdbc) {
                jdbc.checkWritable();
            }
            if (state instanceof JdbcRepositorySupport jdbc) {
                jdbc.checkWritable();
            }
        } catch (RuntimeException e) {
            throw refused("cannot write and read back a test row in", e);
        }
        checked = true;
    }

    private RecordsStoreException refused(String what, RuntimeException e) {
        String where = describe(keys) + " and " + describe(state);
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

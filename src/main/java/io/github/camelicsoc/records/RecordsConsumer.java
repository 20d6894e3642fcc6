package io.github.camelicsoc.records;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import io.github.camelicsoc.client.PlatformTime;
import io.github.camelicsoc.client.RecordSpool;
import io.github.camelicsoc.jdbc.BulkIdempotentRepository;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.model.RecordType;
import io.github.camelicsoc.records.RecordWindows.Window;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.spi.StreamCachingStrategy;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code icsoc:records}: polls the platform for call records and hands each new one to the route, once.
 * <p>
 * This class keeps the lifecycle, the JMX attributes and the health check (its length is mostly those attributes, a
 * short method each). Which record windows a poll asks for and
 * when the watermark moves are the rules of {@link RecordWindows}; a poll reads and classifies its windows' records
 * ({@link RecordsPoll}), then {@link #processBatch} hands the windows read to {@link RecordsDelivery}, which delivers
 * their new records and marks each delivered only once its exchange succeeded.
 * <p>
 * A record is an evolving fact: each state of it (its content, compared by {@link RecordKeys#contentOf}) reaches
 * the route once, whatever the order of the answers. A key that comes again with other content, in the same answer
 * or a later poll within the lookback, is delivered as a newer version with {@link RecordsHeaders#RECORD_VERSION}
 * set; {@code recordVersions=first} delivers the first state only. What was delivered is kept per key in the
 * records store ({@link RecordsState}).
 */
@ManagedResource(description = "icsoc records consumer: watermark, lag and counts")
public class RecordsConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RecordsConsumer.class);

    /** New records one poll keeps in memory (a few MB); past this it reads their answers a second time. */
    public static final int RECORDS_KEPT_IN_MEMORY = RecordsPoll.RECORDS_KEPT_IN_MEMORY;

    private final RecordsEndpoint endpoint;
    private final RecordsSettings settings;
    private final RecordType type;
    private final IcsocOperation operation;
    private Clock clock = Clock.systemUTC();
    private IdempotentRepository idempotentRepository;
    private RecordsState recordsState;
    private RecordsStoreGuard store;
    private ExecutorService marksWriter;
    /**
     * Held by a poll while it runs. Camel stops a polling consumer without waiting for its poll (it interrupts it), and
     * master: stops a node's consumer so when the node loses its leadership: the stop waits here, so that the poll's
     * last marks and watermark are written before another node can take over and read them.
     */
    private final ReentrantLock polling = new ReentrantLock();
    private WatermarkStore watermarks;
    private RecordWindows windows;
    private RecordSpool.Settings spooling;
    private RecordOutcomes outcomes;
    private volatile LocalDateTime watermark;
    // the watermark stored when the current poll started; null before a first window is done
    private LocalDateTime stored;
    // when the last poll that read and finished every window it planned was planned; null after a start or any other
    // poll, so that the next poll reads the whole lookback (the re-read schedule's reads are planned from it)
    private LocalDateTime lastCleanPoll;

    // counts since start, for JMX and the health check
    private final LongAdder recordsDelivered = new LongAdder();
    private final LongAdder recordsRefused = new LongAdder();
    private final LongAdder recordsUnreadable = new LongAdder();
    private final LongAdder recordsNewerVersion = new LongAdder();
    private final Map<String, LongAdder> pollsFailed = new LinkedHashMap<>();
    private volatile String lastUnreadable;
    private volatile String lastRefused;
    private volatile int lastRefusedPollsInARow;

    public RecordsConsumer(RecordsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.settings = endpoint.recordsSettings();
        this.type = RecordType.of(settings.type());
        this.operation = type.operation();
        for (IcsocException.Kind kind : IcsocException.Kind.values()) {
            pollsFailed.put(kind.name(), new LongAdder());
        }
        pollsFailed.put("OTHER", new LongAdder());
    }

    /** The clock "now" is read from; for tests, before the consumer starts. */
    void useClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected void doBuild() throws Exception {
        if (getHealthCheck() == null) {
            setHealthCheck(new RecordsHealthCheck(this, "consumer:" + getRouteId()));
        }
        super.doBuild();
    }

    @Override
    protected void doStart() throws Exception {
        idempotentRepository = endpoint.idempotentRepository();
        // starting an already started repository is harmless; none is stopped here, as a route may start again
        // a bulk repository's batches of keys are written on a thread of their own, each while the next fills
        marksWriter = idempotentRepository instanceof BulkIdempotentRepository && settings.markBatchSize() >= 2
                ? endpoint.getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this,
                        "IcsocRecordsKeys")
                : null;
        store = new RecordsStoreGuard("icsoc:records type=" + type.code(), settings.storeOptions(),
                idempotentRepository, endpoint.stateRepository(), endpoint.outcomeSettings().store(),
                settings.storeRequiredAtStart(),
                WatermarkStore.key(settings.vccCode(), type.code()), settings.markBatchSize(), marksWriter);
        boolean storeReady = store.start();
        recordsState = RecordsState.in(idempotentRepository, store.pending());
        watermarks = new WatermarkStore(endpoint.stateRepository(), settings.vccCode(), type.code());
        windows = new RecordWindows(clock, StartTime.parse(settings.startTime()), settings.lookback(),
                settings.settle(), settings.maxWindow(), RereadSchedule.parse(settings.rereadSchedule()));
        lastCleanPoll = null;
        spooling = new RecordSpool.Settings(spoolDirectory(), settings.maxRecordsDownload());
        outcomes = new RecordOutcomes(endpoint.outcomeSettings(), settings.lookback(), clock);
        // a store that cannot be reached yet: the first poll reads the watermark, or says why it cannot
        LocalDateTime stored = storeReady ? watermarks.stored() : null;
        watermark = stored != null ? stored : windows.startTime();
        warnWhenStateIsInMemory();
        super.doStart();
    }

    @Override
    protected void doSuspend() throws Exception {
        super.doSuspend();
        writePendingMarks();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        awaitPoll();
        writePendingMarks();
        if (marksWriter != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdown(marksWriter);
            marksWriter = null;
        }
    }

    /**
     * Waits for a poll still running to end: stopping, it offers no further record, so it ends with the record in
     * flight (after its marks) or its current request, and the wait is bounded by the shutdown strategy's timeout.
     */
    private void awaitPoll() {
        ShutdownStrategy shutdown = getEndpoint().getCamelContext().getShutdownStrategy();
        boolean ended;
        try {
            ended = polling.tryLock(shutdown.getTimeout(), shutdown.getTimeUnit());
        } catch (InterruptedException e) {
            // the stop goes on (its marks are still written and its threads let go); the interrupt is kept
            Thread.currentThread().interrupt();
            ended = false;
        }
        if (ended) {
            polling.unlock();
        } else {
            LOG.warn("icsoc:records type={}: the poll running when the consumer stopped did not end within {} {};"
                     + " the marks it still writes may come after another node took over, which then delivers those"
                     + " records again", type.code(), shutdown.getTimeout(), shutdown.getTimeUnit());
        }
    }

    /** The marks a poll left waiting (one ended by a failure): written when the consumer stops or is suspended. */
    private void writePendingMarks() {
        if (store != null) {
            store.writePendingAfter(null);
        }
    }

    /** The configured spool directory, else Camel's stream-cache spool directory when spooling is on, else none. */
    private Path spoolDirectory() {
        if (settings.spoolDirectory() != null) {
            return Path.of(settings.spoolDirectory());
        }
        StreamCachingStrategy streamCaching = getEndpoint().getCamelContext().getStreamCachingStrategy();
        if (streamCaching != null && streamCaching.isSpoolEnabled() && streamCaching.getSpoolDirectory() != null) {
            return streamCaching.getSpoolDirectory().toPath();
        }
        return null;
    }

    private void warnWhenStateIsInMemory() {
        boolean watermarkInMemory = settings.watermarkInMemory();
        boolean keysInMemory = settings.keysInMemory();
        if (!watermarkInMemory && !keysInMemory) {
            return;
        }
        String replay;
        if (watermarkInMemory && keysInMemory) {
            replay = "the watermark and the delivered keys are in memory: after a restart the consumer starts again at"
                     + " startTime (" + settings.startTime() + ") and delivers every record since then again";
        } else if (watermarkInMemory) {
            replay = "the watermark is in memory: after a restart the consumer asks again for every record since"
                     + " startTime (" + settings.startTime() + "); the idempotent repository drops those delivered";
        } else {
            replay = "the delivered keys are in memory: after a restart the consumer delivers again the records of the"
                     + " last lookback (" + settings.lookback() / 60_000 + " min) before its watermark";
        }
        LOG.warn("icsoc:records type={}: {}. To make it durable, set recordsStore=jdbc with a DataSource (both kept in"
                 + " your database), or set stateRepository and idempotentRepository to persistent ones:"
                 + " io.github.camelicsoc.jdbc.JdbcStateRepository and JdbcIdempotentRepository, or Camel's"
                 + " FileStateRepository and FileIdempotentRepository.",
                type.code(), replay);
    }

    /** Where records have been delivered up to, in UTC+08:00; the start time until a first window is done. */
    public LocalDateTime getWatermark() {
        return watermark;
    }

    @ManagedAttribute(description = "Where records have been delivered up to (UTC+08:00)")
    public String getWatermarkTime() {
        LocalDateTime w = watermark;
        return w == null ? null : PlatformTime.format(w) + "+08:00";
    }

    @ManagedAttribute(description = "How far the watermark is behind now, in seconds")
    public long getLagSeconds() {
        LocalDateTime w = watermark;
        return w == null || windows == null ? 0 : windows.lag(w).toSeconds();
    }

    @ManagedAttribute(description = "The lag past which the health check reports DOWN, in seconds")
    public long getMaxLagSeconds() {
        return settings.maxLag().applyAsLong(getDelay()) / 1000;
    }

    @ManagedAttribute(description = "Records whose exchange succeeded, since start")
    public long getRecordsDelivered() {
        return recordsDelivered.sum();
    }

    @ManagedAttribute(description = "Records whose exchange failed (they hold the watermark), since start")
    public long getRecordsRefused() {
        return recordsRefused.sum();
    }

    @ManagedAttribute(description = "Records that could not be read, handed to the error handler, since start")
    public long getRecordsUnreadable() {
        return recordsUnreadable.sum();
    }

    @ManagedAttribute(description = "Records that came again with other content (in one answer or a later poll),"
                                    + " delivered as newer versions, since start")
    public long getRecordsNewerVersion() {
        return recordsNewerVersion.sum();
    }

    @ManagedAttribute(description = "Records matched to a call placed with a correlation key (first match), since start")
    public long getOutcomesMatched() {
        return outcomes == null ? 0 : outcomes.matched.sum();
    }

    @ManagedAttribute(description = "Records that more than one placed call could own, delivered without a key, since"
                                    + " start")
    public long getOutcomesAmbiguous() {
        return outcomes == null ? 0 : outcomes.ambiguous.sum();
    }

    @ManagedAttribute(description = "Records matched to no placed call while placements were remembered, since start")
    public long getOutcomesUnmatched() {
        return outcomes == null ? 0 : outcomes.unmatched.sum();
    }

    @ManagedAttribute(description = "Placed calls whose record did not come in time: TIMED_OUT outcomes delivered,"
                                    + " since start")
    public long getOutcomesTimedOut() {
        return outcomes == null ? 0 : outcomes.timedOut.sum();
    }

    @ManagedAttribute(description = "Records that came after their call's TIMED_OUT outcome, since start")
    public long getOutcomesLate() {
        return outcomes == null ? 0 : outcomes.late.sum();
    }

    @ManagedAttribute(description = "Polls that failed, since start")
    public long getPollsFailed() {
        return pollsFailed.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @ManagedAttribute(description = "Polls that failed by kind (the IcsocException kinds, OTHER), since start")
    public String getPollsFailedByKind() {
        StringBuilder sb = new StringBuilder();
        pollsFailed.forEach((kind, n) -> sb.append(sb.isEmpty() ? "" : ", ").append(kind).append('=').append(n.sum()));
        return sb.toString();
    }

    @ManagedAttribute(description = "The last record that could not be read: its key and why")
    public String getLastUnreadable() {
        return lastUnreadable;
    }

    @ManagedAttribute(description = "The last record the route refused, and in how many polls in a row")
    public String getLastRefused() {
        String key = lastRefused;
        return key == null ? null : key + " (refused in " + lastRefusedPollsInARow + " polls in a row)";
    }

    /** What the health check adds to its details. */
    Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("icsoc.watermark", getWatermarkTime());
        details.put("icsoc.lagSeconds", getLagSeconds());
        details.put("icsoc.maxLagSeconds", getMaxLagSeconds());
        details.put("icsoc.recordsDelivered", getRecordsDelivered());
        details.put("icsoc.recordsRefused", getRecordsRefused());
        details.put("icsoc.recordsUnreadable", getRecordsUnreadable());
        details.put("icsoc.recordsNewerVersion", getRecordsNewerVersion());
        details.put("icsoc.outcomesMatched", getOutcomesMatched());
        details.put("icsoc.outcomesAmbiguous", getOutcomesAmbiguous());
        details.put("icsoc.outcomesUnmatched", getOutcomesUnmatched());
        details.put("icsoc.outcomesTimedOut", getOutcomesTimedOut());
        details.put("icsoc.outcomesLate", getOutcomesLate());
        pollsFailed.forEach((kind, n) -> details.put("icsoc.pollsFailed." + kind, n.sum()));
        if (lastUnreadable != null) {
            details.put("icsoc.lastUnreadable", lastUnreadable);
        }
        if (lastRefused != null) {
            details.put("icsoc.lastRefused", getLastRefused());
        }
        return details;
    }

    @Override
    protected int poll() throws Exception {
        polling.lock();
        try {
            return pollWindows();
        } finally {
            polling.unlock();
        }
    }

    private int pollWindows() throws Exception {
        try {
            // fenced off, or keys of the last poll still unwritten: nothing is asked for
            store.beforePoll();
        } catch (RecordsStoreException e) {
            pollsFailed.get("OTHER").increment();
            throw e;
        }
        stored = watermarks.stored();
        watermark = stored != null ? stored : windows.startTime();
        try (RecordsPoll poll = new RecordsPoll(endpoint.getClient(), type, spooling, recordsState,
                settings.firstStateOnly(), limit())) {
            IcsocException fetchFailure = null;
            RecordWindows.Plan plan = windows.plan(stored, lastCleanPoll);
            lastCleanPoll = null;
            boolean everyWindowRead = true;
            for (Window window : plan.windows()) {
                if (poll.fresh() >= limit() || !isBatchAllowed()) {
                    // enough new records for this poll, or the route is stopping (a poll over millions of windows
                    // would hold its shutdown up to the timeout): the rest of the windows wait for the next one
                    everyWindowRead = false;
                    break;
                }
                try {
                    poll.read(window);
                } catch (IcsocException e) {
                    // deliver the windows already read, then report; the watermark stays before this window
                    fetchFailure = e;
                    break;
                }
            }
            outcomes.beforeDelivery();
            int count;
            try {
                count = processBatch(new ArrayDeque<>(poll.reads()));
            } catch (RuntimeException | Error e) {
                // the records delivered before the failure keep their marks, so they do not come again
                store.writePendingAfter(e);
                throw e;
            }
            if (fetchFailure == null && everyWindowRead && poll.reads().stream().allMatch(WindowRead::done)) {
                lastCleanPoll = plan.at();
            }
            if (fetchFailure == null && isBatchAllowed()) {
                // the records read so far had their chance to match: calls whose record is overdue get TIMED_OUT
                count += outcomes.deliverTimedOut(watermark, this::exchangeToDeliver, this::processOnce);
            }
            if (fetchFailure != null) {
                addLastErrorDetail("icsoc.code", fetchFailure.getCode());
                addLastErrorDetail("icsoc.meaning", fetchFailure.getMeaning());
                addLastErrorDetail("icsoc.kind", fetchFailure.getKind().name());
                throw fetchFailure;
            }
            forceConsumerAsReady();
            return count;
        } catch (IcsocException e) {
            pollsFailed.get(e.getKind().name()).increment();
            throw e;
        } catch (Exception | Error e) {
            pollsFailed.get("OTHER").increment();
            throw e;
        }
    }

    /**
     * Delivers the new records of the windows this poll read ({@link WindowRead}s, in order) and moves the watermark
     * past each window done; returns how many records were offered.
     */
    @Override
    public int processBatch(Queue<Object> windowsRead) {
        List<WindowRead> reads = new ArrayList<>(windowsRead.size());
        windowsRead.forEach(read -> reads.add((WindowRead) read));
        return new RecordsDelivery(this, settings.batch(), limit()).deliver(reads, stored);
    }

    private int limit() {
        return maxMessagesPerPoll > 0 ? maxMessagesPerPoll : Integer.MAX_VALUE;
    }

    // what RecordsDelivery uses of the consumer

    RecordType type() {
        return type;
    }

    IcsocOperation operation() {
        return operation;
    }

    RecordOutcomes outcomes() {
        return outcomes;
    }

    void matchFailed(FreshRecord fresh, RuntimeException e) {
        LOG.warn("icsoc:records type={}: the placements store cannot be read to match the record {} ({}); the record"
                 + " waits for the next poll", type.code(), fresh.key(), e.toString());
    }

    void pendingExchanges(int pending) {
        pendingExchanges = pending;
    }

    void storeWatermark(LocalDateTime reached) {
        // the watermark never passes a delivered record whose marks wait to be written
        store.writePending();
        store.checkTerm(true);
        watermarks.store(reached);
        watermark = reached;
    }

    /** The fields of a newer version that changed since the version delivered before; null when not known. */
    String changedFields(FreshRecord fresh) {
        return recordsState.changedFields(fresh.key(), fresh.version(), fresh.fieldDigests());
    }

    void newerVersion(FreshRecord fresh) {
        recordsNewerVersion.increment();
        // the platform fills fields in after a call (a recording, a corrected end time): expected, so INFO
        LOG.info("icsoc:records type={}: the record {} came again with other content; delivered as version {}",
                type.code(), fresh.key(), fresh.version());
    }

    /**
     * Marks a record delivered, only once its exchange succeeded (as Camel's idempotent consumer does with
     * eager=false), and counts {@code records} delivered. Marked any earlier, a process killed before the exchange
     * ended would lose the record; and a mark taken back after a failure means a remove, which Camel's
     * FileIdempotentRepository does by rewriting its whole file: a kill during that rewrite loses the keys of records
     * already delivered.
     */
    void delivered(FreshRecord fresh, int records) {
        recordsDelivered.add(records);
        // through the store's guard: a mark that cannot be written stops the poll, and is written before the next
        // poll asks for anything, so the record does not come again at once
        store.remember(fresh.key(), fresh.content(), fresh.version(), fresh.fieldDigests());
        recordsState.deliveredFields(fresh.key(), fresh.fieldDigests());
    }

    /** Writes the marks of the records delivered that wait for a batch: at the end of each poll's delivery. */
    void writeMarks() {
        store.writePending();
    }

    void deliveredCount(int records) {
        recordsDelivered.add(records);
    }

    void refused(int records) {
        recordsRefused.add(records);
    }

    void unreadable(String firstThisPoll) {
        recordsUnreadable.increment();
        lastUnreadable = firstThisPoll;
    }

    /** Makes a record that keeps failing visible in the log, once per poll. */
    void report(int unreadableThisPoll, String firstUnreadable, int refusedThisPoll, String firstRefused) {
        if (unreadableThisPoll > 0) {
            LOG.warn("icsoc:records type={}: {} records of this poll cannot be read and went to the error handler;"
                     + " they do not hold the watermark. The first: {}", type.code(), unreadableThisPoll,
                    firstUnreadable);
        }
        if (refusedThisPoll > 0) {
            lastRefusedPollsInARow = firstRefused.equals(lastRefused) ? lastRefusedPollsInARow + 1 : 1;
            lastRefused = firstRefused;
            LOG.warn("icsoc:records type={}: the route refused {} records of this poll; the watermark stays at {}"
                     + " and the next poll offers them again. The first, {}, was refused in {} polls in a row",
                    type.code(), refusedThisPoll, getWatermarkTime(), firstRefused, lastRefusedPollsInARow);
        }
    }

    /**
     * An exchange to deliver a record (or a batch) in. A stale leader (another node took the store's term) gets none:
     * the poll fails and stops, before an exchange is taken from Camel's exchange factory that nothing would release.
     */
    Exchange exchangeToDeliver() {
        store.checkTerm(false);
        return createExchange(false);
    }

    /** Runs one exchange through the route, then releases it; true when it ended without an exception. */
    boolean processOnce(Exchange exchange) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        boolean ok = exchange.getException() == null;
        if (!ok) {
            getExceptionHandler().handleException("Error processing call record", exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
        return ok;
    }
}

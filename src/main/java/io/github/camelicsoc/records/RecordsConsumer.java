package io.github.camelicsoc.records;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.IcsocConstants;
import io.github.camelicsoc.IcsocEndpoint;
import io.github.camelicsoc.client.PlatformTime;
import io.github.camelicsoc.client.RawEntry;
import io.github.camelicsoc.client.RecordReader;
import io.github.camelicsoc.client.RecordSpool;
import io.github.camelicsoc.jdbc.JdbcIdempotentRepository;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.model.RecordType;
import io.github.camelicsoc.records.RecordWindows.Outcome;
import io.github.camelicsoc.records.RecordWindows.Window;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.StreamCachingStrategy;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.support.ScheduledPollConsumerHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code icsoc:records}: polls the platform for call records and hands each new one to the route, once.
 * <p>
 * Which record windows a poll asks for and when the watermark moves are the rules of {@link RecordWindows}. Each
 * window's answer is spooled and read once: every record is parsed, keyed and looked up in the idempotent repository
 * one time, and the new ones are kept to be delivered with exact batch properties. A poll with more new records than
 * it keeps in memory ({@value #RECORDS_KEPT_IN_MEMORY}) remembers only their positions (a bit each) and reads those
 * again from the spool to deliver them. A record goes into the idempotent repository only once its exchange
 * succeeded, so that the next poll, which asks for the same window again, offers a failed record again.
 * <p>
 * Within one poll a record key that comes again with the same content (a window edge, or the platform repeating
 * itself) is delivered once; one that comes again with other content is delivered as a newer version, with
 * {@link IcsocConstants#RECORD_VERSION} set and a key of its own.
 */
@ManagedResource(description = "icsoc records consumer: watermark, lag and counts")
public class RecordsConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RecordsConsumer.class);

    /** New records one poll keeps in memory (a few MB); past this it reads their answers a second time. */
    public static final int RECORDS_KEPT_IN_MEMORY = 5_000;

    private final IcsocEndpoint endpoint;
    private final IcsocConfiguration options;
    private final RecordType type;
    private final IcsocOperation operation;
    private Clock clock = Clock.systemUTC();
    private IdempotentRepository idempotentRepository;
    private WatermarkStore watermarks;
    private RecordsStoreGuard store;
    private RecordWindows windows;
    private RecordSpool.Settings spooling;
    private volatile LocalDateTime watermark;

    // counts since start, for JMX and the health check
    private final LongAdder recordsDelivered = new LongAdder();
    private final LongAdder recordsRefused = new LongAdder();
    private final LongAdder recordsUnreadable = new LongAdder();
    private final LongAdder recordsNewerVersion = new LongAdder();
    private final Map<String, LongAdder> pollsFailed = new LinkedHashMap<>();
    private volatile String lastUnreadable;
    private volatile String lastRefused;
    private volatile int lastRefusedPollsInARow;

    public RecordsConsumer(IcsocEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.options = endpoint.getConfiguration();
        this.type = RecordType.of(options.getType());
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
        store = new RecordsStoreGuard("icsoc:records type=" + type.code(), storeOptions(), idempotentRepository,
                endpoint.stateRepository(), options.isRecordsStoreRequiredAtStart(),
                WatermarkStore.key(options.getVccCode(), type.code()));
        boolean storeReady = store.start();
        watermarks = new WatermarkStore(endpoint.stateRepository(), options.getVccCode(), type.code());
        windows = new RecordWindows(clock, StartTime.parse(options.getStartTime()), options.getLookback(),
                options.getSettle(), options.getMaxWindow());
        spooling = new RecordSpool.Settings(spoolDirectory(), options.getMaxRecordsDownload());
        // a store that cannot be reached yet: the first poll reads the watermark, or says why it cannot
        LocalDateTime stored = storeReady ? watermarks.stored() : null;
        watermark = stored != null ? stored : windows.startTime();
        warnWhenStateIsInMemory();
        super.doStart();
    }

    /** Which options chose the records store, for messages. */
    private String storeOptions() {
        if (options.getIdempotentRepository() != null || options.getStateRepository() != null) {
            return "the idempotentRepository and stateRepository options";
        }
        return "recordsStore=" + options.getRecordsStore();
    }

    /** The configured spool directory, else Camel's stream-cache spool directory when spooling is on, else none. */
    private Path spoolDirectory() {
        if (options.getSpoolDirectory() != null) {
            return Path.of(options.getSpoolDirectory());
        }
        StreamCachingStrategy streamCaching = getEndpoint().getCamelContext().getStreamCachingStrategy();
        if (streamCaching != null && streamCaching.isSpoolEnabled() && streamCaching.getSpoolDirectory() != null) {
            return streamCaching.getSpoolDirectory().toPath();
        }
        return null;
    }

    private void warnWhenStateIsInMemory() {
        // the endpoint's defaults: recordsStore=jdbc fills in what the two options leave empty, else memory does
        boolean defaults = !endpoint.jdbcRecordsStore();
        boolean watermarkInMemory = defaults && options.getStateRepository() == null;
        boolean keysInMemory = defaults && options.getIdempotentRepository() == null;
        if (!watermarkInMemory && !keysInMemory) {
            return;
        }
        String replay;
        if (watermarkInMemory && keysInMemory) {
            replay = "the watermark and the delivered keys are in memory: after a restart the consumer starts again at"
                     + " startTime (" + options.getStartTime() + ") and delivers every record since then again";
        } else if (watermarkInMemory) {
            replay = "the watermark is in memory: after a restart the consumer asks again for every record since"
                     + " startTime (" + options.getStartTime() + "); the idempotent repository drops those delivered";
        } else {
            replay = "the delivered keys are in memory: after a restart the consumer delivers again the records of the"
                     + " last lookback (" + options.getLookback() / 60_000 + " min) before its watermark";
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
        return options.healthMaxLag(getDelay()) / 1000;
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

    @ManagedAttribute(description = "Records that came again in one answer with other content, delivered as newer"
                                    + " versions, since start")
    public long getRecordsNewerVersion() {
        return recordsNewerVersion.sum();
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
        try {
            store.beforePoll();
        } catch (RecordsStoreException e) {
            pollsFailed.get("OTHER").increment();
            throw e;
        }
        LocalDateTime stored = watermarks.stored();
        watermark = stored != null ? stored : windows.startTime();
        int limit = maxMessagesPerPoll > 0 ? maxMessagesPerPoll : Integer.MAX_VALUE;
        try (Poll poll = new Poll(limit)) {
            IcsocException fetchFailure = null;
            for (Window window : windows.plan(stored)) {
                if (poll.fresh >= limit || !isRunAllowed()) {
                    // enough new records for this poll: the rest of the windows wait for the next one
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
            int count = poll.deliver(stored);
            if (poll.storeFailure != null) {
                throw poll.storeFailure;
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

    /** A new record, kept for delivery: readable (record) or not (raw and problem). */
    private record Fresh(Read read, CallRecord record, String raw, String problem, String key, Integer version) {
    }

    /** One window's answer, spooled, and where its new records are in it. */
    private static final class Read {
        final Window window;
        final RecordSpool spool;
        final BitSet freshAt = new BitSet();
        final Map<Integer, Integer> versionAt = new HashMap<>();
        int fresh;
        int offered;
        boolean holdsWatermark;

        Read(Window window, RecordSpool spool) {
            this.window = window;
            this.spool = spool;
        }
    }

    /** The records of one poll: read window by window, then delivered. */
    private final class Poll implements AutoCloseable {
        final int limit;
        final List<Read> reads = new ArrayList<>();
        final PollKeys seen = new PollKeys();
        // only keys that came with more than one content: what each content was
        final Map<String, List<Integer>> contents = new HashMap<>();
        List<Fresh> kept = new ArrayList<>();
        int fresh;
        int count;
        int size;
        boolean stopped;
        final List<CallRecord> batch = new ArrayList<>();
        final Set<String> batchKeys = new LinkedHashSet<>();
        int refusedThisPoll;
        String firstRefused;
        int unreadableThisPoll;
        RecordsStoreException storeFailure;

        Poll(int limit) {
            this.limit = limit;
        }

        void read(Window window) {
            RecordSpool spool = endpoint.getClient().fetchRecords(type, window.start(), window.end(), spooling);
            Read read = new Read(window, spool);
            int freshBefore = fresh;
            int keptBefore = kept == null ? 0 : kept.size();
            try {
                RecordReader.checkRaw(operation, spool, (index, json) -> {
                    classify(read, index, json);
                    return true;
                });
            } catch (RuntimeException e) {
                // the answer as a whole is refused: none of its records counts
                spool.close();
                fresh = freshBefore;
                if (kept != null) {
                    kept.subList(keptBefore, kept.size()).clear();
                }
                throw e;
            }
            reads.add(read);
            LOG.debug("Record window {} to {}: {} new records", window.start(), window.end(), read.fresh);
        }

        /** Reads one entry once: its key, whether it is new, and keeps it for delivery while there is room. */
        private void classify(Read read, int index, RawEntry json) {
            Entry entry = Entry.read(type, json);
            int content = json.contentHash();
            String key = entry.key;
            Integer version = null;
            PollKeys.Seen sighting = seen.see(key, content);
            if (sighting == PollKeys.Seen.SAME) {
                return;
            }
            if (sighting == PollKeys.Seen.OTHER) {
                List<Integer> known = contents.computeIfAbsent(key, k -> new ArrayList<>(List.of(seen.firstContent(k))));
                if (known.contains(content)) {
                    return;
                }
                known.add(content);
                version = known.size();
                key = versionKey(key, content);
            }
            if (idempotentRepository.contains(key)) {
                return;
            }
            fresh++;
            read.fresh++;
            read.freshAt.set(index);
            if (version != null) {
                read.versionAt.put(index, version);
            }
            if (kept == null || fresh > limit) {
                return;
            }
            if (kept.size() >= RECORDS_KEPT_IN_MEMORY) {
                // too many to keep: deliver them by reading their answers again
                kept = null;
                return;
            }
            kept.add(entry.record == null
                    ? new Fresh(read, null, json.text(), entry.problem, key, version)
                    : new Fresh(read, entry.record, null, null, key, version));
        }

        int deliver(LocalDateTime stored) {
            size = Math.min(fresh, limit);
            LocalDateTime reached = stored;
            boolean unbroken = true;
            int next = 0;
            for (Read read : reads) {
                if (kept != null) {
                    while (next < kept.size() && kept.get(next).read == read && !stopped) {
                        offer(kept.get(next++));
                    }
                } else if (!stopped) {
                    readAgainAndOffer(read);
                }
                unbroken &= !read.holdsWatermark && read.offered == read.fresh;
                if (unbroken) {
                    reached = RecordWindows.watermarkAfter(reached, read.window);
                    if (!options.isBatch() && !reached.equals(stored)) {
                        store(reached);
                    }
                }
            }
            if (options.isBatch() && !batch.isEmpty()) {
                if (!flushBatch()) {
                    reached = stored;
                }
            }
            if (options.isBatch() && reached != null && !reached.equals(stored)) {
                store(reached);
            }
            pendingExchanges = 0;
            report();
            return count;
        }

        private void store(LocalDateTime reached) {
            store.checkTerm(true);
            watermarks.store(reached);
            watermark = reached;
        }

        /** Delivers a window's new records from its spool: only they are built again, the rest is skipped. */
        private void readAgainAndOffer(Read read) {
            RecordReader.rawEntries(operation, read.spool, read.freshAt::get, (index, json) -> {
                Entry entry = Entry.read(type, json);
                Integer version = read.versionAt.get(index);
                String key = version == null ? entry.key : versionKey(entry.key, json.contentHash());
                offer(entry.record == null
                        ? new Fresh(read, null, json.text(), entry.problem, key, version)
                        : new Fresh(read, entry.record, null, null, key, version));
                return !stopped;
            });
        }

        private void offer(Fresh fresh) {
            Outcome outcome = deliver(fresh);
            if (outcome != Outcome.NOT_OFFERED) {
                fresh.read.offered++;
            }
            fresh.read.holdsWatermark |= outcome.holdsWatermark();
        }

        private Outcome deliver(Fresh fresh) {
            if (count >= limit || !isBatchAllowed()) {
                // the poll's limit is reached, or the route is shutting down: the rest waits for the next poll
                stopped = true;
                return Outcome.NOT_OFFERED;
            }
            try {
                store.checkTerm(false);
            } catch (RecordsStoreException e) {
                // fenced off (or the term cannot be read): not one more record
                storeFailure = e;
                stopped = true;
                return Outcome.NOT_OFFERED;
            }
            int index = count++;
            pendingExchanges = Math.max(0, size - count);
            if (fresh.version != null) {
                recordsNewerVersion.increment();
                LOG.warn("icsoc:records type={}: a record came again in the same answer with other content; delivered"
                         + " as version {} with the key {}", type.code(), fresh.version, fresh.key);
            }
            if (fresh.record == null) {
                return unreadable(fresh, index);
            }
            if (options.isBatch()) {
                batch.add(fresh.record);
                batchKeys.add(fresh.key);
                return Outcome.DELIVERED;
            }
            Exchange exchange = createExchange(false);
            exchange.getIn().setBody(fresh.record);
            setHeaders(exchange, fresh.key, fresh.record.callId(), fresh.version);
            setBatchProperties(exchange, index, size);
            if (processOnce(exchange)) {
                recordsDelivered.increment();
                // a key the store refused holds the watermark and stops the poll
                return remember(fresh.key) ? Outcome.DELIVERED : Outcome.NOT_OFFERED;
            }
            recordsRefused.increment();
            if (refusedThisPoll++ == 0) {
                firstRefused = fresh.key;
            }
            return Outcome.REFUSED;
        }

        /**
         * A record that cannot be read goes to the route's error handler with its raw text, once per poll. It does
         * not hold the watermark: asking again cannot make it readable. Handled by the route (a dead letter channel),
         * it is remembered and not reported again.
         */
        private Outcome unreadable(Fresh fresh, int index) {
            Exchange exchange = createExchange(false);
            exchange.getIn().setBody(fresh.raw);
            setHeaders(exchange, fresh.key, null, fresh.version);
            setBatchProperties(exchange, index, size);
            exchange.setException(IcsocException.badRecord(operation, fresh.problem, fresh.raw));
            exchange.getExchangeExtension().setRedeliveryExhausted(true);
            boolean handled = processOnce(exchange);
            recordsUnreadable.increment();
            if (handled && !remember(fresh.key)) {
                return Outcome.NOT_OFFERED;
            }
            if (unreadableThisPoll++ == 0) {
                lastUnreadable = fresh.key + ": " + fresh.problem;
            }
            return Outcome.UNREADABLE;
        }

        private boolean flushBatch() {
            Exchange exchange = createExchange(false);
            exchange.getIn().setBody(List.copyOf(batch));
            exchange.getIn().setHeader(IcsocConstants.RECORD_TYPE, type.code());
            setBatchProperties(exchange, 0, 1);
            boolean ok = processOnce(exchange);
            if (ok) {
                recordsDelivered.add(batch.size());
                for (String key : batchKeys) {
                    ok &= remember(key);
                }
            } else {
                recordsRefused.add(batch.size());
                refusedThisPoll += batch.size();
                firstRefused = batchKeys.iterator().next();
            }
            return ok;
        }

        /**
         * Marks a record delivered; false, with the poll stopped, when the store cannot write its key (written again
         * before the next poll asks for anything, so the record does not come again at once).
         */
        private boolean remember(String key) {
            if (storeFailure != null) {
                store.defer(key);
                return false;
            }
            try {
                store.remember(key);
                return true;
            } catch (RecordsStoreException e) {
                storeFailure = e;
                stopped = true;
                return false;
            }
        }

        /** Makes a record that keeps failing visible in the log, once per poll. */
        private void report() {
            if (unreadableThisPoll > 0) {
                LOG.warn("icsoc:records type={}: {} records of this poll cannot be read and went to the error handler;"
                         + " they do not hold the watermark. The first: {}", type.code(), unreadableThisPoll,
                        lastUnreadable);
            }
            if (refusedThisPoll > 0) {
                lastRefusedPollsInARow = firstRefused.equals(lastRefused) ? lastRefusedPollsInARow + 1 : 1;
                lastRefused = firstRefused;
                LOG.warn("icsoc:records type={}: the route refused {} records of this poll; the watermark stays at {}"
                         + " and the next poll offers them again. The first, {}, was refused in {} polls in a row",
                        type.code(), refusedThisPoll, getWatermarkTime(), firstRefused, lastRefusedPollsInARow);
            }
        }

        @Override
        public void close() {
            reads.forEach(read -> read.spool.close());
        }
    }

    /** The key of a newer version of a record: its own, so that it is delivered once too. */
    private static String versionKey(String key, int content) {
        return key + "@" + Integer.toHexString(content);
    }

    private void setHeaders(Exchange exchange, String key, String callId, Integer version) {
        exchange.getIn().setHeader(IcsocConstants.RECORD_TYPE, type.code());
        exchange.getIn().setHeader(IcsocConstants.RECORD_KEY, key);
        if (callId != null) {
            exchange.getIn().setHeader(IcsocConstants.CALL_ID, callId);
        }
        if (version != null) {
            exchange.getIn().setHeader(IcsocConstants.RECORD_VERSION, version);
        }
    }

    private static void setBatchProperties(Exchange exchange, int index, int size) {
        exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
        exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, size);
        exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == size - 1);
    }

    /** Runs one exchange through the route; true when it ended without an exception. */
    private boolean processOnce(Exchange exchange) {
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

    /** One entry of an answer: the record it holds, or why it cannot be read; its key. */
    private record Entry(CallRecord record, String problem, String key) {
        static Entry read(RecordType type, RawEntry json) {
            try {
                CallRecord record = RecordReader.toCallRecord(type, json);
                return new Entry(record, null, RecordReader.keyOf(type, record, json));
            } catch (IllegalArgumentException e) {
                return new Entry(null, e.getMessage(), RecordReader.keyOf(type, null, json));
            }
        }
    }

    @Override
    public int processBatch(Queue<Object> exchanges) {
        // records are delivered as each poll reads them (see poll); nothing is queued
        return 0;
    }

    /** Camel's consumer health check, with the watermark, the lag and the counts, and DOWN past maxLag. */
    private static final class RecordsHealthCheck extends ScheduledPollConsumerHealthCheck {
        private final RecordsConsumer consumer;

        RecordsHealthCheck(RecordsConsumer consumer, String id) {
            super(consumer, id);
            this.consumer = consumer;
        }

        @Override
        public Result call(Map<String, Object> options) {
            Result polls = super.call(options);
            HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this).state(polls.getState());
            builder.details(polls.getDetails());
            builder.details(consumer.healthDetails());
            polls.getMessage().ifPresent(builder::message);
            polls.getError().ifPresent(builder::error);
            long lag = consumer.getLagSeconds();
            // from the first poll on: before it, the watermark is startTime, as far back as the user asked
            if (polls.getState() == State.UP && consumer.isFirstPollDone() && lag > consumer.getMaxLagSeconds()) {
                builder.down().message("icsoc:records lags " + lag + " s behind now, more than maxLag ("
                                       + consumer.getMaxLagSeconds() + " s): the watermark is at "
                                       + consumer.getWatermarkTime());
            }
            return builder.build();
        }
    }
}

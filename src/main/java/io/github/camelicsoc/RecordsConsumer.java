package io.github.camelicsoc;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelicsoc.client.IcsocClient;
import io.github.camelicsoc.client.RecordReader;
import io.github.camelicsoc.client.RecordSpool;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.RecordType;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code icsoc:records}: polls the platform for call records and hands each new one to the route, once.
 * <p>
 * Each poll asks for the record window from the watermark minus lookback to now minus settle, split into requests of
 * at most maxWindow. Responses are spooled and read twice as streams: once to check the envelope and count the new
 * records (so the batch properties are exact), once to deliver them. The watermark moves to the end of a request's
 * window only when every record of that window (and of every window before it) was processed successfully; a record
 * goes into the idempotent repository only once its exchange succeeded, so that the next poll, which asks for the
 * same window again, offers a failed record again.
 */
public class RecordsConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RecordsConsumer.class);

    private final IcsocEndpoint endpoint;
    private final IcsocConfiguration options;
    private final RecordType type;
    private final IcsocOperation operation;
    private IdempotentRepository delivered;
    private StateRepository<String, String> watermarks;
    private String watermarkKey;
    private LocalDateTime firstStart;

    public RecordsConsumer(IcsocEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.options = endpoint.getConfiguration();
        this.type = RecordType.of(options.getType());
        this.operation = IcsocClient.operationOf(type);
    }

    @Override
    protected void doStart() throws Exception {
        delivered = endpoint.idempotentRepository();
        watermarks = endpoint.stateRepository();
        // starting an already started repository is harmless; none is stopped here, as a route may start again
        ServiceHelper.startService(delivered, watermarks);
        watermarkKey = "icsoc:" + options.getVccCode() + ":" + type.code();
        firstStart = startTime(options.getStartTime(), now());
        super.doStart();
    }

    /** Where records have been delivered up to, in UTC+08:00; the start time until a first window is done. */
    public LocalDateTime getWatermark() {
        String stored = watermarks.getState(watermarkKey);
        if (stored == null) {
            return firstStart;
        }
        try {
            return LocalDateTime.parse(stored, IcsocClient.PLATFORM_TIME);
        } catch (DateTimeParseException e) {
            // e.g. cut short by a process killed while writing it; the idempotent repository drops what comes again
            LOG.warn("The stored watermark {} '{}' cannot be read: polling from the start time {} until a window is done",
                    watermarkKey, stored, firstStart);
            return firstStart;
        }
    }

    private void setWatermark(LocalDateTime watermark) {
        watermarks.setState(watermarkKey, IcsocClient.PLATFORM_TIME.format(watermark));
    }

    @Override
    protected int poll() throws Exception {
        LocalDateTime watermark = getWatermark();
        LocalDateTime from = watermark.minus(options.getLookback(), ChronoUnit.MILLIS);
        LocalDateTime to = now().minus(options.getSettle(), ChronoUnit.MILLIS);
        if (!to.isAfter(from)) {
            return 0;
        }
        List<Window> windows = new ArrayList<>();
        // keys of records that started on a window's last second: the next window returns them again
        Set<String> onEdges = new HashSet<>();
        IcsocException fetchFailure = null;
        try {
            for (LocalDateTime start = from; start.isBefore(to); ) {
                // windows share their edge second: whether the platform counts end_time in or out, nothing falls
                // between two windows
                LocalDateTime end = min(start.plus(options.getMaxWindow(), ChronoUnit.MILLIS), to);
                try {
                    windows.add(fetch(start, end, onEdges));
                } catch (IcsocException e) {
                    // deliver the windows already fetched, then report; the watermark stays before this window
                    fetchFailure = e;
                    break;
                }
                start = end;
            }
            int delivered = deliver(windows, watermark);
            if (fetchFailure != null) {
                addLastErrorDetail("icsoc.code", fetchFailure.getCode());
                addLastErrorDetail("icsoc.meaning", fetchFailure.getMeaning());
                addLastErrorDetail("icsoc.kind", fetchFailure.getKind().name());
                throw fetchFailure;
            }
            forceConsumerAsReady();
            return delivered;
        } finally {
            windows.forEach(w -> w.spool.close());
        }
    }

    /** One request's window, its spooled response, and how many new records it holds. */
    private static final class Window {
        final LocalDateTime start;
        final LocalDateTime end;
        final RecordSpool spool;
        int fresh;

        Window(LocalDateTime start, LocalDateTime end, RecordSpool spool) {
            this.start = start;
            this.end = end;
            this.spool = spool;
        }
    }

    private Window fetch(LocalDateTime start, LocalDateTime end, Set<String> onEdges) {
        RecordSpool spool = endpoint.getClient().fetchRecords(type, start, end);
        Window window = new Window(start, end, spool);
        try {
            // first pass: the envelope must say 200, and the count makes the batch size exact
            RecordReader.check(operation, spool, entry -> {
                String key = RecordReader.keyOf(type, entry);
                if (!delivered.contains(key) && !onEdges.contains(key)) {
                    window.fresh++;
                    if (end.equals(RecordReader.startTimeOf(entry))) {
                        onEdges.add(key);
                    }
                }
                return true;
            });
        } catch (RuntimeException e) {
            spool.close();
            throw e;
        }
        LOG.debug("Record window {} to {}: {} new records", start, end, window.fresh);
        return window;
    }

    private int deliver(List<Window> windows, LocalDateTime watermark) {
        int total = 0;
        for (Window w : windows) {
            total += w.fresh;
        }
        Delivery delivery = new Delivery(total, maxMessagesPerPoll > 0 ? maxMessagesPerPoll : Integer.MAX_VALUE);
        LocalDateTime reached = null;
        for (Window w : windows) {
            if (!delivery.window(w)) {
                break;
            }
            if (w.end.isAfter(watermark)) {
                reached = w.end;
                if (!options.isBatch()) {
                    setWatermark(reached);
                }
            }
        }
        // in batch mode the whole poll is one exchange: the watermark moves only once it succeeded
        boolean batchOk = !options.isBatch() || delivery.records.isEmpty() || delivery.flushBatch();
        if (options.isBatch() && batchOk && reached != null) {
            setWatermark(reached);
        }
        pendingExchanges = 0;
        return delivery.count;
    }

    /** The records of one poll on their way into the route. */
    private final class Delivery {
        final int size;
        final int limit;
        int count;
        final List<CallRecord> records = new ArrayList<>();
        final Set<String> keys = new LinkedHashSet<>();

        Delivery(int size, int limit) {
            this.size = Math.min(size, limit);
            this.limit = limit;
        }

        /**
         * Delivers the window's new records; true when every one of them was processed successfully. A failure does
         * not stop the window: later records still go through, only the watermark stays.
         */
        boolean window(Window w) {
            boolean[] ok = { true };
            RecordReader.entries(operation, w.spool, entry -> {
                Boolean outcome = offer(entry);
                if (outcome == null) {
                    // the poll's limit is reached, or the route is shutting down: the rest waits for the next poll
                    ok[0] = false;
                    return false;
                }
                ok[0] &= outcome;
                return true;
            });
            return ok[0];
        }

        /** True when the record was delivered or already had been, false when it failed, null to stop here. */
        private Boolean offer(JsonNode json) {
            Entry entry = Entry.read(type, json);
            CallRecord record = entry.record;
            String key = entry.key;
            if (delivered.contains(key)) {
                return true;
            }
            if (options.isBatch() && keys.contains(key)) {
                // the same record in two overlapping windows of this poll
                return true;
            }
            if (count >= limit || !isBatchAllowed()) {
                return null;
            }
            int index = count++;
            pendingExchanges = Math.max(0, size - count);
            if (record == null) {
                return process(key, unreadable(json, key, entry.problem, index));
            }
            if (options.isBatch()) {
                records.add(record);
                keys.add(key);
                return true;
            }
            Exchange exchange = createExchange(false);
            exchange.getIn().setBody(record);
            setHeaders(exchange, key, record.callId());
            setBatchProperties(exchange, index, size);
            return process(key, exchange);
        }

        /** A record that cannot be read goes to the route's error handler with its raw text. */
        private Exchange unreadable(JsonNode entry, String key, String problem, int index) {
            Exchange exchange = createExchange(false);
            exchange.getIn().setBody(entry.toString());
            setHeaders(exchange, key, null);
            setBatchProperties(exchange, index, size);
            exchange.setException(IcsocException.badRecord(operation, problem, entry.toString()));
            exchange.getExchangeExtension().setRedeliveryExhausted(true);
            return exchange;
        }

        boolean flushBatch() {
            Exchange exchange = createExchange(false);
            exchange.getIn().setBody(List.copyOf(records));
            exchange.getIn().setHeader(IcsocConstants.RECORD_TYPE, type.code());
            setBatchProperties(exchange, 0, 1);
            boolean ok = processOnce(exchange);
            if (ok) {
                keys.forEach(this::remember);
            }
            return ok;
        }

        private boolean process(String key, Exchange exchange) {
            boolean ok = processOnce(exchange);
            if (ok) {
                remember(key);
            }
            // a failed record is not remembered, so the next poll offers it again
            return ok;
        }

        /**
         * Marks a record delivered, only once its exchange succeeded (as Camel's idempotent consumer does with
         * eager=false). Marked any earlier, a process killed before the exchange ended would lose the record; and a
         * mark taken back after a failure means a remove, which Camel's FileIdempotentRepository does by rewriting
         * its whole file: a kill during that rewrite loses the keys of records already delivered.
         */
        private void remember(String key) {
            delivered.add(key);
            delivered.confirm(key);
        }
    }

    private void setHeaders(Exchange exchange, String key, String callId) {
        exchange.getIn().setHeader(IcsocConstants.RECORD_TYPE, type.code());
        exchange.getIn().setHeader(IcsocConstants.RECORD_KEY, key);
        if (callId != null) {
            exchange.getIn().setHeader(IcsocConstants.CALL_ID, callId);
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

    /** One entry of a response: the record it holds, or why it cannot be read; and its key either way. */
    private record Entry(CallRecord record, String problem, String key) {
        static Entry read(RecordType type, JsonNode json) {
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
        // records are delivered while the response is read (see poll); nothing is queued
        return 0;
    }

    static LocalDateTime now() {
        return LocalDateTime.now(RecordReader.PLATFORM_ZONE).truncatedTo(ChronoUnit.SECONDS);
    }

    private static LocalDateTime min(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }


    /**
     * Reads the startTime option: yyyy-MM-dd HH:mm:ss in UTC+08:00, ISO-8601 with an offset, or a duration back
     * from {@code now}.
     */
    static LocalDateTime startTime(String text, LocalDateTime now) {
        String t = text.trim();
        try {
            return LocalDateTime.parse(t, IcsocClient.PLATFORM_TIME);
        } catch (DateTimeParseException notPlatformTime) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(t).atZoneSameInstant(ZoneOffset.ofHours(8)).toLocalDateTime();
        } catch (DateTimeParseException notIso) {
            // try a duration
        }
        try {
            Duration back = t.startsWith("P") || t.startsWith("p") ? Duration.parse(t) : TimeUtils.toDuration(t);
            return now.minus(back);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("startTime '" + text + "' is neither a time (2026-11-27 08:00:00 in"
                                               + " UTC+08:00, or 2026-11-27T00:00:00Z) nor a duration back from now"
                                               + " (24h, 90m, PT24H)");
        }
    }
}

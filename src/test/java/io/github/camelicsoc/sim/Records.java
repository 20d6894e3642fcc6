package io.github.camelicsoc.sim;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * The call records the platform holds, inbound 400 and two-way 800, and the two records queries: filtered by start
 * time, returning only calls that have ended, written the way the vendor's documentation shows them.
 */
final class Records {

    // what IcsocSimulator.rewriteRecordAnswers installed: a records answer's body on its way out
    private volatile UnaryOperator<String> answerRewrite = UnaryOperator.identity();

    void rewriteAnswers(UnaryOperator<String> rewrite) {
        this.answerRewrite = rewrite;
    }


    static final String CONNECTED = "已接通";
    static final String NOT_CONNECTED = "未接通";

    private final PlatformTime time;
    private final AtomicLong callIds;
    private final List<SimRecord> twoWay = Collections.synchronizedList(new ArrayList<>());
    private final List<SimRecord> inbound = Collections.synchronizedList(new ArrayList<>());
    private final List<RecordQuery> queries = new CopyOnWriteArrayList<>();
    // records a test delayed: shown only from this platform time on, even once the call has ended
    private final Map<SimRecord, LocalDateTime> notBefore = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean twoWayCallIds;
    private final AtomicLong recordsAnswered = new AtomicLong();
    private final AtomicLong answerBytes = new AtomicLong();

    /** @param callIds where the call ids of generated inbound records come from, shared with call placement */
    Records(PlatformTime time, AtomicLong callIds) {
        this.time = time;
        this.callIds = callIds;
    }

    void add(SimRecord record) {
        (record.inbound() ? inbound : twoWay).add(record);
    }

    /** Adds a record that queries return only from {@code visibleFrom} on (platform time), as a late platform would. */
    void addDelayed(SimRecord record, LocalDateTime visibleFrom) {
        notBefore.put(record, visibleFrom);
        add(record);
    }

    /** Whether 800 records carry their call id: the vendor's sample has none, a real platform may add it. */
    void twoWayCallIds(boolean carry) {
        this.twoWayCallIds = carry;
    }

    /** {@code count} inbound records spread evenly over {@code span} from {@code from}, each with its own call id. */
    List<SimRecord> inboundSpread(int count, LocalDateTime from, Duration span) {
        List<SimRecord> records = new ArrayList<>(count);
        long stepMillis = Math.max(1, span.toMillis() / Math.max(1, count));
        for (int i = 0; i < count; i++) {
            LocalDateTime start = from.plusNanos(stepMillis * i * 1_000_000L).withNano(0);
            records.add(SimRecord.inbound("1380000" + String.format("%04d", i % 10000), "4001234567", start,
                    30 + i % 300, "in-" + callIds.incrementAndGet()));
        }
        return records;
    }

    long recordsAnswered() {
        return recordsAnswered.get();
    }

    long answerBytes() {
        return answerBytes.get();
    }

    List<RecordQuery> queries() {
        return List.copyOf(queries);
    }

    /** Answers a webcall400 ({@code inboundQuery}) or webcall800 query. */
    ResponseDefinitionBuilder query(Map<String, String> form, boolean inboundQuery) {
        queries.add(new RecordQuery(inboundQuery, form.get("start_time"), form.get("end_time")));
        LocalDateTime start;
        LocalDateTime end;
        try {
            start = LocalDateTime.parse(form.getOrDefault("start_time", ""), PlatformTime.FORMAT);
        } catch (DateTimeParseException e) {
            return Answers.code(403, "开始时间格式不正确");
        }
        String endText = form.get("end_time");
        try {
            end = endText == null || endText.isEmpty() ? null : LocalDateTime.parse(endText, PlatformTime.FORMAT);
        } catch (DateTimeParseException e) {
            return Answers.code(404, "结束时间格式不正确");
        }
        LocalDateTime now = time.now();
        List<SimRecord> store = inboundQuery ? inbound : twoWay;
        List<SimRecord> found = new ArrayList<>();
        synchronized (store) {
            for (SimRecord r : store) {
                if (!r.startTime().isBefore(start) && (end == null || !r.startTime().isAfter(end))
                    && !r.endTime().isAfter(now) && !notYetVisible(r, now)) {
                    found.add(r);
                }
            }
        }
        boolean twoWayQuery = !inboundQuery;
        StringBuilder body = new StringBuilder(64 + found.size() * 300);
        body.append("{\"code\":200,\"message\":\"ok\",\"data\":");
        // like the vendor's own sample, a single two-way record comes as an object, not an array
        boolean single = twoWayQuery && found.size() == 1;
        if (!single) {
            body.append('[');
        }
        for (int i = 0; i < found.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            append(body, found.get(i), twoWayQuery, twoWayCallIds);
        }
        if (!single) {
            body.append(']');
        }
        String answer = answerRewrite.apply(body.append('}').toString());
        recordsAnswered.addAndGet(found.size());
        answerBytes.addAndGet(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        return Answers.json(answer);
    }

    private boolean notYetVisible(SimRecord r, LocalDateTime now) {
        LocalDateTime from = notBefore.get(r);
        return from != null && from.isAfter(now);
    }

    /** One record in the form of a webcall800 ({@code twoWay}) or webcall400 answer. */
    static void append(StringBuilder sb, SimRecord r, boolean twoWay) {
        append(sb, r, twoWay, false);
    }

    /** @param twoWayCallId whether a two-way record carries its call id (the 400 form always does) */
    static void append(StringBuilder sb, SimRecord r, boolean twoWay, boolean twoWayCallId) {
        sb.append("{\"caller\":\"").append(r.caller()).append("\",\"called\":\"").append(r.called()).append('"');
        if (twoWay) {
            sb.append(",\"out\":\"out\"");
        } else {
            sb.append(",\"ivr_digits\":\"").append(r.ivrDigits()).append("\",\"in\":\"in\"");
        }
        sb.append(",\"start_time\":\"").append(PlatformTime.FORMAT.format(r.startTime()))
                .append("\",\"conn_time\":\"")
                .append(r.answerTime() == null ? PlatformTime.NEVER_ANSWERED : PlatformTime.FORMAT.format(r.answerTime()))
                .append("\",\"end_time\":\"").append(PlatformTime.FORMAT.format(r.endTime()))
                .append("\",\"all_secs\":\"").append(r.durationSeconds())
                .append("\",\"record_file\":");
        if (r.recordFile() == null) {
            sb.append("null");
        } else {
            sb.append('"').append(r.recordFile()).append('"');
        }
        sb.append(",\"result\":\"").append(r.connected() ? CONNECTED : NOT_CONNECTED).append('"');
        // the 800 sample has no call id; the 400 table documents one
        if ((!twoWay || twoWayCallId) && r.callId() != null) {
            sb.append(",\"call_id\":\"").append(r.callId()).append('"');
        }
        sb.append('}');
    }
}

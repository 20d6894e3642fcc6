package io.github.camelicsoc.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.model.RecordType;

/**
 * Reads a records response as a stream, one record at a time, so a window of any size needs constant memory.
 * Lenient where the platform is sloppy ({@code data} as an array, a single record, an object keyed "0", "1", ... as
 * PHP writes an array with gaps, null or ""; numbers as strings; a time with the space missing; unknown fields),
 * strict where it matters: a record without a readable start time is reported, not guessed. The answer's structure
 * is found by an {@link AnswerScanner}, which holds no value; each entry is parsed alone under a record's bounds
 * ({@link RawEntry}), so one entry past them is an unreadable record, never a bad answer.
 */
public final class RecordReader {

    private static final IntPredicate EVERY_ENTRY = index -> true;

    /** The most bytes of {@code code} or {@code message} read; a longer one is taken as absent. */
    private static final int ENVELOPE_VALUE_BYTES = 64 * 1024;

    private RecordReader() {
    }

    /** Receives each entry of {@code data} read straight from the token stream, with its position; false to stop. */
    @FunctionalInterface
    public interface RawEntryVisitor {
        boolean visit(int index, RawEntry entry);
    }

    /**
     * Reads every entry of the response's {@code data}, each without a tree (see {@link RawEntry}), and checks the
     * envelope: the HTTP status must be 2xx and the code 200, otherwise an {@link IcsocException} is thrown (after the
     * visitor has seen the entries, so use this first pass only to count and key).
     */
    public static void checkRaw(IcsocOperation operation, RecordSpool spool, RawEntryVisitor visitor) {
        Envelope.checkStatus(operation, spool.status(), spool.excerpt());
        read(operation, spool, EVERY_ENTRY, visitor).check(operation, spool.status(), spool.excerpt());
    }

    /**
     * Reads again only the entries at the positions {@code wanted} accepts; the others are skipped byte by byte,
     * without building them.
     */
    public static void rawEntries(
            IcsocOperation operation, RecordSpool spool, IntPredicate wanted, RawEntryVisitor visitor) {
        read(operation, spool, wanted, visitor);
    }

    /**
     * Walks the answer: each entry of {@code data} to the visitor, the envelope's fields to {@link Envelope.Head}.
     * The answer's structure is found by an {@link AnswerScanner}, which holds no value, so the answer as a whole
     * is bounded only by {@code maxRecordsDownload}; each entry is then parsed alone, under a record's bounds
     * ({@link RawEntry#MAX_RECORD_BYTES} and the others), and one past them is an unreadable record, not a bad answer.
     */
    private static Envelope.Head read(IcsocOperation operation, RecordSpool spool, IntPredicate wanted,
                                      RawEntryVisitor visitor) {
        try (InputStream in = spool.open()) {
            AnswerScanner scan = new AnswerScanner(in);
            scan.skipByteOrderMark();
            if (scan.skipWhiteSpace() != '{') {
                throw IcsocException.badResponse(operation, spool.status(), "the response is not a JSON object",
                        spool.excerpt(), null);
            }
            scan.consume();
            Envelope.Head head = Envelope.Head.NONE;
            if (scan.skipWhiteSpace() == '}') {
                return head;
            }
            DataEntries entries = new DataEntries(scan, wanted, visitor);
            while (true) {
                String name = scan.name().text();
                if ("data".equals(name)) {
                    if (!entries.data()) {
                        return head;
                    }
                } else if ("code".equals(name) || "message".equals(name)) {
                    head = envelopeField(scan, name, head);
                } else {
                    scan.skipValue();
                }
                if (scan.skipWhiteSpace() == '}') {
                    return head;
                }
                scan.expect(',');
            }
        } catch (AnswerScanner.Malformed e) {
            throw IcsocException.badResponse(operation, spool.status(),
                    "the response is not valid JSON (" + e.getMessage() + ")", spool.excerpt(), null);
        } catch (JacksonException e) {
            throw IcsocException.badResponse(operation, spool.status(),
                    "the response is not valid JSON (" + e.getOriginalMessage() + ")", spool.excerpt(), null);
        } catch (IOException e) {
            throw IcsocException.badResponse(operation, spool.status(), "the response could not be read (" + e + ")",
                    "", e);
        }
    }

    /** {@code code} or {@code message}: read alone under a record's bounds; a value past 64 KiB counts as absent. */
    private static Envelope.Head envelopeField(AnswerScanner scan, String name, Envelope.Head head)
            throws IOException {
        scan.skipWhiteSpace();
        ValueBytes value = new ValueBytes(ENVELOPE_VALUE_BYTES);
        scan.startCapture(value);
        scan.skipValue();
        scan.endCapture();
        byte[] json = value.whole() ? value.bytes() : NULL;
        try (JsonParser p = RawEntry.RECORD_JSON.createParser(json, 0, value.whole() ? value.length() : NULL.length)) {
            p.nextToken();
            return head.take(name, p);
        }
    }

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    /**
     * Turns one entry read without a tree into a record, whose {@code fields} are the entry's own map.
     *
     * @throws IllegalArgumentException saying what cannot be understood
     */
    public static CallRecord toCallRecord(RecordType type, RawEntry entry) {
        if (entry.refusal != null) {
            throw new IllegalArgumentException(entry.refusal);
        }
        if (entry.fields == null) {
            throw new IllegalArgumentException("the record is not a JSON object");
        }
        return toCallRecord(type, entry.fields, entry.fields);
    }

    private static CallRecord toCallRecord(RecordType type, Map<String, Object> entry, Map<String, Object> fields) {
        String startText = text(entry, "start_time");
        if (startText == null) {
            throw new IllegalArgumentException("the record has no start_time");
        }
        LocalDateTime start = time("start_time", startText);
        LocalDateTime answer = time(entry, "conn_time");
        String result = text(entry, "result");
        String callId = text(entry, "call_id");
        if (callId == null) {
            callId = text(entry, "callid");
        }
        String direction = text(entry, type.direction());
        return new CallRecord(
                type,
                direction != null ? direction : type.direction(),
                textOrEmpty(entry, "caller"),
                textOrEmpty(entry, "called"),
                text(entry, "ivr_digits"),
                PlatformTime.atZone(start),
                answer == null || PlatformTime.isNeverAnswered(answer) ? null : PlatformTime.atZone(answer),
                PlatformTime.atZone(time(entry, "end_time")),
                seconds(entry, "all_secs"),
                result != null ? !result.startsWith("未") : answer != null && !PlatformTime.isNeverAnswered(answer),
                result,
                text(entry, "record_file"),
                callId,
                fields);
    }

    /** Every field as a plain Java value, as Jackson would map it, without a round trip through Jackson. */
    private static Map<String, Object> fields(JsonNode entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            fields.put(field.getKey(), plain(field.getValue()));
        }
        return fields;
    }

    static Object plain(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return node.textValue();
            case NUMBER:
                return node.numberValue();
            case BOOLEAN:
                return node.booleanValue();
            case OBJECT:
                return fields(node);
            case ARRAY:
                List<Object> items = new ArrayList<>(node.size());
                node.forEach(item -> items.add(plain(item)));
                return items;
            case NULL:
            case MISSING:
                return null;
            default:
                return Envelope.JSON.convertValue(node, Object.class);
        }
    }


    /** Null for an absent, null or empty field; the text of a number otherwise (as Jackson's asText writes it). */
    private static String text(Map<String, Object> entry, String field) {
        Object value = entry.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text.isEmpty() ? null : text;
        }
        if (value instanceof Map || value instanceof List) {
            throw new IllegalArgumentException(field + " is not a plain value: " + RawEntry.json(value));
        }
        String text = value.toString();
        return text.isEmpty() ? null : text;
    }

    private static String textOrEmpty(Map<String, Object> entry, String field) {
        String text = text(entry, field);
        return text == null ? "" : text;
    }

    private static Long seconds(Map<String, Object> entry, String field) {
        String text = text(entry, field);
        if (text == null) {
            return null;
        }
        try {
            return Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is not a number of seconds");
        }
    }

    private static LocalDateTime time(Map<String, Object> entry, String field) {
        String text = text(entry, field);
        return text == null ? null : time(field, text);
    }

    private static LocalDateTime time(String field, String text) {
        LocalDateTime time = PlatformTime.parse(text);
        if (time == null) {
            throw new IllegalArgumentException(field + " '" + text + "' is not a time like 2026-11-27 08:30:00");
        }
        return time;
    }
}

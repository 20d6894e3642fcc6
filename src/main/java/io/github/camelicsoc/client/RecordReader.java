package io.github.camelicsoc.client;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.model.RecordType;

/**
 * Reads a records response as a stream, one record at a time, so a window of any size needs constant memory.
 * Lenient where the platform is sloppy ({@code data} as an array, a single record, an object keyed "0", "1", ... as
 * PHP writes an array with gaps, null or ""; numbers as strings; a time with the space missing; unknown fields),
 * strict where it matters: a record without a readable start time is reported, not guessed.
 */
public final class RecordReader {

    private static final IntPredicate EVERY_ENTRY = index -> true;

    private RecordReader() {
    }

    /** Receives each entry of {@code data} read straight from the token stream, with its position; false to stop. */
    @FunctionalInterface
    public interface RawEntryVisitor {
        boolean visit(int index, RawEntry entry);
    }

    /**
     * Reads one entry from the parser: positioned on its first token, or, when {@code firstField} is not null, on the
     * value of the first field of an object already opened.
     */
    @FunctionalInterface
    private interface EntrySink {
        boolean accept(int index, JsonParser p, String firstField) throws IOException;
    }

    /** Reads each entry into plain Java values, without a tree: what the consumer reads every record with. */
    private static EntrySink raw(RawEntryVisitor visitor) {
        return (index, p, firstField) -> visitor.visit(index, RawEntry.read(p, firstField));
    }

    /**
     * Reads every entry of the response's {@code data}, each without a tree (see {@link RawEntry}), and checks the
     * envelope: the HTTP status must be 2xx and the code 200, otherwise an {@link IcsocException} is thrown (after the
     * visitor has seen the entries, so use this first pass only to count and key).
     */
    public static void checkRaw(IcsocOperation operation, RecordSpool spool, RawEntryVisitor visitor) {
        checkEntries(operation, spool, raw(visitor));
    }

    private static void checkEntries(IcsocOperation operation, RecordSpool spool, EntrySink visitor) {
        Envelope.checkStatus(operation, spool.status(), spool.excerpt());
        read(operation, spool, EVERY_ENTRY, visitor).check(operation, spool.status(), spool.excerpt());
    }

    /**
     * Reads again only the entries at the positions {@code wanted} accepts; the others are skipped token by token,
     * without building them.
     */
    public static void rawEntries(
            IcsocOperation operation, RecordSpool spool, IntPredicate wanted, RawEntryVisitor visitor) {
        read(operation, spool, wanted, raw(visitor));
    }

    /** Streams the answer: {@code data} to the visitor, the envelope's fields to {@link Envelope.Head}. */
    private static Envelope.Head read(IcsocOperation operation, RecordSpool spool, IntPredicate wanted,
                                      EntrySink visitor) {
        try (InputStream in = spool.open(); JsonParser p = Envelope.JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw IcsocException.badResponse(operation, spool.status(), "the response is not a JSON object",
                        spool.excerpt(), null);
            }
            Envelope.Head head = Envelope.Head.NONE;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("data")) {
                    if (!readData(p, value, wanted, visitor)) {
                        return head;
                    }
                } else {
                    head = head.take(name, p);
                }
                p.skipChildren();
            }
            return head;
        } catch (JacksonException e) {
            throw IcsocException.badResponse(operation, spool.status(),
                    "the response is not valid JSON (" + e.getOriginalMessage() + ")", spool.excerpt(), null);
        } catch (IOException e) {
            throw IcsocException.badResponse(operation, spool.status(), "the response could not be read (" + e + ")",
                    "", e);
        }
    }

    private static boolean readData(JsonParser p, JsonToken value, IntPredicate wanted, EntrySink visitor)
            throws IOException {
        if (value == JsonToken.START_ARRAY) {
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (!visitOrSkip(p, index++, wanted, visitor)) {
                    return false;
                }
            }
            return true;
        }
        if (value == JsonToken.VALUE_NULL || value == JsonToken.VALUE_STRING && p.getText().isEmpty()) {
            return true;
        }
        if (value == JsonToken.START_OBJECT) {
            return readObjectData(p, wanted, visitor);
        }
        return visitOrSkip(p, 0, wanted, visitor);
    }

    /**
     * {@code data} as an object: either PHP's rendering of an array with gaps ({@code {"0": {...}, "3": {...}}}),
     * read entry by entry as it streams, or a single record (the vendor's 800 sample returns one record so). Which of
     * the two is told by the first value, not by the keys: a record's fields are plain values, an entry of a keyed
     * array is an object, whatever its key ({@code "-1"}, {@code ""}, 19 digits).
     */
    private static boolean readObjectData(JsonParser p, IntPredicate wanted, EntrySink visitor)
            throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            // {}: what an empty PHP array becomes in some encoders
            return true;
        }
        String first = p.currentName();
        JsonToken firstValue = p.nextToken();
        if (firstValue != JsonToken.START_OBJECT && !isIndex(first)) {
            // a single record: its first field and that field's value are already consumed, so build it from here
            if (!wanted.test(0)) {
                p.skipChildren();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    p.nextToken();
                    p.skipChildren();
                }
                return true;
            }
            return visitor.accept(0, p, first);
        }
        int index = 0;
        do {
            if (!visitOrSkip(p, index++, wanted, visitor)) {
                return false;
            }
            if (p.nextToken() != JsonToken.FIELD_NAME) {
                return true;
            }
            p.nextToken();
        } while (true);
    }

    private static boolean visitOrSkip(JsonParser p, int index, IntPredicate wanted, EntrySink visitor)
            throws IOException {
        if (!wanted.test(index)) {
            p.skipChildren();
            return true;
        }
        return visitor.accept(index, p, null);
    }

    /** An integer as PHP writes an array's key: digits, perhaps negative, of any length. */
    private static boolean isIndex(String name) {
        int start = name.startsWith("-") ? 1 : 0;
        if (name.length() == start) {
            return false;
        }
        for (int i = start; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Turns one entry read without a tree into a record, whose {@code fields} are the entry's own map.
     *
     * @throws IllegalArgumentException saying what cannot be understood
     */
    public static CallRecord toCallRecord(RecordType type, RawEntry entry) {
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

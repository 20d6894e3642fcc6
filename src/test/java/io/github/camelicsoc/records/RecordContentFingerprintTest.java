package io.github.camelicsoc.records;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.camelicsoc.client.RawEntry;
import io.github.camelicsoc.client.RecordReader;
import io.github.camelicsoc.client.RecordSpool;
import io.github.camelicsoc.client.TreeOracle;
import io.github.camelicsoc.model.IcsocOperation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A state's content fingerprint decides what is delivered again, and stored marks depend on it: whatever way it is
 * computed, its value for an entry stays what it always was. Compared here with the canonical form written as text
 * and hashed whole, as it was first defined, over entries of every kind of value.
 */
class RecordContentFingerprintTest {

    /** The fingerprint as first defined: the canonical form as a string, its UTF-8 bytes, SHA-256, 32 hex digits. */
    private static String asFirstDefined(RawEntry entry) throws Exception {
        StringBuilder form = new StringBuilder();
        if (entry.fields() == null) {
            text(form.append('x'), entry.identity());
        } else {
            canonical(form, entry.fields());
        }
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(form.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha, 0, 16);
    }

    private static void canonical(StringBuilder form, Object value) {
        if (value == null) {
            form.append('n');
        } else if (value instanceof String s) {
            text(form.append('s'), s);
        } else if (value instanceof Boolean b) {
            form.append(b ? 't' : 'f');
        } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            text(form.append('i'), value.toString());
        } else if (value instanceof Number) {
            text(form.append('d'), value.toString());
        } else if (value instanceof Map<?, ?> map) {
            List<String> names = new ArrayList<>();
            map.keySet().forEach(name -> names.add(String.valueOf(name)));
            Collections.sort(names);
            form.append('{').append(names.size()).append(':');
            for (String name : names) {
                text(form, name);
                canonical(form, map.get(name));
            }
            form.append('}');
        } else if (value instanceof List<?> list) {
            form.append('[').append(list.size()).append(':');
            list.forEach(item -> canonical(form, item));
            form.append(']');
        } else {
            text(form.append('o'), value.toString());
        }
    }

    private static void text(StringBuilder form, String text) {
        form.append(text.length()).append(':').append(text);
    }

    private static List<RawEntry> entries(String data) {
        RecordSpool spool = TreeOracle.spool(200, ("{\"code\": 200, \"data\": " + data + "}")
                .getBytes(StandardCharsets.UTF_8));
        List<RawEntry> entries = new ArrayList<>();
        RecordReader.checkRaw(IcsocOperation.INBOUND_RECORDS, spool, (index, entry) -> entries.add(entry));
        return entries;
    }

    @Test
    void everyKindOfEntryKeepsItsFingerprint() throws Exception {
        String data = "[{\"call_id\": \"c1\", \"caller\": \"13800000000\", \"start_time\": \"2026-11-27 08:30:00\","
                      + " \"all_secs\": \"12\", \"n\": 12, \"big\": 123456789012345678901234567890, \"l\": 12345678901,"
                      + " \"d\": 1.5, \"e\": 1e400, \"t\": true, \"f\": false, \"z\": null, \"result\": \"未接通\","
                      + " \"emoji\": \"\\ud83d\\ude00 ok\", \"lone\": \"a\\ud800b\", \"nested\": {\"b\": [1, \"x\", null,"
                      + " {\"y\": 2}], \"a\": {}}, \"list\": [], \"\": \"\", \"名\": \"值\"},"
                      + " [1, 2], \"text\", 7, null, {},"
                      + " {\"start_time\": \"2026-11-27 08:30:00\", \"caller\": \"1\"},"
                      + " {\"caller\": \"1\", \"start_time\": \"2026-11-27 08:30:00\"}]";
        for (RawEntry entry : entries(data)) {
            assertEquals(asFirstDefined(entry), RecordKeys.contentOf(entry), entry.text());
        }
    }

    @Test
    void entriesOfOneAnswerWithTheirFieldsInVaryingOrdersKeepTheirFingerprints() throws Exception {
        Random random = new Random(21);
        String[] names = { "call_id", "caller", "called", "start_time", "end_time", "all_secs", "result",
                           "record_file", "ivr_digits", "agent", "x" };
        StringBuilder data = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) {
            List<String> fields = new ArrayList<>(List.of(names));
            // mostly one order, as the platform writes them; sometimes another, a field more or fewer
            if (random.nextInt(10) == 0) {
                Collections.shuffle(fields, random);
            }
            if (random.nextInt(20) == 0) {
                fields.remove(random.nextInt(fields.size()));
            }
            Map<String, String> entry = new LinkedHashMap<>();
            for (String name : fields) {
                entry.put(name, switch (random.nextInt(6)) {
                    case 0 -> "null";
                    case 1 -> Integer.toString(random.nextInt());
                    case 2 -> "\"" + random.nextInt(1000) + "\"";
                    case 3 -> "\"ü" + (char) ('a' + random.nextInt(26)) + "\"";
                    case 4 -> new BigDecimal(random.nextGaussian()).toString();
                    default -> "\"" + "x".repeat(random.nextInt(70)) + "\"";
                });
            }
            data.append(i == 0 ? "" : ",").append('{');
            entry.forEach((name, value) -> data.append('"').append(name).append("\": ").append(value).append(','));
            data.setLength(data.length() - (entry.isEmpty() ? 0 : 1));
            data.append('}');
        }
        for (RawEntry entry : entries(data.append(']').toString())) {
            assertEquals(asFirstDefined(entry), RecordKeys.contentOf(entry), entry.text());
        }
    }
}

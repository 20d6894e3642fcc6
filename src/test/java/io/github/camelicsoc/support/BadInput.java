package io.github.camelicsoc.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generators of bad input for the property tests, all driven by a seeded {@link Random} so that a failing case can
 * be replayed from its seed and index.
 */
public final class BadInput {

    /** Field names the component reads, so that random JSON often hits the code that reads them. */
    public static final List<String> FIELDS = List.of("code", "message", "data", "callid", "call_id", "caller", "called", "in",
            "out", "ivr_digits", "start_time", "conn_time", "end_time", "all_secs", "record_file", "result", "mode",
            "timeout", "displayCaller", "displayCalled");

    private static final String[] PIECES = {
        "", " ", "0", "-1", "2147483648", "99999999999999999999", "1e309", "NaN", "null", "true", "+86", "0086",
        "13800138000", "+86 138-0013-8000", "4001234567", "010-12345678", "10086", "１３８００１３８０００", "٣٤٥",
        "\r\n", "\t", "\u0000", "\u2028", "\u202e", "\ufeff", "\ud800", "\udc00", "😀", "中文", "未接通",
        "\"", "'", "\\", "%", "%0d%0a", "&", "=", "?", "#", "+", "{", "}", "[", "]", ":", ",", "<script>", "</html>",
        "${header.x}", "{{secret}}", "RAW(", ")", "axb", "classic", "AXB ", "2026-11-27 08:00:00", "2026-11-2708:00:00",
        "1970-01-01 08:00:00", "2026-02-30 25:61:61", "x".repeat(300), "9".repeat(25),
        // what a phone number or a timeout must not be taken as
        "()()", "=;=", "100%", "\uff0b\uff18\uff16", "\u0661\u0663\u0668", "\u200b", "\u202a", "\u2066", "\ud835\udc00",
        "\ud83d\ude00", "1\ufe0f\u20e3", "4294967326", "1e10", "30.9", " 30 "
    };

    private BadInput() {
    }

    /** A random string: pieces of known trouble, random code points (controls and surrogates included), or both. */
    public static String string(Random random) {
        int kind = random.nextInt(10);
        if (kind < 3) {
            return PIECES[random.nextInt(PIECES.length)];
        }
        StringBuilder sb = new StringBuilder();
        int parts = 1 + random.nextInt(kind == 9 ? 400 : 6);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(5)) {
                case 0 -> sb.append(PIECES[random.nextInt(PIECES.length)]);
                case 1 -> sb.append((char) random.nextInt(0x80));
                case 2 -> sb.append((char) random.nextInt(0x10000));
                case 3 -> sb.appendCodePoint(random.nextInt(0x110000));
                default -> sb.append(random.nextInt(10));
            }
        }
        return sb.toString();
    }

    /** A random JSON value, at most {@code depth} levels deep, using the component's field names now and then. */
    public static String json(Random random, int depth) {
        int kind = random.nextInt(depth <= 0 ? 6 : 9);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 3 -> random.nextInt(3) == 0 ? "1" + "0".repeat(random.nextInt(40)) + ".5e" + (random.nextInt(700) - 350)
                    : Double.toString(random.nextGaussian() * 1e6);
            case 4, 5 -> quote(string(random));
            case 6, 7 -> {
                StringBuilder sb = new StringBuilder("{");
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    String name = random.nextInt(4) == 0 ? string(random) : FIELDS.get(random.nextInt(FIELDS.size()));
                    sb.append(quote(name)).append(':').append(json(random, depth - 1));
                }
                yield sb.append('}').toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("[");
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(json(random, depth - 1));
                }
                yield sb.append(']').toString();
            }
        };
    }

    /** A JSON object shaped like a response: a code, a message, and random data or a call id. */
    public static String response(Random random) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"code\":").append(random.nextInt(4) == 0 ? json(random, 1) : random.nextBoolean() ? "200" : "\"200\"");
        sb.append(",\"message\":").append(random.nextInt(3) == 0 ? json(random, 1) : "\"ok\"");
        if (random.nextBoolean()) {
            sb.append(",\"data\":").append(json(random, 4));
        } else {
            sb.append(",\"callid\":").append(json(random, 1));
        }
        return sb.append('}').toString();
    }

    /** {@code text} with one to four random mutations: cuts, insertions, replacements, repeats, truncation. */
    public static String mutate(Random random, String text) {
        StringBuilder sb = new StringBuilder(text);
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int at = sb.isEmpty() ? 0 : random.nextInt(sb.length());
            int to = Math.min(sb.length(), at + 1 + random.nextInt(20));
            switch (random.nextInt(7)) {
                case 0 -> sb.delete(at, to);
                case 1 -> sb.insert(at, string(random));
                case 2 -> sb.insert(at, "{}[]\",:\\".charAt(random.nextInt(8)));
                case 3 -> sb.replace(at, to, json(random, 2));
                case 4 -> sb.insert(at, sb.substring(at, to));
                case 5 -> sb.setLength(at);
                default -> {
                    if (!sb.isEmpty()) {
                        sb.setCharAt(at, (char) random.nextInt(0x80));
                    }
                }
            }
        }
        return sb.toString();
    }

    /** The UTF-8 bytes of {@code text}, sometimes with random bytes flipped (so not valid UTF-8 any more). */
    public static byte[] bytes(Random random, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0 && random.nextInt(4) == 0) {
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return bytes;
    }

    public static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

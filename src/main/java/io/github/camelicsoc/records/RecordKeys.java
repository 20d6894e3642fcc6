package io.github.camelicsoc.records;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.camelicsoc.client.RawEntry;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.RecordType;

/**
 * The content fingerprint of a record's state, and the keys under which each delivered state is remembered.
 * <p>
 * A state's content is the SHA-256 of a canonical form of the entry: field names sorted, each value with its type
 * (text, integer, decimal, boolean, null, object, array) and its exact text, every part length-prefixed, so that no
 * two different entries share a form and no library's hash code is involved. 128 of its bits are kept.
 * <p>
 * Marks in the idempotent repository: the record key itself for its first state (what it always was), one mark per
 * delivered content, and one per version past the first. A record key always begins with its type code (digits),
 * a mark always with {@code '='}: no record key can ever equal a mark.
 */
public final class RecordKeys {

    /** Past this length a record key is replaced in its marks by its own SHA-256, so a mark fits a 200 character column. */
    static final int LONGEST_KEY_IN_A_MARK = 120;

    /** How many version marks the lookup of a record's last version probes at most (the cost of a plain repository). */
    static final int MAX_VERSIONS = 100;

    private static final HexFormat HEX = HexFormat.of();

    private RecordKeys() {
    }

    /** The content fingerprint of an entry: 32 hex digits of the SHA-256 of its canonical form. */
    static String contentOf(RawEntry entry) {
        StringBuilder form = new StringBuilder(256);
        Map<String, Object> fields = entry.fields();
        if (fields == null) {
            // not an object: its JSON text is its only form
            text(form.append('x'), entry.identity());
        } else {
            canonical(form, fields);
        }
        return sha256(form.toString());
    }

    /** The mark saying the state with {@code content} of {@code key} was delivered. */
    static String contentMark(String key, String content) {
        return "=c=" + content + "=" + keyInMark(key);
    }

    /** The mark saying version {@code version} (2 or more) of {@code key} was delivered. */
    static String versionMark(String key, int version) {
        return "=v=" + version + "=" + keyInMark(key);
    }

    /** Longest field name kept as written in a field digest vector; a longer one is kept as {@code #} and a digest. */
    static final int LONGEST_FIELD_NAME = 40;

    /** Longest field digest vector kept: past this (a record of a hundred fields or so) a record's changes go unnamed. */
    static final int LONGEST_FIELD_DIGESTS = 2000;

    /**
     * What each field of an entry holds, compactly: {@code name=digest;...} in name order, a digest being 8 hex
     * digits of the SHA-256 of the field's canonical form; null for an entry that is not an object, or whose vector
     * would pass {@value #LONGEST_FIELD_DIGESTS} characters. Two vectors tell which fields changed
     * ({@link #changedFields}) without keeping the values.
     */
    static String fieldDigestsOf(RawEntry entry) {
        Map<String, Object> fields = entry.fields();
        if (fields == null) {
            return null;
        }
        TreeMap<String, String> digests = new TreeMap<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            StringBuilder form = new StringBuilder(64);
            canonical(form, field.getValue());
            digests.put(nameInDigests(field.getKey()), sha256Prefix(form.toString()));
        }
        StringBuilder vector = new StringBuilder(digests.size() * 20);
        for (Map.Entry<String, String> digest : digests.entrySet()) {
            if (vector.length() > 0) {
                vector.append(';');
            }
            vector.append(digest.getKey()).append('=').append(digest.getValue());
            if (vector.length() > LONGEST_FIELD_DIGESTS) {
                return null;
            }
        }
        return vector.toString();
    }

    /**
     * The fields that differ between two field digest vectors (changed, added or gone), comma-separated in name
     * order; a name too long or odd to keep is given as {@code #} and 8 hex digits of its SHA-256.
     */
    static String changedFields(String previous, String current) {
        Map<String, String> before = parse(previous);
        Map<String, String> now = parse(current);
        TreeSet<String> changed = new TreeSet<>();
        now.forEach((name, digest) -> {
            if (!digest.equals(before.get(name))) {
                changed.add(name);
            }
        });
        before.keySet().stream().filter(name -> !now.containsKey(name)).forEach(changed::add);
        return String.join(",", changed);
    }

    private static Map<String, String> parse(String vector) {
        Map<String, String> digests = new HashMap<>();
        if (!vector.isEmpty()) {
            for (String part : vector.split(";")) {
                int eq = part.lastIndexOf('=');
                digests.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return digests;
    }

    private static String nameInDigests(String name) {
        boolean plain = !name.isEmpty() && name.length() <= LONGEST_FIELD_NAME && name.chars()
                .allMatch(c -> c > ' ' && c < 127 && c != '=' && c != ';' && c != ',' && c != '#');
        return plain ? name : "#" + sha256Prefix(name);
    }

    private static String keyInMark(String key) {
        return key.length() <= LONGEST_KEY_IN_A_MARK ? key : "#" + sha256(key);
    }

    private static void canonical(StringBuilder form, Object value) {
        if (value == null) {
            form.append('n');
        } else if (value instanceof String s) {
            text(form.append('s'), s);
        } else if (value instanceof Boolean b) {
            form.append(b ? 't' : 'f');
        } else if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            text(form.append('i'), value.toString());
        } else if (value instanceof Number) {
            text(form.append('d'), value.toString());
        } else if (value instanceof Map<?, ?> map) {
            List<String> names = new ArrayList<>(map.size());
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

    /** Text, length-prefixed: no text can run into the next part. */
    private static void text(StringBuilder form, String text) {
        form.append(text.length()).append(':').append(text);
    }

    /**
     * The key that identifies a record across polls: the type and call id when there is one; otherwise the type and a
     * SHA-256 of what identifies the call itself (caller, called, direction, IVR digits and start time, as read, so
     * that a time spelled with or without its space is the same), never of what the platform fills in or corrects
     * later (the recording, answer and end times, duration, result, fields it adds): a later state of an id-less
     * record is a newer version of it, not another record. Two calls sharing all of those (the same numbers, starting
     * in the same second) are taken as states of one. An entry that could not be read is keyed by its raw text.
     */
    public static String keyOf(RecordType type, CallRecord record, RawEntry entry) {
        if (record != null && record.callId() != null) {
            return type.code() + ":" + record.callId();
        }
        if (record == null) {
            return type.code() + ":#" + sha256("raw|" + entry.identity());
        }
        String identity = record.caller() + '|' + record.called() + '|' + record.direction() + '|' + record.ivrDigits()
                          + '|' + record.startTime();
        return type.code() + ":#" + sha256(identity);
    }

    static String sha256(String text) {
        return HEX.formatHex(digest(text), 0, 16);
    }

    /** 8 hex digits of the SHA-256 of {@code text}: a field's digest in a field digest vector. */
    private static String sha256Prefix(String text) {
        return HEX.toHexDigits(ByteBuffer.wrap(digest(text)).getInt());
    }

    /**
     * SHA-256 of the UTF-8 bytes of {@code text}, by this thread's own instance: looked up once per thread rather than
     * for each of a record's digests (a content digest and one per field), which cost more than the hashing itself.
     */
    private static byte[] digest(String text) {
        // digest(byte[]) updates and finishes in one call, and leaves the instance reset for the next
        return SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    });
}

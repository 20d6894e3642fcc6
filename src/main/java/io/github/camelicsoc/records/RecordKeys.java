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
        return digestsOf(entry).content();
    }

    /**
     * An entry's content fingerprint ({@link #contentOf}) and what each of its fields holds ({@link #fieldDigestsOf},
     * made only when asked for), from one canonical form written once.
     */
    static Digests digestsOf(RawEntry entry) {
        Form form = FORM.get();
        Map<String, Object> fields = entry.fields();
        if (fields == null) {
            // not an object: its JSON text is its only form
            form.reset();
            form.ascii('x').text(entry.identity());
            return new Digests(form.sha256(), null, null);
        }
        form.object(fields, true);
        return new Digests(form.sha256(), form.names(), form.fieldHashes());
    }

    /**
     * The content fingerprint (as {@link #contentOf} writes it: 32 hex digits, the first 128 bits of a SHA-256) and
     * what each field holds: the field names in canonical order and a hash of each one's canonical form.
     */
    static final class Digests {
        private final byte[] sha256;
        private final String[] names;
        private final int[] hashes;
        private String content;

        private Digests(byte[] sha256, String[] names, int[] hashes) {
            this.sha256 = sha256;
            this.names = names;
            this.hashes = hashes;
        }

        /** The content fingerprint: 32 hex digits. */
        String content() {
            if (content == null) {
                content = HEX.formatHex(sha256, 0, 16);
            }
            return content;
        }

        /** The first 64 bits of the content fingerprint. */
        long high() {
            return (long) LONGS.get(sha256, 0);
        }

        /** The next 64 bits of the content fingerprint. */
        long low() {
            return (long) LONGS.get(sha256, 8);
        }

        /** What each field holds ({@link FieldDigests}); null for an entry that is not an object. */
        FieldDigests fieldDigests() {
            return names == null ? null : new FieldDigests(names, hashes);
        }
    }

    /**
     * What each field of an entry holds, as the field names (in canonical order, shared by the records of one answer)
     * and a 32-bit hash of each one's canonical form: some 60 bytes a record kept beside the memory stores, written
     * as a vector ({@link #fieldDigestsOf}) only when one is asked for.
     */
    static final class FieldDigests {
        private final String[] names;
        private final int[] hashes;

        private FieldDigests(String[] names, int[] hashes) {
            this.names = names;
            this.hashes = hashes;
        }

        /** The field digest vector ({@link #fieldDigestsOf}); null when it would be too long. */
        String vector() {
            return RecordKeys.vector(names, hashes);
        }
    }

    /** What each field of an entry holds, as {@link #fieldDigestsOf} without the vector; null for one not an object. */
    static FieldDigests fieldsOf(RawEntry entry) {
        Map<String, Object> fields = entry.fields();
        if (fields == null) {
            return null;
        }
        Form form = FORM.get();
        form.object(fields, false);
        return new FieldDigests(form.names(), form.fieldHashes());
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** The mark saying the state with {@code content} of {@code key} was delivered. */
    static String contentMark(String key, String content) {
        return contentMark(new StringBuilder(), key, content).toString();
    }

    /** Writes {@link #contentMark} into {@code into} (emptied first) and returns it: no string is built. */
    static StringBuilder contentMark(StringBuilder into, String key, String content) {
        into.setLength(0);
        return into.append("=c=").append(content).append('=').append(keyInMark(key));
    }

    /** The mark saying version {@code version} (2 or more) of {@code key} was delivered. */
    static String versionMark(String key, int version) {
        return "=v=" + version + "=" + keyInMark(key);
    }

    /** Longest field name kept as written in a field digest vector; a longer one is kept as {@code #} and a digest. */
    static final int LONGEST_FIELD_NAME = 40;

    /**
     * Longest field digest vector kept: past this (a record of a hundred fields or so) a record's changes go unnamed.
     * With the content fingerprint before it, a {@link #versionNote} fits the JDBC store's 2,000 character note.
     */
    static final int LONGEST_FIELD_DIGESTS = 1960;

    /**
     * What a bulk repository keeps beside the row of a delivered version ({@link RecordsState#versionRow}): that
     * version's content fingerprint, then, after a space, its field digest vector when there is one. One row a
     * delivered state is what makes the JDBC store write one row a record, not two.
     */
    static String versionNote(String content, String vector) {
        return vector == null ? content : content + ' ' + vector;
    }

    /** The content fingerprint in a {@link #versionNote}; null when the note holds none (a row written without it). */
    static String contentOfNote(String note) {
        if (note == null || note.length() < CONTENT_DIGITS
            || (note.length() > CONTENT_DIGITS && note.charAt(CONTENT_DIGITS) != ' ')) {
            return null;
        }
        for (int i = 0; i < CONTENT_DIGITS; i++) {
            if (Character.digit(note.charAt(i), 16) < 0) {
                return null;
            }
        }
        return note.substring(0, CONTENT_DIGITS);
    }

    /** The field digest vector in a {@link #versionNote}; null when it holds none. */
    static String vectorOfNote(String note) {
        return contentOfNote(note) == null || note.length() <= CONTENT_DIGITS + 1 ? null
                : note.substring(CONTENT_DIGITS + 1);
    }

    /** The length of a content fingerprint: 32 hex digits. */
    private static final int CONTENT_DIGITS = 32;

    /**
     * What each field of an entry holds, compactly: {@code name=digest;...} in name order, a digest being 8 hex
     * digits of a 32-bit hash of the field's canonical form (it only tells a changed field from an unchanged one;
     * the content fingerprint is what decides whether a state is new); null for an entry that is not an object, or
     * whose vector would pass {@value #LONGEST_FIELD_DIGESTS} characters. Two vectors tell which fields changed
     * ({@link #changedFields}) without keeping the values.
     */
    static String fieldDigestsOf(RawEntry entry) {
        FieldDigests fields = fieldsOf(entry);
        return fields == null ? null : fields.vector();
    }

    /** The vector of fields {@code names} (in canonical order) whose canonical forms hash to {@code hashes}. */
    private static String vector(String[] names, int[] hashes) {
        VectorNames vectorNames = VECTOR_NAMES.get();
        if (vectorNames.names != names) {
            // records of one answer share their names: worked out once for all of them
            vectorNames = new VectorNames(names);
            VECTOR_NAMES.set(vectorNames);
        }
        int[] order = vectorNames.order;
        String[] prefixes = vectorNames.prefixes;
        // each field: its name=, 8 hex digits, and a ';' between two
        int chars = vectorNames.length + 8 * order.length + Math.max(0, order.length - 1);
        if (chars > LONGEST_FIELD_DIGESTS) {
            return null;
        }
        char[] vector = new char[chars];
        int at = 0;
        for (int k = 0; k < order.length; k++) {
            if (k > 0) {
                vector[at++] = ';';
            }
            String prefix = prefixes[k];
            prefix.getChars(0, prefix.length(), vector, at);
            at += prefix.length();
            int hash = hashes[order[k]];
            for (int bits = 28; bits >= 0; bits -= 4) {
                vector[at++] = HEX_DIGITS[(hash >>> bits) & 0xF];
            }
        }
        return new String(vector);
    }

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private static final ThreadLocal<VectorNames> VECTOR_NAMES =
            ThreadLocal.withInitial(() -> new VectorNames(new String[0]));

    /**
     * How fields named {@code names} (in canonical order) appear in a vector: {@code name=} for each, in the order of
     * the names as kept ({@link #nameInDigests}: a name too long or odd is kept as {@code #} and a digest, and sorts
     * as that), the last of two names kept alike standing for both, as in a sorted map.
     */
    private static final class VectorNames {
        final String[] names;
        final int[] order;
        final String[] prefixes;
        final int length;

        VectorNames(String[] names) {
            this.names = names;
            TreeMap<String, Integer> kept = new TreeMap<>();
            for (int i = 0; i < names.length; i++) {
                kept.put(nameInDigests(names[i]), i);
            }
            order = new int[kept.size()];
            prefixes = new String[kept.size()];
            int k = 0;
            int chars = 0;
            for (Map.Entry<String, Integer> name : kept.entrySet()) {
                order[k] = name.getValue();
                prefixes[k] = name.getKey() + "=";
                chars += prefixes[k].length();
                k++;
            }
            length = chars;
        }
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

    private static final ThreadLocal<Form> FORM = ThreadLocal.withInitial(Form::new);

    /**
     * An entry's canonical form, written as its UTF-8 bytes into one buffer that each entry reuses: field names
     * sorted, each value with its type (text, integer, decimal, boolean, null, object, array) and its exact text,
     * every part length-prefixed (a text's length in UTF-16 units, as {@link String#length()} gives it). The
     * content fingerprint is the SHA-256 of all of it; a field's digest a hash of its value's part.
     */
    private static final class Form {
        private byte[] bytes = new byte[1024];
        private int length;
        // the last object's names in the order received, and in canonical order: records of one answer share them
        private String[] lastReceived = new String[0];
        private String[] lastSorted = new String[0];
        private int[] lastOrder = new int[0];
        private int[] hashes = new int[16];
        private String[] names;

        void reset() {
            length = 0;
        }

        /** Writes a whole entry that is an object; with {@code all}, ready for its SHA-256 too. */
        void object(Map<String, Object> fields, boolean all) {
            length = 0;
            int n = fields.size();
            String[] received = received(fields);
            sortedNames(received, n);
            if (hashes.length < n) {
                hashes = new int[Math.max(n, hashes.length * 2)];
            }
            ascii('{').number(n).ascii(':');
            Object[] values = fields.values().toArray();
            for (int k = 0; k < n; k++) {
                int i = lastOrder[k];
                text(lastSorted[k]);
                int from = length;
                value(values[i]);
                hashes[k] = hash(bytes, from, length);
            }
            ascii('}');
            names = lastSorted;
        }

        String[] names() {
            return names;
        }

        int[] fieldHashes() {
            return java.util.Arrays.copyOf(hashes, names.length);
        }

        private String[] received(Map<String, Object> fields) {
            int n = fields.size();
            String[] last = lastReceived;
            if (last.length == n) {
                int i = 0;
                for (String name : fields.keySet()) {
                    String known = last[i];
                    if (known != name && !known.equals(name)) {
                        break;
                    }
                    i++;
                }
                if (i == n) {
                    return last;
                }
            }
            String[] names = fields.keySet().toArray(new String[0]);
            lastReceived = names;
            lastSorted = null;
            return names;
        }

        /** The canonical order of the names received (as {@link #received} keeps them). */
        private void sortedNames(String[] received, int n) {
            if (lastSorted != null) {
                return;
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> received[a].compareTo(received[b]));
            lastOrder = new int[n];
            lastSorted = new String[n];
            for (int k = 0; k < n; k++) {
                lastOrder[k] = order[k];
                lastSorted[k] = received[order[k]];
            }
        }

        private void value(Object value) {
            if (value == null) {
                ascii('n');
            } else if (value instanceof String s) {
                ascii('s').text(s);
            } else if (value instanceof Boolean b) {
                ascii(b ? 't' : 'f');
            } else if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
                ascii('i').text(value.toString());
            } else if (value instanceof Number) {
                ascii('d').text(value.toString());
            } else if (value instanceof Map<?, ?> map) {
                List<String> names = new ArrayList<>(map.size());
                map.keySet().forEach(name -> names.add(String.valueOf(name)));
                Collections.sort(names);
                ascii('{').number(names.size()).ascii(':');
                for (String name : names) {
                    text(name);
                    value(map.get(name));
                }
                ascii('}');
            } else if (value instanceof List<?> list) {
                ascii('[').number(list.size()).ascii(':');
                list.forEach(this::value);
                ascii(']');
            } else {
                ascii('o').text(value.toString());
            }
        }

        Form ascii(char c) {
            room(1);
            bytes[length++] = (byte) c;
            return this;
        }

        Form number(int n) {
            if (n >= 0 && n < 100) {
                // the length of almost every text: without Integer.toString
                room(2);
                if (n >= 10) {
                    bytes[length++] = (byte) ('0' + n / 10);
                }
                bytes[length++] = (byte) ('0' + n % 10);
                return this;
            }
            String digits = Integer.toString(n);
            room(digits.length());
            for (int i = 0; i < digits.length(); i++) {
                bytes[length++] = (byte) digits.charAt(i);
            }
            return this;
        }

        /** Text, length-prefixed: no text can run into the next part. Its UTF-8 bytes, as String.getBytes writes them. */
        Form text(String text) {
            number(text.length()).ascii(':');
            // the JDK copies a text of ASCII characters as it is, without encoding each character
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            room(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
            return this;
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
            }
        }

        byte[] sha256() {
            MessageDigest sha = SHA256.get();
            sha.update(bytes, 0, length);
            return sha.digest();
        }
    }

    /**
     * A 32-bit hash of {@code bytes[from, to)}: MurmurHash3's (x86, 32 bits) rounds over each four bytes, an FNV-1a
     * step for each byte left, MurmurHash3's finalizer. Not cryptographic: it only tells a changed field from an
     * unchanged one.
     */
    static int hash(byte[] bytes, int from, int to) {
        int h = 0x811c9dc5 ^ (to - from);
        int i = from;
        for (; i + 4 <= to; i += 4) {
            int k = (int) INTS.get(bytes, i);
            k *= 0xcc9e2d51;
            k = Integer.rotateLeft(k, 15);
            k *= 0x1b873593;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        for (; i < to; i++) {
            h = (h ^ (bytes[i] & 0xFF)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static final java.lang.invoke.VarHandle INTS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

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

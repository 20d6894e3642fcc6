package io.github.camelicsoc.records;

/**
 * The record keys one poll has seen, with the content fingerprint ({@link RecordKeys#contentOf}, 128 bits) each came
 * with first, in three primitive arrays (24 bytes a slot): enough to tell a record that comes again in the same answer (a window edge, or the platform repeating
 * itself) from one that comes again with other content, even in a poll of a million records.
 */
final class PollKeys {

    /** What a key's sighting means. */
    enum Seen {
        /** The first time this poll. */
        NEW,
        /** Seen before with the same content. */
        SAME,
        /** Seen before with other content. */
        OTHER
    }

    private long[] keys = new long[1024];
    private long[] contentHigh = new long[1024];
    private long[] contentLow = new long[1024];
    private int size;

    /** Notes {@code key} with {@code content}; the first content seen for a key is the one kept. */
    Seen see(String key, String content) {
        long k = fingerprint(key);
        long high = Long.parseUnsignedLong(content, 0, 16, 16);
        long low = Long.parseUnsignedLong(content, 16, 32, 16);
        int slot = slotOf(k);
        if (keys[slot] == k) {
            return contentHigh[slot] == high && contentLow[slot] == low ? Seen.SAME : Seen.OTHER;
        }
        keys[slot] = k;
        contentHigh[slot] = high;
        contentLow[slot] = low;
        if (++size * 4 > keys.length * 3) {
            grow();
        }
        return Seen.NEW;
    }


    /** The content first seen for {@code key}, as {@link RecordKeys#contentOf} writes it; null if not seen. */
    String firstContent(String key) {
        long k = fingerprint(key);
        int slot = slotOf(k);
        return keys[slot] == k ? String.format("%016x%016x", contentHigh[slot], contentLow[slot]) : null;
    }

    private int slotOf(long k) {
        int mask = keys.length - 1;
        int slot = (int) (k ^ (k >>> 32)) & mask;
        while (keys[slot] != 0 && keys[slot] != k) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldHigh = contentHigh;
        long[] oldLow = contentLow;
        keys = new long[oldKeys.length * 2];
        contentHigh = new long[oldKeys.length * 2];
        contentLow = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slotOf(oldKeys[i]);
                keys[slot] = oldKeys[i];
                contentHigh[slot] = oldHigh[i];
                contentLow[slot] = oldLow[i];
            }
        }
    }

    /** A 64-bit FNV-1a hash of the key, never 0 (0 marks a free slot). */
    private static long fingerprint(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }
}

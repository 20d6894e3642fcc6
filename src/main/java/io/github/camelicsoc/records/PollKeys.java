package io.github.camelicsoc.records;



/**
 * The record keys one poll has seen, with a fingerprint of each one's content, in two primitive arrays (12 bytes a
 * slot): enough to tell a record that comes again in the same answer (a window edge, or the platform repeating
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
    private int[] contents = new int[1024];
    private int size;

    /** Notes {@code key} with {@code content}; the first content seen for a key is the one kept. */
    Seen see(String key, int content) {
        long k = fingerprint(key);
        int slot = slotOf(k);
        if (keys[slot] == k) {
            return contents[slot] == content ? Seen.SAME : Seen.OTHER;
        }
        keys[slot] = k;
        contents[slot] = content;
        if (++size * 4 > keys.length * 3) {
            grow();
        }
        return Seen.NEW;
    }

    /** The content first seen for {@code key}. */
    int firstContent(String key) {
        long k = fingerprint(key);
        int slot = slotOf(k);
        return keys[slot] == k ? contents[slot] : 0;
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
        int[] oldContents = contents;
        keys = new long[oldKeys.length * 2];
        contents = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slotOf(oldKeys[i]);
                keys[slot] = oldKeys[i];
                contents[slot] = oldContents[i];
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

package io.github.camelicsoc.records;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The record keys one poll has seen, with the content fingerprint ({@link RecordKeys#contentOf}, 128 bits) each came
 * with first: enough to tell a record that comes again in the same answer (a window edge, or the platform repeating
 * itself) from one that comes again with other content, even in a poll of a million records.
 * <p>
 * Each key takes 24 bytes (a 64-bit hash of it and its content's 128 bits), written once in blocks that are never
 * copied, and 4 to 8 bytes of an open-addressing index into them: some 32 MB for a million keys. Only the index is
 * copied as it grows, so the poll never holds two copies of the keys. An index slot holds the key's number and, in
 * the bits the number does not need, a few bits of its hash, so that looking a key up reads the block of no other.
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

    private static final HexFormat HEX = HexFormat.of();

    /** Keys a block holds (three longs each). */
    private static final int BLOCK_SHIFT = 12;
    private static final int BLOCK_KEYS = 1 << BLOCK_SHIFT;

    /** Blocks of keys in the order seen: a key's hash, its content's high and low 64 bits. */
    private long[][] blocks = new long[4][];
    /**
     * For each slot, the number of the key there plus one in its low {@link #shift} bits, and above them as many bits
     * of its hash as fit; 0 for a free slot. A key's number is always less than the slots (at most 3/4 are taken).
     */
    private int[] index = new int[1024];
    private int shift = 10;
    private int size;

    /** Notes {@code key} with {@code content}; the first content seen for a key is the one kept. */
    Seen see(String key, String content) {
        return see(key, Long.parseUnsignedLong(content, 0, 16, 16), Long.parseUnsignedLong(content, 16, 32, 16));
    }

    /** Notes {@code key} with the content whose fingerprint's two halves are {@code high} and {@code low}. */
    Seen see(String key, long high, long low) {
        long k = fingerprint(key);
        int slot = slotOf(k);
        int at = index[slot] & numberMask();
        if (at != 0) {
            long[] block = blocks[(at - 1) >>> BLOCK_SHIFT];
            int i = 3 * ((at - 1) & (BLOCK_KEYS - 1));
            return block[i + 1] == high && block[i + 2] == low ? Seen.SAME : Seen.OTHER;
        }
        int n = size++;
        int b = n >>> BLOCK_SHIFT;
        if (b == blocks.length) {
            blocks = Arrays.copyOf(blocks, b * 2);
        }
        if (blocks[b] == null) {
            blocks[b] = new long[3 * BLOCK_KEYS];
        }
        int i = 3 * (n & (BLOCK_KEYS - 1));
        blocks[b][i] = k;
        blocks[b][i + 1] = high;
        blocks[b][i + 2] = low;
        index[slot] = tagOf(k) | (n + 1);
        if (size * 4L > index.length * 3L) {
            grow();
        }
        return Seen.NEW;
    }

    /** The content first seen for {@code key}, as {@link RecordKeys#contentOf} writes it; null if not seen. */
    String firstContent(String key) {
        int at = index[slotOf(fingerprint(key))] & numberMask();
        return at == 0 ? null : contentAt(at);
    }

    /** The content of the key numbered {@code at} (its number plus one). */
    private String contentAt(int at) {
        long[] block = blocks[(at - 1) >>> BLOCK_SHIFT];
        int i = 3 * ((at - 1) & (BLOCK_KEYS - 1));
        return HEX.toHexDigits(block[i + 1]) + HEX.toHexDigits(block[i + 2]);
    }

    /** How many keys were seen: the number the next new key takes. */
    int size() {
        return size;
    }

    /**
     * Finds the first contents of keys met in the order they were first seen, from the key numbered {@code from}
     * on: as a window's new records are met again when it is read a second time. A key is looked for a few keys
     * ahead of the last one found, in the blocks as they were written, and in the index only past those.
     */
    Cursor cursor(int from) {
        return new Cursor(from);
    }

    /** See {@link #cursor}. */
    final class Cursor {
        /** How many keys ahead of the last found a key is looked for before the index is asked. */
        private static final int AHEAD = 32;
        private int next;

        private Cursor(int from) {
            next = from;
        }

        /** The content first seen for {@code key}, as {@link PollKeys#firstContent}; null if not seen. */
        String firstContent(String key) {
            long k = fingerprint(key);
            int end = Math.min(size, next + AHEAD);
            for (int n = next; n < end; n++) {
                if (keyAt(n + 1) == k) {
                    next = n + 1;
                    return contentAt(n + 1);
                }
            }
            int at = index[slotOf(k)] & numberMask();
            if (at == 0) {
                return null;
            }
            next = Math.max(next, at);
            return contentAt(at);
        }
    }

    private long keyAt(int at) {
        return blocks[(at - 1) >>> BLOCK_SHIFT][3 * ((at - 1) & (BLOCK_KEYS - 1))];
    }

    /** The slot of {@code k}, or the free slot where it would go. */
    private int slotOf(long k) {
        int mask = index.length - 1;
        int numbers = numberMask();
        int tag = tagOf(k);
        int slot = spread(k) & mask;
        while (true) {
            int v = index[slot];
            if (v == 0 || (v & ~numbers) == tag && keyAt(v & numbers) == k) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int numberMask() {
        return (1 << shift) - 1;
    }

    /** The bits of {@code k}'s hash an index slot keeps above the key's number. */
    private int tagOf(long k) {
        return shift >= 31 ? 0 : (int) (k >>> (32 + shift)) << shift;
    }

    private void grow() {
        index = new int[index.length * 2];
        shift++;
        int mask = index.length - 1;
        for (int n = 0; n < size; n++) {
            long k = keyAt(n + 1);
            int slot = spread(k) & mask;
            while (index[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            index[slot] = tagOf(k) | (n + 1);
        }
    }

    private static int spread(long k) {
        return (int) ((k * 0x9E3779B97F4A7C15L) >>> 32);
    }

    /** A 64-bit FNV-1a hash of the key. */
    private static long fingerprint(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}

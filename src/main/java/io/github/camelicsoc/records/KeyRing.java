package io.github.camelicsoc.records;

import java.util.Arrays;

/**
 * A bounded set of keys, each held as a 128-bit hash of it, in the order added, with a value beside each where one
 * is given: the store behind {@link CompactIdempotentRepository} and the field digests the records state keeps beside
 * it. Adding past the bound forgets the key added longest ago (first in, first out; looking a key up does not keep it
 * longer); a key removed gives its place back when it reaches the front. Keys are hashed with MurmurHash3's x64
 * 128-bit rounds over their UTF-16 code units (see {@link CompactIdempotentRepository} for the collision odds).
 * <p>
 * 16 bytes a place in primitive arrays (and a reference where values are kept), 16 to 32 bytes of an open-addressing
 * index, no object per key. Not thread-safe: its owner locks.
 */
final class KeyRing<V> {

    /** Keys the ring and index start with room for; both grow by doubling up to the bound. */
    private static final int INITIAL_ROOM = 1024;

    private final int bound;
    private final boolean withValues;
    /** Two longs a place, in the order keys were added: the hash's high and low 64 bits. */
    private long[] ring;
    /** Whether each place holds a key (false once it was removed, until the place is reused). */
    private boolean[] held;
    /** The value beside each place; null when values are not kept. */
    private Object[] values;
    /** Place of the oldest key, and how many places from there are taken (held or not). */
    private int head;
    private int taken;
    /** How many keys are held. */
    private int size;
    /**
     * Open addressing, linear probing, at most half the slots used: 0 for a free slot, else the key's place plus one
     * in the low 32 bits and the key's spread hash ({@link #spread}) in the high 32, so that a probe and a deletion
     * read the ring only for a likely match.
     */
    private long[] index;
    // the hash of the last key looked at: set by hash(), read right after
    private long hashHigh;
    private long hashLow;

    /** A ring of at most {@code bound} keys (at least 1), with a value beside each when {@code withValues}. */
    KeyRing(int bound, boolean withValues) {
        if (bound < 1) {
            throw new IllegalArgumentException("the bound must be at least 1, was " + bound);
        }
        this.bound = bound;
        this.withValues = withValues;
        clear();
    }

    int bound() {
        return bound;
    }

    int size() {
        return size;
    }

    boolean contains(CharSequence key) {
        hash(key);
        return index[slotOf(hashHigh, hashLow)] != 0;
    }

    /** The value beside {@code key}; null when it is not held (or has none). */
    @SuppressWarnings("unchecked")
    V get(CharSequence key) {
        hash(key);
        long entry = index[slotOf(hashHigh, hashLow)];
        return entry == 0 || values == null ? null : (V) values[placeOf(entry)];
    }

    /** Adds {@code key}; false when it is held already (it keeps its place). */
    boolean add(CharSequence key) {
        hash(key);
        return addHashed(null, false);
    }

    /** Holds {@code key} with {@code value}, as the newest key: one held already is moved to the back. */
    void put(CharSequence key, V value) {
        hash(key);
        addHashed(value, true);
    }

    boolean remove(CharSequence key) {
        hash(key);
        int slot = slotOf(hashHigh, hashLow);
        long entry = index[slot];
        if (entry == 0) {
            return false;
        }
        forget(placeOf(entry));
        deleteSlot(slot);
        return true;
    }

    void clear() {
        int places = Math.min(bound, INITIAL_ROOM);
        ring = new long[2 * places];
        held = new boolean[places];
        values = withValues ? new Object[places] : null;
        index = new long[indexSlots(places)];
        head = 0;
        taken = 0;
        size = 0;
    }

    private boolean addHashed(V value, boolean moveToBack) {
        long high = hashHigh;
        long low = hashLow;
        int slot = slotOf(high, low);
        if (index[slot] != 0) {
            if (!moveToBack) {
                return false;
            }
            forget(placeOf(index[slot]));
            deleteSlot(slot);
            slot = slotOf(high, low);
        }
        if (taken == bound) {
            evictOldest();
            slot = slotOf(high, low);
        } else if (taken == held.length) {
            grow();
            slot = slotOf(high, low);
        }
        int place = head + taken;
        if (place >= held.length) {
            place -= held.length;
        }
        taken++;
        ring[2 * place] = high;
        ring[2 * place + 1] = low;
        held[place] = true;
        if (values != null) {
            values[place] = value;
        }
        size++;
        index[slot] = (long) spread(high, low) << 32 | (place + 1);
        return true;
    }

    private void forget(int place) {
        held[place] = false;
        if (values != null) {
            values[place] = null;
        }
        size--;
    }

    /** Frees the oldest place: its key, if still held, is forgotten. Only called with every place taken. */
    private void evictOldest() {
        int place = head;
        if (held[place]) {
            int slot = slotOf(ring[2 * place], ring[2 * place + 1]);
            forget(place);
            deleteSlot(slot);
        }
        head = place + 1 == held.length ? 0 : place + 1;
        taken--;
    }

    private static int placeOf(long entry) {
        return (int) entry - 1;
    }

    /** The slot holding the key hashed to {@code high, low}, or the free slot where it would go. */
    private int slotOf(long high, long low) {
        int mask = index.length - 1;
        int spread = spread(high, low);
        int slot = spread & mask;
        while (true) {
            long entry = index[slot];
            if (entry == 0) {
                return slot;
            }
            if ((int) (entry >>> 32) == spread) {
                int place = placeOf(entry);
                if (ring[2 * place] == high && ring[2 * place + 1] == low) {
                    return slot;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Empties {@code slot}, moving back the entries after it that would no longer be found (linear probing). */
    private void deleteSlot(int slot) {
        int mask = index.length - 1;
        int free = slot;
        int next = (free + 1) & mask;
        while (index[next] != 0) {
            long entry = index[next];
            int home = (int) (entry >>> 32) & mask;
            // the entry at next may move to free unless its home is cyclically within (free, next]
            boolean stays = free <= next ? free < home && home <= next : free < home || home <= next;
            if (!stays) {
                index[free] = entry;
                free = next;
            }
            next = (next + 1) & mask;
        }
        index[free] = 0;
    }

    /** Doubles the places (up to the bound) and the index. Only called before any place was freed: head is 0. */
    private void grow() {
        int places = (int) Math.min(bound, 2L * held.length);
        ring = Arrays.copyOf(ring, 2 * places);
        held = Arrays.copyOf(held, places);
        if (values != null) {
            values = Arrays.copyOf(values, places);
        }
        long[] old = index;
        index = new long[indexSlots(places)];
        int mask = index.length - 1;
        for (long entry : old) {
            if (entry != 0) {
                int slot = (int) (entry >>> 32) & mask;
                while (index[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                index[slot] = entry;
            }
        }
    }

    /** A power of two at least twice {@code places}. */
    private static int indexSlots(int places) {
        return Integer.highestOneBit(Math.max(2, places) * 2 - 1) * 2;
    }

    private static int spread(long high, long low) {
        return (int) ((high ^ low) >>> 32) ^ (int) high;
    }

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    /**
     * Hashes {@code key} into {@link #hashHigh} and {@link #hashLow}: MurmurHash3's x64 128-bit rounds over its
     * UTF-16 code units taken little-endian, eight units a block, seed 0.
     */
    private void hash(CharSequence key) {
        int n = key.length();
        long h1 = 0;
        long h2 = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long k1 = units(key, i);
            long k2 = units(key, i + 4);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        if (i < n) {
            long k1 = 0;
            long k2 = 0;
            for (int j = 0; i + j < n; j++) {
                long unit = key.charAt(i + j);
                if (j < 4) {
                    k1 |= unit << (16 * j);
                } else {
                    k2 |= unit << (16 * (j - 4));
                }
            }
            if (n - i > 4) {
                h2 ^= mixK2(k2);
            }
            h1 ^= mixK1(k1);
        }
        long bytes = 2L * n;
        h1 ^= bytes;
        h2 ^= bytes;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        hashHigh = h1;
        hashLow = h2;
    }

    private static long units(CharSequence key, int from) {
        return key.charAt(from) | (long) key.charAt(from + 1) << 16 | (long) key.charAt(from + 2) << 32
               | (long) key.charAt(from + 3) << 48;
    }

    private static long mixK1(long k1) {
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        return k1 * C2;
    }

    private static long mixK2(long k2) {
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        return k2 * C1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

}

package io.github.camelicsoc.records;

import java.util.Arrays;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * An in-memory idempotent repository that keeps a 128-bit hash of each key instead of the key: 16 bytes a key in a
 * ring of primitive arrays, and 4 to 8 bytes of an open-addressing index, with no object per key. It is what
 * {@code icsoc:records} remembers delivered records in by default; any other {@link IdempotentRepository} can be given
 * instead, and Camel's {@code MemoryIdempotentRepository} works as it always did.
 * <p>
 * <b>Bound and eviction.</b> It holds at most {@link #getMaxCacheSize()} keys. Adding a key when that many places are
 * taken forgets the key added longest ago (first in, first out: looking a key up does not keep it longer). A key
 * removed gives its place back when it reaches the front, so while keys are removed it may hold somewhat fewer.
 * <p>
 * <b>Collisions.</b> Two different keys are taken as one when their 128-bit hashes are equal (MurmurHash3's 128-bit
 * x64 rounds over the key's UTF-16 code units). For keys that are not chosen to collide, the odds that any two of
 * {@code n} keys held at once do are about n&sup2; / 2<sup>129</sup>: some 6&middot;10<sup>-29</sup> for the 200,000
 * keys of the default bound. The hash is not cryptographic: someone who chooses keys on purpose can make two collide,
 * and a key taken for another one already held is dropped as delivered. Use a repository that keeps whole keys (a
 * JDBC or file one) where keys come from a party that might do that.
 * <p>
 * Thread-safe: every method holds the instance's lock, briefly (no method allocates).
 */
public final class CompactIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    /** Keys the ring and index start with room for; both grow by doubling up to the bound. */
    private static final int INITIAL_ROOM = 1024;

    private final int maxCacheSize;
    /** Two longs a place, in the order keys were added: the hash's high and low 64 bits. */
    private long[] ring;
    /** Whether each place holds a key (false once it was removed, until the place is reused). */
    private boolean[] held;
    /** Place of the oldest key, and how many places from there are taken (held or not). */
    private int head;
    private int taken;
    /** How many keys are held. */
    private int size;
    /** Open addressing, linear probing: a place plus one, 0 for a free slot; at most half the slots are used. */
    private int[] index;
    // the hash of the last key looked at: set under the lock, read right after
    private long hashHigh;
    private long hashLow;

    /** A repository of at most {@code maxCacheSize} keys (at least 1). */
    public CompactIdempotentRepository(int maxCacheSize) {
        if (maxCacheSize < 1) {
            throw new IllegalArgumentException("maxCacheSize must be at least 1, was " + maxCacheSize);
        }
        this.maxCacheSize = maxCacheSize;
        clearArrays();
    }

    /** The most keys it holds. */
    public int getMaxCacheSize() {
        return maxCacheSize;
    }

    /** How many keys it holds now. */
    public synchronized int getCacheSize() {
        return size;
    }

    @Override
    public boolean add(String key) {
        return addText(key);
    }

    @Override
    public boolean contains(String key) {
        return containsText(key);
    }

    @Override
    public synchronized boolean remove(String key) {
        hash(key);
        int slot = slotOf(hashHigh, hashLow);
        int at = index[slot];
        if (at == 0) {
            return false;
        }
        held[at - 1] = false;
        size--;
        deleteSlot(slot);
        return true;
    }

    /** Nothing to do: a key is held from {@link #add} on. */
    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public synchronized void clear() {
        clearArrays();
    }

    /** As {@link #add(String)}, for a key written into any character sequence (a reused buffer). */
    synchronized boolean addText(CharSequence key) {
        hash(key);
        long high = hashHigh;
        long low = hashLow;
        int slot = slotOf(high, low);
        if (index[slot] != 0) {
            return false;
        }
        if (taken == maxCacheSize) {
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
        size++;
        index[slot] = place + 1;
        return true;
    }

    /** As {@link #contains(String)}, for a key written into any character sequence (a reused buffer). */
    synchronized boolean containsText(CharSequence key) {
        hash(key);
        return index[slotOf(hashHigh, hashLow)] != 0;
    }

    /** Frees the oldest place: its key, if still held, is forgotten. Only called with every place taken. */
    private void evictOldest() {
        int place = head;
        if (held[place]) {
            held[place] = false;
            size--;
            deleteSlot(slotOf(ring[2 * place], ring[2 * place + 1]));
        }
        head = place + 1 == held.length ? 0 : place + 1;
        taken--;
    }

    /** The slot holding the key hashed to {@code high, low}, or the free slot where it would go. */
    private int slotOf(long high, long low) {
        int mask = index.length - 1;
        int slot = spread(high, low) & mask;
        while (true) {
            int at = index[slot];
            if (at == 0 || ring[2 * (at - 1)] == high && ring[2 * (at - 1) + 1] == low) {
                return slot;
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
            int at = index[next];
            int home = spread(ring[2 * (at - 1)], ring[2 * (at - 1) + 1]) & mask;
            // the entry at next may move to free when its home is not cyclically within (free, next]
            boolean stays = free <= next ? free < home && home <= next : free < home || home <= next;
            if (!stays) {
                index[free] = at;
                free = next;
            }
            next = (next + 1) & mask;
        }
        index[free] = 0;
    }

    /** Doubles the places (up to the bound) and the index. Only called before any place was freed: head is 0. */
    private void grow() {
        int places = (int) Math.min(maxCacheSize, 2L * held.length);
        ring = Arrays.copyOf(ring, 2 * places);
        held = Arrays.copyOf(held, places);
        index = new int[indexSlots(places)];
        int mask = index.length - 1;
        for (int place = 0; place < taken; place++) {
            if (held[place]) {
                int slot = spread(ring[2 * place], ring[2 * place + 1]) & mask;
                while (index[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                index[slot] = place + 1;
            }
        }
    }

    private void clearArrays() {
        int places = Math.min(maxCacheSize, INITIAL_ROOM);
        ring = new long[2 * places];
        held = new boolean[places];
        index = new int[indexSlots(places)];
        head = 0;
        taken = 0;
        size = 0;
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

    @Override
    protected void doStart() {
        // nothing to open: the arrays live as long as the instance
    }

    @Override
    protected void doStop() {
        // kept, as Camel's memory repository keeps its keys: a route started again remembers them
    }

    @Override
    public String toString() {
        return "CompactIdempotentRepository[max " + maxCacheSize + " keys]";
    }
}

package io.github.camelicsoc.records;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * An in-memory idempotent repository that keeps a 128-bit hash of each key instead of the key: some 17 bytes a key in
 * a ring of primitive arrays, and 16 to 32 bytes of an open-addressing index, with no object per key (about 8 MB at
 * the default bound of 200,000 keys; Camel's {@code MemoryIdempotentRepository} keeps each key's string in a map). It is what
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
 * Thread-safe: every method holds the instance's lock, briefly (a lookup allocates nothing).
 */
public final class CompactIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final KeyRing<Void> keys;

    /** A repository of at most {@code maxCacheSize} keys (at least 1). */
    public CompactIdempotentRepository(int maxCacheSize) {
        if (maxCacheSize < 1) {
            throw new IllegalArgumentException("maxCacheSize must be at least 1, was " + maxCacheSize);
        }
        keys = new KeyRing<>(maxCacheSize, false);
    }

    /** The most keys it holds. */
    public int getMaxCacheSize() {
        return keys.bound();
    }

    /** How many keys it holds now. */
    public synchronized int getCacheSize() {
        return keys.size();
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
        return keys.remove(key);
    }

    /** Nothing to do: a key is held from {@link #add} on. */
    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public synchronized void clear() {
        keys.clear();
    }

    /** As {@link #add(String)}, for a key written into any character sequence (a reused buffer). */
    synchronized boolean addText(CharSequence key) {
        return keys.add(key);
    }

    /** As {@link #contains(String)}, for a key written into any character sequence (a reused buffer). */
    synchronized boolean containsText(CharSequence key) {
        return keys.contains(key);
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
        return "CompactIdempotentRepository[max " + keys.bound() + " keys]";
    }
}

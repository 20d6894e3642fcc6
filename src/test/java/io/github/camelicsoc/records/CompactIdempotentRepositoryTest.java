package io.github.camelicsoc.records;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compact default repository: the IdempotentRepository contract, its bound (first in, first out), its lock. */
class CompactIdempotentRepositoryTest {

    @Test
    void addContainsRemoveConfirmClear() {
        CompactIdempotentRepository repository = new CompactIdempotentRepository(10);
        assertFalse(repository.contains("400:a"));
        assertTrue(repository.add("400:a"));
        assertFalse(repository.add("400:a"), "a key held is not added again");
        assertTrue(repository.confirm("400:a"));
        assertTrue(repository.contains("400:a"));
        assertFalse(repository.contains("400:b"));
        assertFalse(repository.contains(""));
        assertTrue(repository.add(""));
        assertTrue(repository.contains(""));
        assertEquals(2, repository.getCacheSize());
        assertTrue(repository.remove("400:a"));
        assertFalse(repository.remove("400:a"));
        assertFalse(repository.contains("400:a"));
        assertTrue(repository.contains(""));
        assertTrue(repository.add("400:a"), "a key removed can be added again");
        repository.clear();
        assertEquals(0, repository.getCacheSize());
        assertFalse(repository.contains("400:a"));
        assertFalse(repository.contains(""));
        assertTrue(repository.add("400:a"));
    }

    @Test
    void aKeyWrittenIntoABufferIsTheSameKeyAsItsString() {
        CompactIdempotentRepository repository = new CompactIdempotentRepository(10);
        StringBuilder buffer = new StringBuilder();
        String mark = RecordKeys.contentMark("400:call-1", "0123456789abcdef0123456789abcdef");
        assertTrue(repository.addText(RecordKeys.contentMark(buffer, "400:call-1", "0123456789abcdef0123456789abcdef")));
        assertTrue(repository.contains(mark));
        assertFalse(repository.add(mark));
        assertFalse(repository.containsText(RecordKeys.contentMark(buffer, "400:call-2", "0123456789abcdef0123456789abcdef")));
        assertTrue(repository.containsText(RecordKeys.contentMark(buffer, "400:call-1", "0123456789abcdef0123456789abcdef")));
    }

    @Test
    void keysThatDifferInOneCharacterOrTheirLengthAreDifferentKeys() {
        CompactIdempotentRepository repository = new CompactIdempotentRepository(100_000);
        Set<String> keys = new HashSet<>();
        // every length across the hash's 8-unit blocks, and one unit changed at each place, non-Latin ones too
        StringBuilder base = new StringBuilder();
        for (int length = 0; length < 40; length++) {
            keys.add(base.toString());
            for (int at = 0; at < length; at++) {
                StringBuilder changed = new StringBuilder(base);
                changed.setCharAt(at, (char) (changed.charAt(at) + 1));
                keys.add(changed.toString());
                changed.setCharAt(at, '\u4e2d');
                keys.add(changed.toString());
            }
            base.append((char) ('a' + length % 26));
        }
        keys.add("\u0000");
        keys.add("\u0000\u0000");
        for (String key : keys) {
            assertTrue(repository.add(key), key);
        }
        assertEquals(keys.size(), repository.getCacheSize());
        for (String key : keys) {
            assertTrue(repository.contains(key), key);
        }
    }

    @Test
    void atItsBoundItForgetsTheKeyAddedLongestAgo() {
        int bound = 1000;
        CompactIdempotentRepository repository = new CompactIdempotentRepository(bound);
        for (int i = 0; i < 2500; i++) {
            // looked up often: a lookup does not keep a key longer
            repository.contains("400:call-0");
            assertTrue(repository.add("400:call-" + i));
            assertEquals(Math.min(i + 1, bound), repository.getCacheSize());
        }
        for (int i = 0; i < 2500; i++) {
            assertEquals(i >= 1500, repository.contains("400:call-" + i), "key " + i);
        }
        assertTrue(repository.add("400:call-0"), "a key forgotten is new again");
        assertFalse(repository.contains("400:call-1500"), "and it pushed out the oldest");
        assertTrue(repository.contains("400:call-1501"));
    }

    @Test
    void aRemovedKeyGivesItsPlaceBackWhenItReachesTheFront() {
        CompactIdempotentRepository repository = new CompactIdempotentRepository(3);
        repository.add("a");
        repository.add("b");
        repository.add("c");
        assertTrue(repository.remove("a"));
        assertEquals(2, repository.getCacheSize());
        // a's place is the oldest: taking it forgets nothing held
        repository.add("d");
        assertTrue(repository.contains("b"));
        assertTrue(repository.contains("c"));
        assertTrue(repository.contains("d"));
        assertTrue(repository.remove("c"));
        // b is the oldest place held: it goes; c's place then goes before d's
        repository.add("e");
        assertFalse(repository.contains("b"));
        assertTrue(repository.contains("d"));
        assertTrue(repository.contains("e"));
        assertEquals(2, repository.getCacheSize());
        repository.add("f");
        assertEquals(3, repository.getCacheSize());
        repository.add("g");
        assertFalse(repository.contains("d"));
        assertTrue(repository.contains("e"));
        assertTrue(repository.contains("f"));
        assertTrue(repository.contains("g"));
    }

    /** The repository against a plain model of it, through many random adds, removes and lookups past its bound. */
    @Test
    void behavesAsAFirstInFirstOutSetOfBoundedPlaces() {
        Random random = new Random(42);
        for (int bound : new int[] {1, 2, 7, 1000, 3000}) {
            CompactIdempotentRepository repository = new CompactIdempotentRepository(bound);
            // the model: places in order (a key, or null for one removed), and the keys held
            List<String> places = new ArrayList<>();
            Set<String> held = new HashSet<>();
            for (int step = 0; step < 40_000; step++) {
                String key = "k" + random.nextInt(bound * 3 + 5);
                int what = random.nextInt(10);
                if (what < 5) {
                    boolean added = !held.contains(key);
                    if (added) {
                        if (places.size() == bound) {
                            String oldest = places.remove(0);
                            if (oldest != null) {
                                held.remove(oldest);
                            }
                        }
                        places.add(key);
                        held.add(key);
                    }
                    assertEquals(added, repository.add(key), "add " + key + " at step " + step);
                } else if (what < 7) {
                    boolean removed = held.remove(key);
                    if (removed) {
                        places.set(places.lastIndexOf(key), null);
                    }
                    assertEquals(removed, repository.remove(key), "remove " + key + " at step " + step);
                } else {
                    assertEquals(held.contains(key), repository.contains(key), "contains " + key + " at step " + step);
                }
                assertEquals(held.size(), repository.getCacheSize());
            }
        }
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CompactIdempotentRepository(0));
    }

    @Test
    void threadsAddingAndLookingUpAtOnceLoseNoKey() throws Exception {
        CompactIdempotentRepository repository = new CompactIdempotentRepository(400_000);
        int threads = 4;
        int each = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> added = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                added.add(pool.submit(() -> {
                    int n = 0;
                    for (int i = 0; i < each; i++) {
                        // every key is offered by two threads: exactly one of them adds it
                        if (repository.add("400:call-" + (thread / 2) + "-" + i)) {
                            n++;
                        }
                        repository.contains("400:call-" + ((thread / 2) ^ 1) + "-" + i);
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : added) {
                total += f.get(5, TimeUnit.MINUTES);
            }
            assertEquals(2 * each, total);
            assertEquals(2 * each, repository.getCacheSize());
            for (int i = 0; i < each; i++) {
                assertTrue(repository.contains("400:call-0-" + i));
                assertTrue(repository.contains("400:call-1-" + i));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.github.camelicsoc.records;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring behind the compact repository, with values: what the records state keeps field digests in. */
class KeyRingTest {

    @Test
    void aValuePutAgainReplacesTheOldOneAndItsKeyBecomesTheNewest() {
        KeyRing<String> ring = new KeyRing<>(3, true);
        ring.put("a", "a1");
        ring.put("b", "b1");
        ring.put("c", "c1");
        assertEquals("a1", ring.get("a"));
        // a put again: the newest, so b is now the oldest
        ring.put("a", "a2");
        assertEquals(3, ring.size());
        assertEquals("a2", ring.get("a"));
        ring.put("d", "d1");
        assertNull(ring.get("b"), "the least recently put goes first");
        assertEquals("c1", ring.get("c"));
        assertEquals("a2", ring.get("a"));
        assertEquals("d1", ring.get("d"));
        // a lookup does not keep a key longer
        ring.put("e", "e1");
        assertNull(ring.get("c"));
        assertEquals("a2", ring.get("a"));
        assertTrue(ring.remove("a"));
        assertNull(ring.get("a"));
        assertFalse(ring.contains("a"));
        assertEquals(2, ring.size());
    }

    /** Against a plain model: places in order (a key, or null once freed), through growth and wrap-around. */
    @Test
    void valuesSurviveGrowthAndWrapAround() {
        int bound = 5_000;
        KeyRing<Integer> ring = new KeyRing<>(bound, true);
        java.util.List<String> places = new java.util.ArrayList<>();
        java.util.Map<String, Integer> held = new java.util.HashMap<>();
        for (int i = 0; i < 3 * bound; i++) {
            put(ring, places, held, bound, "400:call-" + i, i);
            if (i % 3 == 0) {
                // some put again right away, some removed: places freed out of order
                put(ring, places, held, bound, "400:call-" + i, -i);
            } else if (i % 7 == 0) {
                ring.remove("400:call-" + i);
                places.set(places.lastIndexOf("400:call-" + i), null);
                held.remove("400:call-" + i);
            }
            assertEquals(held.size(), ring.size());
        }
        assertTrue(held.size() > bound / 2);
        for (int i = 0; i < 3 * bound; i++) {
            assertEquals(held.get("400:call-" + i), ring.get("400:call-" + i), "key " + i);
        }
    }

    private static void put(KeyRing<Integer> ring, java.util.List<String> places, java.util.Map<String, Integer> held,
                            int bound, String key, int value) {
        ring.put(key, value);
        if (held.containsKey(key)) {
            places.set(places.lastIndexOf(key), null);
        } else if (places.size() == bound) {
            String oldest = places.remove(0);
            if (oldest != null) {
                held.remove(oldest);
            }
        }
        if (places.size() == bound) {
            String oldest = places.remove(0);
            if (oldest != null) {
                held.remove(oldest);
            }
        }
        places.add(key);
        held.put(key, value);
    }

    @Test
    void withoutValuesItHoldsKeysOnly() {
        KeyRing<Void> ring = new KeyRing<>(2, false);
        assertTrue(ring.add("x"));
        assertFalse(ring.add("x"));
        assertNull(ring.get("x"));
        assertTrue(ring.contains("x"));
    }
}

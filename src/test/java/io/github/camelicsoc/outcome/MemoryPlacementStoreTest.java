package io.github.camelicsoc.outcome;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default placements store: bounded, pruned by placement time, claims once. */
class MemoryPlacementStoreTest {

    private static final LocalDateTime T0 = LocalDateTime.of(2026, 12, 4, 10, 0, 0);

    private static Placement placement(String callId, LocalDateTime placedAt) {
        return new Placement("key-" + callId, Map.of(), callId, "1380", "1390", "classic", null, null, placedAt,
                Duration.ofSeconds(45));
    }

    @Test
    void pastItsBoundTheOldestPlacementIsDroppedAndCounted() {
        MemoryPlacementStore store = new MemoryPlacementStore(2);
        store.remember(placement("1", T0));
        store.remember(placement("2", T0.plusSeconds(1)));
        store.remember(placement("3", T0.plusSeconds(2)));

        assertTrue(store.byCallId("1").isEmpty());
        assertTrue(store.byCallId("3").isPresent());
        assertEquals(1, store.droppedCount());
    }

    @Test
    void aClaimSucceedsOnceAndNeverForAnUnknownCall() {
        MemoryPlacementStore store = new MemoryPlacementStore(10);
        store.remember(placement("1", T0));

        assertTrue(store.claim("1"));
        assertFalse(store.claim("1"));
        assertFalse(store.claim("2"));
    }

    @Test
    void aTimedOutPlacementIsClosedOnceAndNoRecordClaimsItAfterwards() {
        MemoryPlacementStore store = new MemoryPlacementStore(10);
        store.remember(placement("1", T0));
        store.remember(placement("2", T0));
        assertTrue(store.claim("2"));

        assertTrue(store.timeOut("1"));
        assertFalse(store.timeOut("1"), "closed once");
        assertFalse(store.timeOut("2"), "a matched placement has its outcome already");
        assertFalse(store.claim("1"), "a record arriving after the timed-out outcome claims nothing");
        assertTrue(store.openPlacedBefore(T0.plusDays(1), 10).isEmpty());
    }

    @Test
    void pruningForgetsPlacementsPlacedBeforeTheCutOff() {
        MemoryPlacementStore store = new MemoryPlacementStore(10);
        store.remember(placement("old", T0.minusDays(2)));
        store.remember(placement("new", T0));

        assertEquals(1, store.prune(T0.minusDays(1)));
        assertTrue(store.byCallId("old").isEmpty() && store.byCallId("new").isPresent());
    }

    @Test
    void aStoreOfNoEntriesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryPlacementStore(0));
    }

    @Test
    void byNumbersFindsOnlyThoseNumbersAndForgetsWhatWasDroppedOrPruned() {
        MemoryPlacementStore store = new MemoryPlacementStore(3);
        store.remember(placement("1", T0));
        store.remember(new Placement("k", Map.of(), "2", "1380", "1391", "classic", null, null, T0, Duration.ZERO));
        store.remember(placement("3", T0.plusMinutes(5)));
        store.remember(placement("4", T0.plusMinutes(10)));

        assertEquals(java.util.List.of("3", "4"), store.byNumbers("1380", "1390", T0, T0.plusHours(1)).stream()
                .map(Placement::callId).toList(), "call 1 was dropped, call 2 is to another number");
        assertEquals(2, store.prune(T0.plusMinutes(6)), "calls 2 and 3 are pruned");
        assertEquals(java.util.List.of("4"), store.byNumbers("1380", "1390", T0, T0.plusHours(1)).stream()
                .map(Placement::callId).toList());
        assertTrue(store.byNumbers("1380", "1391", T0, T0.plusHours(1)).isEmpty());
        assertFalse(store.isEmpty());
    }
}

package io.github.camelicsoc.outcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import io.github.camelicsoc.outcome.PlacementMatcher.AlreadyMatched;
import io.github.camelicsoc.outcome.PlacementMatcher.Ambiguous;
import io.github.camelicsoc.outcome.PlacementMatcher.Late;
import io.github.camelicsoc.outcome.PlacementMatcher.Matched;
import io.github.camelicsoc.outcome.PlacementMatcher.Unmatched;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Matching a call record to its placement, in platform time (UTC+08:00) while the clock given reads in a zone far
 * from it (Pacific/Honolulu, UTC-10:00): the JVM's own zone must never enter.
 */
class PlacementMatcherTest {

    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Duration RING = Duration.ofSeconds(45);
    // 2026-12-04 10:00:00 in platform time is 2026-12-03 16:00:00 in Honolulu
    private static final Instant NOW = Instant.parse("2026-12-04T02:00:00Z");
    private static final LocalDateTime PLACED = LocalDateTime.of(2026, 12, 4, 10, 0, 0);

    private final MemoryPlacementStore store = new MemoryPlacementStore(100);
    private final Clock honolulu = Clock.fixed(NOW, ZoneId.of("Pacific/Honolulu"));
    private final PlacementMatcher matcher = new PlacementMatcher(store, SKEW, Duration.ofMinutes(2), honolulu);

    private static Placement placement(String key, String callId, LocalDateTime placedAt) {
        return new Placement(key, Map.of("ticketQueue", "gold"), callId, "13800138000", "13900139000", "classic",
                null, "4001234567", placedAt, RING);
    }

    @Test
    void aRecordWithACallIdMatchesThePlacementThatGotThatIdWhateverItsNumbers() {
        store.remember(placement("T-1", "100001", PLACED));

        var match = matcher.match("100001", "other", "numbers", PLACED.plusHours(3));

        assertEquals("T-1", assertInstanceOf(Matched.class, match).placement().correlationKey());
        assertEquals(Map.of("ticketQueue", "gold"), ((Matched) match).placement().carriedHeaders());
    }

    @Test
    void aCallIdThatWasNeverPlacedHereIsUnmatchedEvenWhenTheNumbersFit() {
        store.remember(placement("T-1", "100001", PLACED));

        assertInstanceOf(Unmatched.class, matcher.match("999999", "13800138000", "13900139000", PLACED));
    }

    @Test
    void withoutCallIdARecordMatchesByNumbersAndAStartInsideThePlacementsWindowInPlatformTime() {
        store.remember(placement("T-1", "100001", PLACED));

        // the window is [placed - skew, placed + ring + skew], both ends included
        assertInstanceOf(Unmatched.class, matcher.match(null, "13800138000", "13900139000", PLACED.minusSeconds(31)));
        assertInstanceOf(Unmatched.class, matcher.match("", "13800138000", "13900139000", PLACED.plusSeconds(76)));
        assertInstanceOf(Unmatched.class, matcher.match(null, "13800138000", "13700000000", PLACED));
        // the same wall clock read in Honolulu would be 18 hours away: only platform time matches
        assertInstanceOf(Unmatched.class, matcher.match(null, "13800138000", "13900139000",
                LocalDateTime.ofInstant(NOW, honolulu.getZone())));
        var match = matcher.match(null, "13800138000", "13900139000", PLACED.plusSeconds(75));

        assertEquals("T-1", assertInstanceOf(Matched.class, match).placement().correlationKey());
    }

    @Test
    void aPlacementIsClaimedByOneRecordOnlyAndLaterVersionsOfItAreAlreadyMatched() {
        store.remember(placement("T-1", "100001", PLACED));

        assertInstanceOf(Matched.class, matcher.match(null, "13800138000", "13900139000", PLACED.plusSeconds(5)));
        var again = matcher.match(null, "13800138000", "13900139000", PLACED.plusSeconds(5));

        assertEquals("T-1", assertInstanceOf(AlreadyMatched.class, again).placement().correlationKey());
        assertTrue(store.isMatched("100001"));
    }

    @Test
    void anotherCallsRecordFittingAClaimedPlacementIsAmbiguousNotGivenItsKey() {
        store.remember(placement("T-1", "100001", PLACED));
        assertInstanceOf(Matched.class, matcher.match(null, "13800138000", "13900139000", PLACED.plusSeconds(5)));

        // a second call between the same numbers, started 20 s later, that the store does not know
        var other = matcher.match(null, "13800138000", "13900139000", PLACED.plusSeconds(25));

        assertEquals(1, assertInstanceOf(Ambiguous.class, other).candidates());
    }

    @Test
    void aRecordOfAPlacementAlreadyGivenAsTimedOutIsLateNotMatched() {
        store.remember(placement("T-1", "100001", PLACED));
        store.timeOut("100001");

        var match = matcher.match("100001", "13800138000", "13900139000", PLACED.plusSeconds(5));

        assertEquals("T-1", assertInstanceOf(Late.class, match).placement().correlationKey());
        assertTrue(!store.isMatched("100001"), "a late record does not make the placement matched");
    }

    @Test
    void twoIndistinguishablePlacementsMakeTheRecordAmbiguousAndNeitherKeyIsGiven() {
        store.remember(placement("T-1", "100001", PLACED));
        store.remember(placement("T-2", "100002", PLACED.plusSeconds(20)));

        var match = matcher.match(null, "13800138000", "13900139000", PLACED.plusSeconds(21));

        assertEquals(2, assertInstanceOf(Ambiguous.class, match).candidates());
        assertTrue(!store.isMatched("100001") && !store.isMatched("100002"), "an ambiguous record claims nothing");
    }

    @Test
    void placementsPastRingTimeoutPlusOutcomeTimeoutAreTimedOutUnlessMatched() {
        Duration outcomeTimeout = Duration.ofMinutes(10);
        store.remember(placement("late", "100001", PLACED.minusMinutes(11)));
        store.remember(placement("matched", "100002", PLACED.minusMinutes(20)));
        store.remember(placement("recent", "100003", PLACED.minusMinutes(10)));
        store.claim("100002");

        var timedOut = matcher.timedOut(outcomeTimeout, 10);

        assertEquals(1, timedOut.size(), timedOut.toString());
        assertEquals("late", timedOut.get(0).correlationKey());
    }

    @Test
    void aJvmWhoseDefaultZoneIsHonoluluMatchesAndTimesOutInPlatformTime() {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Honolulu"));
        try {
            // the clock a node would be given by default: the JVM's own zone
            PlacementMatcher local = new PlacementMatcher(store, SKEW, Duration.ofMinutes(2),
                    Clock.fixed(NOW, ZoneId.systemDefault()));
            store.remember(placement("T-1", "100001", PLACED.minusMinutes(11)));
            store.remember(placement("T-2", "100002", PLACED));

            var match = local.match(null, "13800138000", "13900139000", PLACED.plusSeconds(10));

            assertEquals("T-2", assertInstanceOf(Matched.class, match).placement().correlationKey());
            assertEquals(List.of("T-1"), local.timedOut(Duration.ofMinutes(10), 10).stream()
                    .map(Placement::correlationKey).toList());
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void aWindowsPlacementsReadInOneQueryMatchItsRecordsWithoutAQueryEach() {
        CountingStore counting = new CountingStore(store);
        // an hour after the calls: the window's records have all settled
        PlacementMatcher later = new PlacementMatcher(counting, SKEW, Duration.ofMinutes(2),
                Clock.offset(honolulu, Duration.ofHours(1)));
        store.remember(placement("T-1", "100001", PLACED));
        store.remember(new Placement("T-2", Map.of(), "100002", "13800138000", "13700137000", "classic", null, null,
                PLACED.plusSeconds(20), RING));

        PlacementMatcher.Known known = later.known(PLACED.minusMinutes(5), PLACED.plusMinutes(5), 100);
        var byNumbers = later.find(null, "13800138000", "13900139000", PLACED.plusSeconds(10), known);
        var byId = later.find("100002", "x", "y", PLACED.plusSeconds(25), known);
        var nobodys = later.find(null, "13800138000", "13600136000", PLACED.plusSeconds(10), known);
        var neverPlaced = later.find("999999", "13800138000", "13900139000", PLACED.plusSeconds(10), known);
        List<PlacementMatcher.Match> settled = later.settle(List.of(byNumbers, byId, nobodys, neverPlaced));

        assertEquals("T-1", assertInstanceOf(Matched.class, settled.get(0)).placement().correlationKey());
        assertEquals("T-2", assertInstanceOf(Matched.class, settled.get(1)).placement().correlationKey());
        assertInstanceOf(Unmatched.class, settled.get(2));
        assertInstanceOf(Unmatched.class, settled.get(3));
        assertEquals(0, counting.lookups, "records matched in memory, not one query each");
        assertEquals(1, counting.claimBatches, "both claimed in one go");
    }

    @Test
    void aRecordThatStartedShortlyBeforeThePlacementsWereReadIsMatchedAgainstTheStoreItself() {
        CountingStore counting = new CountingStore(store);
        // read three minutes after the call: a placement stamped then may not have been stored yet
        PlacementMatcher soon = new PlacementMatcher(counting, SKEW, Duration.ofMinutes(2),
                Clock.offset(honolulu, Duration.ofMinutes(3)));
        PlacementMatcher.Known known = soon.known(PLACED.minusMinutes(5), PLACED.plusMinutes(5), 100);
        store.remember(placement("stored-after-the-read", "100001", PLACED));

        var match = soon.settle(List.of(soon.find(null, "13800138000", "13900139000", PLACED.plusSeconds(10), known)));

        assertEquals("stored-after-the-read",
                assertInstanceOf(Matched.class, match.get(0)).placement().correlationKey());
        assertEquals(1, counting.lookups);
    }

    @Test
    void aWindowWithMorePlacementsThanTheLimitIsMatchedRecordByRecord() {
        store.remember(placement("T-1", "100001", PLACED));
        store.remember(placement("T-2", "100002", PLACED.plusMinutes(1)));

        assertEquals(null, matcher.known(PLACED.minusMinutes(5), PLACED.plusMinutes(5), 1));
    }

    @Test
    void twoRecordsSettledTogetherThatFindTheSamePlacementGiveItToTheFirstOnly() {
        store.remember(placement("T-1", "100001", PLACED));
        var first = matcher.find(null, "13800138000", "13900139000", PLACED.plusSeconds(10), null);
        var itsNewerVersion = matcher.find(null, "13800138000", "13900139000", PLACED.plusSeconds(10), null);
        var anotherCall = matcher.find(null, "13800138000", "13900139000", PLACED.plusSeconds(40), null);

        List<PlacementMatcher.Match> settled = matcher.settle(List.of(first, itsNewerVersion, anotherCall));

        assertInstanceOf(Matched.class, settled.get(0));
        assertInstanceOf(AlreadyMatched.class, settled.get(1));
        assertEquals(1, assertInstanceOf(Ambiguous.class, settled.get(2)).candidates(), "never the wrong key");
    }

    /** A store that counts the per-record look-ups and the claim batches it is asked for. */
    private static final class CountingStore implements PlacementStore {
        private final PlacementStore store;
        int lookups;
        int claimBatches;

        CountingStore(PlacementStore store) {
            this.store = store;
        }

        @Override
        public void remember(Placement placement) {
            store.remember(placement);
        }

        @Override
        public java.util.Optional<Placement> byCallId(String callId) {
            lookups++;
            return store.byCallId(callId);
        }

        @Override
        public List<Placement> byNumbers(String caller, String called, LocalDateTime from, LocalDateTime to) {
            lookups++;
            return store.byNumbers(caller, called, from, to);
        }

        @Override
        public List<Placement> placedBetween(LocalDateTime from, LocalDateTime to, int limit) {
            return store.placedBetween(from, to, limit);
        }

        @Override
        public boolean claim(String callId) {
            return store.claim(callId);
        }

        @Override
        public boolean claim(String callId, String recordIdentity) {
            return store.claim(callId, recordIdentity);
        }

        @Override
        public java.util.Set<String> claimAll(Map<String, String> identities) {
            claimBatches++;
            return store.claimAll(identities);
        }

        @Override
        public java.util.Optional<String> claimedBy(String callId) {
            return store.claimedBy(callId);
        }

        @Override
        public boolean isMatched(String callId) {
            return store.isMatched(callId);
        }

        @Override
        public boolean timeOut(String callId) {
            return store.timeOut(callId);
        }

        @Override
        public List<Placement> openPlacedBefore(LocalDateTime placedBefore, int limit) {
            return store.openPlacedBefore(placedBefore, limit);
        }

        @Override
        public int prune(LocalDateTime placedBefore) {
            return store.prune(placedBefore);
        }
    }
}

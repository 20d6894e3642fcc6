package io.github.camelicsoc.outcome;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.camelicsoc.jdbc.JdbcPlacementStore;
import io.github.camelicsoc.support.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every placements store does, the default in memory and the JDBC one on PostgreSQL, MariaDB and H2 alike
 * (database stores skip with a line when their server is absent): a placement is found by call id and by numbers, is
 * claimed or timed out exactly once, even by two nodes at the same moment, is listed while open oldest first, and is
 * pruned by placement time.
 */
class PlacementStoreContractTest {

    private static final LocalDateTime T0 = LocalDateTime.of(2026, 12, 4, 10, 0, 0);
    private static final Duration RING = Duration.ofSeconds(45);

    /** The store kinds under test. */
    enum Kind {
        MEMORY, POSTGRESQL, MARIADB, H2
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPlacementIsFoundByItsCallIdWithEverythingRemembered(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            Map<String, String> carried = Map.of("ticketQueue", "gold & silver", "note", "a=b 100% 客户",
                    "empty", "");
            Placement placed = new Placement("T-1", carried, "100001", "13800138000", "13900139000", "axb",
                    "4001234567", null, T0, RING);
            stores.node.remember(placed);

            assertEquals(placed, stores.node.byCallId("100001").orElseThrow());
            assertTrue(stores.node.byCallId("100002").isEmpty(), "a call id never placed");
            assertEquals(placed, stores.otherNode().byCallId("100001").orElseThrow(), "every node sees it");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void rememberingTheSameCallIdAgainReplacesThePlacementAndOpensIt(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            stores.node.remember(placement("T-1", "100001", T0));
            assertTrue(stores.node.claim("100001"));

            Placement again = placement("T-2", "100001", T0.plusSeconds(5));
            stores.node.remember(again);

            assertEquals(again, stores.node.byCallId("100001").orElseThrow());
            assertFalse(stores.node.isMatched("100001"));
            assertEquals(List.of(again), stores.node.openPlacedBefore(T0.plusDays(1), 10));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSearchByNumbersFindsPlacementsOnBothEndsOfTheWindowAndNoneOutside(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            LocalDateTime from = T0;
            LocalDateTime to = T0.plusMinutes(2);
            stores.node.remember(placement("before", "1", from.minusSeconds(1)));
            stores.node.remember(placement("first", "2", from));
            stores.node.remember(placement("last", "3", to));
            stores.node.remember(placement("after", "4", to.plusSeconds(1)));
            stores.node.remember(new Placement("other-called", Map.of(), "5", "13800138000", "13700137000", "classic",
                    null, null, from.plusSeconds(30), RING));
            stores.node.remember(placement("matched", "6", from.plusSeconds(40)));
            assertTrue(stores.node.claim("6"));

            List<String> keys = stores.node.byNumbers("13800138000", "13900139000", from, to).stream()
                    .map(Placement::correlationKey).sorted().toList();

            assertEquals(List.of("first", "last", "matched"), keys, "both ends included, matched ones too");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void placementsOfEveryStateAreListedByPlacementTimeBothEndsIncludedUpToTheLimit(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            LocalDateTime from = T0;
            LocalDateTime to = T0.plusMinutes(2);
            stores.node.remember(placement("before", "1", from.minusSeconds(1)));
            stores.node.remember(placement("first", "2", from));
            stores.node.remember(placement("matched", "3", from.plusSeconds(40)));
            stores.node.remember(placement("timed-out", "4", from.plusSeconds(50)));
            stores.node.remember(placement("last", "5", to));
            stores.node.remember(placement("after", "6", to.plusSeconds(1)));
            assertTrue(stores.node.claim("3"));
            assertTrue(stores.node.timeOut("4"));

            List<String> listed = stores.otherNode().placedBetween(from, to, 10).stream()
                    .map(Placement::correlationKey).sorted().toList();
            assertEquals(List.of("first", "last", "matched", "timed-out"), listed);
            assertEquals(2, stores.node.placedBetween(from, to, 2).size(), "no more than the limit");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void claimingSeveralAtOnceClaimsOnlyTheOpenOnesAndKeepsWhichRecordClaimedEach(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            stores.node.remember(placement("T-1", "1", T0));
            stores.node.remember(placement("T-2", "2", T0));
            stores.node.remember(placement("T-3", "3", T0));
            assertTrue(stores.node.claim("2", "earlier record"));
            assertTrue(stores.node.timeOut("3"));
            Map<String, String> identities = new LinkedHashMap<>();
            identities.put("1", "record one");
            identities.put("2", "record two");
            identities.put("3", "record three");
            identities.put("never-placed", "record four");

            assertEquals(Set.of("1"), stores.otherNode().claimAll(identities));
            assertEquals("record one", stores.node.claimedBy("1").orElseThrow());
            assertEquals("earlier record", stores.node.claimedBy("2").orElseThrow(), "claimed once, by the first");
            assertFalse(stores.node.isMatched("3"), "timed out stays timed out");
            assertEquals(Set.of(), stores.node.claimAll(Map.of("1", "record one")), "claimed once");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void twoNodesClaimingTheSamePlacementsInBatchesClaimEachExactlyOnce(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            int placements = 200;
            Map<String, String> all = new LinkedHashMap<>();
            for (int i = 0; i < placements; i++) {
                stores.node.remember(placement("T-" + i, "call-" + i, T0.plusSeconds(i)));
                all.put("call-" + i, "record " + i);
            }
            PlacementStore nodeB = stores.otherNode();
            // node B is asked in the opposite order
            Map<String, String> reversed = new LinkedHashMap<>();
            List<String> backwards = new ArrayList<>(all.keySet());
            Collections.reverse(backwards);
            backwards.forEach(callId -> reversed.put(callId, all.get(callId)));
            List<Set<String>> won = together(2, n -> () -> n == 0 ? stores.node.claimAll(all)
                    : nodeB.claimAll(reversed));

            Set<String> both = new HashSet<>(won.get(0));
            both.retainAll(won.get(1));
            assertEquals(Set.of(), both, "no placement claimed by both nodes");
            assertEquals(placements, won.get(0).size() + won.get(1).size(), "every placement claimed by one");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPlacementIsClaimedOnceAndAnUnknownCallNever(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            stores.node.remember(placement("T-1", "100001", T0));
            assertFalse(stores.node.isMatched("100001"));

            assertTrue(stores.node.claim("100001"));
            assertFalse(stores.node.claim("100001"), "claimed once");
            assertFalse(stores.otherNode().claim("100001"), "not by another node either");
            assertTrue(stores.otherNode().isMatched("100001"));
            assertFalse(stores.node.claim("999999"), "never placed");
            assertFalse(stores.node.isMatched("999999"));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theRecordThatClaimedAPlacementIsKeptUntilThePlacementIsRememberedAgain(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            stores.node.remember(placement("T-1", "1", T0));
            stores.node.remember(placement("T-2", "2", T0));
            stores.node.remember(placement("T-3", "3", T0));
            String record = "13800138000|13900139000|2026-12-04 10:00:05";

            assertTrue(stores.node.claimedBy("1").isEmpty(), "open");
            assertTrue(stores.node.claim("1", record));
            assertFalse(stores.otherNode().claim("1", "13800138000|13900139000|2026-12-04 10:00:35"), "claimed once");
            assertEquals(record, stores.otherNode().claimedBy("1").orElseThrow(), "by the first record, on every node");
            assertTrue(stores.node.claim("2"));
            assertTrue(stores.node.claimedBy("2").isEmpty(), "claimed without saying by which record");
            assertTrue(stores.node.timeOut("3"));
            assertTrue(stores.node.claimedBy("3").isEmpty(), "timed out");
            assertTrue(stores.node.claimedBy("4").isEmpty(), "never placed");

            stores.node.remember(placement("T-1", "1", T0));
            assertTrue(stores.node.claimedBy("1").isEmpty() && !stores.node.isMatched("1"), "open again, unclaimed");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void eightThreadsClaimingOnePlacementAtOnceGiveExactlyOneWinner(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            stores.node.remember(placement("T-1", "100001", T0));
            List<Boolean> won = together(8, i -> () -> stores.node.claim("100001"));
            assertEquals(1, won.stream().filter(w -> w).count(), "one winner of " + won);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void twoNodesRacingOverTheSamePlacementsClaimEachExactlyOnce(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            int placements = 40;
            for (int i = 0; i < placements; i++) {
                stores.node.remember(placement("T-" + i, "call-" + i, T0.plusSeconds(i)));
            }
            PlacementStore nodeB = stores.otherNode();
            // node A claims every placement from the first, node B from the last; half of B's races are timeouts
            List<Integer> wins = together(2, n -> () -> {
                int mine = 0;
                for (int i = 0; i < placements; i++) {
                    int call = n == 0 ? i : placements - 1 - i;
                    boolean won = n == 0 ? stores.node.claim("call-" + call)
                            : call % 2 == 0 ? nodeB.claim("call-" + call) : nodeB.timeOut("call-" + call);
                    mine += won ? 1 : 0;
                }
                return mine;
            });

            assertEquals(placements, wins.get(0) + wins.get(1), "each placement closed by exactly one node: " + wins);
            assertTrue(stores.node.openPlacedBefore(T0.plusDays(1), 100).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPlacementTimesOutOnceAndNoRecordClaimsItAfterwards(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            stores.node.remember(placement("T-1", "1", T0));
            stores.node.remember(placement("T-2", "2", T0));
            assertTrue(stores.node.claim("2"));

            assertTrue(stores.node.timeOut("1"));
            assertFalse(stores.otherNode().timeOut("1"), "timed out once, whichever node asks");
            assertFalse(stores.node.timeOut("2"), "a matched placement has its outcome already");
            assertFalse(stores.node.claim("1"), "a record arriving after the timed-out outcome claims nothing");
            assertFalse(stores.node.isMatched("1"));
            assertFalse(stores.node.timeOut("3"), "never placed");
            assertTrue(stores.node.byCallId("1").isPresent(), "still remembered until pruned");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void openPlacementsAreListedOldestFirstUpToTheLimit(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            // remembered out of order
            for (int minute : new int[] { 4, 1, 5, 3, 2, 0 }) {
                stores.node.remember(placement("T-" + minute, "call-" + minute, T0.plusMinutes(minute)));
            }
            assertTrue(stores.node.claim("call-1"));
            assertTrue(stores.node.timeOut("call-2"));

            List<String> open = keys(stores.node.openPlacedBefore(T0.plusMinutes(5), 10));
            assertEquals(List.of("T-0", "T-3", "T-4"), open, "open only, placed strictly before, oldest first");
            assertEquals(List.of("T-0", "T-3"), keys(stores.node.openPlacedBefore(T0.plusMinutes(5), 2)));
            assertEquals(List.of(), keys(stores.node.openPlacedBefore(T0, 10)));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void pruningForgetsEveryPlacementPlacedBeforeTheCutOffAndNoOther(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            stores.node.remember(placement("old-open", "1", T0.minusDays(2)));
            stores.node.remember(placement("old-matched", "2", T0.minusDays(2)));
            assertTrue(stores.node.claim("2"));
            stores.node.remember(placement("at-cut", "3", T0.minusDays(1)));
            stores.node.remember(placement("new", "4", T0));

            assertEquals(2, stores.node.prune(T0.minusDays(1)));
            assertTrue(stores.node.byCallId("1").isEmpty() && stores.node.byCallId("2").isEmpty());
            assertTrue(stores.node.byCallId("3").isPresent() && stores.node.byCallId("4").isPresent());
            assertEquals(0, stores.node.prune(T0.minusDays(1)));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theStoreIsEmptyUntilAnyNodeRemembersAPlacementAndAgainOnceAllArePruned(Kind kind) throws Exception {
        try (Stores stores = Stores.open(kind)) {
            assertTrue(stores.node.isEmpty());
            stores.otherNode().remember(placement("T-1", "1", T0));
            assertTrue(stores.node.claim("1"));
            assertFalse(stores.node.isEmpty(), "a matched placement is still remembered");
            stores.node.prune(T0.plusSeconds(1));
            assertTrue(stores.node.isEmpty());
        }
    }

    static Placement placement(String key, String callId, LocalDateTime placedAt) {
        return new Placement(key, Map.of("ticket", key), callId, "13800138000", "13900139000", "classic", null,
                "4001234567", placedAt, RING);
    }

    private static List<String> keys(List<Placement> placements) {
        return placements.stream().map(Placement::correlationKey).toList();
    }

    /** Runs {@code count} tasks released at the same moment; their results in task order. */
    static <T> List<T> together(int count, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CyclicBarrier start = new CyclicBarrier(count);
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<T> mine = task.apply(i);
                results.add(threads.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return mine.call();
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> r : results) {
                out.add(r.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * A store of one kind, and on a database a second store over a pool of its own: another node. Memory has no other
     * node; the same store stands in for it.
     */
    static final class Stores implements AutoCloseable {

        final PlacementStore node;
        private final TestDatabase db;
        private final List<AutoCloseable> opened = new ArrayList<>();
        private PlacementStore other;

        private Stores(PlacementStore node, TestDatabase db) {
            this.node = node;
            this.db = db;
        }

        static Stores open(Kind kind) {
            if (kind == Kind.MEMORY) {
                return new Stores(new MemoryPlacementStore(1000), null);
            }
            TestDatabase db = TestDatabase.open(TestDatabase.Kind.valueOf(kind.name()));
            JdbcPlacementStore store = new JdbcPlacementStore(db.dataSource());
            store.start();
            Stores stores = new Stores(store, db);
            stores.opened.add(store::stop);
            return stores;
        }

        synchronized PlacementStore otherNode() {
            if (db == null) {
                return node;
            }
            if (other == null) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(db.url());
                config.setUsername(db.user());
                config.setPassword(db.password());
                config.setMaximumPoolSize(2);
                HikariDataSource pool = new HikariDataSource(config);
                opened.add(pool);
                JdbcPlacementStore store = new JdbcPlacementStore(pool);
                store.start();
                opened.add(0, store::stop);
                other = store;
            }
            return other;
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable c : opened) {
                c.close();
            }
            if (db != null) {
                db.close();
            }
        }
    }
}

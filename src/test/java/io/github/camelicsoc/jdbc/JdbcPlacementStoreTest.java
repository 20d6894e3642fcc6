package io.github.camelicsoc.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;

import io.github.camelicsoc.outcome.Placement;
import io.github.camelicsoc.support.TestDatabase;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the JDBC placements store adds to the contract every store keeps (PlacementStoreContractTest): its table is
 * created on start when missing, its columns bound what it accepts, the placement time is the platform's wall clock
 * whatever the JVM's zone, pruning goes in batches, and the write check proves the table.
 */
class JdbcPlacementStoreTest {

    private static final LocalDateTime PLACED = LocalDateTime.of(2026, 12, 4, 10, 0, 0);

    private static Placement placement(String key, String callId, LocalDateTime placedAt) {
        return new Placement(key, Map.of("ticket", key), callId, "13800138000", "13900139000", "classic", null, null,
                placedAt, Duration.ofSeconds(45));
    }

    private static JdbcPlacementStore started(TestDatabase db) {
        JdbcPlacementStore store = new JdbcPlacementStore(db.dataSource());
        store.start();
        return store;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aDroppedTableIsCreatedAgainWhenTheStoreStarts(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            JdbcPlacementStore before = started(db);
            before.remember(placement("T-1", "100001", PLACED));
            before.stop();
            execute(db, "DROP TABLE icsoc_placement");

            JdbcPlacementStore after = started(db);
            assertTrue(after.byCallId("100001").isEmpty(), "a new, empty table");
            after.remember(placement("T-2", "100002", PLACED));
            assertTrue(after.claim("100002"));
            after.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aPlacementWiderThanTheColumnsIsRefusedNotCut(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            JdbcPlacementStore store = started(db);
            IllegalArgumentException longKey = assertThrows(IllegalArgumentException.class,
                    () -> store.remember(new Placement("k".repeat(256), Map.of(), "1", "1380", "1390", "classic",
                            null, null, PLACED, Duration.ofSeconds(45))));
            assertTrue(longKey.getMessage().contains("correlation key holds at most 255 characters"),
                    longKey.getMessage());

            IllegalArgumentException carried = assertThrows(IllegalArgumentException.class,
                    () -> store.remember(new Placement("T-2", Map.of("note", "&".repeat(3400)), "2", "1380", "1390",
                            "classic", null, null, PLACED, Duration.ofSeconds(45))));
            assertTrue(carried.getMessage().contains("more than the 10000 the placements table holds"),
                    carried.getMessage());
            assertTrue(store.byCallId("1").isEmpty() && store.byCallId("2").isEmpty(), "nothing half-written");
            store.remember(placement("T-4", "4", PLACED));
            assertThrows(IllegalArgumentException.class, () -> store.claim("4", "i".repeat(256)));
            assertFalse(store.isMatched("4"), "a refused claim changes nothing");

            // the widest that fits is kept whole, in any script
            String key = "客".repeat(255);
            store.remember(new Placement(key, Map.of("note", "户".repeat(9990)), "3", "1380", "1390", "classic", null,
                    null, PLACED, Duration.ofSeconds(45)));
            assertEquals(key, store.byCallId("3").orElseThrow().correlationKey());
            assertEquals(9990, store.byCallId("3").orElseThrow().carriedHeaders().get("note").length());
            store.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void thePlacementTimeIsStoredAsThePlatformWallClockWhateverTheJvmZone(TestDatabase.Kind kind) throws Exception {
        TimeZone jvmZone = TimeZone.getDefault();
        // ten hours behind UTC, eighteen behind the platform: any conversion on the way would show
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Honolulu"));
        try (TestDatabase db = TestDatabase.open(kind)) {
            JdbcPlacementStore store = started(db);
            store.remember(placement("T-1", "100001", PLACED));

            assertEquals(PLACED, store.byCallId("100001").orElseThrow().placedAt());
            assertEquals(1, store.byNumbers("13800138000", "13900139000", PLACED, PLACED).size());
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM icsoc_placement"
                                               + " WHERE placed_at = TIMESTAMP '2026-12-04 10:00:00'")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "the row holds 10:00:00, as the platform's clock read");
            }
            store.stop();
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void pruningDeletesBatchAfterBatchUntilNoOldPlacementIsLeft(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            JdbcPlacementStore store = started(db);
            store.pruneBatch = 3;
            for (int i = 0; i < 10; i++) {
                store.remember(placement("old-" + i, "old-" + i, PLACED.minusDays(2).plusMinutes(i)));
            }
            store.remember(placement("new", "new", PLACED));

            assertEquals(10, store.prune(PLACED.minusDays(1)));
            assertEquals(1, count(db, "SELECT COUNT(*) FROM icsoc_placement"));
            store.stop();
        }
    }

    @Test
    void theWriteCheckPassesOnTheShippedTableAndFailsOnANarrowerOne() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL)) {
            JdbcPlacementStore store = started(db);
            store.checkWritable();
            assertEquals(0, count(db, "SELECT COUNT(*) FROM icsoc_placement"), "the probe is gone again");

            execute(db, "ALTER TABLE icsoc_placement ALTER COLUMN carried_headers TYPE VARCHAR(5000)");
            RuntimeCamelException narrow = assertThrows(RuntimeCamelException.class, store::checkWritable);
            assertTrue(narrow.getMessage().contains("Cannot remember the placement of call"), narrow.getMessage());
            store.stop();
        }
    }

    @Test
    void onPostgreSqlTheQueriesPlannedOnAnEmptyTableUseTheirIndexes() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL)) {
            started(db).stop();
            // the driver switches to a server-side generic plan after a few executions; one made while the table was
            // empty must still find a record's candidates by its numbers, and the open placements by their state
            assertTrue(genericPlan(db, JdbcDialect.Placements.byNumbers("icsoc_placement"),
                    "'1380', '1390', TIMESTAMP '2026-12-04 10:00:00', TIMESTAMP '2026-12-04 10:05:00', 100")
                    .contains("icsoc_placement_numbers"));
            assertTrue(genericPlan(db, JdbcDialect.Placements.openPlacedBefore("icsoc_placement"),
                    "TIMESTAMP '2026-12-04 10:00:00', 100").contains("icsoc_placement_open"));
        }
    }

    private static String genericPlan(TestDatabase db, String sql, String arguments) throws Exception {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + ++n : String.valueOf(c));
        }
        StringBuilder plan = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("PREPARE query AS " + numbered);
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE query(" + arguments + ")")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    @Test
    void carriedHeadersComeBackAsTheyWentWhateverCharactersTheyHold() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("a=b", "x&y=z");
        headers.put("percent", "100%25 %");
        headers.put("empty", "");
        headers.put("客户", "张三");

        String stored = CarriedHeaders.write(headers);

        assertEquals(headers, CarriedHeaders.read(stored));
        assertEquals(Map.of(), CarriedHeaders.read(CarriedHeaders.write(Map.of())));
        assertThrows(IllegalStateException.class, () -> CarriedHeaders.read("no-pair"));
        assertThrows(IllegalStateException.class, () -> CarriedHeaders.read("a=%4"));
        assertThrows(IllegalStateException.class, () -> CarriedHeaders.read("a=%41"));
    }

    private static void execute(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(TestDatabase db, String query) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package io.github.camelicsoc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.camelicsoc.jdbc.BulkIdempotentRepository;
import io.github.camelicsoc.jdbc.JdbcIdempotentRepository;
import io.github.camelicsoc.jdbc.JdbcStateRepository;
import io.github.camelicsoc.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDBC records store on real PostgreSQL and MariaDB servers, and on H2: the watermark is an upsert that survives a
 * restart, keys are added once and seen by every node, sizes are bounded, old keys are pruned.
 */
class JdbcRecordsStoreTest {

    private static final String KEY = "icsoc:7000001:400";

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aWatermarkWrittenTwiceIsOneRowHoldingTheLatestValue(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            JdbcStateRepository watermarks = started(new JdbcStateRepository(db.dataSource()));
            assertNull(watermarks.getState(KEY), "nothing stored yet");
            watermarks.setState(KEY, "2026-11-28 10:00:00");
            watermarks.setState(KEY, "2026-11-28 10:05:00");
            watermarks.setState("icsoc:7000001:800", "2026-11-28 09:00:00");

            assertEquals("2026-11-28 10:05:00", watermarks.getState(KEY));
            assertEquals("2026-11-28 09:00:00", watermarks.getState("icsoc:7000001:800"));
            assertEquals(1, count(db, "SELECT COUNT(*) FROM icsoc_state WHERE state_key = '" + KEY + "'"));
            watermarks.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aRestartedRepositoryReadsTheWatermarkTheLastOneLeft(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            JdbcStateRepository before = started(new JdbcStateRepository(db.dataSource()));
            before.setState(KEY, "2026-11-28 10:05:00");
            before.stop();

            // a new repository, over a new connection: what a restarted process has
            JdbcStateRepository after = started(new JdbcStateRepository(db.reopenDataSource()));
            assertEquals("2026-11-28 10:05:00", after.getState(KEY));
            after.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void stateBeyondTheColumnsIsRefusedNotCut(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            JdbcStateRepository watermarks = started(new JdbcStateRepository(db.dataSource()));
            IllegalArgumentException longValue = assertThrows(IllegalArgumentException.class,
                    () -> watermarks.setState(KEY, "x".repeat(1025)));
            assertTrue(longValue.getMessage().contains("at most 1024 characters"), longValue.getMessage());
            assertThrows(IllegalArgumentException.class, () -> watermarks.setState("k".repeat(256), "v"));
            assertNull(watermarks.getState(KEY), "nothing half-written");
            watermarks.setState(KEY, "x".repeat(1024));
            assertEquals(1024, watermarks.getState(KEY).length());
            watermarks.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aKeyIsAddedOnceAndEveryNodeSeesIt(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            JdbcIdempotentRepository nodeA = started(new JdbcIdempotentRepository(db.dataSource(), "icsoc:7000001"));
            JdbcIdempotentRepository flushing = new JdbcIdempotentRepository(db.dataSource(), "icsoc:7000001");
            // one node waits for the disk flush of each key, the other (the default) does not: the same keys either way
            flushing.setFlushEachKey(true);
            JdbcIdempotentRepository nodeB = started(flushing);
            JdbcIdempotentRepository otherEnterprise = started(new JdbcIdempotentRepository(db.dataSource(), "icsoc:7000002"));

            assertFalse(nodeB.contains("400:call-1"));
            assertTrue(nodeA.add("400:call-1"), "added");
            assertFalse(nodeA.add("400:call-1"), "already there");
            assertFalse(nodeB.add("400:call-1"), "already there, added by another node");
            assertTrue(nodeB.add("400:call-2"), "added by the flushing node");
            assertTrue(nodeA.contains("400:call-2"));
            assertTrue(nodeA.remove("400:call-2"));
            assertTrue(nodeB.contains("400:call-1"));
            assertFalse(otherEnterprise.contains("400:call-1"), "keys of another repository name are apart");

            // a call id as long as the platform may send: stored as a prefix and a hash, found again
            String longKey = "400:" + "9".repeat(500);
            assertTrue(nodeA.add(longKey));
            assertTrue(nodeB.contains(longKey));
            assertFalse(nodeB.contains("400:" + "9".repeat(499) + "8"), "a different long key is another key");

            assertTrue(nodeA.remove("400:call-1"));
            assertFalse(nodeA.contains("400:call-1"));
            assertEquals(1, count(db, "SELECT COUNT(*) FROM icsoc_delivered"), "the long key alone is left");
            nodeA.stop();
            nodeB.stop();
            otherEnterprise.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void manyKeysAreAddedTogetherAndLookedUpTogether(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            JdbcIdempotentRepository nodeA = started(new JdbcIdempotentRepository(db.dataSource(), "icsoc:7000001"));
            JdbcIdempotentRepository uncached = uncached(db, "icsoc:7000001");
            assertTrue(nodeA.add("400:call-0"));

            // more than one statement holds, a long key, and one already there that the others do not fail on
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 1_200; i++) {
                keys.add("400:call-" + i);
            }
            String longKey = "400:" + "9".repeat(500);
            keys.add(longKey);
            nodeA.addAll(keys);
            nodeA.addAll(List.of("=c=0123456789abcdef0123456789abcdef=400:call-7", "400:call-7"));
            assertEquals(1_202, count(db, "SELECT COUNT(*) FROM icsoc_delivered"), "each key once");

            List<String> asked = new ArrayList<>(keys);
            asked.add("400:call-never");
            asked.add("400:" + "9".repeat(499) + "8");
            asked.add("=c=0123456789abcdef0123456789abcdef=400:call-7");
            Set<String> found = uncached.containsAny(asked);
            Set<String> expected = new HashSet<>(keys);
            expected.add("=c=0123456789abcdef0123456789abcdef=400:call-7");
            assertEquals(expected, found, "the stored keys, as asked for, and no other");
            assertEquals(Set.of(), uncached.containsAny(List.of()));
            nodeA.stop();
            uncached.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aKeysNoteIsWrittenWithItLookedUpByItsHeadAndReadWhole(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            JdbcIdempotentRepository writer = started(new JdbcIdempotentRepository(db.dataSource(), "icsoc:7000001"));
            JdbcIdempotentRepository uncached = uncached(db, "icsoc:7000001");
            String note = "0123456789abcdef0123456789abcdef caller=0a1b2c3d;called=4e5f6a7b;recording=8c9d0e1f";
            writer.addAll(List.of("400:call-1", "400:call-2"), Map.of("400:call-1", note));

            String head = note.substring(0, BulkIdempotentRepository.NOTE_HEAD);
            Map<String, String> expected = Map.of("400:call-1", head, "400:call-2", "");
            assertEquals(expected, writer.notesOfAny(List.of("400:call-1", "400:call-2", "400:call-3")),
                    "from the cache of the node that wrote them: the head of each note, none for a key without");
            assertEquals(expected, uncached.notesOfAny(List.of("400:call-1", "400:call-2", "400:call-3")),
                    "from the table");
            assertEquals(note, writer.noteOf("400:call-1"), "the whole note, read from the table");
            assertEquals(null, uncached.noteOf("400:call-2"));
            assertEquals(null, uncached.noteOf("400:call-3"));
            writer.stop();
            uncached.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void oldKeysArePrunedCountingBackFromTheNewestKey(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            JdbcIdempotentRepository delivered = new JdbcIdempotentRepository(db.dataSource(), "icsoc:7000001");
            delivered.setRetention(Duration.ofDays(7));
            started(delivered);
            LocalDateTime newest = LocalDateTime.now(ZoneOffset.UTC).minusDays(30).withNano(0);
            insertKey(db, "400:newest", newest);
            insertKey(db, "400:six-days-before", newest.minusDays(6));
            insertKey(db, "400:eight-days-before", newest.minusDays(8));

            // the consumer was stopped 30 days ago: its keys of the last week before the stop stay
            assertEquals(1, delivered.prune());
            assertTrue(delivered.contains("400:newest"));
            assertTrue(delivered.contains("400:six-days-before"));
            assertFalse(delivered.contains("400:eight-days-before"));
            delivered.stop();
        }
    }

    @Test
    void onPostgreSqlAKeyLookupPlannedOnAnEmptyTableUsesThePrimaryKey() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL)) {
            started(new JdbcIdempotentRepository(db.dataSource(), "icsoc:7000001")).stop();
            // the driver switches to a server-side generic plan after a few executions; one made while the table was
            // empty must still look keys up by the primary key, not scan every key of the repository name
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SET plan_cache_mode = force_generic_plan");
                s.execute("PREPARE lookup(varchar, varchar) AS SELECT 1 FROM icsoc_delivered"
                          + " WHERE repository_name = $1 AND record_key = $2");
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE lookup('icsoc:7000001', '400:call-1')")) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertTrue(plan.toString().contains("icsoc_delivered_pkey"), plan.toString());
            }
        }
    }

    /** A started repository that asks the table every time: what another node sees. */
    private static JdbcIdempotentRepository uncached(TestDatabase db, String repositoryName) throws Exception {
        JdbcIdempotentRepository uncached = new JdbcIdempotentRepository(db.dataSource(), repositoryName);
        uncached.setCacheSize(0);
        return started(uncached);
    }

    private static void insertKey(TestDatabase db, String key, LocalDateTime at) throws Exception {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO icsoc_delivered (repository_name, record_key, delivered_at) VALUES (?, ?, ?)")) {
            s.setString(1, "icsoc:7000001");
            s.setString(2, key);
            s.setObject(3, at);
            s.executeUpdate();
        }
    }

    static long count(TestDatabase db, String query) throws Exception {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static <T extends org.apache.camel.Service> T started(T service) {
        service.start();
        return service;
    }
}

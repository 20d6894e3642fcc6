package io.github.camelicsoc;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;

import io.github.camelicsoc.jdbc.JdbcIdempotentRepository;
import io.github.camelicsoc.jdbc.JdbcPlacementStore;
import io.github.camelicsoc.jdbc.JdbcStateRepository;
import io.github.camelicsoc.records.RecordsConsumer;
import io.github.camelicsoc.support.ConsumerHealthChecks;
import io.github.camelicsoc.support.RecordsTestSupport;
import io.github.camelicsoc.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A records store that cannot write stops loudly: start-up writes and reads back a key and a watermark, so a read-only
 * database user, a too-narrow record_key column or the wrong dialect fail the start naming the option and the table;
 * a key write that fails after a successful exchange stops the poll (health DOWN, the reason) and the record is not
 * delivered again while the store refuses its key.
 */
@ConsumerHealthChecks
class RecordsStoreWriteCheckTest extends RecordsTestSupport {

    @Test
    void aReadOnlyDatabaseUserFailsTheStartNamingTheOptionAndTheTable() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL)) {
            createTables(db.dataSource());
            withRole(db, "SELECT", role -> {
                context.getRegistry().bind("readOnly", as(db, role));

                Exception e = assertThrows(Exception.class,
                        () -> consume("icsoc:records?type=400&recordsStore=jdbc&dataSource=#readOnly&" + FAST));
                String message = causeChain(e);
                assertTrue(message.contains("icsoc:records type=400 cannot write and read back a test row in its"
                                            + " records store (recordsStore=jdbc;"), message);
                assertTrue(message.contains("the table icsoc_delivered (dialect postgresql)"), message);
                assertTrue(message.contains("permission denied"), message);
                assertTrue(message.contains("What to do: give the database user SELECT, INSERT"), message);
                assertEquals(0, sim.requestCount(), "nothing asked of the platform");
            });
        }
    }

    @Test
    void aPlacementsTableTheUserCannotWriteFailsTheStartNamingThatTable() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL)) {
            createTables(db.dataSource());
            withRole(db, "SELECT, INSERT, UPDATE, DELETE", role -> {
                // the records store's tables are writable; the calls placed for outcomes cannot be remembered
                sql(db, "REVOKE INSERT, UPDATE ON icsoc_placement FROM " + role);
                context.getRegistry().bind("noPlacements", as(db, role));

                Exception e = assertThrows(Exception.class, () -> consume(
                        "icsoc:records?type=800&outcomes=true&recordsStore=jdbc&dataSource=#noPlacements&" + FAST));
                String message = causeChain(e);
                assertTrue(message.contains("icsoc:records type=800 cannot write and read back a test row in its"
                                            + " records store (recordsStore=jdbc;"), message);
                assertTrue(message.contains("icsoc_placement"), message);
                assertTrue(message.contains("permission denied"), message);
                assertEquals(0, sim.requestCount(), "nothing asked of the platform");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = { "POSTGRESQL", "MARIADB" })
    void aRecordKeyColumnNarrowerThanTheDdlFailsTheStart(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            sql(db, "CREATE TABLE icsoc_delivered (repository_name VARCHAR(100) NOT NULL, record_key VARCHAR(40)"
                    + " NOT NULL, delivered_at TIMESTAMP NOT NULL, note VARCHAR(2000),"
                    + " PRIMARY KEY (repository_name, record_key))");
            context.getRegistry().bind("narrow", db.dataSource());

            Exception e = assertThrows(Exception.class,
                    () -> consume("icsoc:records?type=400&recordsStore=jdbc&dataSource=#narrow&" + FAST));
            String message = causeChain(e);
            assertTrue(message.contains("cannot write and read back a test row in its records store"), message);
            assertTrue(message.contains("the table icsoc_delivered (dialect "), message);
            // PostgreSQL refuses the long key; MariaDB's INSERT IGNORE cuts it silently, which the read-back finds
            assertTrue(message.toLowerCase(Locale.ROOT).contains("too long")
                       || message.contains("a record_key column narrower than 200 characters?"), message);
            assertTrue(message.contains("keep their columns as wide as the DDL in the jar"), message);
        }
    }

    @Test
    void aDialectThatIsNotTheDatabasesFailsTheStart() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL)) {
            JdbcIdempotentRepository keys = new JdbcIdempotentRepository(db.dataSource(), "icsoc:7000001");
            keys.setDialect("mysql");
            context.getRegistry().bind("keys", keys);
            context.getRegistry().bind("watermarks", new JdbcStateRepository(db.dataSource()));

            Exception e = assertThrows(Exception.class, () -> consume("icsoc:records?type=400"
                    + "&idempotentRepository=#keys&stateRepository=#watermarks&" + FAST));
            String message = causeChain(e);
            assertTrue(message.contains("(the idempotentRepository and stateRepository options;"), message);
            assertTrue(message.contains("the table icsoc_delivered (dialect mysql)"), message);
            assertTrue(message.contains("set it to the database's own"), message);
        }
    }

    @Test
    void aKeyWriteThatFailsAfterTheExchangeStopsThePollAndTheRecordIsNotDeliveredAgain() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL)) {
            createTables(db.dataSource());
            withRole(db, "SELECT, INSERT, UPDATE, DELETE", role -> {
                context.getRegistry().bind("database", as(db, role));
                sim.addInboundRecords(3, platformNow().minusMinutes(50), Duration.ofMinutes(10));
                consume("icsoc:records?type=400&recordsStore=jdbc&dataSource=#database&startTime=1h&" + FAST);
                await("the first records", 30, () -> records().getReceivedCounter() == 3);
                // a key is written once its exchange has ended, a moment after the route saw the record
                await("their keys", 10, () -> JdbcRecordsStoreTest.count(db, "SELECT COUNT(*) FROM icsoc_delivered WHERE record_key NOT LIKE '=%'") == 3);

                // the store stops taking keys: the next record's exchange succeeds, its key cannot be written
                sql(db, "REVOKE INSERT ON icsoc_delivered FROM " + role);
                sim.addInboundRecords(1, platformNow().minusMinutes(30), Duration.ofMinutes(1));
                await("the new record", 30, () -> records().getReceivedCounter() == 4);
                await("DOWN saying why", 30, () -> consumerDownForItsStore());
                String why = consumerHealth().orElseThrow().getError().orElseThrow().getMessage();
                assertTrue(why.contains("delivered the record") && why.contains("cannot write its key")
                           && why.contains("recordsStore=jdbc") && why.contains("permission denied")
                           && why.contains("The poll stops so as not to deliver it again"), why);

                // while the store refuses the key, polls stop before asking the platform: no hot loop
                int queries = queriesSoFar();
                RecordsConsumer consumer = (RecordsConsumer) context.getRoute("records").getConsumer();
                long failed = consumer.getPollsFailed();
                await("more failed polls", 30, () -> consumer.getPollsFailed() >= failed + 5);
                assertEquals(queries, queriesSoFar(), "no platform request while the key cannot be written");
                assertEquals(4, records().getReceivedCounter(), "the record is not delivered again");

                sql(db, "GRANT INSERT ON icsoc_delivered TO " + role);
                await("UP again", 30, () -> consumerUp());
                await("polling again", 30, () -> queriesSoFar() >= queries + 3);
                assertEquals(4, records().getReceivedCounter(), "the key written late: still delivered once");
                assertTrue(deliveriesPerKey().values().stream().allMatch(n -> n == 1), deliveriesPerKey().toString());
                context.getRouteController().stopRoute("records");
            });
        }
    }

    private static void createTables(DataSource dataSource) throws Exception {
        JdbcIdempotentRepository keys = new JdbcIdempotentRepository(dataSource, "icsoc:7000001");
        JdbcStateRepository watermarks = new JdbcStateRepository(dataSource);
        // every table of recordsStore=jdbc, as an administrator creates them for a user without CREATE
        JdbcPlacementStore placements = new JdbcPlacementStore(dataSource);
        keys.start();
        watermarks.start();
        placements.start();
        keys.stop();
        watermarks.stop();
        placements.stop();
    }

    /** What runs as a login role of its own. */
    @FunctionalInterface
    private interface AsRole {
        void run(String role) throws Exception;
    }

    /**
     * Runs {@code body} as a new login role granted {@code privileges} on every table of the test schema (those
     * {@link #createTables} made), and drops the role afterwards.
     */
    private static void withRole(TestDatabase db, String privileges, AsRole body) throws Exception {
        String role = "icsoc_t_" + Long.toString(System.nanoTime(), 36);
        try {
            sql(db, "CREATE ROLE " + role + " LOGIN");
            sql(db, "GRANT USAGE ON SCHEMA " + schemaOf(db) + " TO " + role);
            sql(db, "GRANT " + privileges + " ON ALL TABLES IN SCHEMA " + schemaOf(db) + " TO " + role);
            body.run(role);
        } finally {
            sql(db, "DROP OWNED BY " + role);
            sql(db, "DROP ROLE IF EXISTS " + role);
        }
    }

    private static String schemaOf(TestDatabase db) {
        String url = db.url();
        return url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    }

    private static DataSource as(TestDatabase db, String role) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db.url());
        ds.setUser(role);
        return ds;
    }

    private static void sql(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

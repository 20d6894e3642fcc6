package io.github.camelicsoc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.github.camelicsoc.jdbc.JdbcPlacementStore;
import io.github.camelicsoc.outcome.MemoryPlacementStore;
import io.github.camelicsoc.outcome.Placement;
import io.github.camelicsoc.outcome.PlacementStore;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.TestDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where placements are remembered follows the records store: in memory by default, shared by the component's
 * endpoints; with recordsStore=jdbc in the application's database, so that what one application (node) placed the
 * other sees, and claims once.
 */
class PlacementStoreChoiceTest {

    private static final Placement PLACED = new Placement("T-1", Map.of("ticketQueue", "gold"), "100001",
            "13800138000", "13900139000", "classic", null, null, LocalDateTime.of(2026, 12, 4, 10, 0, 0),
            Duration.ofSeconds(45));

    @Test
    void byDefaultTheCallAndRecordsEndpointsShareOneStoreInMemory() throws Exception {
        try (CamelContext camel = application(null)) {
            PlacementStore calls = camel.getEndpoint("icsoc:call", IcsocEndpoint.class).placementStore();
            PlacementStore records = camel.getEndpoint("icsoc:records?type=800", IcsocEndpoint.class).placementStore();

            assertInstanceOf(MemoryPlacementStore.class, calls);
            assertSame(calls, records);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void withRecordsStoreJdbcACallPlacedByOneNodeIsSeenAndClaimedOnceByAnother(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.open(kind);
             CamelContext nodeA = application(db); CamelContext nodeB = application(db)) {
            PlacementStore placing = nodeA.getEndpoint("icsoc:call", IcsocEndpoint.class).placementStore();
            PlacementStore matching = nodeB.getEndpoint("icsoc:records?type=800", IcsocEndpoint.class)
                    .placementStore();
            assertInstanceOf(JdbcPlacementStore.class, placing);
            assertSame(placing, nodeA.getEndpoint("icsoc:records?type=800", IcsocEndpoint.class).placementStore(),
                    "one store per database in a component");

            placing.remember(PLACED);

            assertEquals(PLACED, matching.byCallId("100001").orElseThrow());
            assertTrue(matching.claim("100001"));
            assertFalse(placing.claim("100001"), "claimed once, across the nodes");
        }
    }

    @Test
    void aCallPlacedWithAKeyOnPostgreSqlIsRememberedForEveryNodeOfTheDatabase() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL); IcsocSimulator sim = IcsocSimulator.start();
             CamelContext nodeA = application(db, sim); CamelContext nodeB = application(db, sim)) {
            Exchange placed = nodeA.createProducerTemplate().request(
                    "icsoc:call?caller=13800138000&called=13900139000&timeout=30&carriedHeaders=ticketQueue", e -> {
                        e.getIn().setHeader(IcsocConstants.CORRELATION_KEY, "T-7");
                        e.getIn().setHeader("ticketQueue", "gold");
                    });

            assertEquals(true, placed.getMessage().getHeader(IcsocConstants.PLACEMENT_REMEMBERED));
            String callId = placed.getMessage().getHeader(IcsocConstants.CALL_ID, String.class);
            Placement remembered = nodeB.getEndpoint("icsoc:records?type=800", IcsocEndpoint.class).placementStore()
                    .byCallId(callId).orElseThrow();
            assertEquals("T-7", remembered.correlationKey());
            assertEquals(Map.of("ticketQueue", "gold"), remembered.carriedHeaders());
            assertEquals(Duration.ofSeconds(30), remembered.ringTimeout());
        }
    }

    @Test
    void theJdbcStoreStartsOnItsFirstUseAndStopsWithTheApplication() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.H2)) {
            CamelContext camel = application(db);
            JdbcPlacementStore store = (JdbcPlacementStore) camel.getEndpoint("icsoc:call", IcsocEndpoint.class)
                    .placementStore();
            assertFalse(store.isStarted(), "not on the thread that asked for it");
            assertTrue(store.isEmpty());
            assertTrue(store.isStarted());
            camel.close();
            assertFalse(store.isStarted());
        }
    }

    @Test
    void aDatabaseDownAtTheStoresFirstUseFailsThatUseAndTheNextOneStartsIt() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.H2)) {
            AtomicBoolean down = new AtomicBoolean(true);
            DataSource flaky = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
                        if (method.getName().equals("getConnection") && down.get()) {
                            throw new SQLTransientConnectionException("the database is down");
                        }
                        try {
                            return method.invoke(db.dataSource(), args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            JdbcPlacementStore store = new JdbcPlacementStore(flaky);

            RuntimeException failed = assertThrows(RuntimeException.class, () -> store.remember(PLACED));
            assertTrue(causes(failed).contains("the database is down"), causes(failed));
            down.set(false);
            store.remember(PLACED);

            assertEquals(PLACED, store.byCallId("100001").orElseThrow());
            store.stop();
        }
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append(" | ");
        }
        return text.toString();
    }

    /** An application with the store chosen once for the component, the database a bean; memory without one. */
    private static CamelContext application(TestDatabase db) {
        return application(db, null);
    }

    private static CamelContext application(TestDatabase db, IcsocSimulator sim) {
        CamelContext camel = new DefaultCamelContext();
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim == null ? "http://127.0.0.1:9" : sim.baseUrl());
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        if (db != null) {
            icsoc.setRecordsStore(IcsocConfiguration.RECORDS_STORE_JDBC);
            camel.getRegistry().bind("applicationDatabase", db.dataSource());
        }
        camel.start();
        return camel;
    }
}

package io.github.camelicsoc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.camelicsoc.model.CallOutcome;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.TestDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Call outcomes with recordsStore=jdbc on PostgreSQL, over HTTP against the simulator: a call placed by one
 * application (node) is matched by the records consumer of another sharing the database, a restart between the
 * placement and the record loses nothing, and a record that never comes ends in exactly one timed-out outcome however
 * many consumers look and however often they restart.
 */
class CallOutcomesAcrossNodesTest {

    private static final String CALLER = "13800138000";
    private static final String CUSTOMER = "13900139000";
    private static final String SILENT = "13900139999";
    private static final String FAST = "delay=100&initialDelay=0&settle=0&startTime=10m";

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<Exchange> outcomes = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aCallPlacedOnOneNodeIsMatchedByTheRecordsConsumerOfAnother() throws Exception {
        TestDatabase db = open(TestDatabase.open(TestDatabase.Kind.POSTGRESQL));
        IcsocSimulator sim = open(IcsocSimulator.start()).callsLast(Duration.ofSeconds(2));
        CamelContext nodeA = node(sim, db, placing());
        CamelContext nodeB = node(sim, db, outcomesInto("icsoc:records?type=800&outcomes=true&" + FAST));

        String callId = place(nodeA, "T-1", CUSTOMER);

        await("the record's outcome on node B").atMost(Duration.ofSeconds(30)).until(() -> outcomes.size() >= 1);
        Exchange outcome = outcomes.get(0);
        assertEquals("T-1", outcome.getIn().getHeader(IcsocConstants.CORRELATION_KEY));
        assertEquals(callId, outcome.getIn().getHeader(IcsocConstants.PLACED_CALL_ID));
        assertEquals(CallOutcome.RECORD, outcome.getIn().getHeader(IcsocConstants.OUTCOME));
        assertEquals("gold", outcome.getIn().getHeader("ticketQueue"), "the carried header came along");
        assertEquals(CUSTOMER, outcome.getIn().getBody(CallRecord.class).called());
        pollsMore(sim, 5);
        assertEquals(1, outcomes.size(), "one outcome: " + outcomes);
        nodeB.stop();
        nodeA.stop();
    }

    @Test
    void aRestartBetweenThePlacementAndItsRecordStillGivesTheRecordItsKey() throws Exception {
        TestDatabase db = open(TestDatabase.open(TestDatabase.Kind.POSTGRESQL));
        IcsocSimulator sim = open(IcsocSimulator.start()).callsLast(Duration.ofSeconds(3));
        CamelContext before = node(sim, db, placing(), outcomesInto("icsoc:records?type=800&outcomes=true&" + FAST));
        String callId = place(before, "T-2", CUSTOMER);
        // stopped before the call ended, so before its record exists
        before.close();
        assertEquals(List.of(), outcomes);

        node(sim, db, outcomesInto("icsoc:records?type=800&outcomes=true&" + FAST));

        await("the record's outcome after the restart").atMost(Duration.ofSeconds(30)).until(() -> outcomes.size() >= 1);
        assertEquals("T-2", outcomes.get(0).getIn().getHeader(IcsocConstants.CORRELATION_KEY));
        assertEquals(callId, outcomes.get(0).getIn().getHeader(IcsocConstants.PLACED_CALL_ID));
        pollsMore(sim, 5);
        assertEquals(1, outcomes.size(), "one outcome: " + outcomes);
    }

    @Test
    void aRecordThatNeverComesEndsInExactlyOneTimedOutOutcomeAcrossRestartsAndNodes() throws Exception {
        TestDatabase db = open(TestDatabase.open(TestDatabase.Kind.POSTGRESQL));
        IcsocSimulator sim = open(IcsocSimulator.start()).dropRecordsOfCallsTo(SILENT);
        String consumer = "icsoc:records?type=800&outcomes=true&outcomeTimeout=1s&" + FAST;
        CamelContext placingNode = node(sim, db, placing(), outcomesInto(consumer));
        place(placingNode, "T-3", SILENT);
        // the placing node stops before the call could time out: the outcome is another node's to give
        placingNode.close();

        CamelContext nodeA = node(sim, db, outcomesInto(consumer));
        await("the timed-out outcome").atMost(Duration.ofSeconds(60)).until(() -> outcomes.size() >= 1);
        pollsMore(sim, 10);
        nodeA.close();
        // node A again, and then node B, each reading the same day from the database's watermark
        node(sim, db, outcomesInto(consumer)).close();
        CamelContext nodeB = node(sim, db, outcomesInto(consumer));
        pollsMore(sim, 10);
        nodeB.close();

        assertEquals(1, outcomes.size(), "exactly one outcome: " + outcomes);
        Exchange timedOut = outcomes.get(0);
        assertEquals(CallOutcome.TIMED_OUT, timedOut.getIn().getHeader(IcsocConstants.OUTCOME));
        CallOutcome body = assertInstanceOf(CallOutcome.class, timedOut.getIn().getBody());
        assertEquals("T-3", body.correlationKey());
        assertEquals(Map.of("ticketQueue", "gold"), body.carriedHeaders());
        assertEquals(SILENT, body.called());
    }

    /** Places a call for a ticket through node's direct:call; returns its call id. */
    private static String place(CamelContext node, String ticket, String called) {
        Exchange placed = node.createProducerTemplate().request("direct:call", e -> {
            e.getIn().setHeader(IcsocConstants.CORRELATION_KEY, ticket);
            e.getIn().setHeader("ticketQueue", "gold");
            e.getIn().setHeader("called", called);
        });
        if (placed.getException() != null) {
            throw new AssertionError("the call was not placed", placed.getException());
        }
        assertEquals(Boolean.TRUE, placed.getMessage().getHeader(IcsocConstants.PLACEMENT_REMEMBERED));
        return placed.getMessage().getHeader(IcsocConstants.CALL_ID, String.class);
    }

    private static void pollsMore(IcsocSimulator sim, int polls) {
        int queries = sim.queries().size();
        await(polls + " more polls").atMost(Duration.ofSeconds(30)).until(() -> sim.queries().size() >= queries + polls);
    }

    private static RouteBuilder placing() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").toD("icsoc:call?caller=" + CALLER + "&called=${header.called}&timeout=2"
                                        + "&carriedHeaders=ticketQueue");
            }
        };
    }

    private RouteBuilder outcomesInto(String uri) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(outcomes::add);
            }
        };
    }

    /** A started application on its own connection pool to the shared database: one node. */
    private CamelContext node(IcsocSimulator sim, TestDatabase db, RouteBuilder... routes) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim.baseUrl());
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        icsoc.setRecordsStore(IcsocConfiguration.RECORDS_STORE_JDBC);
        camel.getRegistry().bind("applicationDatabase", pool(db));
        for (RouteBuilder route : routes) {
            camel.addRoutes(route);
        }
        camel.start();
        opened.add(camel);
        return camel;
    }

    private DataSource pool(TestDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(config);
        opened.add(pool);
        return pool;
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }
}

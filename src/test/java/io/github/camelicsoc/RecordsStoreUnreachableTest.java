package io.github.camelicsoc;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import io.github.camelicsoc.records.RecordsConsumer;
import io.github.camelicsoc.support.ConsumerHealthChecks;
import io.github.camelicsoc.support.RecordsTestSupport;
import io.github.camelicsoc.support.TestDatabase;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * recordsStore=jdbc with its database unreachable does not take the application down: the consumer starts, reports
 * DOWN saying which database, which option and what to do, tries again at each poll and delivers once the database
 * answers; the application's other routes run meanwhile. recordsStoreRequiredAtStart=true fails the start instead.
 */
@ConsumerHealthChecks
class RecordsStoreUnreachableTest extends RecordsTestSupport {

    @Test
    void anUnreachableDatabaseReportsDownSayingWhatToDoWhileOtherRoutesRunAndThePollsTryAgain() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL)) {
            PGSimpleDataSource database = new PGSimpleDataSource();
            database.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/test");
            database.setUser(db.user());
            context.getRegistry().bind("database", database);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:other").routeId("other").to("mock:other");
                }
            });
            sim.addInboundRecords(3, platformNow().minusMinutes(50), Duration.ofMinutes(10));

            consume("icsoc:records?type=400&recordsStore=jdbc&dataSource=#database&startTime=1h&" + FAST);
            await("DOWN saying why", 30, () -> consumerDownForItsStore());
            String why = consumerHealth().orElseThrow().getError().orElseThrow().getMessage();
            assertTrue(why.startsWith("icsoc:records type=400 cannot reach the database of its records store"
                                      + " (recordsStore=jdbc; the table icsoc_delivered, the table icsoc_state and the table"
                                      + " icsoc_placement)"), why);
            assertTrue(why.contains("What to do: start the database or correct the DataSource's URL and credentials"
                                    + " (the dataSource option); set recordsStoreRequiredAtStart=true to fail the start"),
                    why);
            template.sendBody("direct:other", "still running");
            assertEquals(1, getMockEndpoint("mock:other").getReceivedCounter(), "the other routes run");
            assertEquals(0, records().getReceivedCounter());
            assertEquals(0, sim.requestCount(), "nothing asked of the platform without a store");

            // the database comes (here: the DataSource now points at a server that answers): the next poll delivers
            database.setUrl(db.url());
            await("the records", 30, () -> records().getReceivedCounter() == 3);
            await("UP", 30, () -> recordsHealth().getState() == HealthCheck.State.UP);
            context.getRouteController().stopRoute("records");
        }
    }

    @Test
    void recordsStoreRequiredAtStartFailsTheStartInstead() throws Exception {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/test");
        context.getRegistry().bind("database", database);

        Exception e = assertThrows(Exception.class, () -> consume(
                "icsoc:records?type=400&recordsStore=jdbc&dataSource=#database&recordsStoreRequiredAtStart=true&" + FAST));
        String message = causeChain(e);
        assertTrue(message.contains("icsoc:records type=400 cannot reach the database of its records store"
                                    + " (recordsStore=jdbc;"), message);
        assertTrue(message.contains("Connection to 127.0.0.1:"), message);
    }

    /**
     * The records consumer's own check: with every check UP, Camel's default exposure level lists only one of them,
     * here possibly the other route's.
     */
    private HealthCheck.Result recordsHealth() {
        return ((RecordsConsumer) context.getRoute("records").getConsumer()).getHealthCheck().call();
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }
}

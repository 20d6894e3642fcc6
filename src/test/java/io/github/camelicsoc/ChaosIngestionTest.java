package io.github.camelicsoc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.ChaosDay;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.Soak;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaos ingestion: 10,000 records spread over a day, a platform that answers one request in five with an HTTP error
 * page, a timeout, malformed JSON or a dropped connection, a route that fails one exchange in a hundred, persistent
 * repositories, and the Camel context stopped three times mid-run and a new one started on the same files: every
 * record is delivered successfully exactly once.
 */
class ChaosIngestionTest {

    static final int RECORDS = Soak.scaled(10_000);
    static final long SEED = 20261127L;
    static final int RESTARTS = Soak.scaled(3);

    @TempDir
    Path dir;

    private final Random routeFaults = new Random(SEED + 1);
    private final AtomicInteger routeFailures = new AtomicInteger();

    @Test
    void everyRecordIsDeliveredExactlyOnceThroughPlatformFaultsRouteFailuresAndRestarts() throws Exception {
        long started = System.nanoTime();
        List<SimRecord> day = ChaosDay.records(RECORDS, ChaosDay.platformNow().minusHours(1));
        ChaosDay.Tally tally = new ChaosDay.Tally(ChaosDay.identities(day));
        Figures figures = new Figures("chaos-ingestion");
        try (IcsocSimulator sim = IcsocSimulator.start()) {
            sim.addRecords(day);
            ChaosDay.injectFaults(sim, SEED, Duration.ofMillis(1500));

            CamelContext camel = node(sim, tally);
            camel.start();
            for (int restart = 1; restart <= RESTARTS; restart++) {
                int threshold = RECORDS * restart / (RESTARTS + 1);
                await("records delivered before restart " + restart).atMost(Duration.ofSeconds(Soak.scaled(240)))
                        .until(tally::distinct, greaterThanOrEqualTo(threshold));
                camel.stop();
                // as on a restarted node: a new context whose repositories read what the stopped one wrote
                camel = node(sim, tally);
                camel.start();
            }
            await("every record delivered").atMost(Duration.ofSeconds(Soak.scaled(240)))
                    .until(tally::distinct, greaterThanOrEqualTo(RECORDS));
            // a few more polls of the whole day, to see that nothing comes twice once everything is in
            int queries = sim.queries().size();
            await("40 more records queries").atMost(Duration.ofSeconds(Soak.scaled(60)))
                    .until(() -> sim.queries().size() >= queries + 40);
            camel.stop();

            figures.put("records on the platform", RECORDS)
                    .put("records queries", sim.queries().size());
            ChaosDay.putFaults(figures, sim);
        }
        figures.put("exchanges failed by the route", routeFailures.get())
                .put("context restarts", RESTARTS);
        tally.putTo(figures, started).report();

        assertEquals(List.of(), tally.unexpected(), "only the platform's records are delivered");
        assertEquals(List.of(), tally.duplicated(), "no record is delivered successfully twice");
        assertEquals(List.of(), tally.lost(), "no record is lost");
        assertTrue(routeFailures.get() > 0, "the route did fail some exchanges");
    }

    /** A node running the records routes for both record types, with file repositories in {@link #dir}. */
    private CamelContext node(IcsocSimulator sim, ChaosDay.Tally tally) throws Exception {
        return ChaosDay.recordsNode(sim.baseUrl(), dir, null, routeFaults, routeFailures::incrementAndGet,
                tally::delivered);
    }
}

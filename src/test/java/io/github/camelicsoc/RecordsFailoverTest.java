package io.github.camelicsoc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.ChaosDay;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.Soak;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Failover: two Camel contexts run the records routes behind {@code master:} with a file-lock cluster service and
 * shared stores, under the same faults as {@link ChaosIngestionTest}. The leader is stopped mid-run; the other takes
 * over within a bounded time, and no record is lost or delivered twice.
 * <p>
 * Kept in its own class: cluster services have had shutdown hangs (the build's fork timeout is the backstop).
 */
class RecordsFailoverTest {

    static final int RECORDS = Soak.scaled(6_000);
    static final long SEED = 20261129L;
    /** How long the follower may take to deliver once the leader is gone; generous for a busy machine. */
    static final Duration TAKEOVER_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final Random routeFaults = new Random(SEED + 1);
    private final AtomicInteger routeFailures = new AtomicInteger();
    private final Map<String, AtomicInteger> deliveredBy = new ConcurrentHashMap<>();
    private final AtomicLong firstDeliveryByB = new AtomicLong();

    @Test
    void theFollowerTakesOverWhenTheLeaderStopsAndNothingIsLostOrRepeated() throws Exception {
        long started = System.nanoTime();
        List<SimRecord> day = ChaosDay.records(RECORDS, ChaosDay.platformNow().minusHours(1));
        ChaosDay.Tally tally = new ChaosDay.Tally(ChaosDay.identities(day));
        Figures figures = new Figures("failover");
        long takeoverMillis;
        try (IcsocSimulator sim = IcsocSimulator.start()) {
            sim.addRecords(day);
            ChaosDay.injectFaults(sim, SEED, Duration.ofMillis(1500));

            CamelContext a = node("node-a", sim, tally);
            a.start();
            // node-a leads both record types before node-b joins
            await("node-a leads and delivers").atMost(Duration.ofSeconds(Soak.scaled(120)))
                    .until(() -> delivered("node-a"), greaterThanOrEqualTo(200));
            CamelContext b = node("node-b", sim, tally);
            b.start();
            await("records delivered before the leader is stopped").atMost(Duration.ofSeconds(Soak.scaled(240)))
                    .until(tally::distinct, greaterThanOrEqualTo(RECORDS * 2 / 5));
            assertEquals(0, delivered("node-b"), "node-b follows while node-a leads");

            stopWithin(a, Duration.ofMinutes(2));
            long leaderGone = System.nanoTime();
            int byA = delivered("node-a");
            await("node-b takes over within " + TAKEOVER_BOUND).atMost(TAKEOVER_BOUND)
                    .until(() -> firstDeliveryByB.get() != 0);
            takeoverMillis = (firstDeliveryByB.get() - leaderGone) / 1_000_000;

            await("every record delivered").atMost(Duration.ofSeconds(Soak.scaled(240)))
                    .until(tally::distinct, greaterThanOrEqualTo(RECORDS));
            int queries = sim.queries().size();
            await("40 more records queries").atMost(Duration.ofSeconds(Soak.scaled(60)))
                    .until(() -> sim.queries().size() >= queries + 40);
            stopWithin(b, Duration.ofMinutes(2));

            figures.put("records on the platform", RECORDS).put("records queries", sim.queries().size());
            ChaosDay.putFaults(figures, sim);
            figures.put("records delivered by the leader before it stopped", byA)
                    .put("records delivered by the follower", delivered("node-b"));
        }
        figures.put("exchanges failed by the route", routeFailures.get())
                .put("failovers", 1)
                .put("takeover: leader stopped to first record delivered by the follower (ms)", takeoverMillis);
        tally.putTo(figures, started).report();

        assertEquals(List.of(), tally.unexpected(), "only the platform's records are delivered");
        assertEquals(List.of(), tally.duplicated(), "no record is delivered twice");
        assertEquals(List.of(), tally.lost(), "no record is lost");
    }

    /** Stops a node, failing instead of hanging if the stop does not end (cluster services have had such hangs). */
    private static void stopWithin(CamelContext node, Duration bound) throws Exception {
        try {
            CompletableFuture.runAsync(node::stop).get(bound.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail("stopping " + node.getName() + " did not end within " + bound);
        }
    }

    private int delivered(String node) {
        AtomicInteger n = deliveredBy.get(node);
        return n == null ? 0 : n.get();
    }

    /** One node: both records routes behind master:, the file-lock cluster and the stores shared through files. */
    private CamelContext node(String name, IcsocSimulator sim, ChaosDay.Tally tally) throws Exception {
        CamelContext camel = ChaosDay.recordsNode(sim.baseUrl(), dir, "master:icsoc-records-", routeFaults,
                routeFailures::incrementAndGet, identity -> {
                    tally.delivered(identity);
                    deliveredBy.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                    if (name.equals("node-b")) {
                        firstDeliveryByB.compareAndSet(0, System.nanoTime());
                    }
                });
        camel.getCamelContextExtension().setName(name);
        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setId(name);
        cluster.setRoot(dir.resolve("cluster").toString());
        cluster.setAcquireLockDelay(100, TimeUnit.MILLISECONDS);
        cluster.setAcquireLockInterval(500, TimeUnit.MILLISECONDS);
        // a leader is taken for gone after ten missed heartbeats: slack for a busy machine
        cluster.setHeartbeatTimeoutMultiplier(10);
        camel.addService(cluster);
        return camel;
    }
}

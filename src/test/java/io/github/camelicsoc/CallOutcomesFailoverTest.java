package io.github.camelicsoc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.camelicsoc.model.CallOutcome;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.ClusterSingletonNodes;
import io.github.camelicsoc.support.ClusterSingletonNodes.Delivery;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.PlacingApplication;
import io.github.camelicsoc.support.TestDatabase;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Call outcomes behind {@code master:}: the shipped routes-examples/cluster-singleton.yaml run as an outcomes consumer
 * (camel.component.icsoc.outcomes=true) on two nodes, each a JVM of its own, with a ZooKeeper server and the
 * placements and marks on PostgreSQL. Calls are placed with keys by another application; the leader is killed with
 * SIGKILL while it delivers their outcomes, and the other node takes over. Every placed call gets its outcome (its
 * record, or TIMED_OUT for a call whose record never comes), of the right kind; an outcome is delivered twice only
 * when it was among the killed leader's last markBatchSize deliveries (its key waiting for its batch, or the one in
 * flight); the two nodes never deliver in the same interval.
 */
class CallOutcomesFailoverTest {

    static final int CALLS = 160;
    static final List<String> NODES = List.of("node-1", "node-2");
    /** The nodes' ZooKeeper session timeout: how long a dead leader keeps its leadership. */
    static final int SESSION_TIMEOUT_MILLIS = 4_000;
    /** Below the default, so that the outcomes span several batches of keys and the kill lands inside one. */
    static final int MARK_BATCH_SIZE = 10;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private ClusterSingletonNodes cluster;

    @BeforeEach
    void nodes() {
        cluster = new ClusterSingletonNodes(dir, NODES);
    }

    @AfterEach
    void killLeftoverNodes() {
        cluster.close();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLeaderKilledWhileDeliveringOutcomesLosesNoneAndRepeatsOnlyThoseWhoseKeysWereUnwritten() throws Exception {
        Map<String, String> expected;
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL);
             TestingServer zookeeper = new TestingServer(true);
             IcsocSimulator sim = IcsocSimulator.start().callsLast(Duration.ofSeconds(1))) {
            try (PlacingApplication placing = new PlacingApplication(sim, db)) {
                expected = placing.placeCallsAQuarterWithoutRecord(sim, CALLS);
            }
            for (String node : NODES) {
                cluster.start(node, sim, List.of(
                        "zookeeper.nodes=" + zookeeper.getConnectString(),
                        "zookeeper.sessionTimeout=" + SESSION_TIMEOUT_MILLIS,
                        "db.url=" + db.url(), "db.user=" + db.user(), "db.password=" + db.password(),
                        "records.delay=100", "records.settle=0",
                        "camel.component.icsoc.outcomes=true",
                        "camel.component.icsoc.outcomeTimeout=1s",
                        "camel.component.icsoc.markBatchSize=" + MARK_BATCH_SIZE,
                        // a CRM write per outcome: the kill lands while outcomes are delivered
                        "sink.millis=25"));
            }
            for (String node : NODES) {
                cluster.awaitStarted(node);
            }

            String leader = cluster.awaitLeaderDeliveringMore(CALLS / 4);
            long killedAt = System.currentTimeMillis();
            int linesAtKill = cluster.deliveries().size();
            cluster.kill(leader);
            Delivery takeover = cluster.awaitDeliveryAfter(killedAt, leader);
            await("every call's outcome").atMost(Duration.ofSeconds(90))
                    .until(() -> cluster.distinctDelivered() >= CALLS);
            int queries = sim.queries().size();
            await("10 more records queries").atMost(Duration.ofSeconds(30))
                    .until(() -> sim.queries().size() >= queries + 10);

            List<Delivery> all = cluster.deliveries();
            Map<String, String> delivered = new HashMap<>();
            Map<String, Long> times = all.stream().collect(Collectors.groupingBy(Delivery::record, Collectors.counting()));
            for (Delivery d : all) {
                String[] keyAndOutcome = d.record().substring("outcome:".length()).split("=", 2);
                delivered.put(keyAndOutcome[0], keyAndOutcome[1]);
            }
            List<String> twice = times.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            // the killed leader's last markBatchSize deliveries: the outcome in flight and those whose keys waited.
            // All of its deliveries came before it died, some of them after killedAt (taken just before the kill
            // was sent, while the leader still delivered)
            List<String> unwritten = all.stream().filter(d -> d.node().equals(leader))
                    .sorted((a, b) -> Long.compare(b.millis(), a.millis())).limit(MARK_BATCH_SIZE)
                    .map(Delivery::record).toList();
            List<String> overlaps = ClusterSingletonNodes.overlaps(all);

            new Figures("outcomes-failover").put("calls placed", CALLS).put("nodes (JVMs)", NODES.size())
                    .put("ZooKeeper session timeout (ms)", SESSION_TIMEOUT_MILLIS)
                    .put("outcomes delivered when the leader was killed", linesAtKill)
                    .put("takeover: leader SIGKILLed to first outcome by the other node (ms)",
                            takeover.millis() - killedAt)
                    .put("outcome deliveries", all.size())
                    .put("outcomes delivered twice", twice)
                    .put("timed out", delivered.values().stream().filter(CallOutcome.TIMED_OUT::equals).count())
                    .put("overlapping terms", overlaps.size())
                    .report();
            assertEquals(expected, delivered, "every placed call's outcome, of the right kind");
            assertEquals(List.of(), overlaps, "never two nodes delivering in the same interval");
            assertTrue(unwritten.containsAll(twice), "only an outcome whose key the killed leader had not written yet is"
                                                     + " delivered again: " + twice + ", its last " + unwritten);
        }
    }
}

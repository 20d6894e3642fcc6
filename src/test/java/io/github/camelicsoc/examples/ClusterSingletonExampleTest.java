package io.github.camelicsoc.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelicsoc.IcsocConstants;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.ExampleRunner;
import io.github.camelicsoc.support.TestDatabase;
import org.apache.camel.Processor;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two instances of cluster-singleton.yaml, coordinated by a real ZooKeeper server, keep their state in PostgreSQL:
 * only the leader polls, and after it stops the other continues with no record lost or repeated.
 */
class ClusterSingletonExampleTest {

    @TempDir
    Path dir;

    private final List<String> deliveries = new CopyOnWriteArrayList<>();

    private ExampleRunner node(IcsocSimulator sim, TestingServer zookeeper, TestDatabase db, String name,
                               List<String> seenByNode) throws Exception {
        Processor record = exchange -> {
            String key = exchange.getIn().getHeader(IcsocConstants.RECORD_KEY, String.class);
            deliveries.add(key);
            seenByNode.add(key);
        };
        return new ExampleRunner(sim, "cluster-singleton.yaml")
                .property("zookeeper.nodes", zookeeper.getConnectString())
                .property("zookeeper.sessionTimeout", "4000")
                .property("cluster.node", name)
                .property("cluster.output", "bean:" + name + "Output")
                .property("db.url", db.url())
                .property("db.user", db.user())
                .property("db.password", db.password())
                .property("records.delay", "100")
                .property("records.settle", "0")
                .property("camel.server.enabled", "false")
                .bind(name + "Output", record)
                .start();
    }

    @Test
    void theSecondInstanceTakesOverWhenTheLeaderStops() throws Exception {
        List<String> byA = new CopyOnWriteArrayList<>();
        List<String> byB = new CopyOnWriteArrayList<>();
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL);
             TestingServer zookeeper = new TestingServer(-1, dir.resolve("zookeeper").toFile());
             IcsocSimulator sim = IcsocSimulator.start()) {
            ExampleRunner a = node(sim, zookeeper, db, "a", byA);
            ExampleRunner b = node(sim, zookeeper, db, "b", byB);
            try {
                place(a, 5, 0);
                await("the first five").atMost(Duration.ofSeconds(30)).until(deliveries::size, greaterThanOrEqualTo(5));
                boolean aLeads = !byA.isEmpty();
                assertEquals(aLeads ? 0 : 5, byB.size(), "only the leader polls");

                ExampleRunner leader = aLeads ? a : b;
                List<String> follower = aLeads ? byB : byA;
                leader.close();
                place(aLeads ? b : a, 5, 5);
                await("the next five, by the other instance").atMost(Duration.ofSeconds(30))
                        .until(deliveries::size, greaterThanOrEqualTo(10));
                // a few more polls of the new leader: nothing comes twice
                Thread.sleep(1000);
                assertEquals(5, follower.size());
            } finally {
                a.close();
                b.close();
            }
        }
        assertEquals(10, deliveries.size(), "none repeated: " + deliveries);
        assertEquals(10, deliveries.stream().distinct().count());
    }

    private static void place(ExampleRunner node, int calls, int offset) {
        for (int i = 0; i < calls; i++) {
            node.context().createProducerTemplate().requestBodyAndHeader("icsoc:call?caller=13800138000", null,
                    IcsocConstants.CALLED, "1390013" + String.format("%04d", offset + i));
        }
    }
}

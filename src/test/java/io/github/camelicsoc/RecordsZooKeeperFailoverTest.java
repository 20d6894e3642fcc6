package io.github.camelicsoc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.ChaosDay;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.TestDatabase;
import io.github.camelicsoc.support.ZooKeeperRecordsNode;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * High availability on a real coordinator: three records nodes, each its own JVM, run both records routes behind
 * {@code master:} with Camel's ZooKeeper cluster service against a three-server ZooKeeper ensemble, the state in
 * PostgreSQL. The leader is killed with SIGKILL in the middle of a poll and one ZooKeeper server of three is stopped;
 * another node takes over, and against the simulator's records nothing is lost, and nothing is delivered twice except
 * at most the record each route had in flight when the leader was killed.
 */
class RecordsZooKeeperFailoverTest {

    static final int RECORDS = 4_000;

    @TempDir
    Path dir;

    private final Map<String, Process> nodes = new LinkedHashMap<>();

    @AfterEach
    void killLeftoverNodes() {
        // only the processes this test started
        nodes.values().forEach(Process::destroyForcibly);
    }

    @Test
    // a hang fails the build: the test runs in its own thread and is abandoned after this
    @Timeout(value = 170, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anotherNodeTakesOverWhenTheLeaderIsKilledMidPollAndAZooKeeperServerStops() throws Exception {
        long started = System.nanoTime();
        List<SimRecord> day = ChaosDay.records(RECORDS, ChaosDay.platformNow().minusHours(1));
        ChaosDay.Tally tally = new ChaosDay.Tally(ChaosDay.identities(day));
        Figures figures = new Figures("failover-zookeeper");
        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            // a short tick so that sessions of a few seconds are allowed
            Files.createDirectories(dir.resolve("zk-" + id));
            specs.add(new InstanceSpec(dir.resolve("zk-" + id).toFile(), -1, -1, -1, true, id, 200, 100, null,
                    "127.0.0.1"));
        }
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL);
             TestingCluster zookeeper = new TestingCluster(specs);
             IcsocSimulator sim = IcsocSimulator.start()) {
            zookeeper.start();
            sim.addRecords(day);
            for (String node : List.of("node-1", "node-2", "node-3")) {
                nodes.put(node, start(node, sim, zookeeper, db));
            }
            for (String node : nodes.keySet()) {
                awaitStarted(node);
            }

            // one node leads both routes; kill it while it delivers
            await().atMost(Duration.ofSeconds(60)).until(() -> leader() != null && lines(leader()).size() >= RECORDS / 3);
            String leader = leader();
            Process killed = nodes.get(leader);
            killed.destroyForcibly();
            long killedAt = System.nanoTime();
            assertTrue(killed.waitFor(30, TimeUnit.SECONDS), "the killed leader is gone");
            List<String> byLeader = lines(leader);

            // a new leader delivers within the ZooKeeper session timeout and a poll
            await().atMost(Duration.ofSeconds(60)).until(() -> othersDelivered(leader) > 0);
            long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
            String second = nodes.keySet().stream().filter(n -> !n.equals(leader) && !lines(n).isEmpty())
                    .findFirst().orElseThrow();

            // one ZooKeeper server of three stops: the ensemble keeps its quorum and the work goes on
            InstanceSpec stopped = zookeeper.getInstances().iterator().next();
            assertTrue(zookeeper.killServer(stopped), "a ZooKeeper server stopped");
            await().atMost(Duration.ofSeconds(90)).until(() -> distinctDelivered() >= RECORDS);
            int queries = sim.queries().size();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.queries().size() >= queries + 10);

            for (String node : nodes.keySet()) {
                lines(node).forEach(tally::delivered);
            }
            List<String> duplicated = tally.duplicated();
            figures.put("records on the platform", RECORDS)
                    .put("nodes (JVMs)", nodes.size())
                    .put("ZooKeeper servers", "3, one stopped after the takeover")
                    .put("ZooKeeper session timeout (ms)", ZooKeeperRecordsNode.SESSION_TIMEOUT_MILLIS)
                    .put("records delivered by the leader before it was killed", byLeader.size())
                    .put("records delivered by the new leader " + second, lines(second).size())
                    .put("takeover: leader killed to first record delivered by another node (ms)", takeoverMillis)
                    .put("records queries", sim.queries().size());
            tally.putTo(figures, started).report();

            assertEquals(List.of(), tally.unexpected(), "only the platform's records are delivered");
            assertEquals(List.of(), tally.lost(), "no record is lost");
            // at most the record each route (400 and 800) had in flight when the leader died, and only one the
            // killed leader delivered last for its type
            assertTrue(duplicated.size() <= 2, "at most one record per route and kill: " + duplicated);
            for (String d : duplicated) {
                String id = d.substring(0, d.lastIndexOf(" x"));
                List<String> ofType = byLeader.stream().filter(l -> l.startsWith(id.substring(0, 4))).toList();
                assertEquals(id, ofType.get(ofType.size() - 1), "a duplicate is the killed leader's last record of its type");
            }
        }
    }

    private Process start(String node, IcsocSimulator sim, TestingCluster zookeeper, TestDatabase db) throws IOException {
        File log = dir.resolve(node + ".log").toFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path logConfig = dir.resolve("log4j2-node.properties");
        if (!Files.exists(logConfig)) {
            Files.writeString(logConfig, """
                    appender.err.type = Console
                    appender.err.name = err
                    appender.err.target = SYSTEM_ERR
                    appender.err.layout.type = PatternLayout
                    appender.err.layout.pattern = %d %-5level [%t] %c{1} - %msg%n
                    rootLogger.level = WARN
                    rootLogger.appenderRef.err.ref = err
                    logger.cluster.name = org.apache.camel.component.master
                    logger.cluster.level = INFO
                    """);
        }
        return new ProcessBuilder(java, "-Xmx192m", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + logConfig.toUri(),
                "-cp", System.getProperty("java.class.path"), ZooKeeperRecordsNode.class.getName(),
                sim.baseUrl(), IcsocSimulator.VCC_CODE, IcsocSimulator.SECRET, zookeeper.getConnectString(),
                db.url(), db.user(), db.password(), node, dir.toString())
                .redirectErrorStream(true).redirectOutput(log).start();
    }

    private void awaitStarted(String node) {
        File log = dir.resolve(node + ".log").toFile();
        Process p = nodes.get(node);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> read(log).contains(ZooKeeperRecordsNode.STARTED) || !p.isAlive());
        assertTrue(p.isAlive(), node + " died: " + read(log));
    }

    /** The node that has delivered records so far (one leads both routes), or null. */
    private String leader() {
        return nodes.keySet().stream().filter(n -> !lines(n).isEmpty()).findFirst().orElse(null);
    }

    private int othersDelivered(String leader) {
        return nodes.keySet().stream().filter(n -> !n.equals(leader)).mapToInt(n -> lines(n).size()).sum();
    }

    private long distinctDelivered() {
        return nodes.keySet().stream().flatMap(n -> lines(n).stream()).distinct().count();
    }

    private List<String> lines(String node) {
        Path file = dir.resolve("delivered-" + node + ".txt");
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isEmpty()).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String read(File file) {
        try {
            return Files.readString(file.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

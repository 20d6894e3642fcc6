package io.github.camelicsoc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.camelicsoc.model.CallOutcome;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.NodeJvm;
import io.github.camelicsoc.support.OutcomesNode;
import io.github.camelicsoc.support.PlacingApplication;
import io.github.camelicsoc.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kill, not stop, with the placements on PostgreSQL: calls are placed by one application, their outcomes delivered by
 * an outcomes consumer in a JVM of its own that is killed with SIGKILL while it delivers, twice, and started again.
 * Every placed call gets its outcome (its record, or TIMED_OUT for a call whose record never comes); an outcome is
 * delivered twice only when a kill came between the route's write and the consumer's own (the record's key, or the
 * placement closed as timed out): the outcome in flight, and for a record's outcome those delivered since the last
 * write of a batch of keys (at most markBatchSize, the one in flight included).
 */
class CallOutcomesKillTest {

    static final int CALLS = 120;
    static final int KILLS = 2;
    /** Below the default, so that a poll's outcomes span several batches of keys and a kill lands inside one. */
    static final int MARK_BATCH_SIZE = 10;

    @TempDir
    Path dir;

    private final List<Process> nodes = new ArrayList<>();

    @AfterEach
    void killLeftoverNodes() {
        // only the processes this test started
        nodes.forEach(Process::destroyForcibly);
    }

    @Test
    void anOutcomesNodeKilledWhileDeliveringLosesNoOutcomeAndRepeatsAtMostTheOnesWhoseKeysWereUnwritten()
            throws Exception {
        Path outcomes = dir.resolve("outcomes.txt");
        List<Integer> killedAt = new ArrayList<>();
        Map<String, String> expected;
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL);
             IcsocSimulator sim = IcsocSimulator.start().callsLast(Duration.ofSeconds(1))) {
            try (PlacingApplication placing = new PlacingApplication(sim, db)) {
                expected = placing.placeCallsAQuarterWithoutRecord(sim, CALLS);
            }

            for (int kill = 1; kill <= KILLS; kill++) {
                Process node = startNode(sim, db, kill);
                int threshold = CALLS * kill / (KILLS + 1);
                await("node " + kill + " delivering; see " + dir.resolve("node-" + kill + ".log"))
                        .atMost(Duration.ofSeconds(120)).until(() -> lines(outcomes).size(), greaterThanOrEqualTo(threshold));
                // it is delivering right now: kill it in the middle of it
                node.destroyForcibly();
                assertTrue(node.waitFor(30, TimeUnit.SECONDS), "the killed node is gone");
                killedAt.add(lines(outcomes).size());
            }
            Process last = startNode(sim, db, KILLS + 1);
            await("every call's outcome").atMost(Duration.ofSeconds(120))
                    .until(() -> lines(outcomes).stream().distinct().count(), greaterThanOrEqualTo((long) CALLS));
            int queries = sim.queries().size();
            await("20 more records queries").atMost(Duration.ofSeconds(60))
                    .until(() -> sim.queries().size() >= queries + 20);
            last.destroyForcibly();
            last.waitFor(30, TimeUnit.SECONDS);
        }

        List<String> lines = lines(dir.resolve("outcomes.txt"));
        Map<String, String> delivered = new HashMap<>();
        List<String> unexplained = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] line = lines.get(i).split(" ");
            if (delivered.putIfAbsent(line[0], line[1]) != null) {
                int first = lines.indexOf(lines.get(i));
                // repeated only when its first delivery was among the last markBatchSize lines before a kill: an
                // outcome whose key was waiting for its batch, or the one in flight
                if (killedAt.stream().noneMatch(kill -> first < kill && kill - first <= MARK_BATCH_SIZE)) {
                    unexplained.add(lines.get(i));
                }
            }
        }
        new Figures("outcomes-kill").put("calls placed", CALLS).put("kills (SIGKILL)", KILLS)
                .put("outcome lines when each kill came", killedAt).put("outcome lines", lines.size())
                .put("outcomes delivered twice", lines.size() - delivered.size())
                .put("timed out", delivered.values().stream().filter(CallOutcome.TIMED_OUT::equals).count())
                .report();
        assertEquals(expected, delivered, "every placed call's outcome, of the right kind");
        assertEquals(List.of(), unexplained,
                "an outcome is delivered twice only when a kill caught it with its key unwritten");
        assertTrue(lines.size() - delivered.size() <= KILLS * MARK_BATCH_SIZE,
                "at most markBatchSize outcomes per kill again: " + lines);
    }

    /** Starts an outcomes node in its own JVM, on the test's classpath, and waits until its route is started. */
    private Process startNode(IcsocSimulator sim, TestDatabase db, int incarnation) throws Exception {
        return NodeJvm.start(dir, incarnation, nodes, OutcomesNode.STARTED, OutcomesNode.class,
                sim.baseUrl(), dir.toString(), db.url(), db.user(), db.password(), Integer.toString(MARK_BATCH_SIZE));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

}

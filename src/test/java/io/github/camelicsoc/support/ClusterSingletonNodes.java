package io.github.camelicsoc.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.camelicsoc.sim.IcsocSimulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instances of the shipped routes-examples/cluster-singleton.yaml, each a {@link ClusterSingletonNode} in a JVM of its
 * own, as a failover test drives them: started with property overrides, killed, paused and resumed with signals, and
 * read back through the files they write (what each delivered, in which term, whether it leads, what it logged).
 */
public final class ClusterSingletonNodes implements AutoCloseable {

    private final Path dir;
    private final List<String> names;
    private final Map<String, Process> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> runs = new HashMap<>();

    /** One delivery: by which node, in which run and term of it, when, and what (the record's identity). */
    public record Delivery(String node, String run, String termOfRun, long millis, String record) {
        /** The term: node, run and term of the run; no two terms may deliver in the same interval. */
        public String term() {
            return node + "#" + run + "#" + termOfRun;
        }
    }

    public ClusterSingletonNodes(Path dir, List<String> names) {
        this.dir = dir;
        this.names = List.copyOf(names);
    }

    public Process process(String node) {
        return nodes.get(node);
    }

    /** Starts (or starts again) {@code node} against {@code sim}, with {@code overrides} as {@code name=value}. */
    public void start(String node, IcsocSimulator sim, List<String> overrides) throws IOException {
        int run = runs.merge(node, 1, Integer::sum);
        Path logConfig = NodeJvm.logConfiguration(dir, """
                logger.master.name = org.apache.camel.component.master
                logger.master.level = INFO
                logger.cluster.name = io.github.camelicsoc.cluster
                logger.cluster.level = INFO
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx160m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Dlog4j2.configurationFile=" + logConfig.toUri(),
                "-cp", System.getProperty("java.class.path"), ClusterSingletonNode.class.getName(),
                dir.toString(), Integer.toString(run), "cluster.node=" + node, "cluster.output=bean:deliveries",
                "camel.server.enabled=false"));
        command.addAll(overrides);
        ProcessBuilder builder = new ProcessBuilder(command);
        // the icsoc settings come from the environment, as application.properties reads them
        builder.environment().put("ICSOC_BASE_URL", sim.baseUrl());
        builder.environment().put("ICSOC_VCC_CODE", IcsocSimulator.VCC_CODE);
        builder.environment().put("ICSOC_SECRET", IcsocSimulator.SECRET);
        File log = dir.resolve(node + "-" + run + ".log").toFile();
        nodes.put(node, builder.redirectErrorStream(true).redirectOutput(log).start());
    }

    public void awaitStarted(String node) {
        Process p = nodes.get(node);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> logOf(node).contains(ClusterSingletonNode.STARTED) || !p.isAlive());
        assertTrue(p.isAlive(), node + " died: " + logOf(node));
    }

    /** The node that leads and has delivered {@code more} records since this was called, once there is one. */
    public String awaitLeaderDeliveringMore(int more) {
        Map<String, Integer> before = new HashMap<>();
        names.forEach(n -> before.put(n, count(n)));
        String[] leader = new String[1];
        await("a leader delivering").atMost(Duration.ofSeconds(60)).until(() -> {
            leader[0] = leaderNow();
            return leader[0] != null && count(leader[0]) >= before.get(leader[0]) + more;
        });
        return leader[0];
    }

    public String leaderNow() {
        return names.stream().filter(n -> status(n).startsWith("true ")).findFirst().orElse(null);
    }

    /** What the node last wrote about itself: whether it leads, and the port of its ZooKeeper server. */
    public String status(String node) {
        try {
            return Files.readString(dir.resolve("status-" + node + ".txt"));
        } catch (IOException e) {
            return "";
        }
    }

    /** The first delivery after {@code millis} by a node other than {@code except} (any node when null). */
    public Delivery awaitDeliveryAfter(long millis, String except) {
        Delivery[] found = new Delivery[1];
        await("a delivery by the new leader").atMost(Duration.ofSeconds(60)).until(() -> {
            found[0] = deliveries().stream().filter(d -> d.millis() > millis && !d.node().equals(except))
                    .min(Comparator.comparingLong(Delivery::millis)).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** The first delivery of a term that began after {@code millis}, or -1 when there is none yet. */
    public long firstDeliveryByNewTerm(long millis) {
        Map<String, Long> firstOfTerm = new HashMap<>();
        deliveries().forEach(d -> firstOfTerm.merge(d.term(), d.millis(), Math::min));
        return firstOfTerm.values().stream().filter(t -> t > millis).min(Long::compare).orElse(-1L);
    }

    public int count(String node) {
        return (int) deliveries().stream().filter(d -> d.node().equals(node)).count();
    }

    public long distinctDelivered() {
        return deliveries().stream().map(Delivery::record).distinct().count();
    }

    /** Pairs of terms of different nodes whose intervals (first to last delivery) overlap. */
    public static List<String> overlaps(List<Delivery> all) {
        Map<String, long[]> terms = terms(all);
        List<String> found = new ArrayList<>();
        List<String> termNames = new ArrayList<>(terms.keySet());
        for (int i = 0; i < termNames.size(); i++) {
            for (int j = i + 1; j < termNames.size(); j++) {
                long[] a = terms.get(termNames.get(i));
                long[] b = terms.get(termNames.get(j));
                if (a[0] <= b[1] && b[0] <= a[1]) {
                    found.add(termNames.get(i) + " " + a[0] + ".." + a[1] + " and " + termNames.get(j) + " " + b[0]
                              + ".." + b[1]);
                }
            }
        }
        return found;
    }

    /** Each term (node#run#term) with its first and last delivery. */
    public static Map<String, long[]> terms(List<Delivery> all) {
        Map<String, long[]> terms = new LinkedHashMap<>();
        all.stream().sorted(Comparator.comparingLong(Delivery::millis)).forEach(d -> terms
                .merge(d.term(), new long[] { d.millis(), d.millis() },
                        (x, y) -> new long[] { Math.min(x[0], y[0]), Math.max(x[1], y[1]) }));
        return terms;
    }

    /** Every delivery of every node so far, as its files say. */
    public List<Delivery> deliveries() {
        List<Delivery> all = new ArrayList<>();
        for (String node : names) {
            Path file = dir.resolve("delivered-" + node + ".txt");
            try {
                if (Files.exists(file)) {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        String[] f = line.split(" ", 5);
                        if (f.length == 5) {
                            all.add(new Delivery(f[0], f[1], f[2], Long.parseLong(f[3]), f[4]));
                        }
                    }
                }
            } catch (IOException e) {
                // read again on the next check
            }
        }
        return all;
    }

    /** Everything the node logged, over all its runs. */
    public String logOf(String node) {
        StringBuilder all = new StringBuilder();
        for (int run = 1; run <= runs.getOrDefault(node, 0); run++) {
            try {
                all.append(Files.readString(dir.resolve(node + "-" + run + ".log"), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // not there yet
            }
        }
        return all.toString();
    }

    /** Sends a signal (KILL, STOP, CONT) to a node this test started. */
    public void signal(String node, String signal) {
        signal(nodes.get(node), signal);
    }

    private static void signal(Process process, String signal) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the node with SIGKILL and waits until it is gone. */
    public void kill(String node) throws InterruptedException {
        Process killed = nodes.get(node);
        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS), node + " is gone");
    }

    /** Only the processes started here; a paused one is resumed so that it can die. */
    @Override
    public void close() {
        nodes.values().forEach(p -> {
            signal(p, "CONT");
            p.destroyForcibly();
        });
    }
}

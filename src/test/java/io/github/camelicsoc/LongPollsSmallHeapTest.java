package io.github.camelicsoc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.RecordQuery;
import io.github.camelicsoc.support.LongPollsProbe;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Settings that once planned every record window up front, and so ran out of memory before asking for anything (a
 * start in 2000 in one-second windows: some 800 million windows; a 30-day lookback in one-second windows: 2.6
 * million a poll), poll in a JVM of 96 MB: each route asks for thousands of windows, and calls placed in the same
 * context while they do all succeed. Any OutOfMemoryError ends the child JVM, failing the test.
 */
class LongPollsSmallHeapTest {

    private static final int WINDOWS = 2_000;

    @Test
    void pollsOverMillionsOfWindowsFitASmallHeapAndCallsGoThroughMeanwhile() throws Exception {
        try (IcsocSimulator sim = IcsocSimulator.start()) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx96m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                    LongPollsProbe.class.getName(), sim.baseUrl());
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.equals("started") || line.startsWith("call ") || line.startsWith("heap ")
                            || line.equals("done") || line.contains("OutOfMemoryError")) {
                            lines.add(line);
                        }
                    }
                } catch (Exception e) {
                    lines.add("reading the child failed: " + e);
                }
            });
            reader.start();
            try {
                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !child.isAlive() || windows(sim, true) >= WINDOWS && windows(sim, false) >= WINDOWS);
                assertTrue(child.isAlive(), "the child JVM still runs: " + lines);
                try (Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                    in.write("calls\n");
                }
                assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM ended: " + lines);
                reader.join(10_000);
            } finally {
                child.destroyForcibly();
            }
            lines.forEach(System.out::println);
            assertEquals(0, child.exitValue(), "the child JVM ended normally (no OutOfMemoryError): " + lines);
            List<String> calls = lines.stream().filter(l -> l.startsWith("call ")).toList();
            assertEquals(LongPollsProbe.CALLS, calls.size(), lines.toString());
            assertTrue(calls.stream().noneMatch(l -> l.startsWith("call FAILED")), calls.toString());
            assertEquals(LongPollsProbe.CALLS, sim.calls().size(), "each call reached the platform once");
            assertTrue(lines.contains("done"), lines.toString());
            System.out.println("windows asked: " + windows(sim, true) + " since 2000, " + windows(sim, false)
                               + " 30 days back");
        }
    }

    private static long windows(IcsocSimulator sim, boolean inbound) {
        return sim.queries().stream().filter(q -> q.inbound() == inbound).count();
    }
}

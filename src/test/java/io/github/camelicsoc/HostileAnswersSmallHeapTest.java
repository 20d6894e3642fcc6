package io.github.camelicsoc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.camelicsoc.support.HostileAnswersProbe;
import io.github.camelicsoc.support.HostilePlatform.Answer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No answer can cost more than a small, bounded amount of heap: in a JVM of 96 MB, a 50 MB answer, an endless body,
 * an endless header line and endless header fields each fail their call as BAD_RESPONSE without being read whole,
 * and the next call over the same HTTP client succeeds. Any OutOfMemoryError ends the child JVM, failing the test.
 */
class HostileAnswersSmallHeapTest {

    @Test
    void noAnswerExhaustsASmallHeapOrKillsTheSharedClient() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                HostileAnswersProbe.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("hostile ") || line.startsWith("normal ") || line.equals("done")
                    || line.contains("OutOfMemoryError")) {
                    lines.add(line);
                }
            }
        }
        lines.forEach(System.out::println);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM ended");
        assertEquals(0, child.exitValue(), "the child JVM ended normally (no OutOfMemoryError): " + lines);

        List<String> expected = new ArrayList<>();
        int accepted = 0;
        for (Answer answer : Answer.values()) {
            if (answer != Answer.NORMAL) {
                expected.add("hostile " + answer + " BAD_RESPONSE");
                expected.add("normal hostile-" + ++accepted);
            }
        }
        expected.add("done");
        List<String> seen = lines.stream()
                .map(l -> l.startsWith("hostile ") ? String.join(" ", List.of(l.split(" ")).subList(0, 3)) : l)
                .toList();
        assertEquals(expected, seen, String.join("\n", lines));
        for (String line : lines) {
            if (line.startsWith("hostile ")) {
                assertTrue(line.contains("64 KiB") || line.contains("65536 bytes") || line.contains("bound"), line);
            }
        }
    }
}

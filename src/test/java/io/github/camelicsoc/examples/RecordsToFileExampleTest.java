package io.github.camelicsoc.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.ExampleRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes-examples/records-to-file.yaml, run as the README shows, writes one JSON line per record.
 */
class RecordsToFileExampleTest {

    @TempDir
    Path dir;

    @Test
    void everyRecordBecomesOneJsonLine() throws Exception {
        try (IcsocSimulator sim = IcsocSimulator.start()) {
            sim.addInboundRecords(3, LocalDateTime.now(ZoneOffset.ofHours(8)).minusHours(2), Duration.ofMinutes(30));
            try (ExampleRunner runner = new ExampleRunner(sim, "records-to-file.yaml")
                    .property("records.dir", dir.toString())
                    .property("records.delay", "100")
                    .property("records.settle", "0")
                    .property("camel.server.enabled", "false")
                    .start()) {
                await("three lines written").atMost(Duration.ofSeconds(15)).until(this::lines, hasSize(greaterThanOrEqualTo(3)));
                Thread.sleep(500);
            }
        }
        List<String> lines = lines();
        assertEquals(3, lines.size());
        for (String line : lines) {
            Map<?, ?> record = new ObjectMapper().readValue(line, Map.class);
            assertEquals("400", record.get("type"));
            assertTrue(record.get("callId").toString().startsWith("in-"), line);
        }
    }

    private List<String> lines() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

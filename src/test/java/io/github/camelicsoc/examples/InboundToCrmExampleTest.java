package io.github.camelicsoc.examples;

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
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.CrmStandIn;
import io.github.camelicsoc.support.ExampleRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * inbound-to-crm.yaml posts each inbound record to the CRM once; what the CRM refuses is retried, then kept in the
 * dead-letter folder.
 */
class InboundToCrmExampleTest {

    @TempDir
    Path deadLetters;

    @Test
    void acceptedRecordsReachTheCrmAndRefusedOnesTheDeadLetterFolder() throws Exception {
        LocalDateTime start = LocalDateTime.now(ZoneOffset.ofHours(8)).minusHours(1).withNano(0);
        try (IcsocSimulator sim = IcsocSimulator.start(); CrmStandIn crm = new CrmStandIn().refuseCaller("13500000000")) {
            for (int i = 0; i < 5; i++) {
                sim.addRecord(SimRecord.inbound("1380000000" + i, "4001234567", start.plusMinutes(i), 60, "in-" + i));
            }
            sim.addRecord(SimRecord.inbound("13500000000", "4001234567", start.plusMinutes(9), 60, "in-refused"));

            try (ExampleRunner runner = new ExampleRunner(sim, "inbound-to-crm.yaml")
                    .property("crm.url", crm.url())
                    .property("crm.deadLetterDir", deadLetters.toString())
                    .property("records.delay", "100")
                    .property("records.settle", "0")
                    .property("camel.server.enabled", "false")
                    .start()) {
                await("five records at the CRM and one dead letter").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertTrue(crm.accepted().size() >= 5, "CRM got " + crm.accepted().size());
                    assertFalse(files().isEmpty(), "no dead letter yet");
                });
                Thread.sleep(500);
            }

            assertEquals(5, crm.accepted().size(), "each accepted record once");
            assertEquals("in-0", crm.accepted().get(0).get("callId"));
            assertEquals(4, crm.refusals(), "the first try and three redeliveries");
            List<Path> files = files();
            assertEquals(List.of("400-in-refused.json"), files.stream().map(p -> p.getFileName().toString()).toList());
            Map<?, ?> dead = new ObjectMapper().readValue(files.get(0).toFile(), Map.class);
            assertEquals("13500000000", dead.get("caller"));
        }
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> list = Files.list(deadLetters)) {
            return list.toList();
        }
    }
}

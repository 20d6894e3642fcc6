package io.github.camelicsoc.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's main job, run as the README runs it, and a guard that every example file has a test.
 */
class ExamplesDemoTest {

    @Test
    void theDemoPlacesCallsAndEveryNumberAddsUp() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = ExamplesDemo.run(false, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String report = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, report);
        assertTrue(report.contains("two-way call records in the database:       5"), report);
        assertTrue(report.contains("tickets with the right outcome:             4 of 4"), report);
        assertTrue(report.contains("T-1003  customer 13900139404: TIMED_OUT (no record came for call "), report);
        assertTrue(report.contains("inbound call records delivered to the CRM:  5 of 6"), report);
        assertTrue(report.contains("\"code\": 407, \"meaning\": \"called number malformed\""), report);
        assertTrue(report.contains("\"code\": 405, \"meaning\": \"call failed\""), report);
    }

    @Test
    void everyFileInRoutesExamplesIsExercisedByATest() throws IOException {
        // the test that runs each file: ClickToCallExampleTest, RecordsToDatabaseExampleTest, RecordsToFileExampleTest,
        // InboundToCrmExampleTest, ClusterSingletonExampleTest,
        // ClusterSingletonFileLockExampleTest, RecordsBatchToDatabaseExampleTest, TicketOutcomesExampleTest, and this demo (application.properties,
        // the table)
        Set<String> tested = Set.of("click-to-call.yaml", "ClickToCall.java", "click-to-call.xml",
                "records-to-database.yaml", "records-batch-to-database.yaml", "records-table.sql", "records-to-file.yaml", "inbound-to-crm.yaml",
                "cluster-singleton.yaml", "cluster-singleton-file-lock.yaml", "ticket-outcomes.yaml", "application.properties");
        try (Stream<Path> files = Files.list(Path.of("routes-examples"))) {
            Set<String> present = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(tested, present, "a new example needs a test (and an entry here)");
        }
    }
}

package io.github.camelicsoc.examples;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.ExampleRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * records-to-database.yaml writes one row per two-way call record, and a replay changes nothing.
 */
class RecordsToDatabaseExampleTest {

    @TempDir
    Path dir;

    private final IcsocSimulator sim = IcsocSimulator.start();

    @AfterEach
    void stop() {
        sim.close();
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("records") + ";MODE=PostgreSQL;INIT=RUNSCRIPT FROM 'routes-examples/records-table.sql'";
    }

    private ExampleRunner runner() {
        return new ExampleRunner(sim, "records-to-database.yaml")
                .property("db.url", url())
                .property("records.delay", "100")
                .property("records.settle", "0")
                .property("camel.server.enabled", "false");
    }

    private List<String> rows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(url(), "sa", "");
             ResultSet rs = db.createStatement().executeQuery(
                     "SELECT record_key, record_type, caller, called, connected, answer_time, start_time FROM call_records"
                     + " ORDER BY called")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                         + rs.getBoolean(5) + "|" + rs.getString(6));
            }
        }
        return rows;
    }

    @Test
    void eachCallRecordBecomesOneRowAndAReplayChangesNothing() throws Exception {
        sim.noAnswerFrom("13900139002");
        try (ExampleRunner first = runner().start()) {
            for (String called : new String[] { "13900139001", "13900139002" }) {
                first.context().createProducerTemplate()
                        .requestBodyAndHeader("icsoc:call?caller=13800138000", null, "CamelIcsocCalled", called);
            }
            await("two rows").atMost(Duration.ofSeconds(20)).until(this::rows, hasSize(greaterThanOrEqualTo(2)));
        }
        List<String> rows = rows();
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).matches("800:#[0-9a-f]{32}\\|800\\|13800138000\\|13900139001\\|true\\|.+"), rows.get(0));
        assertTrue(rows.get(1).endsWith("|false|null"), "never answered: " + rows.get(1));

        // a fresh context forgets what it delivered and reads the same records again: the table does not change
        try (ExampleRunner replay = runner().start()) {
            int before = sim.queries().size();
            await("three more polls").atMost(Duration.ofSeconds(20)).until(() -> sim.queries().size() >= before + 3);
            assertFalse(replay.context().getRoutes().isEmpty());
        }
        assertEquals(rows, rows());
    }
}

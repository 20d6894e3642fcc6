package io.github.camelicsoc.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.CallRecordsTable;
import io.github.camelicsoc.support.ExampleRunner;
import io.github.camelicsoc.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * records-to-database.yaml writes one row per two-way call record, and a replay changes nothing: on its default H2
 * file and on a real PostgreSQL server.
 */
class RecordsToDatabaseExampleTest {

    @TempDir
    Path dir;

    private final IcsocSimulator sim = IcsocSimulator.start();

    @AfterEach
    void stop() {
        sim.close();
    }

    private CallRecordsTable table;

    @BeforeEach
    void table() {
        table = new CallRecordsTable(dir);
    }

    private ExampleRunner runner() {
        return table.applyTo(new ExampleRunner(sim, "records-to-database.yaml"))
                .property("records.delay", "100")
                .property("records.settle", "0")
                .property("camel.server.enabled", "false");
    }

    private List<String> rows() throws Exception {
        return table.rows("record_key", "record_type", "caller", "called", "connected", "answer_time");
    }

    @Test
    void onPostgreSqlEachCallRecordBecomesOneRowAndAReplayChangesNothing() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL)) {
            table.onPostgreSql(db);
            eachCallRecordBecomesOneRowAndAReplayChangesNothing();
        }
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

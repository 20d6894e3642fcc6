package io.github.camelicsoc.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.CallRecordsTable;
import io.github.camelicsoc.support.ExampleRunner;
import io.github.camelicsoc.support.TestDatabase;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * records-batch-to-database.yaml writes each poll's list of two-way call records with one batched INSERT: every record
 * lands in call_records exactly once, no list is longer than records.batchSize, and a replay changes nothing; on its
 * default H2 file and on a real PostgreSQL server.
 */
class RecordsBatchToDatabaseExampleTest {

    private static final int RECORDS = 1_200;
    private static final int BATCH_SIZE = 500;

    @TempDir
    Path dir;

    private final IcsocSimulator sim = IcsocSimulator.start();

    /** The size of each list the route completed, in the order the exchanges completed. */
    private final List<Integer> lists = new CopyOnWriteArrayList<>();

    /** The exceptions of the exchanges that failed: none is expected. */
    private final List<Exception> failures = new CopyOnWriteArrayList<>();

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
        return table.applyTo(new ExampleRunner(sim, "records-batch-to-database.yaml"))
                .property("records.batchSize", Integer.toString(BATCH_SIZE))
                .property("records.delay", "100")
                .property("records.settle", "0")
                .property("camel.server.enabled", "false")
                .bind("listSizes", new EventNotifierSupport() {
                    @Override
                    public void notify(CamelEvent event) {
                        if (event instanceof CamelEvent.ExchangeFailedEvent failed) {
                            failures.add(failed.getExchange().getException());
                        }
                        if (event instanceof CamelEvent.ExchangeCompletedEvent done && !done.getExchange().isFailed()
                            && "records-batch-to-database".equals(done.getExchange().getFromRouteId())) {
                            lists.add(((List<?>) done.getExchange().getIn().getBody()).size());
                        }
                    }
                });
    }

    /** Every row's key, type, caller, called number and whether it connected. */
    private List<String> rows() throws Exception {
        return table.rows("record_key", "record_type", "caller", "called", "connected");
    }

    private int rowCount() throws Exception {
        assertEquals(List.of(), failures, "failed exchanges");
        return rows().size();
    }

    @Test
    void onPostgreSqlEveryRecordLandsOnceAndAReplayChangesNothing() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL)) {
            table.onPostgreSql(db);
            everyRecordLandsOnceAndAReplayChangesNothing();
        }
    }

    @Test
    void everyRecordLandsOnceAndAReplayChangesNothing() throws Exception {
        LocalDateTime start = LocalDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(50);
        List<SimRecord> records = new ArrayList<>();
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < RECORDS; i++) {
            String called = String.format("139%08d", i);
            LocalDateTime at = start.plusSeconds(2L * i);
            boolean answered = i % 5 != 0;
            records.add(new SimRecord(false, "13800138000", called, "", at, answered ? at.plusSeconds(5) : null,
                    at.plusSeconds(60), null, null));
            expected.add("800|13800138000|" + called + "|" + answered);
        }
        sim.addRecords(records);

        try (ExampleRunner first = runner().start()) {
            await("every record in the table").atMost(Duration.ofSeconds(60)).until(() -> rowCount() >= RECORDS);
        }
        List<String> rows = rows();
        Set<String> landed = new TreeSet<>();
        Set<String> keys = new TreeSet<>();
        for (String row : rows) {
            String key = row.substring(0, row.indexOf('|'));
            assertTrue(key.matches("[0-9a-f]{64}"), "a row is keyed by the SHA-256 of its record: " + row);
            keys.add(key);
            landed.add(row.substring(row.indexOf('|') + 1));
        }
        assertEquals(RECORDS, rows.size(), "each record once");
        assertEquals(RECORDS, keys.size(), "no two records share a row key");
        assertEquals(expected, landed);
        // the records came as lists, none longer than the bound, and together exactly once each
        assertTrue(lists.size() >= RECORDS / BATCH_SIZE + 1, "lists: " + lists);
        assertTrue(lists.stream().allMatch(n -> n <= BATCH_SIZE), "lists: " + lists);
        assertEquals(RECORDS, lists.stream().mapToInt(Integer::intValue).sum(), "lists: " + lists);

        // a fresh context forgets what it delivered and writes the same lists again: the table does not change
        lists.clear();
        try (ExampleRunner replay = runner().start()) {
            await("the records written again").atMost(Duration.ofSeconds(60))
                    .until(() -> lists.stream().mapToInt(Integer::intValue).sum() >= RECORDS);
        }
        assertEquals(rows, rows());
    }
}

package io.github.camelicsoc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.RecordedStatements;
import io.github.camelicsoc.support.RecordsTestSupport;
import io.github.camelicsoc.support.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With recordsStore=jdbc the keys of delivered records are written half of markBatchSize records at a time, in one
 * statement on a thread of their own while the next half fills, instead of one statement per record; never more than
 * markBatchSize records wait with their keys unwritten; never after a watermark that passes them; and a record that
 * comes again in the same answer with other content sees the keys of its version still waiting to be written.
 */
class RecordsMarkBatchingTest extends RecordsTestSupport {

    private static final int RECORDS = 250;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = { "POSTGRESQL", "MARIADB" })
    void theKeysOfDeliveredRecordsAreWrittenABatchAtATimeAndBeforeAnyWatermarkPassesThem(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            List<String> behind = new CopyOnWriteArrayList<>();
            RecordedStatements statements = new RecordedStatements(db.dataSource(), sql -> {
                // a state write (the watermark) while a record that reached the route has no key in the table
                if (RecordedStatements.stateWrite(sql)) {
                    long keys = storedKeys(db);
                    if (keys < records().getReceivedCounter()) {
                        behind.add(keys + " keys stored, " + records().getReceivedCounter() + " records delivered");
                    }
                }
            });
            context.getRegistry().bind("database", statements.dataSource());
            sim.addInboundRecords(RECORDS, platformNow().minusMinutes(50), Duration.ofMinutes(40));
            consume("icsoc:records?type=400&recordsStore=jdbc&dataSource=#database&startTime=1h&markBatchSize=100&"
                    + FAST);
            awaitDeliveriesThenPolls(RECORDS);

            assertEquals(RECORDS, records().getReceivedCounter(), deliveriesPerKey().toString());
            assertEquals(RECORDS, storedKeys(db), "every record's key");
            assertEquals(List.of(), behind, "no watermark written past a record whose key was not written");
            // the start's write check adds one key; then halves of markBatchSize: 5 times 50
            int keyWrites = statements.count(RecordedStatements::keyWrite);
            assertTrue(keyWrites <= 1 + 5 + 1, RECORDS + " records' keys in " + keyWrites + " statements");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = { "POSTGRESQL", "MARIADB" })
    void aBatchOfKeysIsWrittenWhileTheNextFillsAndNeverMoreThanMarkBatchSizeWaitUnwritten(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            AtomicLong mostUnwritten = new AtomicLong();
            AtomicLong mostBeyondTheWrite = new AtomicLong();
            RecordedStatements statements = new RecordedStatements(db.dataSource(), sql -> {
                if (RecordedStatements.keyWrite(sql) && records().getReceivedCounter() > 0) {
                    // as a write begins: its own records, and those the route took meanwhile
                    long unwritten = records().getReceivedCounter() - storedKeys(db);
                    mostUnwritten.accumulateAndGet(unwritten, Math::max);
                    mostBeyondTheWrite.accumulateAndGet(unwritten - rowsWritten(sql), Math::max);
                    // a slow database
                    sleep(20);
                }
            });
            context.getRegistry().bind("database", statements.dataSource());
            sim.addInboundRecords(100, platformNow().minusMinutes(50), Duration.ofMinutes(2));
            consume("icsoc:records?type=400&recordsStore=jdbc&dataSource=#database&startTime=1h&markBatchSize=10&"
                    + FAST);
            awaitDeliveriesThenPolls(100);

            assertEquals(100, records().getReceivedCounter(), deliveriesPerKey().toString());
            assertEquals(100, storedKeys(db), "every record's key");
            assertTrue(mostBeyondTheWrite.get() > 0, "records delivered while the keys before them were written");
            assertTrue(mostUnwritten.get() <= 10, mostUnwritten.get() + " records delivered without their keys stored"
                                                  + " as a write began: at most markBatchSize");
            // the start's write check, then halves of markBatchSize
            assertTrue(statements.count(RecordedStatements::keyWrite) >= 1 + 100 / 5);
        }
    }

    /** How many rows an insert of keys writes: four parameters a row. */
    private static long rowsWritten(String sql) {
        return sql.chars().filter(c -> c == '?').count() / 4;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = { "POSTGRESQL", "MARIADB" })
    void writingABatchOfKeysDoesNotReadTheTermAgainWhenItWasReadLessThanASecondAgo(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            AtomicInteger readsWhileDelivering = new AtomicInteger();
            RecordedStatements statements = new RecordedStatements(db.dataSource(), sql -> {
                int delivered = records().getReceivedCounter();
                if (RecordedStatements.stateRead(sql) && delivered > 0 && delivered < RECORDS) {
                    readsWhileDelivering.incrementAndGet();
                }
            });
            context.getRegistry().bind("database", statements.dataSource());
            sim.addInboundRecords(RECORDS, platformNow().minusMinutes(50), Duration.ofMinutes(40));
            long started = System.nanoTime();
            consume("icsoc:records?type=400&recordsStore=jdbc&dataSource=#database&startTime=1h&markBatchSize=10&"
                    + FAST);
            awaitDeliveriesThenPolls(RECORDS);
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

            int keyWrites = statements.count(RecordedStatements::keyWrite);
            assertTrue(keyWrites >= RECORDS / 10, keyWrites + " key writes");
            // the term is still looked at once a second: a pause is always noticed
            assertTrue(readsWhileDelivering.get() <= 2 + seconds, readsWhileDelivering.get()
                       + " state reads while " + keyWrites + " batches of keys were written in " + seconds + " s");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = { "POSTGRESQL", "MARIADB" })
    void markBatchSizeOneWritesEachRecordsKeysOnceItsExchangeSucceeded(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            RecordedStatements statements = new RecordedStatements(db.dataSource());
            context.getRegistry().bind("database", statements.dataSource());
            sim.addInboundRecords(30, platformNow().minusMinutes(50), Duration.ofMinutes(40));
            consume("icsoc:records?type=400&recordsStore=jdbc&dataSource=#database&startTime=1h&markBatchSize=1&"
                    + FAST);
            awaitDeliveriesThenPolls(30);

            assertEquals(30, records().getReceivedCounter());
            assertEquals(1 + 30, statements.count(RecordedStatements::keyWrite),
                    "the start's write check, then one statement per record");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = { "POSTGRESQL", "MARIADB" })
    void versionsOfOneRecordInOneAnswerEachNameWhatChangedWhileTheirKeysWait(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            context.getRegistry().bind("database", db.dataSource());
            sim.addRecord(SimRecord.inbound("13800000001", "4001234567", platformNow().minusMinutes(10), 30, "rec-1"));
            // the answer holds the record 150 times, each with another duration: more versions than one batch
            sim.rewriteRecordAnswers(editData(entries -> {
                ObjectNode one = withCallId(entries, "rec-1");
                for (int secs = 1; secs < 150; secs++) {
                    entries.add(one.deepCopy().put("all_secs", String.valueOf(1000 + secs)));
                }
            }));
            consume("icsoc:records?type=400&recordsStore=jdbc&dataSource=#database&startTime=1h&" + FAST);
            awaitDeliveriesThenPolls(150);

            assertEquals(150, records().getReceivedCounter(), "each content once, over several polls too");
            for (int i = 1; i < 150; i++) {
                assertEquals(i + 1, records().getReceivedExchanges().get(i).getIn()
                        .getHeader(IcsocConstants.RECORD_VERSION, Integer.class));
                assertEquals("all_secs", records().getReceivedExchanges().get(i).getIn()
                        .getHeader(IcsocConstants.RECORD_CHANGED_FIELDS, String.class),
                        "version " + (i + 1) + " against the version before it, whose key may still wait");
            }
        }
    }

    private void awaitDeliveriesThenPolls(int n) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> records().getReceivedCounter() >= n);
        int queries = queriesSoFar();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> queriesSoFar() >= queries + 4);
    }

    private static long storedKeys(TestDatabase db) {
        try {
            return JdbcRecordsStoreTest.count(db, "SELECT COUNT(*) FROM icsoc_delivered WHERE record_key NOT LIKE '=%'");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

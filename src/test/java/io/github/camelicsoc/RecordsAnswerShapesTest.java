package io.github.camelicsoc;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelicsoc.client.PlatformTime;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.records.RecordsConsumer;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.RecordsTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Answers the platform may really send: a record it cannot write properly, call ids repeated in one answer,
 * {@code data} as PHP writes an array with gaps; and how much a poll asks for.
 */
class RecordsAnswerShapesTest extends RecordsTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZERO_TIME = "0000-00-00 00:00:00";

    /** Rewrites the entries of {@code data} (an array) with {@code edit}. */


    @Test
    void anUnreadableRecordDoesNotHoldBackLaterWindows() throws Exception {
        LocalDateTime start = platformNow().minusMinutes(100);
        sim.addRecord(SimRecord.inbound("13800000000", "4001234567", start.plusMinutes(2), 30, "bad-1"));
        List<SimRecord> later = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            later.add(SimRecord.inbound("1390000000" + i, "4001234567", start.plusMinutes(15 + i * 10), 30, "good-" + i));
        }
        sim.addRecords(later);
        // the platform writes MySQL's zero date for this record's answer time, every time it is asked
        sim.rewriteRecordAnswers(editData(entries -> {
            ObjectNode bad = withCallId(entries, "bad-1");
            if (bad != null) {
                bad.put("conn_time", ZERO_TIME);
            }
        }));
        List<Exchange> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // the default error handler: the unreadable record's exchange stays failed
                onException(IcsocException.class).process(e -> reported.add(e.copy()));
                from("icsoc:records?type=400&startTime=2h&lookback=10m&maxWindow=10m&" + FAST)
                        .routeId("records").to("mock:records");
            }
        });

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> records().getReceivedCounter() == 8);
        RecordsConsumer consumer = (RecordsConsumer) context.getRoute("records").getConsumer();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getWatermark().isAfter(start.plusMinutes(80)));
        assertTrue(reported.size() >= 1, "the unreadable record reached the error handler");
        assertEquals(reported.size(), consumer.getRecordsUnreadable(), "each report is counted");
        assertTrue(consumer.getLastUnreadable().contains("conn_time '" + ZERO_TIME + "'"), consumer.getLastUnreadable());
        String raw = reported.get(0).getIn().getBody(String.class);
        assertTrue(raw.contains("bad-1"), raw);
        assertEquals(0, consumer.getRecordsRefused());
    }

    @Test
    void callIdsRepeatedInOneAnswerKeepTheBatchExactAndOtherContentIsDeliveredAsANewerVersion() throws Exception {
        LocalDateTime start = platformNow().minusMinutes(30);
        sim.addRecord(SimRecord.inbound("13800000001", "4001234567", start, 30, "dup-1"));
        sim.addRecord(SimRecord.inbound("13800000002", "4001234567", start.plusMinutes(1), 30, "uniq-2"));
        sim.rewriteRecordAnswers(editData(entries -> {
            ObjectNode dup = withCallId(entries, "dup-1");
            ObjectNode uniq = withCallId(entries, "uniq-2");
            if (dup != null && uniq != null) {
                entries.add(dup.deepCopy().put("all_secs", "45").put("record_file", "http://rec/dup-1.mp3"));
                entries.add(uniq.deepCopy());
            }
        }));
        consume("icsoc:records?type=400&startTime=1h&" + FAST);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> records().getReceivedCounter() >= 3);
        Thread.sleep(500); // several more polls of the same answer
        List<Exchange> got = records().getReceivedExchanges();
        assertEquals(3, got.size(), "dup-1, its other version, and uniq-2 once: " + deliveriesPerKey());
        for (int i = 0; i < 3; i++) {
            assertEquals(3, got.get(i).getProperty(Exchange.BATCH_SIZE, Integer.class));
            assertEquals(i, got.get(i).getProperty(Exchange.BATCH_INDEX, Integer.class));
            assertEquals(i == 2, got.get(i).getProperty(Exchange.BATCH_COMPLETE, Boolean.class));
        }
        Exchange newer = got.stream().filter(e -> e.getIn().getHeader(IcsocConstants.RECORD_VERSION) != null)
                .findFirst().orElseThrow();
        assertEquals(2, newer.getIn().getHeader(IcsocConstants.RECORD_VERSION, Integer.class));
        assertEquals("dup-1", newer.getIn().getHeader(IcsocConstants.CALL_ID));
        assertEquals(45L, newer.getIn().getBody(io.github.camelicsoc.model.CallRecord.class).durationSeconds());
        assertEquals("400:dup-1", key(newer), "a newer version keeps its record key");
        Exchange first = got.stream().filter(e -> "400:dup-1".equals(key(e))).findFirst().orElseThrow();
        assertNull(first.getIn().getHeader(IcsocConstants.RECORD_VERSION));
        assertEquals(1, ((RecordsConsumer) context.getRoute("records").getConsumer()).getRecordsNewerVersion());
    }

    @Test
    void aPollWithMoreNewRecordsThanItKeepsInMemoryDeliversEachOnceWithExactBatchProperties() throws Exception {
        int records = RecordsConsumer.RECORDS_KEPT_IN_MEMORY + 1_000;
        sim.addInboundRecords(records, platformNow().minusMinutes(50), Duration.ofMinutes(40));
        sim.rewriteRecordAnswers(editData(entries -> {
            // only answers of the whole span (the first poll's): a later poll reads again only the parts of it its
            // re-read schedule says are due, where the eighth entry is another record
            if (entries.size() >= records) {
                entries.add(entries.get(3).deepCopy());
                entries.add(((ObjectNode) entries.get(7).deepCopy()).put("all_secs", "999"));
            }
        }));
        consume("icsoc:records?type=400&startTime=1h&" + FAST);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> records().getReceivedCounter() >= records + 1);
        Thread.sleep(300);
        List<Exchange> got = records().getReceivedExchanges();
        assertEquals(records + 1, got.size(), "every record once, and one newer version");
        assertEquals(records + 1, got.get(0).getProperty(Exchange.BATCH_SIZE, Integer.class));
        assertEquals(Boolean.TRUE, got.get(records).getProperty(Exchange.BATCH_COMPLETE, Boolean.class));
        assertEquals(records, deliveriesPerKey().size(), "the newer version comes under its record's key");
        assertEquals(1, got.stream().filter(e -> e.getIn().getHeader(IcsocConstants.RECORD_VERSION) != null).count());
    }

    @ParameterizedTest(name = "keys {0}")
    @ValueSource(strings = { "0,2,5", "-1,0,1", "12345678901,12345678902,12345678903",
                             "1234567890123456789,9223372036854775807,9", ",a,b" })
    void dataKeyedLikeAPhpArrayIsReadAsTheRecordsItHoldsWhateverItsKeys(String keys) throws Exception {
        sim.addInboundRecords(3, platformNow().minusMinutes(30), Duration.ofMinutes(3));
        sim.rewriteRecordAnswers(body -> {
            try {
                ObjectNode root = (ObjectNode) JSON.readTree(body);
                ObjectNode keyed = JSON.createObjectNode();
                String[] names = keys.split(",", -1);
                int i = 0;
                for (JsonNode entry : root.get("data")) {
                    keyed.set(names[i++], entry);
                }
                root.set("data", keyed);
                return JSON.writeValueAsString(root);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        consume("icsoc:records?type=400&startTime=1h&" + FAST);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> records().getReceivedCounter() >= 3);
        assertEquals(3, deliveriesPerKey().size());
        assertTrue(deliveriesPerKey().keySet().stream().allMatch(k -> k.startsWith("400:in-")), deliveriesPerKey().toString());
    }

    @Test
    void maxMessagesPerPollStopsFetchingOnceEnoughNewRecordsAreFound() throws Exception {
        sim.addInboundRecords(60, platformNow().minusMinutes(170), Duration.ofMinutes(165));
        consume("icsoc:records?type=400&startTime=3h&maxWindow=30m&maxMessagesPerPoll=5&repeatCount=1&" + FAST);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> records().getReceivedCounter() == 5);
        Thread.sleep(300);
        assertEquals(5, records().getReceivedCounter());
        assertEquals(1, queriesSoFar(), "the first 30-minute window holds 5 new records: nothing more is asked");
    }

    @Test
    void theFirstPollBeginsAtStartTime() throws Exception {
        LocalDateTime before = platformNow();
        consume("icsoc:records?type=400&startTime=2h&" + FAST);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queriesSoFar() >= 1);
        LocalDateTime asked = LocalDateTime.parse(sim.queries().get(0).startTime(), PlatformTime.FORMAT);
        assertTrue(!asked.isBefore(before.minusHours(2).minusSeconds(2)) && !asked.isAfter(before.minusHours(2).plusSeconds(5)),
                "asked from " + asked + ", startTime is 2 h before " + before);
    }
}

package io.github.camelicsoc;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelicsoc.client.PlatformTime;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.records.RecordsConsumer;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.RecordsTestSupport;
import org.apache.camel.Exchange;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A record is an evolving fact: the platform fills fields in after a call ends. Each state of a record reaches the
 * route once, in the same answer or a later poll, whatever the order of the answers, with its version.
 */
class RecordVersionsTest extends RecordsTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the platform answers now: each answer's entries edited by the current edit, changed during a test. */
    private final AtomicReference<Consumer<ArrayNode>> platform = new AtomicReference<>(entries -> {
    });

    private void answerWith(Consumer<ArrayNode> edit) {
        platform.set(edit);
    }

    private void editAnswers() {
        sim.rewriteRecordAnswers(editData(entries -> platform.get().accept(entries)));
    }



    /** Waits for {@code n} deliveries, then for several more polls of the same answers. */
    private void awaitDeliveries(int n) throws InterruptedException {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> records().getReceivedCounter() >= n);
        int queries = queriesSoFar();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> queriesSoFar() >= queries + 4);
    }

    private RecordsConsumer recordsConsumer() {
        return (RecordsConsumer) context.getRoute("records").getConsumer();
    }

    private static Integer version(Exchange e) {
        return e.getIn().getHeader(IcsocConstants.RECORD_VERSION, Integer.class);
    }

    private static String changedFields(Exchange e) {
        return e.getIn().getHeader(IcsocConstants.RECORD_CHANGED_FIELDS, String.class);
    }

    @Test
    void aRecordingFilledInByALaterPollIsDeliveredAsVersionTwo() throws Exception {
        sim.addRecord(SimRecord.inbound("13800000001", "4001234567", platformNow().minusMinutes(10), 30, "rec-1"));
        editAnswers();
        answerWith(entries -> withCallId(entries, "rec-1").put("record_file", ""));
        consume("icsoc:records?type=400&startTime=1h&" + FAST);
        awaitDeliveries(1);

        // the recording is uploaded: the next polls see record_file
        answerWith(entries -> withCallId(entries, "rec-1").put("record_file", "http://rec/rec-1.mp3"));
        awaitDeliveries(2);

        List<Exchange> got = records().getReceivedExchanges();
        assertEquals(2, got.size(), "the first state and the filled-in one, each once: " + deliveriesPerKey());
        assertNull(version(got.get(0)), "a first state has no version header");
        assertNull(changedFields(got.get(0)), "nor changed fields");
        assertNull(got.get(0).getIn().getBody(CallRecord.class).recordingUrl());
        assertEquals(2, version(got.get(1)));
        assertEquals("400:rec-1", key(got.get(1)), "a newer version keeps its record key");
        assertEquals("http://rec/rec-1.mp3", got.get(1).getIn().getBody(CallRecord.class).recordingUrl());
        assertEquals("record_file", changedFields(got.get(1)), "what changed since version 1");
        assertEquals(1, recordsConsumer().getRecordsNewerVersion());
    }

    @Test
    void aOneSecondCorrectionIsANewerVersion() throws Exception {
        LocalDateTime start = platformNow().minusMinutes(10);
        sim.addRecord(SimRecord.inbound("13800000001", "4001234567", start, 2, "short-1"));
        consume("icsoc:records?type=400&startTime=1h&" + FAST);
        awaitDeliveries(1);

        editAnswers();
        answerWith(entries -> withCallId(entries, "short-1").put("all_secs", "3")
                .put("end_time", PlatformTime.format(start.plusSeconds(3))));
        awaitDeliveries(2);

        List<Exchange> got = records().getReceivedExchanges();
        assertEquals(2, got.size(), deliveriesPerKey().toString());
        assertEquals(2, version(got.get(1)));
        assertEquals(3L, got.get(1).getIn().getBody(CallRecord.class).durationSeconds());
        assertEquals("all_secs,end_time", changedFields(got.get(1)), "both corrected fields, in name order");
    }

    @Test
    void contentsThatJavaHashesAlikeAreTwoVersions() throws Exception {
        // "Aa" and "BB" have the same String hash code
        sim.addRecord(SimRecord.inbound("13800000001", "4001234567", platformNow().minusMinutes(10), 30, "rec-1"));
        editAnswers();
        answerWith(entries -> withCallId(entries, "rec-1").put("record_file", "http://rec/Aa.mp3"));
        consume("icsoc:records?type=400&startTime=1h&" + FAST);
        awaitDeliveries(1);
        answerWith(entries -> withCallId(entries, "rec-1").put("record_file", "http://rec/BB.mp3"));
        awaitDeliveries(2);

        assertEquals(2, records().getReceivedCounter(), deliveriesPerKey().toString());
        assertEquals("http://rec/BB.mp3", delivered().get(1).recordingUrl());
    }

    @Test
    void aThousandContentsDifferingOnlyInDurationAreAThousandDeliveries() throws Exception {
        sim.addRecord(SimRecord.inbound("13800000001", "4001234567", platformNow().minusMinutes(10), 30, "rec-1"));
        editAnswers();
        answerWith(entries -> {
            ObjectNode one = withCallId(entries, "rec-1");
            for (int secs = 1; secs < 1000; secs++) {
                entries.add(one.deepCopy().put("all_secs", String.valueOf(1000 + secs)));
            }
        });
        consume("icsoc:records?type=400&startTime=1h&" + FAST);
        awaitDeliveries(1000);

        assertEquals(1000, records().getReceivedCounter());
        assertEquals(999, recordsConsumer().getRecordsNewerVersion());
        assertEquals(1000, version(records().getReceivedExchanges().get(999)));
        assertEquals("all_secs", changedFields(records().getReceivedExchanges().get(999)),
                "each version against the one delivered just before it, in the same answer");
    }

    @Test
    void fieldsThatAppearOrGoAreNamedAsChangedToo() throws Exception {
        sim.addRecord(SimRecord.inbound("13800000001", "4001234567", platformNow().minusMinutes(10), 30, "rec-1"));
        editAnswers();
        answerWith(entries -> withCallId(entries, "rec-1").put("crm_note", "first"));
        consume("icsoc:records?type=400&startTime=1h&" + FAST);
        awaitDeliveries(1);
        answerWith(entries -> withCallId(entries, "rec-1").put("agent_tag", "b"));
        awaitDeliveries(2);

        assertEquals(2, records().getReceivedCounter(), deliveriesPerKey().toString());
        assertEquals("agent_tag,crm_note", changedFields(records().getReceivedExchanges().get(1)));
    }

    @Test
    void aRepositoryOfTheUsersOwnGivesVersionsWithoutChangedFields() throws Exception {
        context.getRegistry().bind("ownKeys", new org.apache.camel.support.processor.idempotent.FileIdempotentRepository(
                new java.io.File("target/own-keys-" + System.nanoTime() + ".txt"), new java.util.HashMap<>()));
        sim.addRecord(SimRecord.inbound("13800000001", "4001234567", platformNow().minusMinutes(10), 30, "rec-1"));
        editAnswers();
        answerWith(entries -> withCallId(entries, "rec-1").put("record_file", ""));
        consume("icsoc:records?type=400&startTime=1h&idempotentRepository=#ownKeys&" + FAST);
        awaitDeliveries(1);
        answerWith(entries -> withCallId(entries, "rec-1").put("record_file", "http://rec/rec-1.mp3"));
        awaitDeliveries(2);

        Exchange second = records().getReceivedExchanges().get(1);
        assertEquals(2, version(second));
        assertNull(changedFields(second), "it keeps no field digests: no header rather than a wrong one");
    }

    @Test
    void eachContentOnceWhateverTheOrderOfTheAnswers() throws Exception {
        sim.addRecord(SimRecord.inbound("13800000001", "4001234567", platformNow().minusMinutes(10), 30, "rec-1"));
        editAnswers();
        // [A, B]
        answerWith(entries -> entries.add(withCallId(entries, "rec-1").deepCopy().put("all_secs", "45")));
        consume("icsoc:records?type=400&startTime=1h&" + FAST);
        awaitDeliveries(2);
        // then [B, A]
        answerWith(entries -> entries.insert(0, withCallId(entries, "rec-1").deepCopy().put("all_secs", "45")));
        awaitDeliveries(2);

        List<Exchange> got = records().getReceivedExchanges();
        assertEquals(2, got.size(), "A and B once each: " + deliveriesPerKey());
        assertEquals(30L, got.get(0).getIn().getBody(CallRecord.class).durationSeconds());
        assertEquals(45L, got.get(1).getIn().getBody(CallRecord.class).durationSeconds());
    }

    @Test
    void aCallIdThatLooksLikeAnotherRecordsVersionIsDelivered() throws Exception {
        LocalDateTime start = platformNow().minusMinutes(10);
        sim.addRecord(SimRecord.inbound("13800000001", "4001234567", start, 30, "rec-1"));
        editAnswers();
        answerWith(entries -> entries.add(withCallId(entries, "rec-1").deepCopy().put("all_secs", "45")));
        consume("icsoc:records?type=400&startTime=1h&" + FAST);
        awaitDeliveries(2);

        // new calls whose ids spell what a version of rec-1 was or is remembered under
        sim.addRecord(SimRecord.inbound("13800000002", "4001234567", start.plusMinutes(1), 30, "rec-1@1f"));
        sim.addRecord(SimRecord.inbound("13800000003", "4001234567", start.plusMinutes(2), 30, "=v=2=400:rec-1"));
        sim.addRecord(SimRecord.inbound("13800000004", "4001234567", start.plusMinutes(3), 30, "2=400:rec-1"));
        awaitDeliveries(5);

        assertEquals(5, records().getReceivedCounter(), deliveriesPerKey().toString());
        assertEquals(List.of("400:rec-1", "400:rec-1", "400:rec-1@1f", "400:=v=2=400:rec-1", "400:2=400:rec-1"),
                records().getReceivedExchanges().stream().map(RecordsTestSupport::key).toList());
    }

    @Test
    void recordVersionsFirstDeliversTheFirstStateOnly() throws Exception {
        sim.addRecord(SimRecord.inbound("13800000001", "4001234567", platformNow().minusMinutes(10), 30, "rec-1"));
        sim.addRecord(SimRecord.inbound("13800000002", "4001234567", platformNow().minusMinutes(9), 30, "rec-2"));
        editAnswers();
        // rec-2 comes twice with other content in one answer
        answerWith(entries -> entries.add(withCallId(entries, "rec-2").deepCopy().put("all_secs", "45")));
        consume("icsoc:records?type=400&startTime=1h&recordVersions=first&" + FAST);
        awaitDeliveries(2);
        // rec-1 is filled in later
        answerWith(entries -> {
            entries.add(withCallId(entries, "rec-2").deepCopy().put("all_secs", "45"));
            withCallId(entries, "rec-1").put("record_file", "http://rec/rec-1.mp3");
        });
        awaitDeliveries(2);

        assertEquals(2, records().getReceivedCounter(), deliveriesPerKey().toString());
        assertEquals(0, recordsConsumer().getRecordsNewerVersion());
        assertNull(delivered().get(0).recordingUrl());
    }

    /** A two-way record as in the vendor's sample: no call_id; the agent {@code caller} called the customer. */
    private static SimRecord withoutCallId(String caller, LocalDateTime start) {
        return new SimRecord(false, caller, "13900139000", "", start, start.plusSeconds(5), start.plusSeconds(65),
                "", null);
    }

    private static ObjectNode fromCaller(ArrayNode entries, String caller) {
        for (var e : entries) {
            if (caller.equals(e.path("caller").asText())) {
                return (ObjectNode) e;
            }
        }
        throw new AssertionError("no entry from " + caller + " in " + entries);
    }

    @Test
    void aRecordWithoutCallIdFilledInByALaterPollIsVersionTwoOfTheSameRecord() throws Exception {
        LocalDateTime start = platformNow().minusMinutes(10);
        sim.addRecord(withoutCallId("13800000001", start));
        // another call between the same numbers a second later: a record of its own
        sim.addRecord(withoutCallId("13800000001", start.plusSeconds(1)));
        consume("icsoc:records?type=800&startTime=1h&" + FAST);
        awaitDeliveries(2);

        // the recording of the first call is uploaded and its end corrected: the next polls see both
        editAnswers();
        answerWith(entries -> {
            for (var e : entries) {
                if (e.path("start_time").asText().equals(PlatformTime.format(start))) {
                    ((ObjectNode) e).put("record_file", "http://rec/first.mp3")
                            .put("end_time", PlatformTime.format(start.plusSeconds(66)));
                }
            }
        });
        awaitDeliveries(3);

        List<Exchange> got = records().getReceivedExchanges();
        assertEquals(3, got.size(), "two calls, and the first one's filled-in state, each once: " + deliveriesPerKey());
        assertEquals(2, deliveriesPerKey().size(), "two records: " + deliveriesPerKey());
        Exchange filledIn = got.get(2);
        assertEquals(2, version(filledIn));
        assertEquals(key(got.get(0)), key(filledIn), "the filled-in state keeps the first state's key");
        assertEquals("http://rec/first.mp3", filledIn.getIn().getBody(CallRecord.class).recordingUrl());
        // named though another record was delivered after its first state (the fields of more than the last are kept)
        assertEquals("end_time,record_file", changedFields(filledIn));
        assertEquals(1, recordsConsumer().getRecordsNewerVersion());
    }

    @Test
    void recordVersionsFirstDeliversAnIdLessRecordOnceThoughItIsFilledInLater() throws Exception {
        LocalDateTime start = platformNow().minusMinutes(10);
        sim.addRecord(withoutCallId("13800000001", start));
        consume("icsoc:records?type=800&startTime=1h&recordVersions=first&" + FAST);
        awaitDeliveries(1);
        editAnswers();
        answerWith(entries -> fromCaller(entries, "13800000001").put("record_file", "http://rec/first.mp3"));
        awaitDeliveries(1);

        assertEquals(1, records().getReceivedCounter(), deliveriesPerKey().toString());
        assertNull(delivered().get(0).recordingUrl(), "the first state, without the recording");
    }
}

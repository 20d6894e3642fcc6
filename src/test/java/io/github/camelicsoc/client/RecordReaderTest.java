package io.github.camelicsoc.client;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.model.RecordType;
import io.github.camelicsoc.records.RecordKeys;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The records response is read leniently where the platform is sloppy (the shapes of the vendor's own samples) and
 * strictly where it matters.
 */
class RecordReaderTest {

    /** The vendor's 800 sample, verbatim: data is one object, and start_time has lost its space. */
    static final String SAMPLE_800 = "{\"code\": 200, \"message\": \"ok\", \"data\": {\"caller\": \"13811740681\","
                                     + " \"called\": \"\", \"out\": \"out\", \"start_time\": \"2012-07-1118:48:02\","
                                     + " \"conn_time\": \"1970-01-01 08:00:00\", \"end_time\": \"2012-07-11 18:48:02\","
                                     + " \"all_secs\": \"0\", \"record_file\": \"\", \"result\": \"\\u672a\\u63a5\\u901a\"}}";

    /** The vendor's 400 sample, verbatim: data is an array and record_file is null. */
    static final String SAMPLE_400 = "{\"code\": 200, \"message\": \"ok\", \"data\": [{\"caller\": \"62963114\","
                                     + " \"called\": \"\", \"ivr_digits\": \"\", \"in\": \"in\","
                                     + " \"start_time\": \"2011-10-08 16:14:28\", \"conn_time\": \"1970-01-01 08:00:00\","
                                     + " \"end_time\": \"2011-10-08 16:16:07\", \"all_secs\": \"99\", \"record_file\": null,"
                                     + " \"result\": \"\\u672a\\u63a5\\u901a\"}]}";

    private static List<RawEntry> entries(IcsocOperation op, String body) {
        List<RawEntry> entries = new ArrayList<>();
        RecordReader.checkRaw(op, TreeOracle.spool(200, body.getBytes(StandardCharsets.UTF_8)),
                (index, entry) -> entries.add(entry));
        return entries;
    }

    private static CallRecord only(RecordType type, String body) {
        List<RawEntry> entries = entries(type.operation(), body);
        assertEquals(1, entries.size());
        return RecordReader.toCallRecord(type, entries.get(0));
    }

    @Test
    void dataKeyedLikeAPhpArrayWithGapsIsTheRecordsItHolds() {
        String record = SAMPLE_400.substring(SAMPLE_400.indexOf("[{") + 1, SAMPLE_400.lastIndexOf("]"));
        String keyed = "{\"code\": 200, \"data\": {\"0\": " + record + ", \"2\": " + record.replace("62963114", "1")
                       + ", \"7\": " + record.replace("62963114", "2") + "}}";
        List<RawEntry> read = entries(IcsocOperation.INBOUND_RECORDS, keyed);
        assertEquals(3, read.size());
        assertEquals(List.of("62963114", "1", "2"), read.stream().map(e -> e.fields.get("caller")).toList());
        assertEquals(0, entries(IcsocOperation.INBOUND_RECORDS, "{\"code\": 200, \"data\": {}}").size());
    }

    @Test
    void dataKeyedByAnyStringPhpWritesIsEveryRecordItHolds() {
        String record = SAMPLE_400.substring(SAMPLE_400.indexOf("[{") + 1, SAMPLE_400.lastIndexOf("]"));
        for (String[] keys : new String[][] { { "-1", "0" }, { "12345678901", "2" }, { "1234567890123456789", "7" },
                { "", "x" }, { "a", "b" }, { "caller", "called" } }) {
            String keyed = "{\"code\": 200, \"data\": {\"" + keys[0] + "\": " + record + ", \"" + keys[1] + "\": "
                           + record.replace("62963114", "1") + "}}";
            List<RawEntry> read = entries(IcsocOperation.INBOUND_RECORDS, keyed);
            assertEquals(List.of("62963114", "1"), read.stream().map(e -> e.fields.get("caller")).toList(),
                    String.join(", ", keys));
            assertEquals("1", RecordReader.toCallRecord(RecordType.INBOUND, read.get(1)).caller());
        }
        // a single record (the 800 sample's form) is told from keyed entries by its first value, a plain one
        assertEquals(1, entries(IcsocOperation.INBOUND_RECORDS,
                "{\"code\": 200, \"data\": {\"caller\": \"1\", \"agent\": {\"id\": 7}}}").size());
    }

    @Test
    void aSecondReadBuildsOnlyTheEntriesAskedFor() {
        String keyed = "{\"code\": 200, \"data\": [{\"n\": 0}, {\"n\": 1}, [2], {\"n\": 3}]}";
        List<Integer> seen = new ArrayList<>();
        RecordReader.rawEntries(IcsocOperation.INBOUND_RECORDS,
                TreeOracle.spool(200, keyed.getBytes(StandardCharsets.UTF_8)), index -> index % 2 == 1,
                (index, entry) -> seen.add(index * 10 + ((Number) entry.fields.get("n")).intValue()));
        assertEquals(List.of(11, 33), seen);
    }

    @Test
    void anEntryPastARecordsBoundIsRefusedAloneWhereverItStands() {
        String good = "{\"start_time\":\"2011-10-08 16:14:28\",\"call_id\":\"ok\"}";
        String longText = "x".repeat(RawEntry.MAX_RECORD_BYTES);
        List<String> bad = List.of(
                "{\"n\":1" + "0".repeat(RawEntry.MAX_NUMBER_DIGITS) + "}",
                "{\"deep\":" + "[".repeat(RawEntry.MAX_NESTING + 1) + "]".repeat(RawEntry.MAX_NESTING + 1) + "}",
                "{\"" + "n".repeat(RawEntry.MAX_NAME_LENGTH + 100) + "\":1}",
                "{\"big\":\"" + longText + "a\"}",
                "{\"big\":\"" + longText + "b\"}");
        for (String data : List.of("[" + good + ",%s," + good + "]", "{\"0\":" + good + ",\"-1\":%s,\"7\":" + good + "}")) {
            List<RawEntry> read = new ArrayList<>();
            for (String entry : bad) {
                read.addAll(entries(IcsocOperation.INBOUND_RECORDS,
                        "{\"code\":200,\"data\":" + data.formatted(entry) + "}"));
            }
            assertEquals(bad.size() * 3, read.size());
            for (int i = 0; i < read.size(); i++) {
                RawEntry entry = read.get(i);
                if (i % 3 == 1) {
                    assertTrue(entry.refusal() != null, entry.text());
                    String reason = assertThrows(IllegalArgumentException.class,
                            () -> RecordReader.toCallRecord(RecordType.INBOUND, entry)).getMessage();
                    assertEquals(entry.refusal(), reason);
                } else {
                    assertEquals("ok", RecordReader.toCallRecord(RecordType.INBOUND, entry).callId());
                }
            }
            assertTrue(read.get(1).refusal().contains("Number value length"), read.get(1).refusal());
            assertTrue(read.get(4).refusal().contains("nesting depth"), read.get(4).refusal());
            assertTrue(read.get(7).refusal().contains("Name length"), read.get(7).refusal());
            assertTrue(read.get(10).refusal().contains("bytes a record may have"), read.get(10).refusal());
            assertEquals(RawEntry.REFUSED_TEXT_BYTES, read.get(10).text().length(), "only its beginning is kept");
            assertEquals(read.get(10).text(), read.get(13).text());
            assertNotEquals(read.get(10).identity(), read.get(13).identity(), "told apart by all their bytes");
        }
        // a single record as data, past a bound
        RawEntry single = entries(IcsocOperation.TWO_WAY_RECORDS, "{\"code\":200,\"data\":" + bad.get(0) + "}").get(0);
        assertTrue(single.refusal().contains("Number value length"), single.refusal());
    }

    @Test
    void theVendors800SampleReads() {
        CallRecord r = only(RecordType.TWO_WAY, SAMPLE_800);

        assertEquals("13811740681", r.caller());
        assertEquals("", r.called());
        assertEquals("out", r.direction());
        assertEquals(LocalDateTime.of(2012, 7, 11, 18, 48, 2), r.startTime().toLocalDateTime());
        assertEquals("+08:00", r.startTime().getOffset().getId());
        assertNull(r.answerTime(), "1970-01-01 08:00:00 means never answered");
        assertEquals(0L, r.durationSeconds());
        assertNull(r.recordingUrl());
        assertFalse(r.connected());
        assertEquals("未接通", r.resultText());
        assertNull(r.callId());
    }

    @Test
    void theVendors400SampleReads() {
        CallRecord r = only(RecordType.INBOUND, SAMPLE_400);

        assertEquals("62963114", r.caller());
        assertEquals("in", r.direction());
        assertNull(r.ivrDigits());
        assertEquals(99L, r.durationSeconds());
        assertEquals(LocalDateTime.of(2011, 10, 8, 16, 16, 7), r.endTime().toLocalDateTime());
        assertNull(r.recordingUrl());
    }

    @Test
    void dataMayBeNullMissingEmptyOrAnEmptyArray() {
        for (String data : new String[] { "null", "[]", "\"\"" }) {
            assertEquals(0, entries(IcsocOperation.INBOUND_RECORDS,
                    "{\"code\":200,\"message\":\"ok\",\"data\":" + data + "}").size(), data);
        }
        assertEquals(0, entries(IcsocOperation.INBOUND_RECORDS, "{\"code\":200,\"message\":\"ok\"}").size());
    }

    @Test
    void numbersMayComeAsNumbersAndUnknownFieldsAreKept() {
        CallRecord r = only(RecordType.INBOUND, "{\"data\":[{\"caller\":62963114,\"start_time\":\"2011-10-08T16:14:28\","
                                                + "\"all_secs\":99,\"call_id\":123,\"conn_time\":\"2011-10-08 16:14:30\","
                                                + "\"result\":\"已接通\",\"agent\":{\"id\":7}}],\"code\":\"200\"}");

        assertEquals("62963114", r.caller());
        assertEquals(99L, r.durationSeconds());
        assertEquals("123", r.callId());
        assertTrue(r.connected());
        assertEquals(LocalDateTime.of(2011, 10, 8, 16, 14, 30), r.answerTime().toLocalDateTime());
        assertEquals(java.util.Map.of("id", 7), r.fields().get("agent"));
        assertNull(r.endTime());
    }

    @Test
    void aRecordWithoutAReadableStartTimeIsRefusedWithTheReason() {
        List<RawEntry> entries = entries(IcsocOperation.INBOUND_RECORDS,
                "{\"code\":200,\"data\":[{\"start_time\":\"08/10/2011\"},{\"caller\":\"1\"},\"text\","
                + "{\"start_time\":\"2011-10-08 16:14:28\",\"all_secs\":\"long\"}]}");

        assertEquals(4, entries.size());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RecordReader.toCallRecord(RecordType.INBOUND, entries.get(0))).getMessage()
                .contains("start_time '08/10/2011' is not a time"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RecordReader.toCallRecord(RecordType.INBOUND, entries.get(1))).getMessage()
                .contains("no start_time"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RecordReader.toCallRecord(RecordType.INBOUND, entries.get(2))).getMessage()
                .contains("not a JSON object"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RecordReader.toCallRecord(RecordType.INBOUND, entries.get(3))).getMessage()
                .contains("all_secs 'long' is not a number"));
    }

    @Test
    void theEnvelopeMustSay200() {
        IcsocException e = assertThrows(IcsocException.class,
                () -> entries(IcsocOperation.TWO_WAY_RECORDS, "{\"code\":403,\"message\":\"开始时间格式不正确\"}"));
        assertEquals(403, e.getCode());
        assertEquals("start time malformed", e.getMeaning());

        for (String body : new String[] { "", "[]", "<html>", "{\"data\":[]}", "{\"code\":200,\"data\":[{\"a\":" }) {
            IcsocException bad = assertThrows(IcsocException.class,
                    () -> entries(IcsocOperation.TWO_WAY_RECORDS, body), body);
            assertEquals(IcsocException.Kind.BAD_RESPONSE, bad.getKind(), body);
        }
    }

    @Test
    void theEnvelopeIsJudgedLikeACallsWhereverItsFieldsStand() {
        // code after data, as a string: the streaming read still finds it, and Envelope judges it as for a call
        IcsocException e = assertThrows(IcsocException.class, () -> entries(IcsocOperation.INBOUND_RECORDS,
                "{\"data\":[" + SAMPLE_400.substring(SAMPLE_400.indexOf("[{") + 1, SAMPLE_400.lastIndexOf(']'))
                + "],\"message\":\"参数错误\",\"code\":\"402\"}"));
        assertEquals(IcsocException.Kind.REFUSED_BY_PLATFORM, e.getKind());
        assertEquals(402, e.getCode());
        assertEquals(200, e.getHttpResponseCode());

        IcsocException status = assertThrows(IcsocException.class, () -> RecordReader.checkRaw(
                IcsocOperation.INBOUND_RECORDS, TreeOracle.spool(502, SAMPLE_400.getBytes(StandardCharsets.UTF_8)),
                (index, entry) -> true));
        assertEquals(IcsocException.Kind.BAD_RESPONSE, status.getKind());
    }

    @Test
    void keysUseTheCallIdOrElseAStableHash() {
        assertEquals("400:c-9", key(RecordType.INBOUND, "{\"code\":200,\"data\":[{\"start_time\":\"2011-10-08 16:14:28\","
                                                        + "\"call_id\":\"c-9\"}]}"));

        String a = key(RecordType.TWO_WAY, SAMPLE_800);
        assertEquals(a, key(RecordType.TWO_WAY, SAMPLE_800.replace("2012-07-1118:48:02", "2012-07-11 18:48:02")),
                "the same record spelled with and without the space");
        assertNotEquals(a, key(RecordType.TWO_WAY, SAMPLE_800.replace("13811740681", "13811740682")));
        assertTrue(a.startsWith("800:#"));
    }

    private static String key(RecordType type, String body) {
        return key(type, entries(type.operation(), body).get(0));
    }

    /** The key the consumer gives an entry: of its record, or of its text when it holds no readable record. */
    private static String key(RecordType type, RawEntry entry) {
        CallRecord record;
        try {
            record = RecordReader.toCallRecord(type, entry);
        } catch (IllegalArgumentException e) {
            record = null;
        }
        return RecordKeys.keyOf(type, record, entry);
    }

    @Test
    void timesParseInTheirSloppyForms() {
        LocalDateTime t = LocalDateTime.of(2012, 7, 11, 18, 48, 2);
        assertEquals(t, PlatformTime.parse("2012-07-11 18:48:02"));
        assertEquals(t, PlatformTime.parse("2012-07-1118:48:02"));
        assertEquals(t, PlatformTime.parse("2012-07-11T18:48:02"));
        assertEquals(t, PlatformTime.parse(" 2012-07-11 18:48:02 "));
        for (String bad : new String[] { "", "2012-07-11", "2012-13-11 18:48:02", "2012-07-11 25:00:00", "2012/07/11 18:48:02",
                "yesterday" }) {
            assertNull(PlatformTime.parse(bad), bad);
        }
    }

    @Test
    void everyFieldIsKeptAsJacksonWouldMapIt() {
        String body = "{\"code\":200,\"data\":[{\"caller\":\"138\",\"start_time\":\"2026-11-27 08:30:00\","
                      + "\"all_secs\":42,\"big\":12345678901234,\"huge\":123456789012345678901234567890,"
                      + "\"ratio\":0.5,\"flag\":true,\"record_file\":null,\"extra\":{\"a\":[1,\"x\",null]}}]}";
        RawEntry entry = entries(IcsocOperation.INBOUND_RECORDS, body).get(0);
        JsonNode tree = TreeOracle.entries(body.getBytes(StandardCharsets.UTF_8)).get(0);

        assertEquals(Envelope.JSON.convertValue(tree, java.util.Map.class),
                RecordReader.toCallRecord(RecordType.INBOUND, entry).fields());
    }

    @Test
    void aRecordWithoutCallIdIsKeyedByWhatIdentifiesTheCallNotByWhatIsFilledInLater() {
        String one = "{\"code\":200,\"data\":[{\"caller\":\"1\",\"called\":\"2\",\"out\":\"out\","
                     + "\"start_time\":\"2026-11-27 08:30:00\",\"end_time\":\"2026-11-27 08:31:00\","
                     + "\"record_file\":\"\",\"seat\":\"7\"}]}";
        String a = key(RecordType.TWO_WAY, one);

        // filled in or corrected later, or a field the platform adds: the same call, so the same key
        assertEquals(a, key(RecordType.TWO_WAY, one.replace("\"record_file\":\"\"", "\"record_file\":\"http://r/1.mp3\"")));
        assertEquals(a, key(RecordType.TWO_WAY, one.replace("08:31:00", "08:31:01")));
        assertEquals(a, key(RecordType.TWO_WAY, one.replace("\"seat\":\"7\"", "\"seat\":\"8\"")));
        assertEquals(a, key(RecordType.TWO_WAY, one.replace("2026-11-27 08:30:00", "2026-11-2708:30:00")),
                "a start time spelled without its space");
        // another call: other numbers, or another start second
        assertNotEquals(a, key(RecordType.TWO_WAY, one.replace("\"caller\":\"1\"", "\"caller\":\"3\"")));
        assertNotEquals(a, key(RecordType.TWO_WAY, one.replace("\"called\":\"2\"", "\"called\":\"3\"")));
        assertNotEquals(a, key(RecordType.TWO_WAY, one.replace("08:30:00", "08:30:01")));
    }
}

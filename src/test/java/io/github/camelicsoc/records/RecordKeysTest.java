package io.github.camelicsoc.records;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.camelicsoc.client.RawEntry;
import io.github.camelicsoc.client.RecordReader;
import io.github.camelicsoc.client.RecordSpool;
import io.github.camelicsoc.client.TreeOracle;
import io.github.camelicsoc.model.IcsocOperation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A state's content fingerprint compares exact content, and its marks never meet a record key. */
class RecordKeysTest {

    private static List<RawEntry> entries(String data) {
        RecordSpool spool = TreeOracle.spool(200, ("{\"code\": 200, \"data\": " + data + "}").getBytes(StandardCharsets.UTF_8));
        List<RawEntry> entries = new ArrayList<>();
        RecordReader.checkRaw(IcsocOperation.INBOUND_RECORDS, spool, (index, entry) -> entries.add(entry));
        return entries;
    }

    private static String content(String entry) {
        return RecordKeys.contentOf(entries("[" + entry + "]").get(0));
    }

    @Test
    void theSameFieldsInAnotherOrderAreTheSameContent() {
        assertEquals(content("{\"a\": \"1\", \"b\": 2}"), content("{\"b\": 2, \"a\": \"1\"}"));
    }

    @Test
    void valuesThatHashAlikeOrLookAlikeAreOtherContents() {
        assertNotEquals(content("{\"f\": \"http://rec/Aa.mp3\"}"), content("{\"f\": \"http://rec/BB.mp3\"}"));
        assertNotEquals(content("{\"n\": \"1\"}"), content("{\"n\": 1}"), "text and number are told apart");
        assertNotEquals(content("{\"n\": 1}"), content("{\"n\": 1.0}"), "integer and decimal are told apart");
        assertNotEquals(content("{\"n\": null}"), content("{\"n\": \"\"}"));
        assertNotEquals(content("{\"n\": true}"), content("{\"n\": \"true\"}"));
        assertNotEquals(content("{\"a\": \"b\", \"c\": \"\"}"), content("{\"a\": \"\", \"bc\": \"\"}"),
                "length prefixes keep names and values apart");
    }

    @Test
    void aOneSecondCorrectionIsAnotherContent() {
        assertNotEquals(content("{\"end_time\": \"2026-01-01 10:00:02\", \"all_secs\": \"2\"}"),
                content("{\"end_time\": \"2026-01-01 10:00:03\", \"all_secs\": \"3\"}"));
    }

    @Test
    void aThousandDurationsAreAThousandContents() {
        StringBuilder data = new StringBuilder("[");
        for (int secs = 0; secs < 1000; secs++) {
            data.append(secs == 0 ? "" : ",").append("{\"call_id\": \"c\", \"all_secs\": \"").append(secs).append("\"}");
        }
        Set<String> contents = new HashSet<>();
        entries(data.append(']').toString()).forEach(entry -> contents.add(RecordKeys.contentOf(entry)));
        assertEquals(1000, contents.size());
    }

    @Test
    void marksNeverEqualARecordKeyAndFitTheKeyColumn() {
        String content = content("{\"a\": 1}");
        // a record key is its type code (digits), ':' and the call id or a hash: never '=' first
        for (String key : List.of("400:c", "800:=c=" + content + "=400:c", "400:" + "x".repeat(500))) {
            String contentMark = RecordKeys.contentMark(key, content);
            String versionMark = RecordKeys.versionMark(key, 2);
            assertTrue(contentMark.startsWith("=") && versionMark.startsWith("="));
            assertTrue(contentMark.length() <= 200 && versionMark.length() <= 200, contentMark);
        }
        assertNotEquals(RecordKeys.versionMark("400:c", 12), RecordKeys.versionMark("400:2=400:c", 1));
        assertNotEquals(RecordKeys.versionMark("400:a", 2), RecordKeys.versionMark("400:b", 2));
    }

    private static String digests(String entry) {
        return RecordKeys.fieldDigestsOf(entries("[" + entry + "]").get(0));
    }

    @Test
    void changedFieldsNameWhatDiffersInNameOrderAndWhatCameOrWent() {
        String before = digests("{\"end_time\": \"10:00:02\", \"all_secs\": \"2\", \"gone\": 1, \"same\": \"x\"}");
        String after = digests("{\"same\": \"x\", \"all_secs\": \"3\", \"end_time\": \"10:00:03\", \"new\": null}");
        assertEquals("all_secs,end_time,gone,new", RecordKeys.changedFields(before, after));
        assertEquals("", RecordKeys.changedFields(before, before));
    }

    @Test
    void aValueOfAnotherTypeIsAChangeEvenWithTheSameText() {
        assertEquals("all_secs", RecordKeys.changedFields(digests("{\"all_secs\": \"2\"}"),
                digests("{\"all_secs\": 2}")));
    }

    @Test
    void fieldDigestsAreBoundedAndOddNamesAreKeptAsTheirDigest() {
        String longName = "n".repeat(RecordKeys.LONGEST_FIELD_NAME + 1);
        String odd = digests("{\"" + longName + "\": 1, \"a;b=c\": 2}");
        assertTrue(odd.matches("#[0-9a-f]{8}=[0-9a-f]{8};#[0-9a-f]{8}=[0-9a-f]{8}"), odd);
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 200; i++) {
            many.append(i == 0 ? "" : ", ").append("\"field_").append(i).append("\": ").append(i);
        }
        assertEquals(null, digests(many.append('}').toString()),
                "past " + RecordKeys.LONGEST_FIELD_DIGESTS + " characters a record's changes go unnamed");
    }
}

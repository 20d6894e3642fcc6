package io.github.camelicsoc.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.model.RecordType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An entry read straight from the token stream holds the fields, the content fingerprint and the raw text that the
 * same entry read as a Jackson tree (the {@link TreeOracle}) holds: reading without a tree loses nothing.
 */
class RawEntryTest {

    private static final String RECORD = "{\"caller\": \"62963114\", \"called\": \"\", \"ivr_digits\": \"\","
                                         + " \"in\": \"in\", \"start_time\": \"2011-10-08 16:14:28\","
                                         + " \"conn_time\": \"1970-01-01 08:00:00\", \"end_time\": \"2011-10-08 16:16:07\","
                                         + " \"all_secs\": \"99\", \"record_file\": null, \"result\": \"\\u672a\\u63a5\\u901a\"";

    @ParameterizedTest
    @ValueSource(strings = {
        // the vendor's samples: an array of records, and one record as data
        "{\"code\": 200, \"data\": [" + RECORD + "}]}",
        "{\"code\": 200, \"message\": \"ok\", \"data\": {\"caller\": \"13811740681\", \"called\": \"\", \"out\": \"out\","
        + " \"start_time\": \"2012-07-1118:48:02\", \"conn_time\": \"1970-01-01 08:00:00\","
        + " \"end_time\": \"2012-07-11 18:48:02\", \"all_secs\": \"0\", \"record_file\": \"\", \"result\": \"\"}}",
        // PHP's array with gaps
        "{\"code\": 200, \"data\": {\"0\": " + RECORD + "}, \"4\": " + RECORD + ", \"call_id\": \"c-4\"}}}",
        // numbers of every size, booleans, null, nested values, unknown fields, a field twice
        "{\"code\": 200, \"data\": [" + RECORD + ", \"all_secs\": 99, \"call_id\": 12345678901,"
        + " \"big\": 123456789012345678901234567890, \"rate\": 0.25, \"tiny\": -1.5e-7, \"vip\": true, \"test\": false,"
        + " \"tags\": [\"a\", 1, null, {\"x\": [2.5]}], \"extra\": {\"k\": \"v\", \"n\": null}, \"note\": \"say \\\"hi\\\"\\n\","
        + " \"caller\": 13800001111}]}",
        // no call id: the key hashes the fields, unknown ones in name order
        "{\"code\": 200, \"data\": [" + RECORD + ", \"zone\": 8, \"agent\": {\"id\": 7}, \"queue\": [1, 2.0], \"ok\": true}]}",
        // entries a record cannot be read from
        "{\"code\": 200, \"data\": [\"just text\", 42, null, [1, 2], {}, {\"caller\": \"1\"},"
        + " {\"start_time\": {\"at\": \"2011-10-08 16:14:28\"}}, {\"start_time\": \"yesterday\"},"
        + " {\"start_time\": \"2011-10-08 16:14:28\", \"all_secs\": \"ninety\"}, {\"start_time\": true}]}",
        // a single value as data
        "{\"code\": 200, \"data\": 7}"
    })
    void anEntryReadWithoutATreeHoldsWhatJacksonsTreeHolds(String body) {
        RecordSpool spool = TreeOracle.spool(200, body.getBytes(StandardCharsets.UTF_8));
        List<JsonNode> trees = TreeOracle.entries(body.getBytes(StandardCharsets.UTF_8));
        List<RawEntry> raws = new ArrayList<>();
        RecordReader.checkRaw(IcsocOperation.INBOUND_RECORDS, spool, (index, raw) -> raws.add(raw));
        assertEquals(trees.size(), raws.size());
        for (int i = 0; i < trees.size(); i++) {
            JsonNode tree = trees.get(i);
            RawEntry raw = raws.get(i);
            assertEquals(tree.toString(), raw.text());
            if (tree.isObject()) {
                assertEquals(Envelope.JSON.convertValue(tree, java.util.Map.class), raw.fields, "fields of " + tree);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 2 })
    void onlyTheWantedEntriesAreReadAgain(int wanted) {
        String body = "{\"code\": 200, \"data\": [" + RECORD + ", \"call_id\": \"a\"}, " + RECORD + ", \"call_id\": \"b\"}, "
                      + RECORD + ", \"call_id\": \"c\"}]}";
        RecordSpool spool = TreeOracle.spool(200, body.getBytes(StandardCharsets.UTF_8));
        List<String> read = new ArrayList<>();
        RecordReader.rawEntries(IcsocOperation.INBOUND_RECORDS, spool, index -> index == wanted,
                (index, raw) -> read.add(index + ":" + RecordReader.toCallRecord(RecordType.INBOUND, raw).callId()));
        assertEquals(List.of(wanted + ":" + "abc".charAt(wanted)), read);
    }
}

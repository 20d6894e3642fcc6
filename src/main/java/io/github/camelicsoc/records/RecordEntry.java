package io.github.camelicsoc.records;

import io.github.camelicsoc.client.RawEntry;
import io.github.camelicsoc.client.RecordReader;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.RecordType;

/** One entry of an answer: the record it holds, or why it cannot be read; its key. */
record RecordEntry(CallRecord record, String problem, String key, RawEntry json) {

    static RecordEntry read(RecordType type, RawEntry json) {
        try {
            CallRecord record = RecordReader.toCallRecord(type, json);
            return new RecordEntry(record, null, RecordKeys.keyOf(type, record, json), json);
        } catch (IllegalArgumentException e) {
            return new RecordEntry(null, e.getMessage(), RecordKeys.keyOf(type, null, json), json);
        }
    }

    /** @param fieldDigests what each of the entry's fields holds ({@link RecordKeys.FieldDigests}) */
    FreshRecord fresh(WindowRead read, String content, int version, RecordKeys.FieldDigests fieldDigests) {
        return record == null
                ? new FreshRecord(read, null, json.text(), problem, key, content, version, null)
                : new FreshRecord(read, record, null, null, key, content, version, fieldDigests);
    }
}

package io.github.camelicsoc.records;

import io.github.camelicsoc.model.CallRecord;

/**
 * A new record or a new state of one, to be delivered: readable ({@code record}) or not ({@code raw} and
 * {@code problem}); its key, its content fingerprint, its version (1 for a key's first state) and its field digest
 * digests ({@link RecordKeys.FieldDigests}; null when it has none).
 */
record FreshRecord(WindowRead read, CallRecord record, String raw, String problem, String key, String content,
                   int version, RecordKeys.FieldDigests fieldDigests) {
}

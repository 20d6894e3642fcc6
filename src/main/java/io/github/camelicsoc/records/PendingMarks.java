package io.github.camelicsoc.records;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows of delivered records waiting to be written together to a bulk repository (markBatchSize): one a delivered
 * state, each with its note (what the state held, {@link RecordKeys#versionNote}). The records state looks here before
 * the store, so that a key seen again (a newer version in the same answer) sees the version delivered a moment
 * before. Shared by the poll's thread and a stop of the consumer.
 */
final class PendingMarks {

    private final int batchSize;
    // row -> its note, in the order delivered
    private Map<String, String> rows = new LinkedHashMap<>();
    private int records;

    PendingMarks(int batchSize) {
        this.batchSize = batchSize;
    }

    /** What one write takes: the rows in the order they were added, with their notes, and how many records. */
    record Batch(Map<String, String> rows, int records) {

        /** The first row, to name the batch in a message. */
        String first() {
            return rows.keySet().iterator().next();
        }
    }

    /** Adds one delivered record's row with its note; true once the batch is full. */
    synchronized boolean add(String row, String note) {
        rows.put(row, note);
        return ++records >= batchSize;
    }

    /** The note waiting beside {@code row}; null when that row is not waiting. */
    synchronized String noteOf(String row) {
        return rows.get(row);
    }

    synchronized boolean isEmpty() {
        return records == 0;
    }

    /** Takes every row waiting, leaving none. */
    synchronized Batch take() {
        Batch batch = new Batch(rows, records);
        rows = new LinkedHashMap<>();
        records = 0;
        return batch;
    }

    /** Puts back a batch that could not be written, before the rows added since: the next write tries it first. */
    synchronized void putBack(Batch batch) {
        Map<String, String> again = new LinkedHashMap<>(batch.rows());
        rows.forEach(again::putIfAbsent);
        rows = again;
        records += batch.records();
    }
}

package io.github.camelicsoc.records;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows of delivered records waiting to be written together to a bulk repository (markBatchSize): one a delivered
 * state, each with its note (what the state held, {@link RecordKeys#versionNote}). The records state looks here before
 * the store, so that a key seen again (a newer version in the same answer) sees the version delivered a moment
 * before; rows taken by a write stay visible here until that write has ended ({@link #written}). Shared by the poll's
 * thread, the thread that writes and a stop of the consumer.
 */
final class PendingMarks {

    private final int batchSize;
    // row -> its note, in the order delivered
    private Map<String, String> rows = new LinkedHashMap<>();
    private int records;
    // the rows of the write under way
    private Map<String, String> writing = Map.of();

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

    /** The note waiting beside {@code row}, or being written; null when that row is neither. */
    synchronized String noteOf(String row) {
        String note = rows.get(row);
        return note != null ? note : writing.get(row);
    }

    synchronized boolean isEmpty() {
        return records == 0;
    }

    /** Takes every row waiting for a write, leaving none; they are still looked at until {@link #written}. */
    synchronized Batch take() {
        Batch batch = new Batch(rows, records);
        writing = rows;
        rows = new LinkedHashMap<>();
        records = 0;
        return batch;
    }

    /** The write of the last batch taken ended: its rows are in the store. */
    synchronized void written() {
        writing = Map.of();
    }

    /** Puts back a batch that could not be written, before the rows added since: the next write tries it first. */
    synchronized void putBack(Batch batch) {
        Map<String, String> again = new LinkedHashMap<>(batch.rows());
        rows.forEach(again::putIfAbsent);
        rows = again;
        records += batch.records();
        writing = Map.of();
    }
}

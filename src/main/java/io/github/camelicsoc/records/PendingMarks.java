package io.github.camelicsoc.records;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The marks of delivered records waiting to be written together (markBatchSize), each with its note where it has
 * one. The records state looks here before the store, so that a key seen again (a newer version in the same answer)
 * sees the marks of its version delivered a moment before. Shared by the poll's thread and a stop of the consumer.
 */
final class PendingMarks {

    private final int batchSize;
    private final Set<String> marks = new LinkedHashSet<>();
    private final Map<String, String> notes = new HashMap<>();
    private int records;

    PendingMarks(int batchSize) {
        this.batchSize = batchSize;
    }

    /** What one write takes: the marks in the order they were added, and their notes. */
    record Batch(List<String> marks, Map<String, String> notes, int records) {
    }

    /** Adds one delivered record's marks, with {@code note} beside {@code noted}; true once the batch is full. */
    synchronized boolean add(List<String> recordMarks, String noted, String note) {
        marks.addAll(recordMarks);
        if (noted != null && note != null) {
            notes.put(noted, note);
        }
        return ++records >= batchSize;
    }

    synchronized boolean contains(String mark) {
        return marks.contains(mark);
    }

    /** The note waiting beside {@code mark}; null when there is none. */
    synchronized String noteOf(String mark) {
        return notes.get(mark);
    }

    synchronized boolean isEmpty() {
        return records == 0;
    }

    /** Takes every mark waiting, leaving none. */
    synchronized Batch take() {
        Batch batch = new Batch(new ArrayList<>(marks), new HashMap<>(notes), records);
        marks.clear();
        notes.clear();
        records = 0;
        return batch;
    }
}

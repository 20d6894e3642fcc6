package io.github.camelicsoc.records;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.camelicsoc.client.RecordSpool;
import io.github.camelicsoc.records.RecordWindows.Window;

/**
 * One window's answer, spooled, where its new records are in it, and how their delivery went; or a run of windows
 * without a new record ({@link #empty}), whose answers are not kept.
 */
final class WindowRead {
    final Window window;
    final RecordSpool spool;
    /** Positions of the new records in the answer. */
    final BitSet freshAt = new BitSet();
    /** The version of each new record that is a newer state of its key; absent for a first state (version 1). */
    final Map<Integer, Integer> versionAt = new HashMap<>();
    /** The content of each new record that was not the first its key came with in this poll. */
    final Map<Integer, String> contentAt = new HashMap<>();
    /** The keys this poll saw, with the content each came with first. */
    private final PollKeys seen;
    /** The number of the first key this window's answer was the first to come with. */
    private final int firstKey;
    /** The new records kept in memory for delivery, in answer order; null when the poll had too many to keep. */
    List<FreshRecord> kept;
    int fresh;
    int offered;
    boolean holdsWatermark;

    WindowRead(Window window, RecordSpool spool, PollKeys seen) {
        this.window = window;
        this.spool = spool;
        this.seen = seen;
        this.firstKey = seen == null ? 0 : seen.size();
    }

    /**
     * The content fingerprints of this window's new records as first read, for a second reading in answer order:
     * (position, key) to content.
     */
    java.util.function.BiFunction<Integer, String, String> contents() {
        PollKeys.Cursor keys = seen.cursor(firstKey);
        return (index, key) -> {
            String content = contentAt.isEmpty() ? null : contentAt.get(index);
            return content != null ? content : keys.firstContent(key);
        };
    }

    /** Windows without a new record: nothing to deliver, no answer kept. */
    static WindowRead empty(Window window) {
        WindowRead read = new WindowRead(window, null, null);
        read.kept = List.of();
        return read;
    }

    void close() {
        if (spool != null) {
            spool.close();
        }
    }

    /** True when every new record of this window was offered and none holds the watermark. */
    boolean done() {
        return !holdsWatermark && offered == fresh;
    }
}

package io.github.camelicsoc.records;

import java.util.function.Predicate;

import io.github.camelicsoc.client.RecordReader;
import io.github.camelicsoc.model.RecordType;

/**
 * Where a poll's new records come from at delivery: kept in memory while they are few, or read again from each
 * window's spool (only the new ones are built again) when they are many. Two strategies behind one interface, as
 * camel-kafka separates batching and streaming.
 */
interface FreshRecords {

    /** Offers the new records of {@code read} in answer order while {@code offer} returns true. */
    void offer(WindowRead read, Predicate<FreshRecord> offer);

    /** The records of {@code read} kept in memory, else read again from its spool. */
    static FreshRecords of(WindowRead read, RecordType type) {
        return read.kept != null ? KEPT : spooled(type);
    }

    /** The records kept in memory, in answer order. */
    FreshRecords KEPT = (read, offer) -> {
        for (FreshRecord fresh : read.kept) {
            if (!offer.test(fresh)) {
                return;
            }
        }
    };

    /**
     * The records read again from a window's spool, by their positions. Their content fingerprints are those the
     * first reading found (kept by key, or by position for a key's later contents), not digested again.
     */
    static FreshRecords spooled(RecordType type) {
        return (read, offer) -> {
            java.util.function.BiFunction<Integer, String, String> contents = read.contents();
            RecordReader.rawEntries(type.operation(), read.spool, read.freshAt::get, (index, json) -> {
                RecordEntry entry = RecordEntry.read(type, json);
                int version = read.versionAt.isEmpty() ? 1 : read.versionAt.getOrDefault(index, 1);
                return offer.test(entry.fresh(read, contents.apply(index, entry.key()), version,
                        entry.record() == null ? null : RecordKeys.fieldsOf(json)));
            });
        };
    }
}

package io.github.camelicsoc.jdbc;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.camel.spi.IdempotentRepository;

/**
 * An idempotent repository that answers for many keys at once, where asking key by key costs a round trip each (a
 * database). The records consumer uses it when its repository has it: a poll looks up the keys of a window's records
 * together, and writes the marks of many delivered records together (markBatchSize); any other repository is asked
 * and written key by key.
 */
public interface BulkIdempotentRepository extends IdempotentRepository {

    /** How much of a note {@link #notesOfAny} gives. */
    int NOTE_HEAD = 40;

    /** Those of {@code keys} that are stored. */
    Set<String> containsAny(Collection<String> keys);

    /**
     * Those of {@code keys} that are stored, each with the head of its note: its first {@value #NOTE_HEAD} characters
     * ({@code ""} for none), which a repository may keep in memory for the keys it caches; {@link #noteOf} gives the
     * whole note. A repository that keeps no notes gives every key found an empty note.
     */
    default Map<String, String> notesOfAny(Collection<String> keys) {
        Map<String, String> notes = new HashMap<>();
        containsAny(keys).forEach(key -> notes.put(key, ""));
        return notes;
    }

    /**
     * Stores {@code keys} (already stored ones stay as they are) at once: a process killed meanwhile leaves all of them
     * stored or none.
     */
    void addAll(Collection<String> keys);

    /**
     * Stores {@code keys} as {@link #addAll(Collection)} does (all of them or none), each beside its note in
     * {@code notes} where it has one: the rows of several delivered records written together. A repository that
     * keeps no notes stores the keys only.
     */
    default void addAll(Collection<String> keys, Map<String, String> notes) {
        addAll(keys);
    }

    /** The note stored beside {@code key}; null when there is none or this repository keeps no notes. */
    default String noteOf(String key) {
        return null;
    }
}

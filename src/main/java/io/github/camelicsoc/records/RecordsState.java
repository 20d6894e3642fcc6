package io.github.camelicsoc.records;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.camelicsoc.jdbc.BulkIdempotentRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;

/**
 * What the records store knows of each record's delivered states: which contents were delivered and the last
 * version number. A state is marked only after its exchange succeeded ({@link #marksOf}, written by the store's
 * guard); marks still waiting for their batch ({@link PendingMarks}) are looked at before the repository.
 * <p>
 * The states are kept as plain string keys in any Camel idempotent repository (memory, JDBC, file, a user's own):
 * the record key for its first state (what it always was), a mark per content and a mark per version past the first
 * ({@link RecordKeys}). So a repository bounded by keys bounds the states too. Asked key by key, a record seen with
 * known content costs one lookup; a new record two; a newer state two plus one per version it already has (at most
 * {@value RecordKeys#MAX_VERSIONS}). A {@link BulkIdempotentRepository} (the JDBC store) keeps one row a delivered
 * state instead: its version's row, whose note holds the content ({@link RecordKeys#versionNote}), so that a new
 * record costs one row written, not two. It is asked for a batch of records at once ({@link #readAhead}): a
 * statement for their keys with their notes, and one per version number for the few keys delivered before with
 * other content.
 * <p>
 * What each field of a key's last delivered version held ({@link RecordKeys#fieldDigestsOf}) is kept so that a newer
 * version can name the fields that changed: by a {@link BulkIdempotentRepository} in the note of that version's row,
 * after its content; beside the default
 * {@link CompactIdempotentRepository} or a {@link MemoryIdempotentRepository}, for the records most recently delivered
 * ({@value #MAX_FIELD_DIGESTS} at most, the last delivered kept longest), for as long as this consumer runs. Any
 * other repository keeps none, and newer versions come without their changed fields.
 */
final class RecordsState {

    private final IdempotentRepository repository;
    private final BulkIdempotentRepository bulk;
    // the default repository, asked without building a mark's string (a buffer reused for every mark)
    private final CompactIdempotentRepository compact;
    private final StringBuilder markText = new StringBuilder(80);
    // marks of records delivered whose write waits for a batch: looked at before the store
    private final PendingMarks pending;
    // what the last read-ahead found in a bulk repository: row -> its note, null when not stored; nothing is marked
    // while a poll reads, so these hold for its classification
    private final Map<String, String> answers = new HashMap<>();

    // key -> field digests of its last delivered version, beside a memory repository; the least recently delivered
    // goes first
    private final KeyRing<RecordKeys.FieldDigests> fieldDigests;

    /**
     * The most records whose field digests are kept beside a memory repository (about 2 MB): a newer state of a
     * record delivered earlier than the last this many comes without its changed fields named.
     */
    static final int MAX_FIELD_DIGESTS = 10_000;

    private RecordsState(IdempotentRepository repository, PendingMarks pending) {
        this.repository = repository;
        this.pending = pending;
        this.bulk = repository instanceof BulkIdempotentRepository b ? b : null;
        this.compact = repository instanceof CompactIdempotentRepository c ? c : null;
        int remembered = compact != null ? compact.getMaxCacheSize()
                : repository instanceof MemoryIdempotentRepository memory ? memory.getMaxCacheSize() : 0;
        if (remembered > 0) {
            // the records most recently delivered, up to as many as the repository keeps (getCacheSize() is how many
            // it holds now), at most MAX_FIELD_DIGESTS: some 100 bytes each, and a newer state comes soon
            int bound = Math.max(1, Math.min(remembered, MAX_FIELD_DIGESTS));
            fieldDigests = new KeyRing<>(bound, true);
        } else {
            fieldDigests = null;
        }
    }

    /**
     * The fields that changed between the version of {@code key} delivered before {@code version} and this one, whose
     * field digests are {@code current}; null when that is not known (a first version, a repository that keeps no
     * field digests, a previous version never delivered or forgotten).
     */
    String changedFields(String key, int version, RecordKeys.FieldDigests currentFields) {
        String current = version < 2 || currentFields == null ? null : currentFields.vector();
        if (current == null) {
            return null;
        }
        String previous;
        if (fieldDigests != null) {
            RecordKeys.FieldDigests kept;
            synchronized (fieldDigests) {
                kept = fieldDigests.get(key);
            }
            previous = kept == null ? null : kept.vector();
        } else if (bulk != null) {
            // the whole note: a read-ahead keeps only its head (the content)
            String row = versionRow(key, version - 1);
            String waiting = pending.noteOf(row);
            previous = RecordKeys.vectorOfNote(waiting != null ? waiting : bulk.noteOf(row));
        } else {
            previous = null;
        }
        return previous == null ? null : RecordKeys.changedFields(previous, current);
    }

    /** Keeps what each field of the version of {@code key} just delivered held, where it is kept in memory. */
    void deliveredFields(String key, RecordKeys.FieldDigests digests) {
        if (fieldDigests != null && digests != null) {
            synchronized (fieldDigests) {
                fieldDigests.put(key, digests);
            }
        }
    }

    /** The mark of a version that carries its field digests as its note: the key for the first, else its version mark. */
    static String versionRow(String key, int version) {
        return version <= 1 ? key : RecordKeys.versionMark(key, version);
    }

    /** The state kept in {@code repository}, whose marks still to be written wait in {@code pending}. */
    static RecordsState in(IdempotentRepository repository, PendingMarks pending) {
        return new RecordsState(repository, pending);
    }

    /** True when the state of {@code key} with {@code content} was delivered. */
    boolean delivered(String key, String content) {
        if (compact != null) {
            return compact.containsText(RecordKeys.contentMark(markText, key, content));
        }
        if (bulk == null) {
            return contains(RecordKeys.contentMark(key, content));
        }
        // one row a delivered version, its content in the note, every version looked at (no bound: each content
        // delivered is in one of them); a row whose note holds none was written without it (by add), and counts as
        // delivered with any content
        for (int version = 1; ; version++) {
            String note = storedNote(versionRow(key, version));
            if (note == null) {
                return false;
            }
            String delivered = RecordKeys.contentOfNote(note);
            if (delivered == null || delivered.equals(content)) {
                return true;
            }
        }
    }

    /** Whether {@link #readAhead} does anything: only for a repository that answers for many keys at once. */
    boolean readsAhead() {
        return bulk != null;
    }

    /** The last version of {@code key} delivered; 0 when none was. */
    int lastVersion(String key) {
        if (!contains(key)) {
            return 0;
        }
        int last = 1;
        // a bulk repository's versions are all read ahead together, and all counted: its content is in one of them
        int most = bulk != null ? Integer.MAX_VALUE : RecordKeys.MAX_VERSIONS;
        while (last < most && contains(RecordKeys.versionMark(key, last + 1))) {
            last++;
        }
        return last;
    }

    /**
     * Looks up at once what {@link #delivered} and {@link #lastVersion} will be asked of these records (the
     * {@code keys} with their {@code contents}), when the repository can answer for many keys; the answers replace
     * those of the last read-ahead. A repository asked key by key is asked later, as each question comes.
     */
    void readAhead(List<String> keys, List<String> contents) {
        if (bulk == null) {
            return;
        }
        answers.clear();
        lookUp(new LinkedHashSet<>(keys));
        // keys delivered before with other content: their later versions, one version number a lookup, up to the
        // last (the content may be in any of them)
        Set<String> versioned = new LinkedHashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String note = storedNote(keys.get(i));
            String delivered = RecordKeys.contentOfNote(note);
            if (delivered != null && !delivered.equals(contents.get(i))) {
                versioned.add(keys.get(i));
            }
        }
        for (int version = 2; !versioned.isEmpty(); version++) {
            Map<String, String> keyOf = new HashMap<>();
            for (String key : versioned) {
                keyOf.put(RecordKeys.versionMark(key, version), key);
            }
            lookUp(keyOf.keySet());
            versioned = new LinkedHashSet<>();
            for (Map.Entry<String, String> row : keyOf.entrySet()) {
                if (storedNote(row.getKey()) != null) {
                    versioned.add(row.getValue());
                }
            }
        }
    }

    /** Asks the bulk repository for the notes of those {@code rows} not waiting to be written, and keeps the answers. */
    private void lookUp(Set<String> rows) {
        Set<String> asked = new LinkedHashSet<>();
        for (String row : rows) {
            if (pending.noteOf(row) == null) {
                asked.add(row);
            }
        }
        Map<String, String> found = bulk.notesOfAny(asked);
        asked.forEach(row -> answers.put(row, found.get(row)));
    }

    /**
     * The note of a bulk repository's {@code row} ({@code ""} for none), at least its head (the content), null when
     * the row is not stored: waiting to be written, else as the last read-ahead found it, else asked.
     */
    private String storedNote(String row) {
        String note = pending.noteOf(row);
        if (note != null) {
            return note;
        }
        if (answers.containsKey(row)) {
            return answers.get(row);
        }
        return bulk.notesOfAny(List.of(row)).get(row);
    }

    private boolean contains(String mark) {
        if (bulk == null) {
            // marks wait in pending, and read-ahead answers are kept, only for a bulk repository
            return repository.contains(mark);
        }
        return storedNote(mark) != null;
    }

    /**
     * The entries that mark a state delivered in a repository asked key by key, in the order they are written: the
     * content first, so that killed between the two, the state is not delivered again and at worst the next state
     * reuses this version number. A {@link BulkIdempotentRepository} is given one row instead, the version's, with the
     * content in its note ({@link RecordKeys#versionNote}).
     */
    static List<String> marksOf(String key, String content, int version) {
        return new ArrayList<>(List.of(RecordKeys.contentMark(key, content), versionRow(key, version)));
    }
}

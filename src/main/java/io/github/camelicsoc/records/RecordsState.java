package io.github.camelicsoc.records;

import org.apache.camel.spi.IdempotentRepository;

/**
 * What the records store knows of each record's delivered states: which contents were delivered and the last
 * version number. A state is marked only after its exchange succeeded.
 */
interface RecordsState {

    /** True when the state of {@code key} with {@code content} was delivered. */
    boolean delivered(String key, String content);

    /** The last version of {@code key} delivered; 0 when none was. */
    int lastVersion(String key);

    /** Marks the state of {@code key} with {@code content}, as version {@code version}, delivered. */
    void markDelivered(String key, String content, int version);

    /**
     * The states kept as plain string keys in any Camel idempotent repository (memory, JDBC, file, a user's own):
     * the record key for its first state (what it always was), a mark per content and a mark per version past the
     * first ({@link RecordKeys}). So a repository bounded by keys bounds the states too. Its cost: a record seen
     * with known content costs one lookup; a new record two; a newer state two plus one per version it already has
     * (at most {@value RecordKeys#MAX_VERSIONS}).
     */
    static RecordsState in(IdempotentRepository repository) {
        return new RecordsState() {
            @Override
            public boolean delivered(String key, String content) {
                return repository.contains(RecordKeys.contentMark(key, content));
            }

            @Override
            public int lastVersion(String key) {
                if (!repository.contains(key)) {
                    return 0;
                }
                int last = 1;
                while (last < RecordKeys.MAX_VERSIONS && repository.contains(RecordKeys.versionMark(key, last + 1))) {
                    last++;
                }
                return last;
            }

            @Override
            public void markDelivered(String key, String content, int version) {
                // the content first: killed between the two, the state is not delivered again and at worst the next
                // state reuses this version number
                mark(RecordKeys.contentMark(key, content));
                mark(version <= 1 ? key : RecordKeys.versionMark(key, version));
            }

            private void mark(String mark) {
                repository.add(mark);
                repository.confirm(mark);
            }
        };
    }
}

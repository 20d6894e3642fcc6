package io.github.camelicsoc.records;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.camelicsoc.client.IcsocClient;
import io.github.camelicsoc.client.RawEntry;
import io.github.camelicsoc.client.RecordReader;
import io.github.camelicsoc.client.RecordSpool;
import io.github.camelicsoc.model.RecordType;
import io.github.camelicsoc.records.RecordWindows.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll's reading: each window's answer is spooled and read once; every entry is parsed, keyed, fingerprinted
 * and looked up in the records state ({@link RecordsState}; {@value #LOOKED_UP_TOGETHER} entries at a time), and the new ones are kept for delivery while they are few
 * ({@value #RECORDS_KEPT_IN_MEMORY}); past that only their positions are kept (a bit each) and delivery reads them
 * again from the spool.
 */
final class RecordsPoll implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordsPoll.class);

    /** New records one poll keeps in memory (a few MB); past this it reads their answers a second time. */
    static final int RECORDS_KEPT_IN_MEMORY = 5_000;

    /** Entries whose keys the records state is asked about at once (one statement with the JDBC store). */
    static final int LOOKED_UP_TOGETHER = 500;

    private final IcsocClient client;
    private final RecordType type;
    private final RecordSpool.Settings spooling;
    private final RecordsState state;
    private final boolean firstStateOnly;
    private final int limit;
    private final List<WindowRead> reads = new ArrayList<>();
    private final PollKeys seen = new PollKeys();
    // only keys that came with more than one content in this poll
    private final Map<String, KeyStates> others = new HashMap<>();
    private final List<Sighting> unclassified = new ArrayList<>();
    private boolean keeping = true;
    private int keptCount;
    private int fresh;

    RecordsPoll(IcsocClient client, RecordType type, RecordSpool.Settings spooling, RecordsState state,
                boolean firstStateOnly, int limit) {
        this.client = client;
        this.type = type;
        this.spooling = spooling;
        this.state = state;
        this.firstStateOnly = firstStateOnly;
        this.limit = limit;
    }

    /** New records found so far. */
    int fresh() {
        return fresh;
    }

    /** The windows read, in order. */
    List<WindowRead> reads() {
        return reads;
    }

    /** Reads one window's answer; an answer refused as a whole counts none of its records. */
    void read(Window window) {
        RecordSpool spool = client.fetchRecords(type, window.start(), window.end(), spooling);
        WindowRead read = new WindowRead(window, spool, seen);
        read.kept = keeping ? new ArrayList<>() : null;
        int freshBefore = fresh;
        int keptBefore = keptCount;
        try {
            RecordReader.checkRaw(type.operation(), spool, (index, json) -> {
                see(read, index, json);
                return true;
            });
            classifySeen();
        } catch (RuntimeException e) {
            unclassified.clear();
            spool.close();
            fresh = freshBefore;
            keptCount = keptBefore;
            throw e;
        }
        LOG.debug("Record window {} to {}: {} new records", window.start(), window.end(), read.fresh);
        if (read.fresh == 0) {
            // nothing to deliver: only where it ends matters, so a run of empty windows is kept as one, and a poll
            // over millions of small windows (a start years back, a long lookback) holds no more than a short one
            spool.close();
            WindowRead last = reads.isEmpty() ? null : reads.get(reads.size() - 1);
            if (last != null && last.fresh == 0 && last.window.end().equals(window.start())) {
                reads.set(reads.size() - 1, WindowRead.empty(new Window(last.window.start(), window.end())));
            } else {
                reads.add(WindowRead.empty(window));
            }
            return;
        }
        reads.add(read);
    }

    /**
     * Reads one entry once: its key and content, and whether this poll saw it before. One not seen with this content
     * waits, with up to {@value #LOOKED_UP_TOGETHER} others, for the records state to be asked about all of them.
     */
    private void see(WindowRead read, int index, RawEntry json) {
        RecordEntry entry = RecordEntry.read(type, json);
        RecordKeys.Digests digests = RecordKeys.digestsOf(json);
        PollKeys.Seen sighting = seen.see(entry.key(), digests.high(), digests.low());
        if (sighting == PollKeys.Seen.SAME) {
            return;
        }
        unclassified.add(new Sighting(read, index, entry, digests, sighting));
        if (unclassified.size() >= LOOKED_UP_TOGETHER) {
            classifySeen();
        }
    }

    /** Asks the records state about the entries waiting, at once where it can, then classifies them in order. */
    private void classifySeen() {
        if (unclassified.isEmpty()) {
            return;
        }
        if (state.readsAhead()) {
            state.readAhead(unclassified.stream().map(s -> s.entry.key()).toList(),
                    unclassified.stream().map(s -> s.digests.content()).toList());
        }
        for (Sighting s : unclassified) {
            classify(s.read, s.index, s.entry, s.digests, s.sighting);
        }
        unclassified.clear();
    }

    /** An entry not seen before with its content in this poll, waiting to be classified. */
    private record Sighting(WindowRead read, int index, RecordEntry entry, RecordKeys.Digests digests,
                            PollKeys.Seen sighting) {
    }

    /**
     * Whether this state is new (not delivered before), its version, and keeps it for delivery while there is room.
     */
    private void classify(WindowRead read, int index, RecordEntry entry, RecordKeys.Digests digests,
                          PollKeys.Seen sighting) {
        String key = entry.key();
        String content = digests.content();
        int version;
        if (sighting == PollKeys.Seen.NEW) {
            if (state.delivered(key, content)) {
                return;
            }
            int last = state.lastVersion(key);
            if (firstStateOnly && last > 0) {
                return;
            }
            version = last + 1;
        } else {
            KeyStates states = others.get(key);
            if (states == null) {
                // the key's second content in this poll: what its first was, and the version that one took
                String first = seen.firstContent(key);
                int last = state.lastVersion(key) + (state.delivered(key, first) ? 0 : 1);
                states = new KeyStates(new ArrayList<>(List.of(first)), last);
                others.put(key, states);
            }
            if (states.contents.contains(content)) {
                return;
            }
            states.contents.add(content);
            if (firstStateOnly || state.delivered(key, content)) {
                return;
            }
            version = ++states.last;
        }
        fresh++;
        read.fresh++;
        read.freshAt.set(index);
        if (version > 1) {
            read.versionAt.put(index, version);
        }
        if (sighting != PollKeys.Seen.NEW) {
            // not its key's first content this poll: a second reading takes it from here, not from the keys seen
            read.contentAt.put(index, content);
        }
        if (!keeping || fresh > limit) {
            return;
        }
        if (keptCount >= RECORDS_KEPT_IN_MEMORY) {
            // too many to keep: deliver them all by reading their answers again
            keeping = false;
            read.kept = null;
            reads.forEach(r -> r.kept = null);
            return;
        }
        keptCount++;
        read.kept.add(entry.fresh(read, content, version, digests.fieldDigests()));
    }

    /** A key that came with more than one content in this poll: its contents, and the last version given. */
    private static final class KeyStates {
        final List<String> contents;
        int last;

        KeyStates(List<String> contents, int last) {
            this.contents = contents;
            this.last = last;
        }
    }

    @Override
    public void close() {
        reads.forEach(WindowRead::close);
    }
}

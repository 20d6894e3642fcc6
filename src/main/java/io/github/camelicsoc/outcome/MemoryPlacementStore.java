package io.github.camelicsoc.outcome;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default placements store: one JVM's memory, bounded. Past {@code maxEntries} the oldest placement is dropped
 * with a WARN (its outcome can then no longer be matched), so a burst of calls cannot exhaust the heap.
 */
public final class MemoryPlacementStore implements PlacementStore {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryPlacementStore.class);

    private final int maxEntries;
    // insertion order is placement order, which makes dropping the oldest and pruning cheap
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    // caller and called -> their placements: matching a record looks at a handful, not at every open placement
    private final Map<String, List<Entry>> byNumbers = new HashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    private static final class Entry {
        final Placement placement;
        boolean matched;
        String claimedBy;
        boolean timedOut;

        Entry(Placement placement) {
            this.placement = placement;
        }
    }

    public MemoryPlacementStore(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    @Override
    public synchronized void remember(Placement placement) {
        unindex(entries.remove(placement.callId()));
        Entry entry = new Entry(placement);
        entries.put(placement.callId(), entry);
        byNumbers.computeIfAbsent(Placement.numbers(placement.caller(), placement.called()), k -> new ArrayList<>(1))
                .add(entry);
        if (entries.size() > maxEntries) {
            Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
            Entry goneEntry = oldest.next().getValue();
            Placement gone = goneEntry.placement;
            oldest.remove();
            unindex(goneEntry);
            long count = dropped.incrementAndGet();
            LOG.warn("Placements store full ({} entries): forgot the placement of call {} (placed {}), whose record "
                     + "can no longer be matched; {} dropped so far. Use recordsStore=jdbc to keep every placement.",
                    maxEntries, gone.callId(), gone.placedAt(), count);
        }
    }

    @Override
    public synchronized Optional<Placement> byCallId(String callId) {
        Entry e = entries.get(callId);
        return e == null ? Optional.empty() : Optional.of(e.placement);
    }

    @Override
    public synchronized List<Placement> byNumbers(String caller, String called, LocalDateTime from, LocalDateTime to) {
        List<Placement> found = new ArrayList<>();
        for (Entry e : byNumbers.getOrDefault(Placement.numbers(caller, called), List.of())) {
            Placement p = e.placement;
            if (!p.placedAt().isBefore(from) && !p.placedAt().isAfter(to)) {
                found.add(p);
            }
        }
        return found;
    }

    @Override
    public synchronized List<Placement> placedBetween(LocalDateTime from, LocalDateTime to, int limit) {
        List<Placement> found = new ArrayList<>();
        for (Entry e : entries.values()) {
            Placement p = e.placement;
            if (!p.placedAt().isBefore(from) && !p.placedAt().isAfter(to)) {
                if (found.size() == limit) {
                    break;
                }
                found.add(p);
            }
        }
        return found;
    }

    @Override
    public boolean claim(String callId) {
        return claim(callId, null);
    }

    @Override
    public synchronized boolean claim(String callId, String recordIdentity) {
        Entry e = entries.get(callId);
        if (e == null || e.matched || e.timedOut) {
            return false;
        }
        e.matched = true;
        e.claimedBy = recordIdentity;
        return true;
    }

    @Override
    public synchronized Optional<String> claimedBy(String callId) {
        Entry e = entries.get(callId);
        return e == null || !e.matched ? Optional.empty() : Optional.ofNullable(e.claimedBy);
    }

    @Override
    public synchronized boolean timeOut(String callId) {
        Entry e = entries.get(callId);
        if (e == null || e.matched || e.timedOut) {
            return false;
        }
        e.timedOut = true;
        return true;
    }

    @Override
    public synchronized boolean isMatched(String callId) {
        Entry e = entries.get(callId);
        return e != null && e.matched;
    }

    @Override
    public synchronized List<Placement> openPlacedBefore(LocalDateTime placedBefore, int limit) {
        List<Placement> found = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (!e.matched && !e.timedOut && e.placement.placedAt().isBefore(placedBefore)) {
                found.add(e.placement);
            }
        }
        found.sort(Comparator.comparing(Placement::placedAt));
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }

    @Override
    public synchronized int prune(LocalDateTime placedBefore) {
        int before = entries.size();
        entries.values().removeIf(e -> {
            boolean old = e.placement.placedAt().isBefore(placedBefore);
            if (old) {
                unindex(e);
            }
            return old;
        });
        return before - entries.size();
    }

    private void unindex(Entry entry) {
        if (entry == null) {
            return;
        }
        String numbers = Placement.numbers(entry.placement.caller(), entry.placement.called());
        List<Entry> same = byNumbers.get(numbers);
        if (same != null && same.remove(entry) && same.isEmpty()) {
            byNumbers.remove(numbers);
        }
    }

    @Override
    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    /** How many placements were forgot because the store was full. */
    public long droppedCount() {
        return dropped.get();
    }
}

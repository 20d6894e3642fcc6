package io.github.camelicsoc.outcome;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.github.camelicsoc.client.PlatformTime;

/**
 * Ties a call record to the placement that caused it. By call id when the record has one (400 records do; the 800
 * sample does not); otherwise by caller, called and a start time inside the placement's window, all in platform
 * time, so the JVM's own time zone never enters. There is no tie-break: when two placements could both own a
 * record, nothing in an 800 record says which, so the record is ambiguous and no key is given to it.
 */
public final class PlacementMatcher {

    /** What became of one record. */
    public sealed interface Match {
    }

    /** The record is this placement's, and this record is the one that claimed it. */
    public record Matched(Placement placement) implements Match {
    }

    /** The record is this placement's, which an earlier record (an earlier version of it) already claimed. */
    public record AlreadyMatched(Placement placement) implements Match {
    }

    /**
     * The record is this placement's, whose outcome was already given as timed out (or which a store shared with other
     * nodes no longer holds open): the record came after all, later than the outcome timeout.
     */
    public record Late(Placement placement) implements Match {
    }

    /**
     * Several placements could own the record ({@code candidates} says how many), or the one that could was claimed by
     * another call's record ({@code candidates} is 1): nothing says which call this record is.
     */
    public record Ambiguous(int candidates) implements Match {
    }

    /** No remembered placement could own the record. */
    public record Unmatched() implements Match {
    }

    /** The one placement that can own the record, found but not yet claimed: {@link #settle} decides. */
    public record Found(Placement placement, String identity, boolean byNumbers) implements Match {
    }

    /**
     * How long before a window's placements were read a record must have started for their absence to count: a
     * placement is stamped before it is stored, by a clock up to the skew away, and its store is waited for at most
     * its call's deadline. A record that started later is matched against the store itself.
     */
    static final Duration SETTLE = Duration.ofMinutes(5);

    private final PlacementStore store;
    private final Duration skew;
    private final Duration maxRingTimeout;
    private final Clock clock;

    /**
     * @param skew           how far record start times may be from placement times, both ways (clock skew)
     * @param maxRingTimeout the longest ring timeout a placement can have, which bounds the store query
     */
    public PlacementMatcher(PlacementStore store, Duration skew, Duration maxRingTimeout, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.skew = Objects.requireNonNull(skew, "skew");
        this.maxRingTimeout = Objects.requireNonNull(maxRingTimeout, "maxRingTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Finds and claims the placement of one record.
     *
     * @param callId the record's call id, or null/empty when it has none
     * @param start  the record's start time, platform time
     */
    public Match match(String callId, String caller, String called, LocalDateTime start) {
        return settle(List.of(find(callId, caller, called, start, null))).get(0);
    }

    /**
     * The placement that can own a record, without claiming it: {@link Found}, {@link Ambiguous} or
     * {@link Unmatched}. {@code known} (may be null) answers for records it covers, the store for the others.
     *
     * @param callId the record's call id, or null/empty when it has none
     * @param start  the record's start time, platform time; may be null only with a call id
     */
    public Match find(String callId, String caller, String called, LocalDateTime start, Known known) {
        boolean covered = known != null && known.covers(start);
        if (callId != null && !callId.isEmpty()) {
            Placement byId = covered ? known.byCallId.get(callId) : null;
            if (byId == null && !covered) {
                byId = store.byCallId(callId).orElse(null);
            }
            // the call id names the call: any record carrying it is that call's; a call id we never placed is not
            // ours, even if the numbers fit one of ours
            return byId == null ? new Unmatched() : new Found(byId, "id:" + callId, false);
        }
        // placedAt in [start - ringTimeout - skew, start + skew] is the same window seen from the record
        List<Placement> near = covered
                ? known.byNumbers.getOrDefault(Placement.numbers(caller, called), List.of())
                : store.byNumbers(caller, called, start.minus(maxRingTimeout).minus(skew), start.plus(skew));
        Placement only = null;
        int candidates = 0;
        for (Placement p : near) {
            if (p.couldHaveStartedAt(start, skew)) {
                only = p;
                candidates++;
            }
        }
        if (candidates == 0) {
            return new Unmatched();
        }
        if (candidates > 1) {
            return new Ambiguous(candidates);
        }
        return new Found(only, identity(caller, called, start), true);
    }

    /**
     * Claims the placements {@code found} names, all in one {@link PlacementStore#claimAll}, and says what became of
     * each record, in order. Two records of one batch that found the same placement: the first claims it, the second
     * is a newer version of it or, when its identity differs, another call's record (ambiguous).
     */
    public List<Match> settle(List<Match> found) {
        Map<String, String> identities = new LinkedHashMap<>();
        for (Match m : found) {
            if (m instanceof Found f) {
                identities.putIfAbsent(f.placement().callId(), f.identity());
            }
        }
        Set<String> claimed = identities.isEmpty() ? Set.of() : store.claimAll(identities);
        Set<String> given = new HashSet<>();
        List<Match> settled = new ArrayList<>(found.size());
        for (Match m : found) {
            if (m instanceof Found f) {
                String callId = f.placement().callId();
                settled.add(claimed.contains(callId) && given.add(callId) ? new Matched(f.placement()) : notClaimed(f));
            } else {
                settled.add(m);
            }
        }
        return settled;
    }

    /**
     * The placements that can own the records of one window whose start times lie in {@code [from, to]}, read in one
     * query rather than one per record; null when the store cannot list them or holds more than {@code limit} (the
     * records are then matched one query each). It answers only for records that started before the placements were
     * read by {@link #SETTLE} and more: a placement of a later call may not have been stored yet.
     */
    public Known known(LocalDateTime from, LocalDateTime to, int limit) {
        LocalDateTime settled = PlatformTime.now(clock).minus(SETTLE);
        List<Placement> placed = store.placedBetween(from.minus(maxRingTimeout).minus(skew), to.plus(skew), limit + 1);
        if (placed == null || placed.size() > limit) {
            return null;
        }
        return new Known(from, to, settled, placed);
    }

    /** One window's placements, by call id and by numbers. */
    public final class Known {
        private final LocalDateTime from;
        private final LocalDateTime to;
        private final LocalDateTime settled;
        private final Map<String, Placement> byCallId = new HashMap<>();
        private final Map<String, List<Placement>> byNumbers = new HashMap<>();

        private Known(LocalDateTime from, LocalDateTime to, LocalDateTime settled, List<Placement> placed) {
            this.from = from;
            this.to = to;
            this.settled = settled;
            for (Placement p : placed) {
                byCallId.put(p.callId(), p);
                byNumbers.computeIfAbsent(Placement.numbers(p.caller(), p.called()), k -> new ArrayList<>(1))
                        .add(p);
            }
        }

        /** Whether a record started at {@code start} is answered here: inside the window, and settled. */
        boolean covers(LocalDateTime start) {
            return start != null && !start.isBefore(from) && !start.isAfter(to) && start.plus(skew).isBefore(settled);
        }
    }

    /**
     * What a record without call id is, for telling a newer version of it (the recording filled in, a corrected end)
     * from another call between the same numbers: its numbers and start time, which a newer version keeps.
     */
    static String identity(String caller, String called, LocalDateTime start) {
        String identity = caller + '|' + called + '|' + PlatformTime.format(start);
        return identity.length() <= Placement.MAX_RECORD_IDENTITY_LENGTH ? identity
                : identity.substring(0, Placement.MAX_RECORD_IDENTITY_LENGTH);
    }

    /** What a record is whose placement this batch did not change from open: late, a newer version, or another's. */
    private Match notClaimed(Found found) {
        Placement placement = found.placement();
        if (!store.isMatched(placement.callId())) {
            return new Late(placement);
        }
        if (found.byNumbers()) {
            Optional<String> claimant = store.claimedBy(placement.callId());
            if (claimant.isPresent() && !claimant.get().equals(found.identity())) {
                // another call's record took the placement: this one fits it too, but is not it
                return new Ambiguous(1);
            }
        }
        return new AlreadyMatched(placement);
    }

    /**
     * Open placements whose record should have come by now: placed more than ring timeout plus {@code outcomeTimeout}
     * ago (measured against the one longest ring timeout, to keep it one store query), oldest first.
     */
    public List<Placement> timedOut(Duration outcomeTimeout, int limit) {
        return timedOut(PlatformTime.now(clock), outcomeTimeout, limit);
    }

    /**
     * The same, measured from {@code now} (platform time): the records consumer gives its watermark, the time up to
     * which it has read every record, so a consumer that lags does not time out calls whose records it has not read.
     */
    public List<Placement> timedOut(LocalDateTime now, Duration outcomeTimeout, int limit) {
        return store.openPlacedBefore(now.minus(outcomeTimeout), limit).stream()
                .filter(p -> !p.placedAt().plus(p.ringTimeout()).plus(outcomeTimeout).isAfter(now))
                .toList();
    }
}

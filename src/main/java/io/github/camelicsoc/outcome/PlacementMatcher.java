package io.github.camelicsoc.outcome;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
     * @param callId the record's call id, or null/empty when it has none
     * @param start  the record's start time, platform time
     */
    public Match match(String callId, String caller, String called, LocalDateTime start) {
        if (callId != null && !callId.isEmpty()) {
            Optional<Placement> byId = store.byCallId(callId);
            if (byId.isPresent()) {
                // the call id names the call: any record carrying it is that call's
                return claimed(byId.get(), "id:" + callId, false);
            }
            // a call id we never placed: not ours, even if the numbers fit one of ours
            return new Unmatched();
        }
        // placedAt in [start - ringTimeout - skew, start + skew] is the same window seen from the record
        List<Placement> candidates = store.byNumbers(caller, called,
                start.minus(maxRingTimeout).minus(skew), start.plus(skew)).stream()
                .filter(p -> p.couldHaveStartedAt(start, skew))
                .toList();
        if (candidates.isEmpty()) {
            return new Unmatched();
        }
        if (candidates.size() > 1) {
            return new Ambiguous(candidates.size());
        }
        return claimed(candidates.get(0), identity(caller, called, start), true);
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

    private Match claimed(Placement placement, String identity, boolean byNumbers) {
        if (store.claim(placement.callId(), identity)) {
            return new Matched(placement);
        }
        if (!store.isMatched(placement.callId())) {
            return new Late(placement);
        }
        if (byNumbers) {
            Optional<String> claimant = store.claimedBy(placement.callId());
            if (claimant.isPresent() && !claimant.get().equals(identity)) {
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

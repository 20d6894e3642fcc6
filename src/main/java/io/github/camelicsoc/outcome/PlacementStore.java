package io.github.camelicsoc.outcome;

import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where placements are remembered until their record arrives or their outcome times out. Implementations must make
 * {@link #claim} atomic across every node sharing the store: it is what keeps a second record from claiming a
 * placement that another record already matched.
 */
public interface PlacementStore {

    /** Remembers a placed call; a placement with the same call id replaces the earlier one. */
    void remember(Placement placement);

    /** The placement with this call id, matched or not, if it is still remembered. */
    Optional<Placement> byCallId(String callId);

    /**
     * Placements (matched or not) from {@code caller} to {@code called} placed within {@code [from, to]}, platform
     * time, both ends included.
     */
    List<Placement> byNumbers(String caller, String called, LocalDateTime from, LocalDateTime to);

    /**
     * Every placement (open, matched or timed out) placed within {@code [from, to]}, platform time, both ends included;
     * at most {@code limit}, in no order. The records consumer reads a window's candidates with it once, instead of
     * asking {@link #byNumbers} for each record. A store that cannot list them cheaply keeps this default, null, and
     * is then asked record by record.
     */
    default List<Placement> placedBetween(LocalDateTime from, LocalDateTime to, int limit) {
        return null;
    }

    /** Marks the placement matched; true only for the one caller that changed it from open to matched. */
    boolean claim(String callId);

    /**
     * {@link #claim(String, String)} for several placements (call id to record identity) at once, each claim atomic on
     * its own; returns the call ids this caller changed from open to matched. A store that can send them together
     * (one database round trip) overrides this.
     */
    default Set<String> claimAll(Map<String, String> identities) {
        Set<String> claimed = new HashSet<>();
        identities.forEach((callId, identity) -> {
            if (claim(callId, identity)) {
                claimed.add(callId);
            }
        });
        return claimed;
    }

    /**
     * Marks the placement matched by the record {@code recordIdentity} (its caller, called and start time, at most
     * {@value Placement#MAX_RECORD_IDENTITY_LENGTH} characters), so that a later record can tell whether it is the same
     * call (a newer version of the record) or another one; true only for the one caller that changed it from open to
     * matched. A store that does not keep the identity may leave this default.
     */
    default boolean claim(String callId, String recordIdentity) {
        return claim(callId);
    }

    /**
     * The identity of the record that claimed the placement, when the store keeps it; empty when it is open, timed
     * out, unknown or its store does not keep identities (a later record of the placement is then taken as the same
     * call's).
     */
    default Optional<String> claimedBy(String callId) {
        return Optional.empty();
    }

    /** Whether the placement with this call id has been claimed by a record. */
    boolean isMatched(String callId);

    /**
     * Closes an open placement whose record never came, once its timed-out outcome was delivered; true only for the
     * one caller that changed it from open. A record arriving later finds it closed ({@link #claim} is false).
     */
    boolean timeOut(String callId);

    /** Open (unclaimed) placements placed before {@code placedBefore}, oldest first, at most {@code limit}. */
    List<Placement> openPlacedBefore(LocalDateTime placedBefore, int limit);

    /** Forgets placements placed before {@code placedBefore}; returns how many. */
    int prune(LocalDateTime placedBefore);

    /**
     * Whether no placement at all (open, matched or timed out) is remembered. The records consumer asks once per poll
     * and skips matching when so; a store that cannot tell cheaply keeps this default, and matching then always runs.
     */
    default boolean isEmpty() {
        return false;
    }
}

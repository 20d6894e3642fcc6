package io.github.camelicsoc.outcome;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * What the component remembers of a call it placed and the platform accepted (code 200), so that the call's record,
 * or the lack of one, can later be tied to the business key it was placed for.
 *
 * @param correlationKey the business key (a ticket id, say) the route placed the call for
 * @param carriedHeaders headers the route asked to carry to the outcome, already bounded by the producer
 * @param callId         the call id the platform answered this placement's own request with
 * @param caller         the caller number, normalized as records show it
 * @param called         the called number, normalized as records show it
 * @param mode           the placement mode (classic or AXB)
 * @param displayCaller  the display number shown to the caller, or null
 * @param displayCalled  the display number shown to the called party, or null
 * @param placedAt       when the platform accepted the call, in platform time (UTC+08:00 wall clock)
 * @param ringTimeout    how long the call may ring before the platform gives up
 */
public record Placement(
        String correlationKey, Map<String, String> carriedHeaders, String callId, String caller, String called,
        String mode, String displayCaller, String displayCalled, LocalDateTime placedAt, Duration ringTimeout) {

    /** The longest correlation key, in characters; a store keeps keys up to this length. */
    public static final int MAX_KEY_LENGTH = 200;
    /** The most headers one placement carries to its outcome. */
    public static final int MAX_CARRIED_HEADERS = 10;
    /** The longest name of a carried header, in characters. */
    public static final int MAX_CARRIED_NAME_LENGTH = 100;
    /** The longest value of one carried header, in characters. */
    public static final int MAX_CARRIED_VALUE_LENGTH = 500;
    /** The most characters the values of one placement's carried headers have together. */
    public static final int MAX_CARRIED_TOTAL_LENGTH = 2000;

    /** The longest identity of a record claiming a placement: two numbers of at most 100 characters and a time. */
    public static final int MAX_RECORD_IDENTITY_LENGTH = 240;

    public Placement {
        Objects.requireNonNull(correlationKey, "correlationKey");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(called, "called");
        Objects.requireNonNull(placedAt, "placedAt");
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        carriedHeaders = carriedHeaders == null ? Map.of() : Map.copyOf(carriedHeaders);
    }

    /**
     * Whether a record starting at {@code start} (platform time) can be this call's: from {@code skew} before the
     * placement up to the ring timeout plus {@code skew} after it, both ends included.
     */
    /** One key for a caller and a called number, for finding placements (and records) by their numbers. */
    static String numbers(String caller, String called) {
        return caller + '\u0000' + called;
    }

    public boolean couldHaveStartedAt(LocalDateTime start, Duration skew) {
        return !start.isBefore(placedAt.minus(skew)) && !start.isAfter(placedAt.plus(ringTimeout).plus(skew));
    }
}

package io.github.camelicsoc.model;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * The outcome of a call placed with a correlation key whose record never came: everything remembered when it was
 * placed. The body of an exchange with header {@code CamelIcsocOutcome=TIMED_OUT}.
 *
 * @param outcome            what became of the call: {@code TIMED_OUT}
 * @param correlationKey     the business key the call was placed for
 * @param carriedHeaders     the headers the placing message carried to the outcome
 * @param callId             the call id the platform answered the placement with
 * @param caller             the caller number, normalized
 * @param called             the called number, normalized
 * @param mode               classic or axb
 * @param displayCaller      the display number shown to the caller, or null
 * @param displayCalled      the display number shown to the called party, or null
 * @param placedAt           when the platform accepted the call, in UTC+08:00
 * @param ringTimeoutSeconds how long the call could ring, in seconds
 */
public record CallOutcome(
        String outcome,
        String correlationKey,
        Map<String, String> carriedHeaders,
        String callId,
        String caller,
        String called,
        String mode,
        String displayCaller,
        String displayCalled,
        @JsonSerialize(using = ToStringSerializer.class) OffsetDateTime placedAt,
        long ringTimeoutSeconds) {

    /** The outcome of a call whose record did not come in time. */
    public static final String TIMED_OUT = "TIMED_OUT";
    /** The outcome of a call whose record came: the record itself. */
    public static final String RECORD = "RECORD";
    /** A call's record that came after its TIMED_OUT outcome. */
    public static final String LATE_RECORD = "LATE_RECORD";
}

package io.github.camelicsoc.model;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * One call record as the platform keeps it, with the platform's quirks already smoothed out: times are
 * {@link OffsetDateTime}s in UTC+08:00, numbers are numbers, empty strings and the "never answered" time are null.
 *
 * @param type            which query it came from: 800 (two-way calls) or 400 (inbound)
 * @param direction       "out" or "in", as the platform states it
 * @param caller          the calling number
 * @param called          the called number; may be empty
 * @param ivrDigits       the extension keyed in the IVR (400 records); null when none
 * @param startTime       when the call started
 * @param answerTime      when it was answered; null when it never was
 * @param endTime         when it ended; null when the platform did not say
 * @param durationSeconds the duration in seconds; null when the platform did not say
 * @param connected       whether the call was connected
 * @param resultText      the platform's own text for the outcome (Chinese, e.g. 未接通 for "not connected")
 * @param recordingUrl    the URL of the recording; null when there is none
 * @param callId          the platform's unique id of the call; null when the record has none
 * @param fields          every field exactly as received, unknown ones included
 */
public record CallRecord(
        RecordType type,
        String direction,
        String caller,
        String called,
        String ivrDigits,
        @JsonSerialize(using = ToStringSerializer.class) OffsetDateTime startTime,
        @JsonSerialize(using = ToStringSerializer.class) OffsetDateTime answerTime,
        @JsonSerialize(using = ToStringSerializer.class) OffsetDateTime endTime,
        Long durationSeconds,
        boolean connected,
        String resultText,
        String recordingUrl,
        String callId,
        Map<String, Object> fields) {
}

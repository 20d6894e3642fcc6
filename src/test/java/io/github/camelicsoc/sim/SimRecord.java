package io.github.camelicsoc.sim;

import java.time.LocalDateTime;

/**
 * One call record held by the simulator, as the platform would store it (times in UTC+08:00).
 *
 * @param inbound    true for a 400 (inbound) record, false for an 800 (two-way call) record
 * @param answerTime null when the call was never answered
 * @param recordFile the recording URL, null when there is none
 * @param callId     null when the record has none
 */
public record SimRecord(
        boolean inbound, String caller, String called, String ivrDigits, LocalDateTime startTime,
        LocalDateTime answerTime, LocalDateTime endTime, String recordFile, String callId) {

    /** The platform keeps times to the second. */
    public SimRecord {
        startTime = seconds(startTime);
        answerTime = seconds(answerTime);
        endTime = seconds(endTime);
    }

    private static LocalDateTime seconds(LocalDateTime time) {
        return time == null ? null : time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** An inbound 400 record of a call answered after 5 seconds that lasted {@code seconds}. */
    public static SimRecord inbound(String caller, String called, LocalDateTime start, int seconds, String callId) {
        return new SimRecord(true, caller, called, "", start, start.plusSeconds(5), start.plusSeconds(seconds), "",
                callId);
    }

    /** A two-way call record that was never answered. */
    public static SimRecord unansweredTwoWay(String caller, String called, LocalDateTime start, int ringSeconds) {
        return new SimRecord(false, caller, called, "", start, null, start.plusSeconds(ringSeconds), null, null);
    }

    public boolean connected() {
        return answerTime != null;
    }

    public long durationSeconds() {
        return java.time.Duration.between(startTime, endTime).toSeconds();
    }
}

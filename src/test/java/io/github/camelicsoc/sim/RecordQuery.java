package io.github.camelicsoc.sim;

/**
 * A records query as the simulator received it.
 *
 * @param inbound   true for webcall400, false for webcall800
 * @param startTime the start_time field as sent
 * @param endTime   the end_time field as sent, null when absent
 */
public record RecordQuery(boolean inbound, String startTime, String endTime) {
}

package io.github.camelicsoc.records;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import io.github.camelicsoc.client.PlatformTime;
import org.apache.camel.util.TimeUtils;

/** The startTime option, read once where the options are checked and resolved when the consumer starts. */
public final class StartTime {

    private final LocalDateTime at;
    private final Duration back;

    private StartTime(LocalDateTime at, Duration back) {
        this.at = at;
        this.back = back;
    }

    /**
     * Reads yyyy-MM-dd HH:mm:ss in UTC+08:00, ISO-8601 with an offset, or a duration back from the moment the
     * consumer starts.
     *
     * @throws IllegalArgumentException naming the three forms
     */
    public static StartTime parse(String text) {
        String t = text == null ? "" : text.trim();
        try {
            return new StartTime(PlatformTime.parseExact(t), null);
        } catch (DateTimeParseException notPlatformTime) {
            // try the other forms
        }
        try {
            return new StartTime(PlatformTime.of(OffsetDateTime.parse(t)), null);
        } catch (DateTimeParseException notIso) {
            // try a duration
        }
        try {
            Duration back = t.startsWith("P") || t.startsWith("p") ? Duration.parse(t) : TimeUtils.toDuration(t);
            if (!t.isEmpty() && !t.startsWith("-") && !back.isNegative()) {
                return new StartTime(null, back);
            }
        } catch (RuntimeException notADuration) {
            // refused below
        }
        throw new IllegalArgumentException("startTime '" + text + "' is neither a time (2026-11-27 08:00:00 in"
                                           + " UTC+08:00, or 2026-11-27T00:00:00Z) nor a duration back from now"
                                           + " (24h, 90m, PT24H)");
    }

    public LocalDateTime resolve(LocalDateTime now) {
        return at != null ? at : now.minus(back).truncatedTo(ChronoUnit.SECONDS);
    }
}

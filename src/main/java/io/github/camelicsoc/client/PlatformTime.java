package io.github.camelicsoc.client;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The platform's time: wall-clock time in UTC+08:00 to the second, written {@code yyyy-MM-dd HH:mm:ss}, whatever the
 * JVM's time zone. The one place that knows how the platform writes, reads and spells "never answered".
 */
public final class PlatformTime {

    /** The platform's time zone: every time it sends or expects is UTC+08:00 wall-clock time. */
    public static final ZoneOffset ZONE = ZoneOffset.ofHours(8);

    /** How the platform writes times (and expects them in requests). */
    public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** How the platform writes "never answered": the Unix epoch in UTC+08:00. */
    public static final LocalDateTime NEVER_ANSWERED = LocalDateTime.of(1970, 1, 1, 8, 0, 0);

    private PlatformTime() {
    }

    /** Now on the platform's wall clock, to the second. */
    public static LocalDateTime now(Clock clock) {
        return LocalDateTime.now(clock.withZone(ZONE)).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The time as the platform expects it in a request. */
    public static String format(LocalDateTime time) {
        return FORMAT.format(time);
    }

    /** A platform time as an instant-bearing value in UTC+08:00; null stays null. */
    public static OffsetDateTime atZone(LocalDateTime time) {
        return time == null ? null : time.atOffset(ZONE);
    }

    /** The same instant on the platform's wall clock. */
    public static LocalDateTime of(OffsetDateTime time) {
        return time.atZoneSameInstant(ZONE).toLocalDateTime();
    }

    /** Whether an answer time is the platform's "never answered". */
    public static boolean isNeverAnswered(LocalDateTime answerTime) {
        return NEVER_ANSWERED.equals(answerTime);
    }

    /**
     * Parses exactly {@code yyyy-MM-dd HH:mm:ss}, as this component writes it (the startTime option, a stored
     * watermark).
     *
     * @throws DateTimeParseException when the text is not in that form
     */
    public static LocalDateTime parseExact(String text) {
        return LocalDateTime.parse(text, FORMAT);
    }

    /**
     * Parses {@code yyyy-MM-dd HH:mm:ss} leniently: also with the space missing (as in the vendor's sample) or a
     * {@code T} instead, and with blanks around it. Null when the text is none of these or not a real time (such as
     * MySQL's {@code 0000-00-00 00:00:00}).
     */
    public static LocalDateTime parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        int n = t.length();
        if (n < 18 || n > 19) {
            return null;
        }
        int timeAt = n == 19 ? 11 : 10;
        if (n == 19 && t.charAt(10) != ' ' && t.charAt(10) != 'T') {
            return null;
        }
        if (t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(timeAt + 2) != ':' || t.charAt(timeAt + 5) != ':') {
            return null;
        }
        try {
            return LocalDateTime.of(digits(t, 0, 4), digits(t, 5, 7), digits(t, 8, 10), digits(t, timeAt, timeAt + 2),
                    digits(t, timeAt + 3, timeAt + 5), digits(t, timeAt + 6, timeAt + 8));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(t);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}

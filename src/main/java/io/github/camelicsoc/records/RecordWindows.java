package io.github.camelicsoc.records;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.NoSuchElementException;

import io.github.camelicsoc.client.PlatformTime;

/**
 * The rules of polling, in one place (the README's "How polling works" states the same):
 * <ul>
 * <li>The first poll (no watermark stored) asks from {@code startTime}. Every later poll asks from the watermark minus
 * {@code lookback}, so that a record the platform writes late is asked for again.</li>
 * <li>Every poll asks up to now minus {@code settle}; nothing when that is not after where it begins.</li>
 * <li>The span is cut into record windows of at most {@code maxWindow}. Two windows share their edge second: whether
 * the platform counts {@code end_time} in or out, no record falls between them (one on the edge comes twice and is
 * delivered once).</li>
 * <li>The watermark moves to the end of a window once every window up to it is done, and never backwards. A window
 * is done when each of its new records was offered to the route and none was refused by it. A record that cannot be
 * read does not hold it back: asking again cannot make it readable. A record the route refused does: the next poll
 * asks for its window again.</li>
 * </ul>
 * Times are the platform's (UTC+08:00 wall-clock, to the second) and "now" comes from the clock given, so the rules
 * can be checked without HTTP and without waiting.
 */
final class RecordWindows {

    /** One request's span, both ends included as far as the platform goes. */
    record Window(LocalDateTime start, LocalDateTime end) {
    }

    /** What became of one new record of a window. */
    enum Outcome {
        /** Its exchange succeeded. */
        DELIVERED,
        /** The route refused it (its exchange failed); it comes again with the next poll. */
        REFUSED,
        /** It cannot be read; it was handed to the error handler. */
        UNREADABLE,
        /** Not offered: the poll's limit was reached, or the route is stopping. */
        NOT_OFFERED;

        /** Whether a record with this outcome keeps the watermark before its window. */
        boolean holdsWatermark() {
            return this == REFUSED || this == NOT_OFFERED;
        }
    }

    private final Clock clock;
    private final LocalDateTime startTime;
    private final long lookback;
    private final long settle;
    private final long maxWindow;

    /**
     * @param startTime where the first poll begins, resolved against {@code clock} now (a duration counts back from
     *                  this moment)
     */
    RecordWindows(Clock clock, StartTime startTime, long lookbackMillis, long settleMillis, long maxWindowMillis) {
        this.clock = clock;
        this.startTime = startTime.resolve(now());
        this.lookback = lookbackMillis;
        this.settle = settleMillis;
        this.maxWindow = maxWindowMillis;
    }

    /** Now on the platform's wall clock. */
    LocalDateTime now() {
        return PlatformTime.now(clock);
    }

    /** Where the first poll begins, and the watermark until one is stored. */
    LocalDateTime startTime() {
        return startTime;
    }

    /**
     * The windows one poll asks for, in order, given the stored watermark (null when none is stored yet). Planned
     * lazily, one window as the poll asks for the next: a poll stops early (its record limit, a failure, a shutdown),
     * and a start years back with a small maxWindow would otherwise build millions of windows up front.
     */
    Iterable<Window> plan(LocalDateTime storedWatermark) {
        LocalDateTime from = storedWatermark == null
                ? startTime : storedWatermark.minus(lookback, ChronoUnit.MILLIS);
        LocalDateTime to = now().minus(settle, ChronoUnit.MILLIS);
        return () -> new Iterator<>() {
            private LocalDateTime start = from;

            @Override
            public boolean hasNext() {
                return start.isBefore(to);
            }

            @Override
            public Window next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                LocalDateTime end = start.plus(maxWindow, ChronoUnit.MILLIS);
                if (end.isAfter(to)) {
                    end = to;
                }
                Window window = new Window(start, end);
                start = end;
                return window;
            }
        };
    }

    /** The watermark once {@code done} is done (and every window before it): never backwards. */
    static LocalDateTime watermarkAfter(LocalDateTime watermark, Window done) {
        return watermark == null || done.end().isAfter(watermark) ? done.end() : watermark;
    }

    /** How far the watermark is behind now; zero when it is not behind. */
    Duration lag(LocalDateTime watermark) {
        Duration lag = Duration.between(watermark, now());
        return lag.isNegative() ? Duration.ZERO : lag;
    }
}

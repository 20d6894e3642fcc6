package io.github.camelicsoc.records;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import io.github.camelicsoc.client.PlatformTime;

/**
 * The rules of polling, in one place (the README's "How polling works" states the same):
 * <ul>
 * <li>The first poll (no watermark stored) asks from {@code startTime}. Every later poll asks from the watermark minus
 * {@code lookback}, so that a record the platform writes late is asked for again.</li>
 * <li>Every poll asks up to now minus {@code settle}; nothing when that is not after where it begins.</li>
 * <li>With a {@link RereadSchedule} other than everyPoll, a poll that follows a clean one (every window it planned
 * read and done) asks, instead of the whole lookback: the span past the watermark (never asked yet); the slice that
 * leaves the lookback, from the watermark minus lookback to now minus settle minus lookback (its last read, at an age
 * of at least lookback plus settle: what makes a call up to that long never missed, exactly as the whole lookback
 * does); and, for each age of the schedule, the starts that reached that age since the clean poll, a window being
 * read again a little later than its age (a period of an eighth of the age, aligned to the clock, lets adjacent
 * reads be asked together). Those reads only bring records earlier: missing one loses nothing, so they are planned
 * from memory, and a poll after a start or after a poll that was not clean (a failure, a refused record, a limit)
 * reads the whole lookback.</li>
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

    /** One poll's windows, in order, and the moment it was planned at (to tell the next poll where this one was). */
    record Plan(LocalDateTime at, Iterable<Window> windows) {
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
    // the schedule's ages below lookback plus settle (the last read covers those beyond); empty for everyPoll
    private final long[] ages;

    /** Rules that read the whole lookback every poll (rereadSchedule=everyPoll). */
    RecordWindows(Clock clock, StartTime startTime, long lookbackMillis, long settleMillis, long maxWindowMillis) {
        this(clock, startTime, lookbackMillis, settleMillis, maxWindowMillis,
                RereadSchedule.parse(RereadSchedule.EVERY_POLL));
    }

    /**
     * @param startTime where the first poll begins, resolved against {@code clock} now (a duration counts back from
     *                  this moment)
     */
    RecordWindows(Clock clock, StartTime startTime, long lookbackMillis, long settleMillis, long maxWindowMillis,
                  RereadSchedule schedule) {
        this.clock = clock;
        this.startTime = startTime.resolve(now());
        this.lookback = lookbackMillis;
        this.settle = settleMillis;
        this.maxWindow = maxWindowMillis;
        this.ages = Arrays.stream(schedule.ages())
                .filter(age -> age > settleMillis && age < lookbackMillis + settleMillis).toArray();
    }

    /** Now on the platform's wall clock. */
    LocalDateTime now() {
        return PlatformTime.now(clock);
    }

    /** Where the first poll begins, and the watermark until one is stored. */
    LocalDateTime startTime() {
        return startTime;
    }

    /** The windows of a poll that reads the whole lookback (what every poll does with rereadSchedule=everyPoll). */
    Iterable<Window> plan(LocalDateTime storedWatermark) {
        return plan(storedWatermark, null).windows();
    }

    /**
     * The windows one poll asks for, in order, given the stored watermark (null when none is stored yet) and when the
     * last clean poll was planned ({@link Plan#at}; null after a start or a poll that was not clean). Planned lazily,
     * one window as the poll asks for the next: a poll stops early (its record limit, a failure, a shutdown), and a
     * start years back with a small maxWindow would otherwise build millions of windows up front.
     */
    Plan plan(LocalDateTime storedWatermark, LocalDateTime lastCleanPoll) {
        LocalDateTime now = now();
        LocalDateTime to = now.minus(settle, ChronoUnit.MILLIS);
        if (storedWatermark == null) {
            return new Plan(now, windows(List.of(new Window(startTime, to))));
        }
        LocalDateTime from = storedWatermark.minus(lookback, ChronoUnit.MILLIS);
        // the schedule is planned in whole seconds: a poll in the same second as the last clean one (a delay under a
        // second, as tests poll) or a clock that went back reads the whole lookback, as everyPoll does
        if (ages.length == 0 || lastCleanPoll == null || !lastCleanPoll.isBefore(now)) {
            return new Plan(now, windows(List.of(new Window(from, to))));
        }
        List<Window> spans = new ArrayList<>();
        // its last read: the slice the whole lookback would drop after this poll
        spans.add(new Window(from, to.minus(lookback, ChronoUnit.MILLIS)));
        for (long age : ages) {
            long period = Math.max(1000, age / 8 / 1000 * 1000);
            LocalDateTime start = aligned(lastCleanPoll, period).minus(age, ChronoUnit.MILLIS);
            LocalDateTime end = aligned(now, period).minus(age, ChronoUnit.MILLIS);
            spans.add(new Window(later(start, from), earlier(end, storedWatermark)));
        }
        // never asked yet
        spans.add(new Window(storedWatermark, to));
        return new Plan(now, windows(merged(spans)));
    }

    /** The time rounded down to a multiple of {@code period} since the epoch, on the platform's clock. */
    private static LocalDateTime aligned(LocalDateTime time, long period) {
        long millis = time.toInstant(PlatformTime.ZONE).toEpochMilli();
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, period) * period / 1000, 0, PlatformTime.ZONE);
    }

    /** The spans that are not empty, in order, overlapping or touching ones made one. */
    private static List<Window> merged(List<Window> spans) {
        List<Window> sorted = new ArrayList<>(spans.stream().filter(w -> w.start().isBefore(w.end())).toList());
        sorted.sort(Comparator.comparing(Window::start));
        List<Window> merged = new ArrayList<>();
        for (Window w : sorted) {
            Window last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !w.start().isAfter(last.end())) {
                merged.set(merged.size() - 1, new Window(last.start(), later(last.end(), w.end())));
            } else {
                merged.add(w);
            }
        }
        return merged;
    }

    /** The spans cut into windows of at most maxWindow, lazily. */
    private Iterable<Window> windows(List<Window> spans) {
        return () -> new Iterator<>() {
            private int span;
            private LocalDateTime start = spans.isEmpty() ? null : spans.get(0).start();

            @Override
            public boolean hasNext() {
                while (span < spans.size() && !start.isBefore(spans.get(span).end())) {
                    if (++span < spans.size()) {
                        start = spans.get(span).start();
                    }
                }
                return span < spans.size();
            }

            @Override
            public Window next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                LocalDateTime to = spans.get(span).end();
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

    private static LocalDateTime later(LocalDateTime a, LocalDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDateTime earlier(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
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

package io.github.camelicsoc.records;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.github.camelicsoc.records.RecordWindows.Outcome;
import io.github.camelicsoc.records.RecordWindows.Window;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of polling, against a fixed clock: no HTTP, no waiting.
 */
class RecordWindowsTest {

    /** 2026-11-27 12:00:00 on the platform's clock (UTC+08:00). */
    private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 27, 12, 0, 0);
    private static final Clock CLOCK = Clock.fixed(NOW.toInstant(ZoneOffset.ofHours(8)), ZoneOffset.UTC);
    private static final long MINUTE = 60_000;

    private static RecordWindows windows(String startTime, long lookback, long settle, long maxWindow) {
        return new RecordWindows(CLOCK, StartTime.parse(startTime), lookback, settle, maxWindow);
    }

    @Test
    void theFirstPollBeginsAtStartTimeNotOneLookbackEarlier() {
        RecordWindows rules = windows("2h", 60 * MINUTE, MINUTE, 60 * MINUTE);
        List<Window> plan = list(rules.plan(null));
        assertEquals(NOW.minusHours(2), plan.get(0).start());
        assertEquals(NOW.minusHours(2), rules.startTime());
    }

    @Test
    void laterPollsBeginOneLookbackBeforeTheWatermarkAndEndSettleBeforeNow() {
        RecordWindows rules = windows("24h", 60 * MINUTE, MINUTE, 60 * MINUTE);
        LocalDateTime watermark = NOW.minusMinutes(10);
        List<Window> plan = list(rules.plan(watermark));
        assertEquals(watermark.minusHours(1), plan.get(0).start());
        assertEquals(NOW.minusMinutes(1), plan.get(plan.size() - 1).end());
    }

    @Test
    void windowsAreAtMostMaxWindowAndShareTheirEdgeSecond() {
        List<Window> plan = list(windows("3h", 0, 0, 45 * MINUTE).plan(null));
        assertEquals(4, plan.size(), plan.toString());
        for (int i = 0; i < plan.size(); i++) {
            Window w = plan.get(i);
            assertFalse(Duration.between(w.start(), w.end()).compareTo(Duration.ofMinutes(45)) > 0, w.toString());
            if (i > 0) {
                assertEquals(plan.get(i - 1).end(), w.start(), "no record can fall between two windows");
            }
        }
        assertEquals(NOW, plan.get(3).end());
    }

    @Test
    void nothingIsAskedWhenTheSpanEndsBeforeItBegins() {
        assertTrue(list(windows("1m", 0, 5 * MINUTE, 60 * MINUTE).plan(null)).isEmpty());
        assertTrue(list(windows("24h", 0, 0, 60 * MINUTE).plan(NOW)).isEmpty());
    }

    @Test
    void theWatermarkNeverMovesBackwards() {
        Window early = new Window(NOW.minusHours(3), NOW.minusHours(2));
        assertEquals(NOW.minusHours(1), RecordWindows.watermarkAfter(NOW.minusHours(1), early));
        assertEquals(NOW.minusHours(2), RecordWindows.watermarkAfter(NOW.minusHours(4), early));
        assertEquals(NOW.minusHours(2), RecordWindows.watermarkAfter(null, early));
    }

    @Test
    void anUnreadableRecordDoesNotHoldTheWatermarkARefusedOneDoes() {
        assertFalse(Outcome.DELIVERED.holdsWatermark());
        assertFalse(Outcome.UNREADABLE.holdsWatermark(), "asking again cannot make it readable");
        assertTrue(Outcome.REFUSED.holdsWatermark(), "the next poll offers it again");
        assertTrue(Outcome.NOT_OFFERED.holdsWatermark(), "the poll's limit or a shutdown left it for the next poll");
    }

    @Test
    void lagIsNowMinusTheWatermark() {
        RecordWindows rules = windows("24h", 0, 0, 60 * MINUTE);
        assertEquals(Duration.ofMinutes(90), rules.lag(NOW.minusMinutes(90)));
        assertEquals(Duration.ZERO, rules.lag(NOW.plusMinutes(1)));
    }

    @Test
    void startTimeReadsPlatformTimeIsoAndDurationsAndRefusesTheRest() {
        assertEquals(LocalDateTime.of(2026, 11, 27, 8, 0), StartTime.parse("2026-11-27 08:00:00").resolve(NOW));
        assertEquals(LocalDateTime.of(2026, 11, 27, 8, 0), StartTime.parse("2026-11-27T00:00:00Z").resolve(NOW));
        assertEquals(NOW.minusMinutes(90), StartTime.parse("90m").resolve(NOW));
        assertEquals(NOW.minusHours(24), StartTime.parse("PT24H").resolve(NOW));
        for (String bad : new String[] { "last tuesday", "", "-5m", "yesterday 08:00" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StartTime.parse(bad), bad);
            assertTrue(e.getMessage().contains("is neither a time"), e.getMessage());
        }
    }

    @Test
    void planningIsLazySoAStartYearsBackWithOneSecondWindowsBuildsOnlyTheWindowsAPollAsksFor() {
        // from 2000 in one-second windows: some 850 million windows, which a plan built up front cannot hold
        RecordWindows rules = windows("2000-01-01 00:00:00", 0, 0, 1000);
        Iterator<Window> plan = rules.plan(null).iterator();

        Window first = plan.next();
        Window second = plan.next();
        assertEquals(LocalDateTime.parse("2000-01-01T00:00:00"), first.start());
        assertEquals(first.end(), second.start());
        assertEquals(Duration.ofSeconds(1), Duration.between(second.start(), second.end()));
        assertTrue(plan.hasNext());
    }

    @Test
    void withAScheduleAPollAfterACleanOneReadsThePastOnlyWhereAnAgeWasReachedAndTheSliceLeavingTheLookback() {
        MovingClock clock = new MovingClock(NOW);
        RecordWindows rules = new RecordWindows(clock, StartTime.parse("2h"), 60 * MINUTE, MINUTE, 60 * MINUTE,
                RereadSchedule.parse("8m,16m"));
        LocalDateTime watermark = NOW.minusMinutes(1);
        LocalDateTime lastClean = NOW;
        LocalDateTime now = NOW.plusMinutes(2);
        clock.at(now);

        List<Window> plan = list(rules.plan(watermark, lastClean).windows());

        assertEquals(List.of(
                new Window(watermark.minusMinutes(60), now.minusMinutes(61)),
                new Window(NOW.minusMinutes(16), now.minusMinutes(16)),
                new Window(NOW.minusMinutes(8), now.minusMinutes(8)),
                new Window(watermark, now.minusMinutes(1))), plan,
                "the slice leaving the lookback, the starts that became 16 and 8 minutes old, the new span");

        clock.at(now.plusMinutes(1));
        assertEquals(List.of(
                new Window(now.minusMinutes(61), now.minusMinutes(60)),
                new Window(now.minusMinutes(8), now.minusMinutes(7)),
                new Window(now.minusMinutes(1), now)),
                list(rules.plan(now.minusMinutes(1), now).windows()),
                "a minute later, nothing reached 16 minutes by its period of two minutes");
    }

    @Test
    void withAScheduleAPollAfterAStartOrAPollThatWasNotCleanReadsTheWholeLookback() {
        RecordWindows rules = new RecordWindows(CLOCK, StartTime.parse("2h"), 60 * MINUTE, MINUTE, 60 * MINUTE,
                RereadSchedule.parse("8m,16m"));
        LocalDateTime watermark = NOW.minusMinutes(3);
        assertEquals(list(windows("2h", 60 * MINUTE, MINUTE, 60 * MINUTE).plan(watermark)),
                list(rules.plan(watermark, null).windows()));
        assertEquals(NOW.minusHours(2), list(rules.plan(null, NOW.minusMinutes(1)).windows()).get(0).start(),
                "no watermark yet: from startTime");
    }

    @Test
    void underTheDefaultScheduleEveryStartIsReadWhenItSettlesAtEachAgeAndOnceAtLeastLookbackPlusSettleOld() {
        long lookback = 60 * MINUTE;
        long settle = MINUTE;
        RereadSchedule schedule = RereadSchedule.parse(RereadSchedule.DEFAULT);
        MovingClock clock = new MovingClock(NOW);
        RecordWindows rules = new RecordWindows(clock, StartTime.parse("0s"), lookback, settle, 60 * MINUTE, schedule);
        // three hours and more of clean polls a minute apart (at odd seconds, as a scheduler drifts), every window done
        Map<LocalDateTime, List<Long>> readAtAges = new HashMap<>();
        LocalDateTime watermark = null;
        LocalDateTime lastClean = null;
        for (int poll = 0; poll < 185; poll++) {
            LocalDateTime at = NOW.plusSeconds(poll * 60L + poll % 7);
            clock.at(at);
            RecordWindows.Plan plan = rules.plan(watermark, lastClean);
            for (Window w : plan.windows()) {
                // only the starts of the second hour are checked
                LocalDateTime first = w.start().isBefore(NOW.plusHours(1)) ? NOW.plusHours(1) : w.start();
                LocalDateTime last = w.end().isBefore(NOW.plusHours(2)) ? w.end() : NOW.plusHours(2).minusSeconds(1);
                for (LocalDateTime s = first; !s.isAfter(last); s = s.plusSeconds(1)) {
                    readAtAges.computeIfAbsent(s, k -> new ArrayList<>()).add(Duration.between(s, at).toMillis());
                }
                watermark = RecordWindows.watermarkAfter(watermark, w);
            }
            lastClean = plan.at();
        }
        // the starts of the second hour are past every age by the end
        long reads = 0;
        int starts = 0;
        for (LocalDateTime s = NOW.plusHours(1); s.isBefore(NOW.plusHours(2)); s = s.plusSeconds(1)) {
            List<Long> ages = readAtAges.get(s);
            assertTrue(ages != null && ages.get(0) >= settle && ages.get(0) < settle + 2 * MINUTE, s + ": " + ages);
            assertTrue(ages.stream().anyMatch(age -> age >= lookback + settle), s + " has its last read: " + ages);
            for (long age : schedule.ages()) {
                assertTrue(ages.stream().anyMatch(a -> a >= age && a < age + age / 8 + 2 * MINUTE),
                        s + " is read again soon after it is " + age / MINUTE + " min old: " + ages);
            }
            reads += ages.size();
            starts++;
        }
        // once when it settles, once at each age, once when it leaves; a start on the edge second of two windows
        // comes in both
        double perStart = (double) reads / starts;
        assertTrue(perStart <= schedule.ages().length + 2.2, "reads per start: " + perStart);
    }

    @Test
    void aRereadScheduleIsEveryPollOrAscendingAgesOfASecondOrMore() {
        assertTrue(RereadSchedule.parse("everyPoll").everyPoll());
        assertEquals(List.of(90_000L, 600_000L, 1_800_000L),
                Arrays.stream(RereadSchedule.parse("90s, 10m,PT30M").ages()).boxed().toList());
        for (String bad : new String[] { "", "5m,,10m", "10m,5m", "5m,5m", "-5m", "0s", "soon", "everypoll" }) {
            assertThrows(IllegalArgumentException.class, () -> RereadSchedule.parse(bad), bad);
        }
    }

    /** A clock a test moves. */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(LocalDateTime platformTime) {
            at(platformTime);
        }

        void at(LocalDateTime platformTime) {
            now = platformTime.toInstant(ZoneOffset.ofHours(8));
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static List<Window> list(Iterable<Window> plan) {
        List<Window> windows = new ArrayList<>();
        plan.forEach(windows::add);
        return windows;
    }
}

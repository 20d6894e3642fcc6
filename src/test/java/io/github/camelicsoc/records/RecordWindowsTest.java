package io.github.camelicsoc.records;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

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

    private static List<Window> list(Iterable<Window> plan) {
        List<Window> windows = new ArrayList<>();
        plan.forEach(windows::add);
        return windows;
    }
}

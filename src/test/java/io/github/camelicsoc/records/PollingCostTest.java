package io.github.camelicsoc.records;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What polling costs the platform, from the consumer itself on a simulated clock against the simulator: a shorter day
 * than the benchmark's (one measured hour after 70 minutes of warm-up, at 2,000 calls an hour, calls up to the
 * lookback long). Counts only, nothing timed.
 */
class PollingCostTest {

    // the warm-up is longer than lookback plus settle, so that the measured hour's last reads find records
    private final SimulatedDay day = new SimulatedDay(2_000, Duration.ofMinutes(70), Duration.ofHours(1), 21);

    @Test
    void atTheDefaultsNoRecordIsMissedOrDeliveredTwiceAndEachIsDownloadedAtMostSixTimes() throws Exception {
        SimulatedDay.Result r = day.run("");
        System.out.println(r);

        assertEquals(0, r.pollsFailed(), "polls failed");
        assertTrue(r.calls() > 1_500, "calls in the measured hour: " + r.calls());
        assertEquals(0, r.missed(), "records missed of " + r.calls());
        assertEquals(0, r.deliveredTwice(), "records delivered twice");
        assertTrue(r.downloadsPerRecord() <= 6, "downloads per record: " + r.downloadsPerRecord());
        assertTrue(r.delay(SimulatedDay.BUCKETS.get(2), 100) >= 0, "some calls of 30 minutes and more were delivered");
    }

    @Test
    void aRecordTheRouteRefusedIsOfferedAgainByTheNextPollWhereverItsWindowIsInTheSchedule() throws Exception {
        // one call in 20, short or long, refused once: the poll after a refusal reads the whole lookback
        SimulatedDay.Result r = new SimulatedDay(1_000, Duration.ofMinutes(10), Duration.ofMinutes(30), 7)
                .refuseFirstOfferOfEvery(20).run("");

        assertTrue(r.refused() > 20, "records refused once: " + r.refused());
        assertEquals(0, r.refusedNotOfferedByTheNextPoll(), "refused records offered again later than the next poll");
        assertEquals(0, r.missed(), "records missed of " + r.calls());
        assertEquals(0, r.deliveredTwice(), "records delivered twice");
    }

    @Test
    void readingTheWholeLookbackEveryPollMissesNothingEitherAtTenTimesTheDownloads() throws Exception {
        // fewer calls: every poll downloads the whole lookback
        SimulatedDay.Result r = new SimulatedDay(500, Duration.ofMinutes(70), Duration.ofHours(1), 21)
                .run("rereadSchedule=everyPoll");
        System.out.println(r);

        assertEquals(0, r.missed(), "records missed of " + r.calls());
        assertEquals(0, r.deliveredTwice(), "records delivered twice");
        assertTrue(r.downloadsPerRecord() > 40, "downloads per record: " + r.downloadsPerRecord());
    }
}

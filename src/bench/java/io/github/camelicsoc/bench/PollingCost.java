package io.github.camelicsoc.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.records.SimulatedDay;

/**
 * Section 6 (polling-cost): what polling costs the platform at a steady {@value #CALLS_PER_HOUR} calls an hour,
 * measured by running the records consumer on a simulated clock against the simulator ({@link SimulatedDay}: random
 * arrivals, realistic call lengths, each record appearing when its call ends), once per setting, today's behaviour
 * (rereadSchedule=everyPoll) among them.
 */
final class PollingCost {

    static final int CALLS_PER_HOUR = 10_000;
    private static final double MAX_DOWNLOADS = 6;
    private static final String SHORT_CALLS = SimulatedDay.BUCKETS.get(0);

    /**
     * One setting: its name in the table, its URI options, what it trades, and whether it is measured over a shorter
     * span than the day (the whole lookback every poll takes minutes a simulated hour to run; the arrival rate being
     * steady, a per-record figure does not depend on the span's length).
     */
    record Setting(String name, String options, String note, boolean shorter) {
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("today's behaviour: `rereadSchedule=everyPoll`", "rereadSchedule=everyPoll",
                    "every poll reads the whole lookback", true),
            new Setting("defaults: `rereadSchedule=" + IcsocConfiguration.REREAD_SCHEDULE_DEFAULT + "`", "",
                    "read when a start settles, at 3, 5, 7, 10 and 20 minutes, and when it leaves the lookback", false),
            new Setting("`rereadSchedule=5m,10m,30m`", "rereadSchedule=5m,10m,30m",
                    "fewer reads: fewer downloads, later records", false));

    private final Duration measured;
    private final Duration shorter;
    private final List<SimulatedDay.Result> results = new ArrayList<>();

    private PollingCost(Duration measured, Duration shorter) {
        this.measured = measured;
        this.shorter = shorter;
    }

    static PollingCost run(boolean quick) throws Exception {
        PollingCost section = quick ? new PollingCost(Duration.ofHours(2), Duration.ofHours(1))
                : new PollingCost(Duration.ofHours(24), Duration.ofHours(6));
        for (Setting s : SETTINGS) {
            long started = System.nanoTime();
            // the same seed: the shorter span's calls are the day's first hours
            SimulatedDay day = new SimulatedDay(CALLS_PER_HOUR, Duration.ofMinutes(70),
                    s.shorter() ? section.shorter : section.measured, 21);
            SimulatedDay.Result r = day.run(s.options());
            section.results.add(r);
            System.out.println(Stats.f("6. polling cost, %s (%d s): %s", s.name(),
                    (System.nanoTime() - started) / 1_000_000_000L, r));
        }
        return section;
    }

    private SimulatedDay.Result today() {
        return results.get(0);
    }

    private SimulatedDay.Result defaults() {
        return results.get(1);
    }

    private static String name(Setting s) {
        return s.shorter() ? s.name() + " *" : s.name();
    }

    List<Goal> goals() {
        SimulatedDay.Result d = defaults();
        long todayP99 = today().delay(SHORT_CALLS, 99);
        return List.of(
                new Goal(Stats.f("polling at the defaults: <= %.0f downloads per record delivered", MAX_DOWNLOADS),
                        Stats.f("%.2f (today's behaviour %.1f)", d.downloadsPerRecord(), today().downloadsPerRecord()),
                        d.downloadsPerRecord() <= MAX_DOWNLOADS),
                new Goal("polling at the defaults: 0 records missed",
                        Stats.f("%d of %,d calls", d.missed(), d.calls()), d.missed() == 0 && d.deliveredTwice() == 0),
                new Goal("polling at the defaults: p99 delay for calls under 10 minutes <= twice today's",
                        Stats.f("%d s against %d s (ratio %.2f)", d.delay(SHORT_CALLS, 99), todayP99,
                                (double) d.delay(SHORT_CALLS, 99) / todayP99),
                        d.delay(SHORT_CALLS, 99) <= 2 * todayP99));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## 6. What polling costs the platform\n\n");
        md.append(Stats.f("The records consumer itself, run on a simulated clock against the simulator over real HTTP "
                          + "(`SimulatedDay`): %,d calls an hour arriving at random, %s measured after 70 minutes of "
                          + "warm-up, then run on until every measured call's window had its last read. A call's "
                          + "record appears on the platform when the call ends. Call lengths: 15%% of 5 to 60 s, the "
                          + "rest log-normal around 3.5 minutes (about 12%% of calls last more than 10 minutes, 1%% "
                          + "more than 30), none longer than the lookback (1 hour). The poll runs once a simulated "
                          + "minute (`delay`), driven by the run, not by Camel's scheduler. Downloads and bytes are "
                          + "what the simulator answered during the measured span, divided by the records delivered "
                          + "in it; a record missed is a measured call never delivered.%n%n",
                CALLS_PER_HOUR, measured.toHours() + " simulated hours (" + shorter.toHours() + " for the settings"
                                + " marked *)"));
        md.append("| setting | requests per hour | downloads per record delivered | bytes per record delivered | "
                  + "records missed | delivered twice |\n|---|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < results.size(); i++) {
            SimulatedDay.Result r = results.get(i);
            md.append(Stats.f("| %s | %.0f | %.2f | %,.0f | %d of %,d | %d |%n", name(SETTINGS.get(i)),
                    r.requestsPerHour(), r.downloadsPerRecord(), r.bytesPerRecord(), r.missed(), r.calls(),
                    r.deliveredTwice()));
        }
        md.append("\nDelay from a call's end to its record's delivery, in seconds, p50 / p99 / max (calls in the "
                  + "bucket):\n\n| setting |");
        SimulatedDay.BUCKETS.forEach(b -> md.append(' ').append(b).append(" |"));
        md.append("\n|---|");
        SimulatedDay.BUCKETS.forEach(b -> md.append("---:|"));
        md.append('\n');
        for (int i = 0; i < results.size(); i++) {
            SimulatedDay.Result r = results.get(i);
            md.append("| ").append(name(SETTINGS.get(i))).append(" |");
            for (String b : SimulatedDay.BUCKETS) {
                md.append(Stats.f(" %d / %d / %d (%,d) |", r.delay(b, 50), r.delay(b, 99), r.delay(b, 100),
                        r.delaySeconds().get(b).length));
            }
            md.append('\n');
        }
        md.append("\nWhat each setting trades: ");
        for (Setting s : SETTINGS) {
            md.append(s.name()).append(": ").append(s.note()).append(". ");
        }
        md.append("Every setting reads a window once more when it leaves the lookback, so none misses a call up to "
                  + "lookback plus settle long; a schedule trades how soon a record of a call that ends after its "
                  + "window's first read arrives (at the next age of the schedule) for downloads, and adds requests "
                  + "(each small) for the reads at each age.\n\n");
        return md.toString();
    }
}

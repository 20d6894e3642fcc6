package io.github.camelicsoc.bench;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;


/**
 * Section 6: what polling costs the platform at a steady {@value #CALLS_PER_HOUR} calls per hour. A model of the
 * consumer's window planning as the README states it (each poll asks from the watermark minus lookback to now minus
 * settle, in requests of at most maxWindow, sharing their edge second; the watermark moves to the last window's end),
 * run over 24 simulated hours after two hours of warm-up, with a record visible only once its call has ended (calls
 * of 30 to 330 s, as the simulator's). The bytes per record are those of the simulator's rendering of an inbound
 * record, measured here; the envelope is counted once per request.
 */
final class PollingCost {

    static final int CALLS_PER_HOUR = 10_000;
    private static final long HOUR = 3_600_000;
    private static final long MINUTE = 60_000;

    /** One set of settings and what it risks. */
    record Settings(String name, long delay, long lookback, long settle, long maxWindow, String risk) {
    }

    /** What one set of settings cost over the measured day. */
    record Cost(Settings settings, double requestsPerHour, double downloadsPerRecord, double bytesPerRecord,
                long missed) {
    }

    static final List<Settings> SETTINGS = List.of(
            new Settings("defaults (`delay` 60 s, `lookback` 1 h, `settle` 1 m, `maxWindow` 1 h)", MINUTE, HOUR, MINUTE,
                    HOUR, "the reference: calls up to 61 minutes long are picked up"),
            new Settings("`lookback=10m`", MINUTE, 10 * MINUTE, MINUTE, HOUR,
                    "a call lasting more than 11 minutes (lookback + settle) is never picked up: its record appears"
                    + " after the call ends, by then behind the window"),
            new Settings("`delay=300000` (5 minutes)", 5 * MINUTE, HOUR, MINUTE, HOUR,
                    "records reach the route up to 6 minutes after the call ended instead of 2"),
            new Settings("`delay=300000`, `lookback=15m`", 5 * MINUTE, 15 * MINUTE, MINUTE, HOUR,
                    "both: calls over 16 minutes are missed, records arrive up to 6 minutes late"),
            new Settings("`maxWindow=2h`", MINUTE, HOUR, MINUTE, 2 * HOUR,
                    "one request per poll instead of two; a catch-up asks for 2 hours per request, so responses are"
                    + " twice as large"));

    private final long bytesPerRecord;
    private final long envelopeBytes;
    private final List<Cost> costs = new ArrayList<>();

    private PollingCost(long bytesPerRecord, long envelopeBytes) {
        this.bytesPerRecord = bytesPerRecord;
        this.envelopeBytes = envelopeBytes;
    }

    static PollingCost run() {
        RenderedInboundRecords rendered = RenderedInboundRecords.render(1000, LocalDateTime.of(2026, 11, 28, 10, 0));
        long envelope = rendered.bodyLength(0);
        PollingCost section = new PollingCost((rendered.bodyLength(1000) - envelope) / 1000, envelope);
        for (Settings s : SETTINGS) {
            section.costs.add(section.model(s));
            Cost c = section.costs.get(section.costs.size() - 1);
            System.out.println(Stats.f("6. polling cost, %s: %.0f requests/h, %.1f downloads and %,.0f bytes per record",
                    s.name(), c.requestsPerHour(), c.downloadsPerRecord(), c.bytesPerRecord()));
        }
        return section;
    }

    private Cost model(Settings s) {
        long span = 30 * HOUR;
        int n = (int) (span / HOUR * CALLS_PER_HOUR);
        long step = HOUR / CALLS_PER_HOUR;
        long[] start = new long[n];
        long[] end = new long[n];
        for (int i = 0; i < n; i++) {
            // the platform keeps times to the second
            start[i] = (i * step) / 1000 * 1000;
            end[i] = start[i] + (30 + i % 300) * 1000L;
        }
        int[] downloads = new int[n];
        long measureFrom = 4 * HOUR;
        long measureTo = measureFrom + 24 * HOUR;
        long watermark = 2 * HOUR;
        long requests = 0;
        for (long t = 3 * HOUR; t < measureTo; t += s.delay()) {
            long from = watermark - s.lookback();
            long to = (t - s.settle()) / 1000 * 1000;
            if (to <= from) {
                continue;
            }
            for (long windowStart = from; windowStart < to; ) {
                long windowEnd = Math.min(windowStart + s.maxWindow(), to);
                if (t >= measureFrom) {
                    requests++;
                }
                // records that started in [start, end] (the edge second shared) and whose call has ended
                int first = lowerBound(start, windowStart);
                for (int i = first; i < n && start[i] <= windowEnd; i++) {
                    if (end[i] <= t && t >= measureFrom) {
                        downloads[i]++;
                    }
                }
                windowStart = windowEnd;
            }
            watermark = to;
        }
        // the records of calls that started in the measured day (less the last hour, which later polls still read)
        long delivered = 0;
        long downloaded = 0;
        long missed = 0;
        for (int i = 0; i < n; i++) {
            if (start[i] >= measureFrom && start[i] < measureTo - 2 * HOUR) {
                if (downloads[i] == 0) {
                    missed++;
                } else {
                    delivered++;
                    downloaded += downloads[i];
                }
            }
        }
        double perRecord = (double) downloaded / delivered;
        double requestsPerHour = requests / 24.0;
        double bytes = perRecord * bytesPerRecord + requestsPerHour * envelopeBytes / CALLS_PER_HOUR;
        return new Cost(s, requestsPerHour, perRecord, bytes, missed);
    }

    private static int lowerBound(long[] sorted, long value) {
        int i = Arrays.binarySearch(sorted, value);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sorted[i - 1] == value) {
            i--;
        }
        return i;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## 6. What polling costs the platform\n\n");
        md.append(Stats.f("A steady %,d calls per hour, each record downloaded by every poll whose window holds its "
                          + "start time once its call has ended. Computed by a model of the consumer's window planning "
                          + "(the rules of the README's \"How polling works\", one poll every `delay`, every request "
                          + "succeeding), not by running the consumer: it cannot be run on a simulated clock yet. An "
                          + "inbound record is %,d bytes of JSON as the simulator renders it (the platform's fields); "
                          + "each response adds a %,d-byte envelope. Calls last 30 to 330 s.%n%n",
                CALLS_PER_HOUR, bytesPerRecord, envelopeBytes));
        md.append("| settings | requests per hour | downloads per record delivered | bytes downloaded per record "
                  + "delivered | records missed | what it risks |\n|---|---:|---:|---:|---:|---|\n");
        for (Cost c : costs) {
            md.append(Stats.f("| %s | %.0f | %.1f | %,.0f | %d | %s |%n", c.settings().name(), c.requestsPerHour(),
                    c.downloadsPerRecord(), c.bytesPerRecord(), c.missed(), c.settings().risk()));
        }
        md.append("\nThe downloads per record are about (lookback + settle + delay - the call's length) / delay: "
                  + "every poll reads the lookback again so that a record written when its call ends (by then its "
                  + "start time is behind the watermark) is still picked up. Fewer downloads need a longer `delay` (later "
                  + "records) or a shorter `lookback` (long calls missed); the idempotent repository drops the "
                  + "copies either way.\n\n");
        return md.toString();
    }
}

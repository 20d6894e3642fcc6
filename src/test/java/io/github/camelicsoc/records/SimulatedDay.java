package io.github.camelicsoc.records;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.IcsocEndpoint;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimRecord;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * What polling costs the platform, measured by running the records consumer against the simulator on a simulated
 * clock: calls arrive at random at a steady rate, each call's record appears on the platform when the call ends, and
 * the consumer's poll runs once every poll delay of simulated time (driven here, not by Camel's scheduler), so a
 * simulated day passes in a minute or two. Counted: the requests, the records downloaded and the answer bytes over
 * the measured span, the records of its calls delivered, missed or delivered twice, and for each record the delay
 * from its call's end to its delivery, by call length.
 * <p>
 * Call lengths: 15% short (5 to 60 s: unanswered, wrong numbers), the rest log-normal around 3.5 minutes (about 12% of
 * all calls last more than 10 minutes, 1% more than 30), drawn again when longer than the lookback: a call up to the
 * lookback long is one the consumer promises not to miss.
 */
public final class SimulatedDay {

    /** The call length buckets the delays are reported by, in seconds: under 10 minutes, 10 to 30, 30 and over. */
    public static final List<String> BUCKETS = List.of("under 10 min", "10 to 30 min", "30 min and over");
    private static final LocalDateTime T0 = LocalDateTime.of(2026, 11, 28, 0, 0, 0);

    /** What one run cost and delivered. */
    public record Result(String options, Duration measured, long requests, long downloads, long bytes,
                         long delivered, long calls, long missed, long deliveredTwice, long pollsFailed,
                         long refused, long refusedNotOfferedByTheNextPoll, Map<String, long[]> delaySeconds) {

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format(
                    "%s: %.0f requests/h, %.2f downloads and %.0f bytes a record, %d of %d missed, %d twice, %d polls"
                    + " failed; delay p50/p99/max s:", options.isEmpty() ? "defaults" : options, requestsPerHour(),
                    downloadsPerRecord(), bytesPerRecord(), missed, calls, deliveredTwice, pollsFailed));
            BUCKETS.forEach(b -> sb.append(String.format(" %s %d/%d/%d (%d);", b, delay(b, 50), delay(b, 99),
                    delay(b, 100), delaySeconds.get(b).length)));
            return sb.toString();
        }

        public double requestsPerHour() {
            return requests * 3_600_000.0 / measured.toMillis();
        }

        public double downloadsPerRecord() {
            return (double) downloads / delivered;
        }

        public double bytesPerRecord() {
            return (double) bytes / delivered;
        }

        /** The delay from a call's end to its record's delivery in seconds at percentile {@code p} (0 to 100). */
        public long delay(String bucket, double p) {
            long[] sorted = delaySeconds.get(bucket);
            if (sorted.length == 0) {
                return -1;
            }
            int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    private final int callsPerHour;
    private final Duration warmUp;
    private final Duration measured;
    private final long seed;
    private int refuseEvery;

    /**
     * @param warmUp   simulated time before the measured span, so that it starts in steady state
     * @param measured the span whose calls are counted; the run goes on past it until every one of them had its last
     *                 read
     */
    public SimulatedDay(int callsPerHour, Duration warmUp, Duration measured, long seed) {
        this.callsPerHour = callsPerHour;
        this.warmUp = warmUp;
        this.measured = measured;
        this.seed = seed;
    }

    /** Has the route refuse (fail) the first offer of every {@code n}th call's record; 0 for none. */
    public SimulatedDay refuseFirstOfferOfEvery(int n) {
        this.refuseEvery = n;
        return this;
    }

    /** Runs the consumer of {@code icsoc:records?type=400&<options>} (delay, lookback, rereadSchedule, ...). */
    public Result run(String options) throws Exception {
        MovingClock clock = new MovingClock(T0);
        try (IcsocSimulator sim = IcsocSimulator.start();
             DefaultCamelContext camel = new DefaultCamelContext()) {
            sim.useClock(clock).checkSignaturesAgainst(Clock.systemUTC());
            IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
            icsoc.setBaseUrl(sim.baseUrl());
            icsoc.setVccCode(IcsocSimulator.VCC_CODE);
            icsoc.setSecret(IcsocSimulator.SECRET);
            camel.start();
            IcsocEndpoint endpoint = camel.getEndpoint("icsoc:records?type=400&startTime=0s&startScheduler=false"
                                                       + (options.isEmpty() ? "" : "&" + options), IcsocEndpoint.class);
            long lookback = endpoint.getConfiguration().getLookback();
            long delay = endpoint.getDelay();
            LocalDateTime measureFrom = T0.plus(warmUp);
            LocalDateTime measureTo = measureFrom.plus(measured);
            // long enough for the last measured start to have its last read, and a poll or two more
            LocalDateTime end = measureTo.plus(Duration.ofMillis(lookback + endpoint.getConfiguration().getSettle()
                                                                 + 2 * delay + 60_000));
            List<SimRecord> calls = calls(end, lookback);
            sim.addRecords(calls);

            long[] deliveredAt = new long[calls.size()];
            Arrays.fill(deliveredAt, -1);
            long[] deliveries = new long[1];
            long[] twice = new long[1];
            Map<Integer, LocalDateTime> refusedAt = new LinkedHashMap<>();
            long[] late = new long[1];
            RecordsConsumer consumer = (RecordsConsumer) endpoint.createConsumer(exchange -> {
                CallRecord record = exchange.getMessage().getBody(CallRecord.class);
                int i = Integer.parseInt(record.callId().substring("day-".length()));
                LocalDateTime now = clock.platformTime();
                if (refuseEvery > 0 && i % refuseEvery == 0 && !refusedAt.containsKey(i)) {
                    refusedAt.put(i, now);
                    throw new IllegalStateException("refused on purpose: " + record.callId());
                }
                if (refusedAt.containsKey(i) && deliveredAt[i] < 0
                    && Duration.between(refusedAt.get(i), now).toMillis() > delay) {
                    late[0]++;
                }
                if (deliveredAt[i] >= 0) {
                    twice[0]++;
                    return;
                }
                deliveredAt[i] = Duration.between(calls.get(i).endTime(), clock.platformTime()).toSeconds();
                deliveries[0]++;
            });
            consumer.useClock(clock);
            consumer.start();
            long pollsFailed = 0;
            long requests = 0;
            long downloads = 0;
            long bytes = 0;
            long delivered = 0;
            try {
                for (LocalDateTime t = T0.plus(Duration.ofMillis(delay)); !t.isAfter(end);
                     t = t.plus(Duration.ofMillis(delay))) {
                    clock.at(t);
                    boolean counted = !t.isBefore(measureFrom) && t.isBefore(measureTo);
                    long requestsBefore = sim.requestCount();
                    long downloadsBefore = sim.recordsAnswered();
                    long bytesBefore = sim.recordAnswerBytes();
                    long deliveriesBefore = deliveries[0];
                    try {
                        consumer.poll();
                    } catch (Exception e) {
                        pollsFailed++;
                    }
                    if (counted) {
                        requests += sim.requestCount() - requestsBefore;
                        downloads += sim.recordsAnswered() - downloadsBefore;
                        bytes += sim.recordAnswerBytes() - bytesBefore;
                        delivered += deliveries[0] - deliveriesBefore;
                    }
                }
            } finally {
                consumer.stop();
            }
            long measuredCalls = 0;
            long missed = 0;
            Map<String, List<Long>> delays = new LinkedHashMap<>();
            BUCKETS.forEach(b -> delays.put(b, new ArrayList<>()));
            for (int i = 0; i < calls.size(); i++) {
                SimRecord call = calls.get(i);
                if (call.startTime().isBefore(measureFrom) || !call.startTime().isBefore(measureTo)) {
                    continue;
                }
                measuredCalls++;
                if (deliveredAt[i] < 0) {
                    missed++;
                } else {
                    delays.get(bucket(call.durationSeconds())).add(deliveredAt[i]);
                }
            }
            Map<String, long[]> sorted = new LinkedHashMap<>();
            delays.forEach((b, list) -> sorted.put(b, list.stream().mapToLong(Long::longValue).sorted().toArray()));
            return new Result(options, measured, requests, downloads, bytes, delivered, measuredCalls, missed,
                    twice[0], pollsFailed, refusedAt.size(), late[0], sorted);
        }
    }

    private static String bucket(long seconds) {
        return seconds < 600 ? BUCKETS.get(0) : seconds < 1800 ? BUCKETS.get(1) : BUCKETS.get(2);
    }

    /** Calls starting at random from T0 to {@code end}, at the rate asked for, in start order. */
    private List<SimRecord> calls(LocalDateTime end, long lookback) {
        Random random = new Random(seed);
        List<SimRecord> calls = new ArrayList<>();
        double meanGapMillis = 3_600_000.0 / callsPerHour;
        long at = 0;
        long span = Duration.between(T0, end).toMillis();
        while (true) {
            at += (long) (-Math.log(1 - random.nextDouble()) * meanGapMillis);
            if (at >= span) {
                return calls;
            }
            int seconds;
            do {
                seconds = random.nextDouble() < 0.15 ? 5 + random.nextInt(56)
                        : (int) Math.round(210 * Math.exp(0.9 * random.nextGaussian()));
            } while (seconds < 5 || seconds * 1000L > lookback);
            LocalDateTime start = T0.plus(Duration.ofMillis(at));
            calls.add(SimRecord.inbound("1380013" + String.format("%04d", calls.size() % 10_000),
                    IcsocSimulator.OWN_400_NUMBER, start, seconds, "day-" + calls.size()));
        }
    }

    /** The simulated clock: it moves only when told. */
    static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(LocalDateTime platformTime) {
            at(platformTime);
        }

        void at(LocalDateTime platformTime) {
            now = platformTime.toInstant(ZoneOffset.ofHours(8));
        }

        LocalDateTime platformTime() {
            return LocalDateTime.ofInstant(now, ZoneOffset.ofHours(8));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

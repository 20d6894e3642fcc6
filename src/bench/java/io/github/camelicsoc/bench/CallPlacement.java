package io.github.camelicsoc.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import io.github.camelicsoc.bench.ClosedLoop.Cell;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Section 1: calls per second and latency of the four contenders at each concurrency, in one JVM, against the same
 * stub. Each round runs every contender at every concurrency, the contenders next to each other and in a rotated
 * order, so that a ratio is taken between neighbours in time and drift shows from round to round.
 */
final class CallPlacement {

    static final int[] CONCURRENCY = { 1, 16, 64 };

    /** The least (a)/(c), the component against its bare transport, at concurrency 16 and 64. */
    static final double TRANSPORT_GOAL_RATIO = 0.9;

    /** The key of (a'), the route with the {@code synchronous} option; (a) is always the default. */
    static final String SYNCHRONOUS = "a'";

    private final List<CallContender> contenders;
    private final List<Cell> cells = new ArrayList<>();
    private final Duration cellLength;
    private final int rounds;
    private Map<String, String> stubStats = Map.of();

    private CallPlacement(List<CallContender> contenders, Duration cellLength, int rounds) {
        this.contenders = contenders;
        this.cellLength = cellLength;
        this.rounds = rounds;
    }

    static CallPlacement run(StubProcess stub, Duration warmup, Duration cellLength, int rounds) throws Exception {
        CamelContext context = new DefaultCamelContext();
        CallRoutes.addIcsocRoute(context, stub.baseUrl());
        CallRoutes.addHandWrittenRoute(context, stub.baseUrl());
        context.start();
        List<CallContender> contenders = List.of(
                CallContender.route("a", "route `direct -> icsoc:call` (default: the route continues on the "
                                         + "component's completion threads)", context, CallRoutes.ICSOC),
                CallContender.route(SYNCHRONOUS, "route `direct -> icsoc:call?synchronous=true` (opt-in: the caller's "
                                                 + "thread waits for the answer and continues the route)",
                        context, CallRoutes.ICSOC_SYNCHRONOUS),
                CallContender.route("b", "hand-written route: form and X-WSSE by hand, camel-http, camel-jackson",
                        context, CallRoutes.HAND_WRITTEN),
                CallContender.bareAsync(stub.baseUrl()),
                CallContender.bareClassic(stub.baseUrl()));
        CallPlacement placement = new CallPlacement(contenders, cellLength, rounds);
        try {
            System.out.println("1. call placement: warming up");
            for (int c : CONCURRENCY) {
                for (CallContender contender : contenders) {
                    ClosedLoop.run(contender, c, warmup, 0);
                }
            }
            stub.stats();
            for (int round = 1; round <= rounds; round++) {
                List<CallContender> order = new ArrayList<>(contenders);
                Collections.rotate(order, -(round - 1));
                StringBuilder line = new StringBuilder("1. call placement, round " + round + "/" + rounds + ":");
                for (int c : CONCURRENCY) {
                    line.append("  c=").append(c);
                    for (CallContender contender : order) {
                        Cell cell = ClosedLoop.run(contender, c, cellLength, round);
                        placement.cells.add(cell);
                        line.append(' ').append(cell.contender()).append(' ').append(Stats.rate(cell.callsPerSecond()));
                    }
                }
                System.out.println(line);
            }
            placement.stubStats = stub.stats();
        } finally {
            contenders.forEach(CallContender::close);
            context.stop();
        }
        return placement;
    }

    private List<Cell> cells(String contender, int concurrency) {
        return cells.stream().filter(c -> c.contender().equals(contender) && c.concurrency() == concurrency).toList();
    }

    private Cell cell(String contender, int concurrency, int round) {
        return cells.stream().filter(c -> c.contender().equals(contender) && c.concurrency() == concurrency
                                          && c.round() == round).findFirst().orElseThrow();
    }

    /** The throughput ratio of two contenders in each round, measured next to each other. */
    List<Double> ratios(String over, String under, int concurrency) {
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            ratios.add(cell(over, concurrency, round).callsPerSecond() / cell(under, concurrency, round).callsPerSecond());
        }
        return ratios;
    }

    private List<Double> rates(String contender, int concurrency) {
        return cells(contender, concurrency).stream().map(Cell::callsPerSecond).collect(Collectors.toList());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## 1. Call placement\n\n");
        md.append(Stats.f("Closed loop: at concurrency N, N caller threads each place their next call as soon as the "
                          + "last one returned. %d rounds; in each round every contender runs %.1f s at every "
                          + "concurrency, the contenders next to each other, their order rotated from round to round; "
                          + "a warm-up pass of every cell first. Calls per second: the median of the rounds, and "
                          + "their range. Latency percentiles: over every call of every round. Client CPU: the "
                          + "benchmark JVM's CPU time per call (the stub runs in another JVM), the median of the "
                          + "rounds; steadier than calls per second on a shared machine. Ratios: taken within each "
                          + "round between neighbours in time, then the median (and range) over the rounds.\n\n",
                rounds, cellLength.toMillis() / 1000.0));
        md.append("| | contender |\n|---|---|\n");
        for (CallContender c : contenders) {
            md.append("| (").append(c.key()).append(") | ").append(c.title()).append(" |\n");
        }
        md.append("\n| concurrency | contender | calls/s (median) | range over rounds | p50 ms | p99 ms "
                  + "| client CPU µs/call | failed calls |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (int c : CONCURRENCY) {
            for (CallContender contender : contenders) {
                List<Cell> mine = cells(contender.key(), c);
                long[] latencies = Stats.sorted(mine.stream().flatMapToLong(cell -> LongStream.of(cell.latencies()))
                        .toArray());
                long failed = mine.stream().mapToLong(Cell::errors).sum();
                List<Double> rates = rates(contender.key(), c);
                List<Double> cpu = mine.stream().map(Cell::cpuMicrosPerCall).collect(Collectors.toList());
                md.append(Stats.f("| %d | (%s) | %s | %s | %s | %s | %.0f | %d |\n", c, contender.key(),
                        Stats.rate(Stats.median(rates)), Stats.range(rates, Stats::rate),
                        Stats.millis(Stats.percentile(latencies, 50)), Stats.millis(Stats.percentile(latencies, 99)),
                        Stats.median(cpu), failed));
            }
        }
        for (String a : List.of("a", SYNCHRONOUS)) {
            md.append(Stats.f("\n| concurrency | (%1$s)/(b) | range | (%1$s)/(c) | range | (%1$s)/(d) | range |\n", a));
            md.append("|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int c : CONCURRENCY) {
                List<Double> ab = ratios(a, "b", c);
                List<Double> ac = ratios(a, "c", c);
                List<Double> ad = ratios(a, "d", c);
                md.append(Stats.f("| %d | %s | %s | %s | %s | %s | %s |\n", c,
                        Stats.ratio(Stats.median(ab)), Stats.range(ab, Stats::ratio),
                        Stats.ratio(Stats.median(ac)), Stats.range(ac, Stats::ratio),
                        Stats.ratio(Stats.median(ad)), Stats.range(ad, Stats::ratio)));
            }
        }
        md.append("\nCalls per second in each round (drift shows here):\n\n| concurrency | contender |");
        for (int round = 1; round <= rounds; round++) {
            md.append(" round ").append(round).append(" |");
        }
        md.append("\n|---:|---|").append("---:|".repeat(rounds)).append('\n');
        for (int c : CONCURRENCY) {
            for (CallContender contender : contenders) {
                md.append("| ").append(c).append(" | (").append(contender.key()).append(") |");
                for (int round = 1; round <= rounds; round++) {
                    md.append(' ').append(Stats.rate(cell(contender.key(), c, round).callsPerSecond())).append(" |");
                }
                md.append('\n');
            }
        }
        List<String> errors = cells.stream().map(Cell::firstError).filter(Predicate.not(Objects::isNull))
                .distinct().toList();
        md.append(Stats.f("\nThe stub served %s measured requests, %s of them without an X-WSSE header.%s\n\n",
                stubStats.getOrDefault("requests", "?"), stubStats.getOrDefault("withoutWsse", "?"),
                errors.isEmpty() ? "" : " Failures seen: " + String.join("; ", errors) + "."));
        return md.toString();
    }

    private double cpuMicrosPerCall(String contender, int concurrency) {
        return Stats.median(cells(contender, concurrency).stream().map(Cell::cpuMicrosPerCall)
                .collect(Collectors.toList()));
    }

    /** Each goal line names the contender it measured: (a) is the default route, (a') the synchronous opt-in. */
    List<Goal> goals() {
        List<Goal> goals = new ArrayList<>();
        for (int c : CONCURRENCY) {
            List<Double> ab = ratios("a", "b", c);
            goals.add(new Goal("(a)/(b) >= 1.0 at concurrency " + c + ", (a) the default route",
                    Stats.ratio(Stats.median(ab)) + " (rounds " + Stats.range(ab, Stats::ratio) + ")",
                    Stats.median(ab) >= 1.0, c == 1 ? transportWhy() : completionPoolWhy("b", c)));
        }
        List<Double> syncOverB = ratios(SYNCHRONOUS, "b", 1);
        goals.add(new Goal("(a')/(b) >= 1.0 at concurrency 1, (a') the route with synchronous=true",
                Stats.ratio(Stats.median(syncOverB)) + " (rounds " + Stats.range(syncOverB, Stats::ratio) + ")",
                Stats.median(syncOverB) >= 1.0, transportWhy()));
        for (String a : List.of("a", SYNCHRONOUS)) {
            double mine = cpuMicrosPerCall(a, 1);
            double handWritten = cpuMicrosPerCall("b", 1);
            goals.add(new Goal("client CPU per call of (" + a + ") no more than (b)'s at concurrency 1, (" + a + ") "
                               + (a.equals("a") ? "the default route" : "the route with synchronous=true"),
                    Stats.f("%.0f µs against %.0f µs", mine, handWritten), mine <= handWritten, transportWhy()));
        }
        for (int c : new int[] { 16, 64 }) {
            List<Double> ac = ratios("a", "c", c);
            goals.add(new Goal("(a)/(c) >= " + TRANSPORT_GOAL_RATIO + " at concurrency " + c + ", (a) the default route",
                    Stats.ratio(Stats.median(ac)) + " (rounds " + Stats.range(ac, Stats::ratio) + ")",
                    Stats.median(ac) >= TRANSPORT_GOAL_RATIO, completionPoolWhy("c", c)));
        }
        return goals;
    }

    /**
     * Why one call at a time costs more than the hand-written route: the transports differ, by what this run measured
     * of each without Camel.
     */
    private String transportWhy() {
        double async = cpuMicrosPerCall("c", 1);
        double classic = cpuMicrosPerCall("d", 1);
        double handWritten = cpuMicrosPerCall("b", 1);
        double synchronous = cpuMicrosPerCall(SYNCHRONOUS, 1);
        double byDefault = cpuMicrosPerCall("a", 1);
        return Stats.f("(b) sends on camel-http's classic client, which writes and reads on the caller's own thread; "
                       + "the component sends on the asynchronous HttpClient 5, whose I/O thread hands each answer to "
                       + "the thread waiting for it (what keeps 64 calls in flight without 64 blocked threads, section "
                       + "2). Without Camel, at concurrency 1, that transport (c) costs %.0f µs of CPU a call and the "
                       + "classic client (d) %.0f µs: %.0f µs more for the transport alone, against the %.0f µs "
                       + "Camel's route and camel-http add to the classic client in (b). Over its transport the "
                       + "component adds %.0f µs a call with synchronous=true ((a') against (c)), and the default "
                       + "route %.0f µs more: a second hand-off, to the completion pool, so that the rest of a route "
                       + "never runs on an I/O thread, where one slow step would hold up the calls of that thread.",
                async, classic, async - classic, handWritten - classic, synchronous - async, byDefault - synchronous);
    }

    /** Why the default route falls short of {@code against} where the synchronous one does not. */
    private String completionPoolWhy(String against, int concurrency) {
        List<Double> synchronous = ratios(SYNCHRONOUS, against, concurrency);
        return Stats.f("the same route with synchronous=true measures %s ((a')/(%s), rounds %s) at this concurrency; "
                       + "the default route pays one more hand-off a call, to the completion pool, so that the rest "
                       + "of a route never runs on an I/O thread (client CPU %.0f µs a call, against %.0f µs with "
                       + "synchronous=true).",
                Stats.ratio(Stats.median(synchronous)), against, Stats.range(synchronous, Stats::ratio),
                cpuMicrosPerCall("a", concurrency), cpuMicrosPerCall(SYNCHRONOUS, concurrency));
    }
}

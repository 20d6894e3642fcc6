package io.github.camelicsoc.bench;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.IcsocEndpoint;
import io.github.camelicsoc.outcome.Placement;
import io.github.camelicsoc.outcome.PlacementStore;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.TestDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Section 7: what matching records to placements costs ingestion. {@value #RECORDS} two-way (800) records without a
 * call id over the last day, served by the simulator, caught up by {@code icsoc:records?type=800} from an empty
 * records store into a route that does nothing: with no placement remembered (matching skipped) and with
 * {@value #PLACEMENTS} open placements, {@value #MATCHING} of them the calls of records in the day (claimed as
 * matched) and the others the same agents' calls to other numbers (looked up, found wanting). In memory and with
 * {@code recordsStore=jdbc} on PostgreSQL (a fresh schema each run), after warm-up runs on each, off and on taking
 * turns to go first.
 */
final class Outcomes {

    static final int RECORDS = 40_000;
    static final int PLACEMENTS = 10_000;
    static final int MATCHING = PLACEMENTS / 2;
    static final int AGENTS = 50;
    /** Records/s with matching on over records/s with matching off, the same store. */
    static final double GOAL_RATIO = 0.8;

    private final List<Double> memoryOff = new ArrayList<>();
    private final List<Double> memoryOn = new ArrayList<>();
    private final List<Double> jdbcOff = new ArrayList<>();
    private final List<Double> jdbcOn = new ArrayList<>();
    // PostgreSQL runs: seconds from the start to the last record, and with matching on, the seconds of those the
    // placements' statements and their commits took (all on the poll's thread)
    private final List<Double> jdbcSecondsOff = new ArrayList<>();
    private final List<Double> jdbcSecondsOn = new ArrayList<>();
    private final List<Double> jdbcPlacementSecondsOn = new ArrayList<>();
    private final List<SimRecord> day = new ArrayList<>();
    private final List<Placement> placements = new ArrayList<>();
    private final int records;
    private final int open;
    private final int matching;
    private String problem;

    private Outcomes(int divisor) {
        records = RECORDS / divisor;
        open = PLACEMENTS / divisor;
        matching = MATCHING / divisor;
    }

    /** {@code divisor} above 1 divides the records and placements, for checking the harness quickly. */
    static Outcomes run(int rounds, int divisor) throws Exception {
        Outcomes section = new Outcomes(divisor);
        try (IcsocSimulator sim = IcsocSimulator.start()) {
            section.plan(sim.now().withNano(0));
            sim.addRecords(section.day);
            // warm-up runs, both ways, until the matching path is compiled as fully as the rest (a single run left the
            // first measured rounds with matching on at a fraction of the later ones), and PostgreSQL's first
            // connections made
            for (int warmUp = 0; warmUp < 6; warmUp++) {
                section.catchUp(sim, null, warmUp % 2 == 0);
            }
            section.onPostgreSql(sim, true, false);
            section.onPostgreSql(sim, false, false);
            for (int round = 1; round <= rounds; round++) {
                // the order alternates, so that neither side always runs first
                boolean onFirst = round % 2 == 0;
                for (boolean matching : new boolean[] { onFirst, !onFirst }) {
                    (matching ? section.memoryOn : section.memoryOff).add(section.catchUp(sim, null, matching).rate());
                    section.onPostgreSql(sim, matching, true);
                }
            }
        }
        return section;
    }

    private void onPostgreSql(IcsocSimulator sim, boolean matching, boolean measured) throws Exception {
        if (problem != null) {
            return;
        }
        TestDatabase db;
        try {
            db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL);
        } catch (Throwable unreachable) {
            problem = "PostgreSQL was not reachable: " + unreachable.getMessage();
            return;
        }
        try (db) {
            CatchUp run = catchUp(sim, db, matching);
            if (measured) {
                (matching ? jdbcOn : jdbcOff).add(run.rate());
                (matching ? jdbcSecondsOn : jdbcSecondsOff).add(run.seconds());
                if (matching) {
                    jdbcPlacementSecondsOn.add(run.placementSeconds());
                }
            }
        }
    }

    /** The day's records and the placements: agents call customers; half the placements are the records' calls. */
    private void plan(LocalDateTime now) {
        Random random = new Random(20261204L);
        // placements within the last 23 hours, inside the default placement expiry of a day for the whole run
        LocalDateTime from = now.minusHours(23);
        long spanSeconds = Duration.ofHours(22).toSeconds();
        for (int i = 0; i < records; i++) {
            String agent = agent(i % AGENTS);
            String customer = String.valueOf(13_900_000_000L + random.nextInt(100_000_000));
            LocalDateTime start = from.plusSeconds(spanSeconds * i / records);
            day.add(new SimRecord(false, agent, customer, "", start, start.plusSeconds(8), start.plusSeconds(68),
                    "", null));
            if (i % (records / matching) == 0 && placements.size() < matching) {
                placements.add(placement("match-" + i, agent, customer, start.minusSeconds(2)));
            }
        }
        for (int i = 0; placements.size() < open; i++) {
            LocalDateTime placedAt = from.plusSeconds(spanSeconds * i / (open - matching));
            placements.add(placement("other-" + i, agent(i % AGENTS), "137" + String.format("%08d", i), placedAt));
        }
    }

    private static String agent(int n) {
        return "1380000" + String.format("%04d", n);
    }

    private static Placement placement(String id, String caller, String called, LocalDateTime placedAt) {
        return new Placement("T-" + id, Map.of("ticketQueue", "gold"), "bench-" + id, caller, called, "classic", null,
                null, placedAt, Duration.ofSeconds(45));
    }

    /**
     * One catch-up: records per second from the first record to the last; on a database, also the seconds from the
     * start to the last record and those of them in the placements' statements and commits (0 in memory).
     */
    private record CatchUp(double rate, double seconds, double placementSeconds) {
    }

    /** Catches up the day, in memory (db null) or on db, with the placements or none. */
    private CatchUp catchUp(IcsocSimulator sim, TestDatabase db, boolean matching) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim.baseUrl());
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        TimedDataSource timed = db == null ? null : new TimedDataSource(db.dataSource());
        if (db != null) {
            icsoc.setRecordsStore(IcsocConfiguration.RECORDS_STORE_JDBC);
            icsoc.setDataSource(timed.dataSource());
        }
        String uri = "icsoc:records?type=800&startTime=25h&settle=0&initialDelay=0&delay=3600000";
        AtomicInteger count = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        long[] first = new long[1];
        long[] last = new long[1];
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> {
                    int n = count.incrementAndGet();
                    if (n == 1) {
                        first[0] = System.nanoTime();
                    }
                    if (n == records) {
                        last[0] = System.nanoTime();
                        done.countDown();
                    }
                });
            }
        });
        if (matching) {
            PlacementStore store = camel.getEndpoint(uri, IcsocEndpoint.class).placementStore();
            placements.forEach(store::remember);
        }
        long placementNanosBefore = timed == null ? 0 : placementNanos(timed);
        long started = System.nanoTime();
        camel.start();
        if (!done.await(15, TimeUnit.MINUTES)) {
            camel.stop();
            throw new IllegalStateException("caught up only " + count.get() + " of " + records + " records");
        }
        if (matching) {
            // the placements of the day's records are matched, the others still open: matching did happen
            PlacementStore store = camel.getEndpoint(uri, IcsocEndpoint.class).placementStore();
            int stillOpen = store.openPlacedBefore(LocalDateTime.now().plusDays(2), open).size();
            if (stillOpen != open - this.matching) {
                throw new IllegalStateException((open - stillOpen) + " placements matched, not " + this.matching);
            }
        }
        // up to the last record, as the rate
        double seconds = (last[0] - started) / 1e9;
        double placementSeconds = timed == null ? 0 : (placementNanos(timed) - placementNanosBefore) / 1e9;
        camel.close();
        // from the first record to the last: the CamelContext's start is no part of ingestion, and in a run this short
        // its noise would be a large part of the difference
        double rate = (records - 1) / ((last[0] - first[0]) / 1e9);
        System.out.println(Stats.f("7. catch-up of %,d two-way records, %s store, matching %s: %s records/s", records,
                db == null ? "memory" : "PostgreSQL", matching ? "on" : "off", Stats.rate(rate)));
        return new CatchUp(rate, seconds, placementSeconds);
    }

    private static long placementNanos(TimedDataSource timed) {
        return timed.nanosOf("placements read") + timed.nanosOf("placements written (claims)");
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## 7. Matching records to placements\n\n");
        md.append(Stats.f("%,d two-way (800) records without a call id spread over the last day, served by the "
                          + "project's simulator (in this JVM), caught up from an empty records store by "
                          + "`icsoc:records?type=800&startTime=25h` into a route that does nothing. Matching off: no "
                          + "placement remembered, so the consumer skips matching. Matching on: %,d open placements in "
                          + "the store before the start, %,d of them the calls of records of the day (each matched by "
                          + "numbers and time and claimed once), the rest the same %d agents' calls to other numbers "
                          + "(each record looks them up by its numbers and finds none of them its own). In memory "
                          + "(the default store) and with `recordsStore=jdbc` on PostgreSQL (a fresh schema each run, a "
                          + "HikariCP pool of 4 connections, on 127.0.0.1), after warm-up runs (six in memory, two on "
                          + "PostgreSQL), matching off "
                          + "and on taking turns to go first from round to round. After each run with matching on, "
                          + "the store is checked to hold exactly the day's calls as matched. Rates are taken from "
                          + "the first record delivered to the last (the CamelContext's start left out).%n%n",
                records, open, matching, AGENTS));
        if (problem != null) {
            md.append("**Not measured on PostgreSQL:** ").append(problem).append("\n\n");
        }
        md.append("| store | matching off, records/s (median) | matching on, records/s (median) | ratio | range on |\n"
                  + "|---|---:|---:|---:|---:|\n");
        md.append(row("memory (default)", memoryOff, memoryOn));
        md.append(row("JDBC, PostgreSQL", jdbcOff, jdbcOn));
        md.append('\n');
        if (!jdbcSecondsOn.isEmpty() && !jdbcSecondsOff.isEmpty()) {
            md.append(Stats.f("On PostgreSQL, from the start to the last record (medians): %.2f s with matching off, "
                              + "%.2f s with matching on, of which %.2f s in the placements' statements and their "
                              + "commits (the reads of each window's placements and each window's claims, one "
                              + "transaction a window, on the poll's thread).%n%n",
                    Stats.median(jdbcSecondsOff), Stats.median(jdbcSecondsOn), Stats.median(jdbcPlacementSecondsOn)));
        }
        return md.toString();
    }

    List<Goal> goals() {
        String why = jdbcSecondsOn.isEmpty() || jdbcSecondsOff.isEmpty() ? null : Stats.f(
                "matching on took %.2f s more a run than matching off (%.2f against %.2f s), %.2f s of it in the "
                + "placements' statements and commits: each record window's claims are one transaction, committed "
                + "(a flush of PostgreSQL's write-ahead log) before any of its records is delivered, so that no "
                + "record goes out as a matched call's with a claim a crash could undo; the memory store has no "
                + "commit to wait for.",
                Stats.median(jdbcSecondsOn) - Stats.median(jdbcSecondsOff), Stats.median(jdbcSecondsOn),
                Stats.median(jdbcSecondsOff), Stats.median(jdbcPlacementSecondsOn));
        return List.of(goal("memory", memoryOff, memoryOn, null), goal("PostgreSQL", jdbcOff, jdbcOn, why));
    }

    private Goal goal(String store, List<Double> off, List<Double> on, String why) {
        boolean measured = !off.isEmpty() && !on.isEmpty();
        double ratio = measured ? Stats.median(on) / Stats.median(off) : 0;
        return new Goal(Stats.f("ingestion with matching on (%,d open placements) >= %.1f of matching off, %s",
                open, GOAL_RATIO, store),
                measured ? Stats.f("%.2f (%s against %s records/s)", ratio, Stats.rate(Stats.median(on)),
                        Stats.rate(Stats.median(off))) : "not measured",
                ratio >= GOAL_RATIO, why);
    }

    private static String row(String store, List<Double> off, List<Double> on) {
        if (off.isEmpty() || on.isEmpty()) {
            return "| " + store + " | not measured | | | |\n";
        }
        return Stats.f("| %s | %s | %s | %.2f | %s |%n", store, Stats.rate(Stats.median(off)),
                Stats.rate(Stats.median(on)), Stats.median(on) / Stats.median(off), Stats.range(on, Stats::rate));
    }

    /** Runs this section alone and prints its markdown. */
    public static void main(String[] args) throws Exception {
        Outcomes outcomes = run(args.length > 0 ? Integer.parseInt(args[0]) : 2,
                args.length > 1 ? Integer.parseInt(args[1]) : 1);
        System.out.println();
        System.out.println(outcomes.markdown());
        outcomes.goals().forEach(g -> System.out.println(g.goal() + ": " + g.measured() + " " + g.verdict()));
        System.exit(0);
    }
}

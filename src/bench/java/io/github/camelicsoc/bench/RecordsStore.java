package io.github.camelicsoc.bench;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.TestDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Section 5: catching up a day of records into PostgreSQL and MariaDB. {@value #RECORDS} inbound records spread over
 * the last 24 hours, served by the project's simulator (by record window, as the platform does), consumed from an
 * empty store by {@code icsoc:records?type=400} into a route that does nothing: with the default in-memory
 * repositories against {@code recordsStore=jdbc} on PostgreSQL and on MariaDB (a fresh schema or database each round,
 * HikariCP pool of 4), in alternating rounds of the same run. {@code -Dbench.markBatchSize=N} runs the JDBC rounds
 * with another markBatchSize than the default, to compare.
 */
final class RecordsStore {

    static final int RECORDS = 100_000;
    /** The goal: the JDBC store on PostgreSQL at this share of the memory store's rate, or more. */
    static final double GOAL = 0.5;

    private static final int MARK_BATCH_SIZE = Integer.getInteger("bench.markBatchSize",
            IcsocConfiguration.DEFAULT_MARK_BATCH_SIZE);

    private final List<Double> memory = new ArrayList<>();
    private final Map<TestDatabase.Kind, List<Double>> jdbc = new EnumMap<>(TestDatabase.Kind.class);
    private final Map<TestDatabase.Kind, String> problems = new EnumMap<>(TestDatabase.Kind.class);
    // per database: statements per record, and the share of the catch-up's time spent in the database
    private final Map<TestDatabase.Kind, List<Double>> statementsPerRecord = new EnumMap<>(TestDatabase.Kind.class);
    private final Map<TestDatabase.Kind, List<Double>> inDatabase = new EnumMap<>(TestDatabase.Kind.class);

    static RecordsStore run(int rounds) throws Exception {
        RecordsStore section = new RecordsStore();
        List<TestDatabase.Kind> databases = List.of(TestDatabase.Kind.POSTGRESQL, TestDatabase.Kind.MARIADB);
        for (TestDatabase.Kind kind : databases) {
            section.jdbc.put(kind, new ArrayList<>());
            section.statementsPerRecord.put(kind, new ArrayList<>());
            section.inDatabase.put(kind, new ArrayList<>());
        }
        try (IcsocSimulator sim = IcsocSimulator.start()) {
            LocalDateTime now = sim.now().withNano(0);
            sim.addInboundRecords(RECORDS, now.minusHours(24).minusMinutes(5), Duration.ofHours(24));
            // round 0 warms up every contender alike (the JDBC driver and pool code too), and is not kept
            for (int round = 0; round <= rounds; round++) {
                boolean kept = round > 0;
                double memoryRate = section.catchUp(sim, null, kept);
                if (kept) {
                    section.memory.add(memoryRate);
                }
                for (TestDatabase.Kind kind : databases) {
                    if (section.problems.containsKey(kind)) {
                        continue;
                    }
                    TestDatabase db;
                    try {
                        db = TestDatabase.open(kind);
                    } catch (Throwable unreachable) {
                        section.problems.put(kind, name(kind) + " was not reachable: " + unreachable.getMessage());
                        continue;
                    }
                    try (db) {
                        double rate = section.catchUp(sim, db, kept);
                        if (kept) {
                            section.jdbc.get(kind).add(rate);
                        }
                    }
                }
            }
        }
        return section;
    }

    private static String name(TestDatabase.Kind kind) {
        return kind == TestDatabase.Kind.POSTGRESQL ? "PostgreSQL" : "MariaDB";
    }

    /** Records per second catching up the day, with the memory store (db null) or on db. */
    /** One catch-up from an empty store; {@code kept}: its statement figures go into the report. */
    private double catchUp(IcsocSimulator sim, TestDatabase db, boolean kept) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim.baseUrl());
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        TimedDataSource timed = db == null ? null : new TimedDataSource(db.dataSource());
        if (db != null) {
            icsoc.setRecordsStore(IcsocConfiguration.RECORDS_STORE_JDBC);
            icsoc.setDataSource(timed.dataSource());
            icsoc.setMarkBatchSize(MARK_BATCH_SIZE);
        }
        AtomicInteger count = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        long[] last = new long[1];
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=400&startTime=25h&settle=0&initialDelay=0&delay=3600000")
                        .process(e -> {
                            if (count.incrementAndGet() == RECORDS) {
                                last[0] = System.nanoTime();
                                done.countDown();
                            }
                        });
            }
        });
        long start = System.nanoTime();
        camel.start();
        if (!done.await(15, TimeUnit.MINUTES)) {
            camel.stop();
            throw new IllegalStateException("caught up only " + count.get() + " of " + RECORDS + " records");
        }
        camel.stop();
        double rate = RECORDS / ((last[0] - start) / 1e9);
        String where = "";
        if (db != null) {
            // the statements of the catch-up itself (the store's start included), up to the last record
            double share = timed.nanos.get() / (double) (last[0] - start);
            if (kept) {
                statementsPerRecord.get(db.kind()).add(timed.statements.get() / (double) RECORDS);
                inDatabase.get(db.kind()).add(share);
            }
            StringBuilder kinds = new StringBuilder();
            timed.byKind.forEach((kind, total) -> kinds.append(Stats.f("; %s %,d in %.2f s", kind, total[0],
                    total[1] / 1e9)));
            where = Stats.f(" (%,d statements, %.0f%% of the time in the database%s)", timed.statements.get(),
                    100 * share, kinds);
        }
        System.out.println(Stats.f("5. catch-up of %,d records, %s store: %s records/s%s", RECORDS,
                db == null ? "memory" : name(db.kind()), Stats.rate(rate), where));
        return rate;
    }

    /** The JDBC store's rate on {@code kind} as a share of the memory store's in the same run; NaN when not measured. */
    double ratio(TestDatabase.Kind kind) {
        List<Double> rates = jdbc.get(kind);
        return memory.isEmpty() || rates.isEmpty() ? Double.NaN : Stats.median(rates) / Stats.median(memory);
    }

    List<Goal> goals() {
        double postgres = ratio(TestDatabase.Kind.POSTGRESQL);
        double mariadb = ratio(TestDatabase.Kind.MARIADB);
        return List.of(new Goal(Stats.f("catching up a day into PostgreSQL: >= %.1f of the in-memory store's rate",
                GOAL), Double.isNaN(postgres) ? "not measured"
                        : Stats.f("%.2f (MariaDB %.2f)", postgres, mariadb), postgres >= GOAL,
                Double.isNaN(postgres) ? null : why()));
    }

    /** Where a PostgreSQL catch-up's time went, from this run. */
    private String why() {
        List<Double> share = inDatabase.get(TestDatabase.Kind.POSTGRESQL);
        return Stats.f("the database's time was %.0f%% of the catch-up's (borrowing connections, statements, "
                       + "commits; the keys are written on a thread of their own, meanwhile the poll goes on), and "
                       + "the PostgreSQL server inserting the rows shares the machine's two cores with the poll and "
                       + "the simulator. The memory store's own rate moved from %s to %s records/s between rounds "
                       + "of this run, and the ratio moves with it.",
                share.isEmpty() ? Double.NaN : 100 * Stats.median(share),
                memory.isEmpty() ? "?" : Stats.rate(Stats.min(memory)),
                memory.isEmpty() ? "?" : Stats.rate(Stats.max(memory)));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## 5. Catching up a day of records into PostgreSQL and MariaDB\n\n");
        md.append(Stats.f("%,d inbound records spread over the last 24 hours, served by the project's simulator "
                          + "(WireMock, in this JVM, answering each record window as the platform does), consumed "
                          + "from an empty store by `icsoc:records?type=400&startTime=25h` into a route that does "
                          + "nothing: the default in-memory repositories against `recordsStore=jdbc` on PostgreSQL "
                          + "and on MariaDB (a fresh schema or database each round, a HikariCP pool of 4 connections, "
                          + "on 127.0.0.1), rounds alternating in one run after a warm-up round of each store "
                          + "(not kept). The JDBC store looks a window's keys up 500 to a statement and writes one row a delivered record, "
                          + "half of markBatchSize (%d) to a statement, on a thread of its own while the next half "
                          + "fills; the watermark is one upsert per record window. "
                          + "The simulator renders every response, so all figures are below section 3's.%n%n",
                RECORDS, MARK_BATCH_SIZE));
        problems.values().forEach(problem -> md.append("**Not measured:** ").append(problem).append("\n\n"));
        md.append("| store | records/s (median) | range over rounds | share of the memory store's rate "
                  + "| statements a record | time in the database |\n|---|---:|---:|---:|---:|---:|\n");
        md.append(row("memory (default)", memory, Double.NaN, List.of(), List.of()));
        for (TestDatabase.Kind kind : jdbc.keySet()) {
            md.append(row("JDBC, " + name(kind), jdbc.get(kind), ratio(kind), statementsPerRecord.get(kind),
                    inDatabase.get(kind)));
        }
        md.append("\nThe time in the database is the time the consumer's threads spent borrowing "
                  + "connections, running statements and committing, as a share of the catch-up's time (keys are "
                  + "written on a thread of their own, meanwhile the poll goes on, so this is not time the poll "
                  + "waited); "
                  + "the run's output splits it by statement kind (keys written, keys looked up, the term read "
                  + "before each write of keys, the watermark).\n\n");
        return md.toString();
    }

    private static String row(String store, List<Double> rates, double ratio, List<Double> statements,
                              List<Double> inDatabase) {
        if (rates.isEmpty()) {
            return "| " + store + " | not measured | | | | |\n";
        }
        return Stats.f("| %s | %s | %s | %s | %s | %s |%n", store, Stats.rate(Stats.median(rates)),
                Stats.range(rates, Stats::rate), Double.isNaN(ratio) ? "" : Stats.f("%.2f", ratio),
                statements.isEmpty() ? "" : Stats.f("%.3f", Stats.median(statements)),
                inDatabase.isEmpty() ? "" : Stats.f("%.0f%%", 100 * Stats.median(inDatabase)));
    }

    /** Runs this section alone and prints its markdown. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        RecordsStore store = run(rounds);
        System.out.println();
        System.out.println(store.markdown());
        System.out.println(PollingCost.run(Boolean.getBoolean("bench.quick")).markdown());
        System.exit(0);
    }
}

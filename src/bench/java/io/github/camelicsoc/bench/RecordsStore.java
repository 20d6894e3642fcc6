package io.github.camelicsoc.bench;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
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
 * Section 5: catching up a day of records into PostgreSQL. {@value #RECORDS} inbound records spread over the last 24
 * hours, served by the project's simulator (by record window, as the platform does), consumed from an empty store by
 * {@code icsoc:records?type=400} into a route that does nothing: with the default in-memory repositories against
 * {@code recordsStore=jdbc} on PostgreSQL (a fresh schema each round, HikariCP pool of 4), in alternating rounds of
 * the same run.
 */
final class RecordsStore {

    static final int RECORDS = 100_000;

    private final List<Double> memory = new ArrayList<>();
    private final List<Double> jdbc = new ArrayList<>();
    private String problem;

    static RecordsStore run(int rounds) throws Exception {
        RecordsStore section = new RecordsStore();
        try (IcsocSimulator sim = IcsocSimulator.start()) {
            LocalDateTime now = sim.now().withNano(0);
            sim.addInboundRecords(RECORDS, now.minusHours(24).minusMinutes(5), Duration.ofHours(24));
            section.catchUp(sim, null);
            for (int round = 1; round <= rounds; round++) {
                section.memory.add(section.catchUp(sim, null));
                TestDatabase db;
                try {
                    db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL);
                } catch (Throwable unreachable) {
                    section.problem = "PostgreSQL was not reachable: " + unreachable.getMessage();
                    break;
                }
                try (db) {
                    section.jdbc.add(section.catchUp(sim, db));
                }
            }
        }
        return section;
    }

    /** Records per second catching up the day, with the memory store (db null) or on db. */
    private double catchUp(IcsocSimulator sim, TestDatabase db) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim.baseUrl());
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        if (db != null) {
            icsoc.setRecordsStore(IcsocConfiguration.RECORDS_STORE_JDBC);
            icsoc.setDataSource(db.dataSource());
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
        System.out.println(Stats.f("5. catch-up of %,d records, %s store: %s records/s", RECORDS,
                db == null ? "memory" : "PostgreSQL", Stats.rate(rate)));
        return rate;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## 5. Catching up a day of records into PostgreSQL\n\n");
        md.append(Stats.f("%,d inbound records spread over the last 24 hours, served by the project's simulator "
                          + "(WireMock, in this JVM, answering each record window as the platform does), consumed "
                          + "from an empty store by `icsoc:records?type=400&startTime=25h` into a route that does "
                          + "nothing: the default in-memory repositories against `recordsStore=jdbc` on PostgreSQL "
                          + "(a fresh schema each round, a HikariCP pool of 4 connections, on 127.0.0.1), rounds "
                          + "alternating in one run after a warm-up round in memory. Per new record the JDBC store "
                          + "does two lookups and one insert; the watermark is one upsert per record window. The "
                          + "simulator renders every response, so both figures are below section 3's.%n%n", RECORDS));
        if (problem != null) {
            md.append("**Not measured on PostgreSQL:** ").append(problem).append("\n\n");
        }
        md.append("| store | records/s (median) | range over rounds |\n|---|---:|---:|\n");
        md.append(row("memory (default)", memory));
        md.append(row("JDBC, PostgreSQL", jdbc));
        if (!memory.isEmpty() && !jdbc.isEmpty()) {
            md.append(Stats.f("%nThe JDBC store runs at %.2f of the memory store's rate.%n",
                    Stats.median(jdbc) / Stats.median(memory)));
        }
        md.append('\n');
        return md.toString();
    }

    private static String row(String store, List<Double> rates) {
        return rates.isEmpty() ? "| " + store + " | not measured | |\n"
                : Stats.f("| %s | %s | %s |%n", store, Stats.rate(Stats.median(rates)), Stats.range(rates, Stats::rate));
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

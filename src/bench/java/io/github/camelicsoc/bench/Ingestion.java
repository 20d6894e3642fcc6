package io.github.camelicsoc.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Section 3: one poll of {@code icsoc:records?type=400} returning 10,000, 100,000 and 1,000,000 records into a route
 * that does nothing. Twice, each in a JVM of its own: with a heap of {@value #SPEED_HEAP} for the speed, and with
 * {@value #SMALL_HEAP} (which the polls must survive) for the heap they need. A small heap costs time in collections,
 * so its speed is shown too, but the goal is judged on the first.
 */
final class Ingestion {

    static final int[] SIZES = { 10_000, 100_000, 1_000_000 };
    static final int WARMUP_RECORDS = 100_000;
    static final String SPEED_HEAP = "1g";
    static final String SMALL_HEAP = "96m";
    /**
     * Bulk delivery ({@code batch=true}, one list per poll): the counts whose one list fits the speed JVM's heap.
     * A million records in one list do not; a bound as large as the answer is what a bulk sink would not set anyway.
     */
    static final int[] BATCH_SIZES = { 10_000, 100_000 };
    /** Records/s into a route that does nothing, one record an exchange, against a plain Jackson streaming read (issue 21). */
    static final double GOAL_RATIO = 0.25;
    /** The same, in batch mode: one exchange whose body is the poll's list of records (issue 21). */
    static final double GOAL_BATCH_RATIO = 0.4;
    static final long GOAL_HEAP_BYTES = 64L * 1024 * 1024;

    private final int rounds;
    private ChildJvm.Outcome speed;
    private ChildJvm.Outcome small;

    private Ingestion(int rounds) {
        this.rounds = rounds;
    }

    static Ingestion run(StubProcess stub, int rounds) throws Exception {
        Ingestion section = new Ingestion(rounds);
        section.speed = section.probe(stub, SPEED_HEAP, BATCH_SIZES);
        section.small = section.probe(stub, SMALL_HEAP, new int[0]);
        return section;
    }

    private ChildJvm.Outcome probe(StubProcess stub, String heap, int[] batchSizes) throws Exception {
        String sizes = Arrays.stream(SIZES).mapToObj(Integer::toString).collect(Collectors.joining(","));
        String batches = Arrays.stream(batchSizes).mapToObj(Integer::toString).collect(Collectors.joining(","));
        System.out.println("3. record ingestion, -Xmx" + heap + ": " + rounds + " rounds of " + sizes + " records"
                           + (batches.isEmpty() ? "" : ", and of " + batches + " in batch mode"));
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap, "-Xms" + heap));
        // options of the probe JVMs alone (a profiler, a heap dump): BENCH_INGESTION_JVM, separated by spaces
        String extra = System.getenv("BENCH_INGESTION_JVM");
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        ChildJvm.Outcome outcome = ChildJvm.run(options, IngestionProbe.class, 900,
                stub.baseUrl(), sizes, Integer.toString(rounds), Integer.toString(WARMUP_RECORDS), batches);
        outcome.results().forEach(r -> System.out.println("3. record ingestion, -Xmx" + heap + ": " + r));
        if (!outcome.ok()) {
            System.out.println("3. record ingestion, -Xmx" + heap + ": failed, exit " + outcome.exitCode());
        }
        return outcome;
    }

    private static List<Map<String, String>> polls(ChildJvm.Outcome outcome, int n) {
        return polls(outcome, n, "exchange");
    }

    private static List<Map<String, String>> polls(ChildJvm.Outcome outcome, int n, String mode) {
        return outcome.results().stream()
                .filter(r -> r.get("records").equals(Integer.toString(n)) && !r.get("round").equals("0")
                             && mode.equals(r.getOrDefault("mode", "exchange"))).toList();
    }

    private static List<Double> values(List<Map<String, String>> polls, String key) {
        List<Double> values = new ArrayList<>();
        polls.forEach(p -> values.add(Double.parseDouble(p.get(key))));
        return values;
    }

    private static String failure(ChildJvm.Outcome outcome, String heap) {
        return outcome.ok() ? "" : Stats.f("**The -Xmx%s JVM failed** (exit %d): %s%n%n", heap, outcome.exitCode(),
                outcome.tail());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## 3. Record ingestion\n\n");
        md.append(Stats.f("One poll of `icsoc:records?type=400` (one request) into a route that only counts the "
                          + "records, in a JVM of its own (G1, `-Xms` = `-Xmx`): a warm-up poll of %,d records, then "
                          + "%d rounds of each size. Each poll starts with an empty idempotent repository of the "
                          + "default kind and size (in memory, the last 100,000 records). Time: from starting the route to the last "
                          + "record processed; the response is spooled to a temporary file and each record read once "
                          + "(a poll with more than 5,000 new records reads the new ones a second time to deliver them). "
                          + "Plain Jackson: right after each poll, in the same JVM, the same answer read from the stub "
                          + "by a bare Jackson streaming parser (every token, the text of every value), the limit for "
                          + "this work; the ratio is the poll's records/s over that read's, per round. CPU: the "
                          + "consumer thread's CPU time per record (steadier than the wall clock on a shared machine). "
                          + "Heap above baseline, measured in the -Xmx%s JVM (a little more than the idle baseline "
                          + "plus the 64 MiB goal), which the polls must survive: the most "
                          + "heap in use right after any collection during the poll (an upper bound on live data: it "
                          + "includes old garbage not yet collected), less the heap in use after a full collection "
                          + "just before the poll. Retained: in use after a full collection once the poll is done (the "
                          + "repository's keys).%n%n",
                WARMUP_RECORDS, rounds, SMALL_HEAP));
        md.append(failure(speed, SPEED_HEAP)).append(failure(small, SMALL_HEAP));
        md.append(Stats.f("| records | records/s, -Xmx%s (median) | range over rounds | first record after | CPU µs/record "
                          + "| plain Jackson records/s | plain Jackson CPU µs/record | ratio (median) "
                          + "| records/s, -Xmx%s | heap above baseline (most) | retained after the poll | idle "
                          + "baseline |%n", SPEED_HEAP, SMALL_HEAP));
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int n : SIZES) {
            List<Map<String, String>> fast = polls(speed, n);
            List<Map<String, String>> tight = polls(small, n);
            List<Double> rates = values(fast, "recordsPerSecond");
            md.append(Stats.f("| %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n,
                    fast.isEmpty() ? "not measured" : Stats.rate(Stats.median(rates)),
                    fast.isEmpty() ? "" : Stats.range(rates, Stats::rate),
                    fast.isEmpty() ? "" : Stats.f("%.2f s", Stats.median(values(fast, "firstRecordSeconds"))),
                    fast.isEmpty() ? "" : Stats.f("%.1f", cpuPerRecord(fast, "cpuSeconds", n)),
                    fast.isEmpty() ? "" : Stats.rate(Stats.median(values(fast, "plainRecordsPerSecond"))),
                    fast.isEmpty() ? "" : Stats.f("%.1f", Stats.median(values(fast, "plainCpuSeconds")) * 1e6 / n),
                    fast.isEmpty() ? "" : Stats.f("%.2f", Stats.median(values(fast, "ratio"))),
                    tight.isEmpty() ? "did not survive" : Stats.rate(Stats.median(values(tight, "recordsPerSecond"))),
                    tight.isEmpty() ? "" : Stats.mib((long) Stats.max(values(tight, "peakAboveBaseline"))),
                    tight.isEmpty() ? "" : Stats.mib((long) Stats.max(values(tight, "retainedAboveBaseline"))),
                    tight.isEmpty() ? "" : Stats.mib((long) Stats.median(values(tight, "baseline")))));
        }
        md.append('\n');
        md.append(Stats.f("Bulk delivery (`batch=true&maxMessagesPerPoll=` the answer's size): the same poll delivers "
                          + "its records as one exchange whose body is the list of them, -Xmx%s, %d rounds; a "
                          + "million records in one list do not fit that heap, so the largest size is not measured "
                          + "this way.%n%n", SPEED_HEAP, rounds));
        md.append("| records | records/s (median) | range over rounds | CPU µs/record | plain Jackson records/s "
                  + "| ratio (median) |\n|---:|---:|---:|---:|---:|---:|\n");
        for (int n : BATCH_SIZES) {
            List<Map<String, String>> polls = polls(speed, n, "batch");
            List<Double> rates = values(polls, "recordsPerSecond");
            md.append(Stats.f("| %,d | %s | %s | %s | %s | %s |\n", n,
                    polls.isEmpty() ? "not measured" : Stats.rate(Stats.median(rates)),
                    polls.isEmpty() ? "" : Stats.range(rates, Stats::rate),
                    polls.isEmpty() ? "" : Stats.f("%.1f", cpuPerRecord(polls, "cpuSeconds", n)),
                    polls.isEmpty() ? "" : Stats.rate(Stats.median(values(polls, "plainRecordsPerSecond"))),
                    polls.isEmpty() ? "" : Stats.f("%.2f", Stats.median(values(polls, "ratio")))));
        }
        md.append('\n');
        return md.toString();
    }

    List<Goal> goals() {
        List<Goal> goals = new ArrayList<>();
        String why = why();
        for (int n : SIZES) {
            List<Map<String, String>> polls = polls(speed, n);
            double ratio = polls.isEmpty() ? 0 : Stats.median(values(polls, "ratio"));
            goals.add(new Goal(Stats.f("ingestion, one record an exchange, >= %.2f of a plain Jackson streaming read "
                                       + "(%,d records)", GOAL_RATIO, n),
                    polls.isEmpty() ? "not measured" : Stats.f("%.2f (%s against %s records/s; CPU %.1f µs/record)",
                            ratio, Stats.rate(Stats.median(values(polls, "recordsPerSecond"))),
                            Stats.rate(Stats.median(values(polls, "plainRecordsPerSecond"))),
                            cpuPerRecord(polls, "cpuSeconds", n)),
                    ratio >= GOAL_RATIO, polls.isEmpty() ? null : why));
        }
        for (int n : BATCH_SIZES) {
            List<Map<String, String>> polls = polls(speed, n, "batch");
            double ratio = polls.isEmpty() ? 0 : Stats.median(values(polls, "ratio"));
            goals.add(new Goal(Stats.f("ingestion in batch mode >= %.1f of a plain Jackson streaming read (%,d records)",
                            GOAL_BATCH_RATIO, n),
                    polls.isEmpty() ? "not measured" : Stats.f("%.2f (%s against %s records/s; CPU %.1f µs/record)",
                            ratio, Stats.rate(Stats.median(values(polls, "recordsPerSecond"))),
                            Stats.rate(Stats.median(values(polls, "plainRecordsPerSecond"))),
                            cpuPerRecord(polls, "cpuSeconds", n)),
                    ratio >= GOAL_BATCH_RATIO, polls.isEmpty() ? null : why));
        }
        int largest = SIZES[SIZES.length - 1];
        List<Map<String, String>> polls = polls(small, largest);
        long peak = polls.isEmpty() ? Long.MAX_VALUE : (long) Stats.max(values(polls, "peakAboveBaseline"));
        goals.add(new Goal(Stats.f("heap above baseline < 64 MiB at %,d records", largest),
                polls.isEmpty() ? "not measured: the poll did not survive -Xmx" + SMALL_HEAP
                        : Stats.mib(peak) + ", in a JVM capped at -Xmx" + SMALL_HEAP,
                peak < GOAL_HEAP_BYTES));
        return goals;
    }

    /**
     * What the consumer does for a record that the plain read does not, with this run's CPU figures: one text for
     * every size and mode, so that the report writes it once.
     */
    private String why() {
        List<String> plain = new ArrayList<>();
        List<String> exchange = new ArrayList<>();
        for (int n : SIZES) {
            List<Map<String, String>> polls = polls(speed, n);
            if (polls.isEmpty()) {
                continue;
            }
            double one = cpuPerRecord(polls, "cpuSeconds", n);
            plain.add(Stats.f("%.1f against %.1f at %,d records", cpuPerRecord(polls, "plainCpuSeconds", n), one, n));
            List<Map<String, String>> batch = polls(speed, n, "batch");
            if (!batch.isEmpty()) {
                double inBatches = cpuPerRecord(batch, "cpuSeconds", n);
                exchange.add(Stats.f("%.1f µs at %,d records (%.1f one record an exchange, %.1f in batch mode)",
                        one - inBatches, n, one, inBatches));
            }
        }
        return Stats.f("the plain read parses each token once and keeps nothing: µs of CPU a record, the plain read "
                       + "against the consumer one record an exchange, %s. For each record the consumer reads the "
                       + "answer twice (a poll with more than 5,000 new records keeps none of them in memory, so that "
                       + "a poll of a million fits in 64 MiB, and reads them again to deliver them; the first reading "
                       + "sees the whole answer before any record is delivered, since an answer refused as a whole "
                       + "delivers none), parses each entry into its fields under a record's bounds, fingerprints its "
                       + "content (SHA-256 over a canonical form) and each field (to name the fields a later version "
                       + "changes), and looks its key up in the bounded repository and adds it there. An exchange a "
                       + "record costs %s. A JFR profile of the 1,000,000-record poll (not part of this run) puts "
                       + "about a third of the consumer's CPU in the two readings, a sixth in the fingerprints, a "
                       + "sixth in the exchange and a tenth in the repository's keys: no one part closes the gap.",
                String.join(", ", plain), exchange.isEmpty() ? "(batch mode not measured)" : String.join(", ", exchange));
    }

    private static double cpuPerRecord(List<Map<String, String>> polls, String key, int n) {
        return Stats.median(values(polls, key)) * 1e6 / n;
    }
}

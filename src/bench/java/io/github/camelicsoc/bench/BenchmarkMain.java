package io.github.camelicsoc.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark suite (see the README, "Benchmarks"): call placement side by side with a hand-written camel-http route
 * and the bare HTTP client, threads for calls in flight, record ingestion, start-up, catching up into PostgreSQL and
 * what polling costs the platform, and what matching records to placements costs ingestion. Prints the results and writes them
 * to the file named by {@code -Dbench.report} (BENCHMARKS.md). {@code -Dbench.quick=true} runs shorter rounds, to
 * check the harness; its numbers are not worth keeping. {@code -Dbench.sections=ingestion} (a comma-separated list of
 * placement, threads, ingestion, startup, records-store, polling-cost, outcomes) runs only those sections, to measure
 * one change quickly.
 */
public final class BenchmarkMain {

    private static final String ALL_SECTIONS = "placement,threads,ingestion,startup,records-store,polling-cost,outcomes";

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("bench.quick");
        List<String> sections = List.of(System.getProperty("bench.sections", ALL_SECTIONS)
                .split(","));
        Path report = Path.of(System.getProperty("bench.report", "BENCHMARKS.md"));
        long started = System.nanoTime();
        double loadAtStart = Machine.loadAverage();

        CallPlacement placement = null;
        ThreadsInFlight threads = null;
        Ingestion ingestion = null;
        Startup startup = null;
        try (StubProcess stub = StubProcess.start(Ingestion.SIZES[Ingestion.SIZES.length - 1])) {
            if (sections.contains("placement")) {
                placement = CallPlacement.run(stub, Duration.ofMillis(quick ? 500 : 2000),
                        Duration.ofMillis(quick ? 1000 : 2500), quick ? 2 : 6);
            }
            if (sections.contains("call-profile")) {
                CallProfile.run(stub, Integer.getInteger("bench.profile.concurrency", 1), Duration.ofSeconds(20));
            }
            if (sections.contains("threads")) {
                threads = ThreadsInFlight.run(stub);
            }
            if (sections.contains("ingestion")) {
                ingestion = Ingestion.run(stub, quick ? 1 : 3);
            }
            if (sections.contains("startup")) {
                startup = Startup.run(stub, quick ? 2 : 8);
            }
        }
        // against the simulator and PostgreSQL, not the stub
        RecordsStore recordsStore = sections.contains("records-store") ? RecordsStore.run(quick ? 1 : 3) : null;
        PollingCost pollingCost = sections.contains("polling-cost") ? PollingCost.run(quick) : null;
        Outcomes outcomes = sections.contains("outcomes") ? Outcomes.run(quick ? 1 : 5, quick ? 10 : 1) : null;

        List<Goal> goals = new ArrayList<>();
        if (placement != null) {
            goals.addAll(placement.goals());
        }
        if (threads != null) {
            goals.addAll(threads.goals());
        }
        if (ingestion != null) {
            goals.addAll(ingestion.goals());
        }
        if (startup != null) {
            goals.addAll(startup.goals());
        }
        if (recordsStore != null) {
            goals.addAll(recordsStore.goals());
        }
        if (pollingCost != null) {
            goals.addAll(pollingCost.goals());
        }
        if (outcomes != null) {
            goals.addAll(outcomes.goals());
        }

        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `mvn -B -q -Pbench verify` (see the README, \"Benchmarks\"); every number below is from "
                  + "that one run. All contenders call the same stub: the JDK's minimal HTTP server on 127.0.0.1, in a "
                  + "JVM of its own, answering at once (or after 500 ms in section 2); it accepts the X-WSSE header "
                  + "without checking it.");
        if (sections.size() < ALL_SECTIONS.split(",").length) {
            md.append(" **Only the sections " + String.join(", ", sections) + ": not a full run.**");
        }
        if (quick) {
            md.append(" **A quick run (`-Dbench.quick=true`): short rounds, numbers not worth keeping.**");
        }
        md.append("\n\n");
        md.append(Machine.describe(loadAtStart, Machine.loadAverage(), seconds)).append('\n');
        md.append("## Goals\n\n| goal | measured | verdict |\n|---|---|---|\n");
        for (Goal goal : goals) {
            md.append("| ").append(goal.goal()).append(" | ").append(goal.measured()).append(" | ")
                    .append(goal.verdict()).append(" |\n");
        }
        md.append('\n');
        // goals missed for one reason are named together, the reason written once
        Map<String, List<String>> missedFor = new LinkedHashMap<>();
        goals.stream().filter(g -> !g.met() && g.why() != null)
                .forEach(g -> missedFor.computeIfAbsent(g.why(), why -> new ArrayList<>()).add(g.goal()));
        if (!missedFor.isEmpty()) {
            md.append("### Why the goals missed are missed\n\n");
            missedFor.forEach((why, missed) -> md.append("- **").append(String.join("**; **", missed))
                    .append("**: ").append(why).append('\n'));
            md.append('\n');
        }
        if (placement != null) {
            md.append(placement.markdown());
        }
        if (threads != null) {
            md.append(threads.markdown());
        }
        if (ingestion != null) {
            md.append(ingestion.markdown());
        }
        if (startup != null) {
            md.append(startup.markdown());
        }
        if (recordsStore != null) {
            md.append(recordsStore.markdown());
        }
        if (pollingCost != null) {
            md.append(pollingCost.markdown());
        }
        if (outcomes != null) {
            md.append(outcomes.markdown());
        }

        Files.writeString(report, md.toString(), StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(md);
        System.out.println("written to " + report.getFileName());
        System.exit(0);
    }
}

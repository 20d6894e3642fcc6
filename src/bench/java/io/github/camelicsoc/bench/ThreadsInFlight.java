package io.github.camelicsoc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Section 2: how many threads a JVM holds with {@value #CALLS} calls in flight against a stub that answers after
 * {@value #DELAY_MILLIS} ms, for the icsoc route and the hand-written one, each in a JVM of its own.
 */
final class ThreadsInFlight {

    static final int CALLS = 64;
    static final long DELAY_MILLIS = 500;

    private record Run(String contender, String sending, Map<String, String> result, String mostInFlight,
                       List<String> added, String failure) {
    }

    private final List<Run> runs = new ArrayList<>();

    static ThreadsInFlight run(StubProcess stub) throws Exception {
        ThreadsInFlight section = new ThreadsInFlight();
        section.probe(stub, "a", "icsoc", "async", "all 64 sent from one thread, each completing a callback");
        section.probe(stub, "a", "icsoc", "sync", "64 caller threads, each waiting for its call");
        section.probe(stub, "b", "hand-written", "sync", "64 caller threads, each waiting for its call "
                                                         + "(camel-http's producer is synchronous: one thread per call)");
        return section;
    }

    private void probe(StubProcess stub, String contender, String route, String sending, String how) throws Exception {
        stub.stats();
        ChildJvm.Outcome outcome = ChildJvm.run(List.of("-Xmx256m"), InFlightProbe.class, 120, route, sending,
                stub.delayedBaseUrl(DELAY_MILLIS), Integer.toString(CALLS), Long.toString(DELAY_MILLIS));
        String mostInFlight = stub.stats().getOrDefault("mostInFlight", "?");
        List<String> added = outcome.output().stream().filter(l -> l.startsWith("added "))
                .map(l -> l.substring("added ".length())).toList();
        runs.add(new Run(contender, how, outcome.results().isEmpty() ? Map.of() : outcome.results().get(0),
                mostInFlight, added, outcome.ok() ? null : "exit " + outcome.exitCode() + ": " + outcome.tail()));
        System.out.println("2. threads for " + CALLS + " calls in flight: (" + contender + ") " + sending + " "
                           + runs.get(runs.size() - 1).result());
    }

    private static int value(Run run, String key) {
        return Integer.parseInt(run.result().getOrDefault(key, "-1"));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## 2. Threads for ").append(CALLS).append(" calls in flight\n\n");
        md.append(Stats.f("The stub answers after %d ms. Each line is a JVM of its own with one route: one call, a "
                          + "first burst of %d calls (it opens the connections), then the counted burst. Threads "
                          + "counted half-way through the delay, when the stub holds every call.%n%n", DELAY_MILLIS,
                CALLS));
        md.append("| contender | how the calls are sent | JVM threads idle | JVM threads, 64 in flight | added | "
                  + "threads blocked in a socket read | most calls the stub held at once | failed |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Run run : runs) {
            if (run.failure() != null) {
                md.append("| (").append(run.contender()).append(") | ").append(run.sending())
                        .append(" | probe failed: ").append(run.failure()).append(" | | | | | |\n");
                continue;
            }
            md.append(Stats.f("| (%s) | %s | %d | %d | %d | %d | %s | %d |\n", run.contender(), run.sending(),
                    value(run, "idle"), value(run, "inFlight"), value(run, "inFlight") - value(run, "idle"),
                    value(run, "socketReads"), run.mostInFlight(), value(run, "failed")));
        }
        md.append("\nThreads added while the calls were in flight, by name (numbers taken out):\n\n");
        for (Run run : runs) {
            md.append("- (").append(run.contender()).append("), ").append(run.sending()).append(": ")
                    .append(run.added().isEmpty() ? "none" : String.join(", ", run.added())).append('\n');
        }
        md.append('\n');
        return md.toString();
    }

    List<Goal> goals() {
        Run async = runs.get(0);
        boolean ok = async.failure() == null && value(async, "failed") == 0
                     && Integer.toString(CALLS).equals(async.mostInFlight());
        int added = ok ? value(async, "inFlight") - value(async, "idle") : -1;
        return List.of(new Goal(CALLS + " calls in flight without " + CALLS + " blocked threads",
                ok ? Stats.f("(a): %d threads added for %s calls in flight, %d blocked in a socket read",
                        added, async.mostInFlight(), value(async, "socketReads"))
                        : "(a) probe: " + (async.failure() != null ? async.failure()
                                : "stub held " + async.mostInFlight() + " at once"),
                ok && added < CALLS && value(async, "socketReads") == 0));
    }
}

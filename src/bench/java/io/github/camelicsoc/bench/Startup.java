package io.github.camelicsoc.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Section 4: the start of a Camel context with one {@code icsoc:call} route against one with the hand-written
 * camel-http route, each in a fresh JVM, the two alternating.
 */
final class Startup {

    private final List<Double> icsoc = new ArrayList<>();
    private final List<Double> handWritten = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private int runs;

    static Startup run(StubProcess stub, int runs) throws Exception {
        Startup section = new Startup();
        section.runs = runs;
        for (int i = 0; i < runs; i++) {
            // alternate which goes first, so that neither always follows the other
            List<String> order = i % 2 == 0 ? List.of("icsoc", "hand-written") : List.of("hand-written", "icsoc");
            for (String route : order) {
                ChildJvm.Outcome outcome = ChildJvm.run(List.of(), StartupProbe.class, 120, route, stub.baseUrl());
                if (!outcome.ok() || outcome.results().isEmpty()) {
                    section.failures.add(route + ": exit " + outcome.exitCode() + " " + outcome.tail());
                    continue;
                }
                double millis = Double.parseDouble(outcome.results().get(0).get("startMillis"));
                (route.equals("icsoc") ? section.icsoc : section.handWritten).add(millis);
            }
        }
        System.out.println("4. start-up: icsoc " + section.icsoc + " ms, hand-written " + section.handWritten + " ms");
        return section;
    }

    private double ratio() {
        return Stats.median(icsoc) / Stats.median(handWritten);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## 4. Start-up\n\n");
        md.append(Stats.f("From creating a `DefaultCamelContext` to its having started, with one route and its producer "
                          + "started, in a fresh JVM each time (%d of each, alternating).%n%n", runs));
        md.append("| route | ms (median) | range |\n|---|---:|---:|\n");
        md.append(Stats.f("| (a) `direct -> icsoc:call` | %.0f | %s |\n", Stats.median(icsoc),
                Stats.range(icsoc, v -> Stats.f("%.0f", v))));
        md.append(Stats.f("| (b) hand-written camel-http + camel-jackson route | %.0f | %s |\n",
                Stats.median(handWritten), Stats.range(handWritten, v -> Stats.f("%.0f", v))));
        md.append(Stats.f("%n(a)/(b) start-up time: %s.%s%n%n", Stats.ratio(ratio()),
                failures.isEmpty() ? "" : " Failed runs: " + String.join("; ", failures)));
        return md.toString();
    }

    List<Goal> goals() {
        boolean measured = !icsoc.isEmpty() && !handWritten.isEmpty();
        return List.of(new Goal("start-up within 10% of the camel-http route",
                measured ? Stats.f("%.0f ms vs %.0f ms: (a)/(b) = %s", Stats.median(icsoc), Stats.median(handWritten),
                        Stats.ratio(ratio())) : "not measured",
                measured && ratio() <= 1.10));
    }
}

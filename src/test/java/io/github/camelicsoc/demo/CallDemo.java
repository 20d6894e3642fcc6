package io.github.camelicsoc.demo;

import java.util.List;
import java.util.Map;

import io.github.camelicsoc.IcsocConstants;
import io.github.camelicsoc.sim.IcsocSimulator;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The main job: starts the icsoc simulator on loopback and Camel Main with the routes in {@code routes-examples/},
 * places a handful of calls through {@code direct:place-call} (some of which the platform or the local checks refuse),
 * prints each result and exits non-zero when a result is not the one expected.
 */
public final class CallDemo {

    private record Sample(String mode, String caller, String called, boolean placed) {
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample("classic", "13800138000", "13900139000", true),
            new Sample("axb", "138 0013 8001", "+86 139-0013-9001", true),
            new Sample("classic", "10086", "010-12345678", true),
            new Sample("classic", "13800138000", "call me", false),   // refused before sending: 407
            new Sample("classic", "", "13900139000", false),          // refused before sending: 403
            new Sample("classic", "13800138000", "13700000405", false), // refused by the platform: 405
            new Sample("classic", "12", "13900139000", false));       // refused by the platform: 406

    private CallDemo() {
    }

    public static void main(String[] args) throws Exception {
        int wrong = run();
        System.out.println(wrong == 0 ? "demo OK: every call ended as expected" : "demo FAILED: " + wrong + " unexpected results");
        System.exit(wrong == 0 ? 0 : 1);
    }

    /** Runs the demo and returns how many calls did not end as expected. */
    static int run() throws Exception {
        int wrong;
        try (IcsocSimulator sim = IcsocSimulator.start()) {
            sim.failCallsTo("13700000405");
            Main main = new Main();
            main.addInitialProperty("camel.main.routesIncludePattern", "file:routes-examples/place-calls.yaml");
            main.addInitialProperty("camel.main.name", "icsoc-demo");
            main.addInitialProperty("camel.component.icsoc.baseUrl", sim.baseUrl());
            main.addInitialProperty("camel.component.icsoc.vccCode", IcsocSimulator.VCC_CODE);
            main.addInitialProperty("camel.component.icsoc.secret", IcsocSimulator.SECRET);
            main.addInitialProperty("camel.component.icsoc.displayCaller", IcsocSimulator.OWN_400_NUMBER);
            main.start();
            try {
                wrong = placeSamples(main.getCamelContext().createProducerTemplate());
            } finally {
                main.stop();
            }
            System.out.println("simulator received " + sim.calls().size() + " call requests");
        }
        return wrong;
    }

    private static int placeSamples(ProducerTemplate template) {
        int wrong = 0;
        for (Sample s : SAMPLES) {
            String line = template.requestBodyAndHeaders("direct:place-call", null, Map.of(
                    IcsocConstants.MODE, s.mode(),
                    IcsocConstants.CALLER, s.caller(),
                    IcsocConstants.CALLED, s.called()), String.class);
            boolean placed = line.startsWith("placed");
            if (placed != s.placed()) {
                wrong++;
                line += "   <-- expected " + (s.placed() ? "placed" : "refused");
            }
            System.out.println(line);
        }
        return wrong;
    }
}

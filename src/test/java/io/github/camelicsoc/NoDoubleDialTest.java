package io.github.camelicsoc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.camelicsoc.model.IcsocException.Kind;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.sim.ConnectionGate;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.ReceivedCall;
import io.github.camelicsoc.support.ChaosDay;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.Soak;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No double dial: 1,000 calls placed through {@code icsoc:call} with the README's retry recipe, under the faults of
 * {@link ChaosIngestionTest} plus outages in which connections are refused (the one failure the recipe retries). The
 * simulator never sees the same call request twice, each call being told apart by its own caller number.
 */
class NoDoubleDialTest {

    static final int CALLS = Soak.scaled(1_000);
    static final long SEED = 20261130L;

    /** What became of one call. */
    private record Outcome(String caller, Kind failure, int redeliveries) {
    }

    @Test
    void noCallRequestReachesThePlatformTwiceWithTheRecommendedRetries() throws Exception {
        long started = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        Figures figures = new Figures("no-double-dial");
        try (IcsocSimulator sim = IcsocSimulator.start();
             ConnectionGate gate = ConnectionGate.start(sim.port(), SEED, Duration.ofMillis(400), Duration.ofMillis(80))) {
            // every request needs a new connection, so every request can meet an outage
            sim.closeConnectionAfterEachResponse();
            ChaosDay.injectFaults(sim, SEED, Duration.ofMillis(1500));
            CamelContext camel = new DefaultCamelContext();
            IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
            icsoc.setBaseUrl(gate.baseUrl());
            icsoc.setVccCode(IcsocSimulator.VCC_CODE);
            icsoc.setSecret(IcsocSimulator.SECRET);
            icsoc.setRequestTimeout(500);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // the README's recipe, with a shorter delay to keep the test short
                    onException(IcsocException.class)
                            .retryWhile(simple("${exception.safeToRetry} && ${header.CamelRedeliveryCounter} <= 3"))
                            .redeliveryDelay(100);
                    from("direct:call").routeId("calls")
                            .to("icsoc:call?called=13900139000");
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            ExecutorService callers = Executors.newFixedThreadPool(16);
            List<Future<Outcome>> placed = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                String caller = String.format("138%08d", i);
                placed.add(callers.submit(() -> {
                    Exchange done = template.send("direct:call",
                            e -> e.getIn().setHeader(IcsocConstants.CALLER, caller));
                    Integer redeliveries = done.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
                    Kind failure = done.getException() == null ? null
                            : assertInstanceOf(IcsocException.class, done.getException()).getKind();
                    return new Outcome(caller, failure, redeliveries == null ? 0 : redeliveries);
                }));
            }
            for (Future<Outcome> call : placed) {
                outcomes.add(call.get(Soak.scaled(5), TimeUnit.MINUTES));
            }
            callers.shutdown();
            camel.stop();

            Map<String, Long> seen = sim.calls().stream()
                    .collect(Collectors.groupingBy(ReceivedCall::caller, Collectors.counting()));
            long doubleDials = seen.values().stream().filter(n -> n > 1).count();
            Map<Kind, Integer> failures = new EnumMap<>(Kind.class);
            int retried = 0;
            int succeededAfterRetry = 0;
            for (Outcome o : outcomes) {
                long reached = seen.getOrDefault(o.caller(), 0L);
                retried += o.redeliveries();
                if (o.failure() == null) {
                    assertEquals(1, reached, o + ": a call placed reached the platform exactly once");
                    if (o.redeliveries() > 0) {
                        succeededAfterRetry++;
                    }
                } else {
                    failures.merge(o.failure(), 1, Integer::sum);
                    switch (o.failure()) {
                        case NOT_SENT -> assertEquals(0, reached, o + ": nothing was sent");
                        case BAD_RESPONSE -> assertEquals(1, reached, o + ": the platform answered once");
                        default -> assertTrue(reached <= 1, o + ": reached the platform " + reached + " times");
                    }
                }
            }

            figures.put("calls placed", CALLS)
                    .put("calls that succeeded", outcomes.stream().filter(o -> o.failure() == null).count())
                    .put("calls that failed, by kind", failures)
                    .put("outages (connections refused)", gate.outages())
                    .put("redeliveries of NOT_SENT failures", retried)
                    .put("calls that succeeded after a redelivery", succeededAfterRetry)
                    .put("call requests that reached the simulator", sim.calls().size());
            ChaosDay.putFaults(figures, sim);
            figures.put("most requests the simulator saw for one call",
                            seen.values().stream().mapToLong(Long::longValue).max().orElse(0))
                    .put("calls dialled twice", doubleDials)
                    .put("seconds", (System.nanoTime() - started) / 1_000_000_000L)
                    .report();

            assertEquals(0, doubleDials, "no call request reached the simulator twice");
            assertTrue(retried > 0 && succeededAfterRetry > 0, "refused connections were retried, and then placed");
            assertTrue(failures.keySet().containsAll(List.of(Kind.BAD_RESPONSE, Kind.NO_RESPONSE)),
                    "the faults reached the calls: " + failures);
        }
        assertEquals(CALLS, outcomes.stream().map(Outcome::caller).collect(Collectors.toMap(Function.identity(), c -> 1)).size());
    }
}

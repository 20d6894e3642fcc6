package io.github.camelicsoc;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocException.Kind;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.StrayAnswerPlatform;
import io.github.camelicsoc.support.StrayAnswerPlatform.Timing;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call's id is the answer to that call's request: against a platform that writes a stray answer (a copy of its last
 * one) after every fifth answer on a kept-alive connection, whenever the stray answer arrives, no call placed gets
 * another call's id, and none is sent twice. A call whose connection is found closed, or holding an answer nobody
 * asked for, before the call was written is placed on another connection, once.
 */
class StrayAnswersTest {

    static final int CALLS = 1_000;
    static final int CALLERS = 16;
    static final String CALLED = "13900139000";

    /** What became of one call. */
    private record Outcome(String caller, String callId, Kind failure, String why) {
    }

    @ParameterizedTest
    @EnumSource(value = Timing.class, names = { "WITH_THE_ANSWER", "RIGHT_AFTER", "LATER" })
    void noCallGetsAnotherCallsIdAndNoneIsSentTwice(Timing timing) throws Exception {
        List<Outcome> outcomes = placeCalls(timing, CALLERS, CALLS, 0);

        for (Outcome o : outcomes) {
            if (o.failure() != null) {
                // a call whose answer a stray one took: its own answer never came, and it was placed; or, rarely, a
                // call whose connection HttpClient closed on a stray answer between lease and write: it never left
                // (placeCalls checks that a NOT_SENT call did not reach the platform), so a retry is safe
                assertTrue(o.failure() == Kind.NO_RESPONSE || o.failure() == Kind.NOT_SENT, o.toString());
            }
        }
    }

    @Test
    void aCallWhoseConnectionThePlatformClosedIsPlacedOnAnotherConnectionOnce() throws Exception {
        // a pause between calls lets each kept-alive connection be closed by the platform before it is reused
        List<Outcome> outcomes = placeCalls(Timing.CLOSES_AFTER_EACH_ANSWER, 1, 100, 20);

        assertEquals(List.of(), outcomes.stream().filter(o -> o.failure() != null).toList(),
                "a connection found closed before the call was written fails no call");
    }

    /** Places the calls and checks what holds on every platform: no foreign id, no call sent twice. */
    private static List<Outcome> placeCalls(Timing timing, int callers, int calls, long pauseMillis) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        try (StrayAnswerPlatform platform = StrayAnswerPlatform.start(timing)) {
            CamelContext camel = new DefaultCamelContext();
            IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
            icsoc.setBaseUrl(platform.baseUrl());
            icsoc.setVccCode("7100003");
            icsoc.setSecret("stray-secret");
            camel.start();
            try {
                ProducerTemplate template = camel.createProducerTemplate();
                ExecutorService threads = Executors.newFixedThreadPool(callers);
                List<Future<Outcome>> placed = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    String caller = String.format("138%08d", i);
                    placed.add(threads.submit(() -> {
                        Thread.sleep(pauseMillis);
                        Exchange done = template.send("icsoc:call?called=" + CALLED,
                                e -> e.getIn().setHeader(IcsocConstants.CALLER, caller));
                        if (done.getException() != null) {
                            IcsocException e = assertInstanceOf(IcsocException.class, done.getException());
                            return new Outcome(caller, null, e.getKind(), e.getMessage());
                        }
                        return new Outcome(caller, done.getMessage().getBody(CallResult.class).callId(), null, null);
                    }));
                }
                for (Future<Outcome> call : placed) {
                    outcomes.add(call.get(2, TimeUnit.MINUTES));
                }
                threads.shutdown();
            } finally {
                camel.stop();
            }

            List<Outcome> foreign = outcomes.stream()
                    .filter(o -> o.failure() == null
                                 && !StrayAnswerPlatform.callIdFor(o.caller(), CALLED).equals(o.callId()))
                    .toList();
            Map<Kind, Integer> failures = new EnumMap<>(Kind.class);
            outcomes.stream().filter(o -> o.failure() != null).forEach(o -> failures.merge(o.failure(), 1, Integer::sum));
            new Figures("stray-answers-" + timing)
                    .put("calls placed", calls)
                    .put("stray answers written", platform.strays())
                    .put("connections", platform.connections())
                    .put("calls with another call's id", foreign.size())
                    .put("calls that failed, by kind", failures)
                    .put("why, first failure", outcomes.stream().filter(o -> o.failure() != null)
                            .map(Outcome::why).findFirst().orElse("-"))
                    .report();
            for (Outcome o : outcomes) {
                int reached = platform.requestsFrom(o.caller());
                assertTrue(reached <= 1, o + " reached the platform " + reached + " times");
                if (o.failure() == null || o.failure() == Kind.NOT_SENT) {
                    assertEquals(o.failure() == null ? 1 : 0, reached, o + " reached the platform " + reached + " times");
                }
            }
            assertTrue(timing == Timing.CLOSES_AFTER_EACH_ANSWER || platform.strays() > 0,
                    "the platform wrote stray answers");
            assertEquals(List.of(), foreign.stream().limit(5).toList(), foreign.size() + " calls with another call's id");
        }
        return outcomes;
    }
}

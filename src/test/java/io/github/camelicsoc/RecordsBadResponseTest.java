package io.github.camelicsoc;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.support.BadInput;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.RecordsTestSupport;
import io.github.camelicsoc.support.Soak;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input through the whole consumer: the simulator answers record queries with hundreds of mutated and random
 * bodies. Every poll that fails, fails with an {@link IcsocException}; every exchange carries a {@link CallRecord} or
 * goes to the error handler with an {@link IcsocException} as its cause; the consumer keeps polling.
 */
class RecordsBadResponseTest extends RecordsTestSupport {

    static final long SEED = 5150L;
    static final int BODIES = Soak.scaled(400);

    private static final String GOOD = "{\"code\":200,\"message\":\"ok\",\"data\":[{\"caller\":\"13800138000\","
            + "\"called\":\"4001234567\",\"ivr_digits\":\"\",\"in\":\"in\",\"start_time\":\"2026-11-27 08:00:00\","
            + "\"conn_time\":\"2026-11-27 08:00:05\",\"end_time\":\"2026-11-27 08:01:39\",\"all_secs\":\"99\","
            + "\"record_file\":null,\"result\":\"已接通\",\"call_id\":\"a1\"},{\"caller\":\"13900139000\",\"called\":\"\","
            + "\"in\":\"in\",\"start_time\":\"2026-11-27 08:10:00\",\"conn_time\":\"1970-01-01 08:00:00\","
            + "\"end_time\":\"2026-11-27 08:10:30\",\"all_secs\":30,\"record_file\":\"\",\"result\":\"未接通\"}]}";

    @Test
    void mutatedAndRandomResponsesNeverLetAnotherExceptionOutOfTheConsumer() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < BODIES; i++) {
            sim.answerNext(random.nextBoolean() ? BadInput.mutate(random, GOOD) : BadInput.response(random));
        }
        List<Exception> pollFailures = new CopyOnWriteArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        context.getRegistry().bind("recordingPollStrategy", new PollingConsumerPollStrategy() {
            @Override
            public boolean begin(Consumer consumer, Endpoint endpoint) {
                polls.incrementAndGet();
                return true;
            }

            @Override
            public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
            }

            @Override
            public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception e) {
                pollFailures.add(e);
                return false;
            }
        });
        // a repository that remembers one key only, so that every readable record is delivered again and again
        context.getRegistry().bind("forgetful", MemoryIdempotentRepository.memoryIdempotentRepository(1));
        Map<String, Integer> bodies = new ConcurrentHashMap<>();
        List<Object> wrongCauses = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("direct:dead"));
                from("direct:dead").process(e -> {
                    Object cause = e.getProperty(Exchange.EXCEPTION_CAUGHT);
                    if (!(cause instanceof IcsocException)) {
                        wrongCauses.add(cause);
                    }
                    bodies.merge("unreadable record", 1, Integer::sum);
                });
                // one request per poll (a lookback, so that every poll asks), so each poll reads one canned body
                from("icsoc:records?type=400&startTime=10m&lookback=1m&pollStrategy=#recordingPollStrategy&idempotentRepository=#forgetful&"
                     + "delay=5&initialDelay=0&settle=0").routeId("records")
                        .process(e -> bodies.merge(e.getIn().getBody() instanceof CallRecord ? "record"
                                : "other body", 1, Integer::sum));
            }
        });

        await("every body was read", Soak.scaled(120), () -> sim.requestCount() > BODIES + 5);

        List<Exception> untyped = pollFailures.stream().filter(e -> !(e instanceof IcsocException)).toList();
        new Figures("bad-responses-through-the-consumer")
                .put("response bodies answered", BODIES)
                .put("polls", polls.get())
                .put("polls that failed with an IcsocException", pollFailures.size() - untyped.size())
                .put("polls that failed with another exception", untyped.size())
                .put("exchanges", bodies)
                .report();
        assertEquals(List.of(), untyped, "polls fail only with IcsocException");
        assertEquals(List.of(), wrongCauses, "unreadable records reach the error handler as IcsocException");
        assertEquals(null, bodies.get("other body"), "an exchange's body is a CallRecord");
        assertTrue(pollFailures.size() > BODIES / 2, "most bodies were refused: " + pollFailures.size());
    }
}

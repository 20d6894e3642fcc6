package io.github.camelicsoc;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocException.Kind;
import io.github.camelicsoc.outcome.MemoryPlacementStore;
import io.github.camelicsoc.sim.SimFault;
import io.github.camelicsoc.support.ExampleRunner;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code synchronous} option: the caller's thread waits for the answer and continues the route itself, and
 * everything else is as without it: the same answers and errors, the same deadline, one request per call; a stop of
 * the component or an interrupt of the waiting thread ends the wait with a typed error.
 */
class SynchronousCallTest extends SimulatorTestSupport {

    private static final String CALL = "icsoc:call?caller=13800138000&called=13900139000";

    private final MemoryPlacementStore store = new MemoryPlacementStore(100);
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.getRegistry().bind("placements", store);
        camel.getRegistry().bind("blockedStore", new CallCorrelationTest.BlockedStore(release));
        return camel;
    }

    @AfterEach
    void releaseBlockedStore() {
        release.countDown();
    }

    @Test
    void theRouteContinuesOnTheCallersThreadOnlyWithTheOption() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sync").to(CALL + "&synchronous=true")
                        .process(e -> e.getMessage().setHeader("continuedOn", Thread.currentThread().getName()));
                from("direct:default").to(CALL)
                        .process(e -> e.getMessage().setHeader("continuedOn", Thread.currentThread().getName()));
            }
        });
        String caller = Thread.currentThread().getName();

        Exchange sync = template.send("direct:sync", e -> {
        });
        Exchange async = template.send("direct:default", e -> {
        });

        assertNull(sync.getException());
        assertNull(async.getException());
        assertEquals(caller, sync.getMessage().getHeader("continuedOn"));
        assertNotEquals(caller, async.getMessage().getHeader("continuedOn"));
        assertTrue(async.getMessage().getHeader("continuedOn", String.class).contains("IcsocCallCompletion"),
                async.getMessage().getHeader("continuedOn", String.class));
        assertEquals(2, sim.requestCount(), "one request per call");
    }

    @Test
    void answersAndErrorsAreTheSameAsWithoutTheOption() throws Exception {
        // nothing listens there once the probe's socket is closed
        int closedPort = ExampleRunner.freePort();
        List<Case> cases = List.of(
                new Case("an answer", "", s -> {
                }),
                new Case("a refusal by result code", "&called=13900139001", s -> s.failCallsTo("13900139001")),
                new Case("HTTP 500", "", s -> s.failNext(SimFault.HTTP_500)),
                new Case("a body that is not JSON", "", s -> s.failNext(SimFault.MALFORMED_JSON)),
                new Case("a reset connection", "", s -> s.failNext(SimFault.CONNECTION_RESET)),
                new Case("an empty answer", "", s -> s.failNext(SimFault.EMPTY_RESPONSE)),
                new Case("a trickling answer cut at the deadline", "&requestTimeout=300&connectTimeout=300",
                        s -> s.trickleResponses(Duration.ofSeconds(4))),
                new Case("a refused connection", "&baseUrl=http://127.0.0.1:" + closedPort, s -> {
                }),
                new Case("a number refused before sending", "&called=12", s -> {
                }));
        for (Case c : cases) {
            String outcomeWithout = outcome(c, false);
            String outcomeWith = outcome(c, true);
            assertEquals(outcomeWithout, outcomeWith, c.what());
        }
    }

    private record Case(String what, String options, Consumer<io.github.camelicsoc.sim.IcsocSimulator> setUp) {
    }

    /** What the exchange ended with, and how many requests the simulator saw for it; call ids left out. */
    private String outcome(Case c, boolean synchronous) {
        int requestsBefore = sim.requestCount();
        c.setUp().accept(sim);
        Exchange done = template.send(CALL + c.options() + "&synchronous=" + synchronous, e -> {
        });
        sim.trickleResponses(Duration.ZERO);
        String requests = " after " + (sim.requestCount() - requestsBefore) + " request(s)";
        if (done.getException() == null) {
            CallResult result = done.getMessage().getBody(CallResult.class);
            assertNotNull(result.callId(), c.what());
            assertEquals(result.callId(), done.getMessage().getHeader(IcsocConstants.CALL_ID), c.what());
            return "answered: " + result.message() + requests;
        }
        IcsocException e = assertInstanceOf(IcsocException.class, done.getException(), c.what());
        return e.getClass().getSimpleName() + " " + e.getKind() + " " + e.getCode() + " " + e.isSafeToRetry() + " "
               + e.getMessage() + " caused by " + (e.getCause() == null ? null : e.getCause().getClass()) + requests;
    }

    @Test
    void aCallWithAKeyIsRememberedBeforeTheCallerContinues() {
        Exchange done = template.send(CALL + "&placementStore=#placements&synchronous=true",
                e -> e.getIn().setHeader(IcsocConstants.CORRELATION_KEY, "T-1"));

        assertNull(done.getException());
        assertEquals(true, done.getMessage().getHeader(IcsocConstants.PLACEMENT_REMEMBERED));
        assertEquals("T-1", store.byCallId(done.getMessage().getHeader(IcsocConstants.CALL_ID, String.class))
                .orElseThrow().correlationKey());
    }

    @Test
    void aBlockedStoreHoldsTheCallerNoLongerThanTheCallsDeadline() {
        Exchange done = template.send(CALL + "&placementStore=#blockedStore&requestTimeout=1s&connectTimeout=1s"
                                      + "&synchronous=true",
                e -> e.getIn().setHeader(IcsocConstants.CORRELATION_KEY, "T-1"));

        assertNull(done.getException(), "the call was placed");
        assertEquals(false, done.getMessage().getHeader(IcsocConstants.PLACEMENT_REMEMBERED));
        assertEquals(1, sim.calls().size(), "sent once");
    }

    @Test
    void aStopOfTheComponentEndsTheWaitSayingSo() throws Exception {
        sim.respondAfter(Duration.ofSeconds(30));
        CompletableFuture<Exchange> waiting = onItsOwnThread(CALL + "&requestTimeout=60000&synchronous=true", null);
        await("the call to reach the platform", 10, () -> sim.requestCount() == 1);

        context.getComponent("icsoc", IcsocComponent.class).stop();

        Exchange done = waiting.get(20, TimeUnit.SECONDS);
        IcsocException e = failureOf(done);
        assertEquals(Kind.NO_RESPONSE, e.getKind(), e.getMessage());
        assertTrue(e.getMessage().contains("the icsoc component stopped before the platform answered"), e.getMessage());
        assertEquals(1, sim.requestCount(), "never sent twice");
    }

    @Test
    void anInterruptEndsTheWaitForACallThatLeftAsNoResponseAndKeepsTheInterrupt() throws Exception {
        sim.respondAfter(Duration.ofSeconds(30));
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Exchange> waiting = onItsOwnThread(CALL + "&requestTimeout=60000&synchronous=true",
                new Waiter(waiter, stillInterrupted));
        await("the call to reach the platform", 10, () -> sim.requestCount() == 1);
        await("the caller to wait for the answer", 10, () -> waitsForAnAnswer(waiter.get()));

        waiter.get().interrupt();

        Exchange done = waiting.get(20, TimeUnit.SECONDS);
        IcsocException e = failureOf(done);
        assertEquals(Kind.NO_RESPONSE, e.getKind(), e.getMessage());
        assertTrue(e.getMessage().contains("the thread waiting for the answer was interrupted"), e.getMessage());
        assertTrue(stillInterrupted.get(), "the thread's interrupt status is kept");
        assertEquals(1, sim.requestCount(), "never sent twice");
    }

    @Test
    void anInterruptBeforeTheRequestLeftEndsItAsNotSentAndItNeverLeaves() throws Exception {
        sim.respondAfter(Duration.ofSeconds(30));
        // one connection: the first call holds it, so the second waits for it and has sent nothing
        String oneConnection = CALL + "&requestTimeout=60000&maxConnections=1&maxConnectionsPerRoute=1";
        CompletableFuture<Exchange> first = template.asyncSend(oneConnection, e -> {
        });
        await("the first call to reach the platform", 10, () -> sim.requestCount() == 1);
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Exchange> second = onItsOwnThread(oneConnection + "&synchronous=true",
                new Waiter(waiter, stillInterrupted));
        await("the second call to wait", 10, () -> waitsForAnAnswer(waiter.get()));

        waiter.get().interrupt();

        IcsocException e = failureOf(second.get(20, TimeUnit.SECONDS));
        assertEquals(Kind.NOT_SENT, e.getKind(), e.getMessage());
        assertTrue(e.isSafeToRetry());
        assertTrue(e.getMessage().contains("the thread waiting for the answer was interrupted"), e.getMessage());
        assertTrue(stillInterrupted.get(), "the thread's interrupt status is kept");
        // the first call ends when its connection is given up; the second is never written on it
        context.getComponent("icsoc", IcsocComponent.class).stop();
        first.get(20, TimeUnit.SECONDS);
        assertEquals(1, sim.requestCount(), "the interrupted call never left");
    }

    /** The thread a synchronous call waits on, and whether it was still interrupted once the call returned. */
    private record Waiter(AtomicReference<Thread> thread, AtomicBoolean stillInterrupted) {
    }

    private static boolean waitsForAnAnswer(Thread thread) {
        return thread != null && Arrays.stream(thread.getStackTrace())
                .anyMatch(f -> f.getClassName().endsWith("PlacedCall") && f.getMethodName().equals("await"));
    }

    private CompletableFuture<Exchange> onItsOwnThread(String uri, Waiter waiter) {
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                Exchange exchange = template.send(uri, e -> {
                });
                if (waiter != null) {
                    waiter.stillInterrupted().set(Thread.interrupted());
                }
                done.complete(exchange);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }, "synchronous-caller");
        if (waiter != null) {
            waiter.thread().set(thread);
        }
        thread.start();
        return done;
    }
}

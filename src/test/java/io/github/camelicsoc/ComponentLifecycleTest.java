package io.github.camelicsoc;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.camelicsoc.model.IcsocException.Kind;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.sim.IcsocSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The component's threads live from its start to its stop, and a call ended by a stop says so: a stopped component
 * used again builds nothing that outlives the context, and a forced shutdown is reported as what it was.
 */
class ComponentLifecycleTest {

    private static final String CALL = "icsoc:call?caller=13800138000&called=13900139000";

    private final IcsocSimulator sim = IcsocSimulator.start();
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stopAll() {
        camel.stop();
        sim.close();
    }

    private ProducerTemplate start() {
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim.baseUrl());
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        camel.start();
        return camel.createProducerTemplate();
    }

    /** Threads of the component and of its HTTP clients, by id. */
    private static Set<Long> transportThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().toLowerCase().contains("icsoc") || t.getName().startsWith("httpclient-"))
                .map(Thread::getId)
                .collect(Collectors.toSet());
    }

    @Test
    void aComponentStoppedOnItsOwnAndUsedAgainLeavesNoThreadBehindTheContext() throws Exception {
        Set<Long> before = transportThreads();
        ProducerTemplate template = start();
        assertNull(template.send(CALL, e -> {
        }).getException());

        camel.getComponent("icsoc").stop();
        Exchange afterStop = template.send(CALL, e -> {
        });
        camel.stop();

        IcsocException e = assertInstanceOf(IcsocException.class, afterStop.getException());
        assertEquals(Kind.NOT_SENT, e.getKind(), e.getMessage());
        assertTrue(e.getMessage().contains("stopped"), e.getMessage());
        assertEquals(1, sim.requestCount());
        Awaitility.await("the component's threads to end").atMost(Duration.ofSeconds(15)).until(() -> {
            Set<Long> left = transportThreads();
            left.removeAll(before);
            return left.isEmpty();
        });
    }

    @Test
    void aRestartedComponentPlacesCallsAgain() {
        ProducerTemplate template = start();
        IcsocComponent icsoc = camel.getComponent("icsoc", IcsocComponent.class);
        icsoc.stop();
        icsoc.start();

        assertNull(template.send(CALL, e -> {
        }).getException());
        assertEquals(1, sim.requestCount());
    }

    @Test
    void aCallEndedByAForcedShutdownSaysTheComponentStoppedNotThatItsDeadlinePassed() throws Exception {
        sim.respondAfter(Duration.ofSeconds(30));
        camel.getShutdownStrategy().setTimeout(1);
        camel.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").to(CALL + "&requestTimeout=60000");
            }
        });
        ProducerTemplate template = start();
        CompletableFuture<Exchange> inFlight = template.asyncSend("direct:call", e -> {
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sim.requestCount() == 1);

        camel.stop();

        Exchange done = inFlight.get(20, TimeUnit.SECONDS);
        IcsocException e = assertInstanceOf(IcsocException.class, done.getException());
        assertEquals(Kind.NO_RESPONSE, e.getKind(), e.getMessage());
        assertTrue(e.getMessage().contains("the icsoc component stopped before the platform answered"), e.getMessage());
        assertFalse(e.getMessage().contains("no complete response within"), e.getMessage());
    }
}

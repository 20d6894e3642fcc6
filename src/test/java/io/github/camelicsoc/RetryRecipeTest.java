package io.github.camelicsoc;

import java.net.ServerSocket;

import io.github.camelicsoc.sim.SimFault;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The retry policy the README recommends redelivers only failures where nothing reached the platform.
 */
class RetryRecipeTest extends SimulatorTestSupport {

    private int closedPort;

    @Override
    protected RouteBuilder createRouteBuilder() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        return new RouteBuilder() {
            @Override
            public void configure() {
                // the README's recipe
                onException(IcsocException.class)
                        .onWhen(simple("${exception.safeToRetry}"))
                        .maximumRedeliveries(3).redeliveryDelay(10);

                from("direct:call").to("icsoc:call?caller=13800138000&called=13900139000");
                from("direct:unreachable").to("icsoc:call?caller=13800138000&called=13900139000"
                                              + "&baseUrl=http://127.0.0.1:" + closedPort);
            }
        };
    }

    @Test
    void aRefusedConnectionIsRedelivered() {
        Exchange done = template.send("direct:unreachable", e -> {
        });

        assertEquals(IcsocException.Kind.NOT_SENT, failureOf(done).getKind());
        assertEquals(3, done.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class));
    }

    @Test
    void aDroppedConnectionIsNotRedeliveredBecauseTheCallMayHaveBeenPlaced() {
        sim.failNext(SimFault.CONNECTION_RESET);

        Exchange done = template.send("direct:call", e -> {
        });

        assertEquals(IcsocException.Kind.NO_RESPONSE, failureOf(done).getKind());
        assertEquals(1, sim.requestCount());
    }

    @Test
    void aPlatformRefusalIsNotRedelivered() {
        sim.failCallsTo("13900139000");

        Exchange done = template.send("direct:call", e -> {
        });

        assertEquals(405, failureOf(done).getCode());
        assertEquals(1, sim.requestCount());
    }

    @Test
    void anHttpErrorIsNotRedelivered() {
        sim.failNext(SimFault.HTTP_500);

        failureOf(template.send("direct:call", e -> {
        }));

        assertEquals(1, sim.requestCount());
    }
}

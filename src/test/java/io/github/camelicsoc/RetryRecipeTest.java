package io.github.camelicsoc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.sim.ConnectionGate;
import io.github.camelicsoc.sim.SimFault;
import io.github.camelicsoc.support.ExampleRunner;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The retry policy the README recommends redelivers only failures where nothing reached the platform.
 */
class RetryRecipeTest extends SimulatorTestSupport {

    private int closedPort;
    private ConnectionGate gate;

    @Override
    protected RouteBuilder createRouteBuilder() throws Exception {
        closedPort = ExampleRunner.freePort();
        gate = ConnectionGate.startClosed(sim.port());
        return new RouteBuilder() {
            @Override
            public void configure() {
                // the README's recipe
                onException(IcsocException.class)
                        .retryWhile(simple("${exception.safeToRetry} && ${header.CamelRedeliveryCounter} <= 3"))
                        .redeliveryDelay(10)
                        // the tests' stand-in for the network coming back: the gate opens before a redelivery
                        .onRedelivery(e -> gate.acceptConnections());

                from("direct:call").to("icsoc:call?caller=13800138000&called=13900139000");
                from("direct:unreachable").to("icsoc:call?caller=13800138000&called=13900139000"
                                              + "&baseUrl=http://127.0.0.1:" + closedPort);
                from("direct:flaky").to("icsoc:call?caller=13800138000&called=13900139000&baseUrl=" + gate.baseUrl());
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

    @AfterEach
    void closeGate() {
        gate.close();
    }

    @Test
    void aRefusedConnectionIsRedeliveredAndThenPlaced() {
        Exchange done = template.send("direct:flaky", e -> {
        });

        assertNull(done.getException());
        assertEquals(1, done.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class));
        assertEquals(1, sim.calls().size());
    }

    @Test
    void aRedeliveryThatReachedThePlatformIsNotRedeliveredAgain() {
        // refused first; the redelivery reaches the platform and gets an error page: that call may be ringing
        sim.failNext(SimFault.HTTP_502);

        Exchange done = template.send("direct:flaky", e -> {
        });

        assertEquals(IcsocException.Kind.BAD_RESPONSE, failureOf(done).getKind());
        assertEquals(1, sim.calls().size(), "the platform saw the call once");
    }

    @Test
    void theDocumentedYamlRecipeBehavesTheSame() throws Exception {
        String readme = Files.readString(Path.of("docs/calls.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Retrying safely"));
        int start = section.indexOf("```yaml\n") + "```yaml\n".length();
        String recipe = section.substring(start, section.indexOf("```", start));
        context.getRegistry().bind("gateOpener", (Processor) e -> gate.acceptConnections());
        String routes = recipe.replace("    redeliveryPolicy:", "    onRedeliveryRef: gateOpener\n    redeliveryPolicy:")
                        + "- route:\n    from:\n      uri: direct:yaml-flaky\n      steps:\n        - to:\n"
                        + "            uri: \"icsoc:call?caller=13800138000&called=13900139000&baseUrl=" + gate.baseUrl()
                        + "\"\n";
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("recipe.yaml", routes));
        sim.failNext(SimFault.HTTP_502);

        Exchange done = template.send("direct:yaml-flaky", e -> {
        });

        assertEquals(IcsocException.Kind.BAD_RESPONSE, failureOf(done).getKind());
        assertEquals(1, done.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class), "one redelivery");
        assertEquals(1, sim.calls().size(), "the platform saw the call once");
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

package io.github.camelicsoc;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimFault;
import io.github.camelicsoc.support.LogCapture;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The secret never shows: not in endpoint URIs, exception messages, toString() or the log of a run with failures.
 */
class SecretMaskingTest extends SimulatorTestSupport {

    private static final String URI_SECRET = "uri-secret-Zq9";

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                sim.addEnterprise("7000009", URI_SECRET);
                from("direct:call").routeId("calls")
                        .to("icsoc:call?vccCode=7000009&secret=" + URI_SECRET + "&caller=13800138000&called=13900139000")
                        .log("placed ${body}");
            }
        };
    }

    private static void assertHidden(String where, String text) {
        assertFalse(text.contains(URI_SECRET), where + " shows the URI secret: " + text);
        assertFalse(text.contains(IcsocSimulator.SECRET), where + " shows the component secret: " + text);
    }

    @Test
    void endpointUrisAndToStringHideTheSecret() throws Exception {
        Endpoint endpoint = context.getRoute("calls").getEndpoint();
        for (Endpoint e : context.getEndpoints()) {
            assertHidden("endpoint toString", e.toString());
            assertHidden("sanitized endpoint URI (JMX, route dumps)", URISupport.sanitizeUri(e.getEndpointUri()));
        }
        IcsocEndpoint icsoc = (IcsocEndpoint) context.getEndpoints().stream()
                .filter(IcsocEndpoint.class::isInstance).findFirst().orElseThrow();
        assertHidden("endpoint toString", icsoc.toString());
        assertHidden("configuration toString", icsoc.getConfiguration().toString());
        assertHidden("component configuration toString",
                context.getComponent("icsoc", IcsocComponent.class).getConfiguration().toString());
        assertHidden("route toString", context.getRoute("calls").toString());
        assertTrue(endpoint != null);
    }

    @Test
    void aRunWithFailuresLogsNoSecret() {
        try (LogCapture log = new LogCapture()) {
            template.sendBody("direct:call", null);
            sim.failNext(SimFault.HTTP_500, SimFault.MALFORMED_JSON, SimFault.CONNECTION_RESET);
            for (int i = 0; i < 3; i++) {
                Exception e = template.send("direct:call", x -> {
                }).getException();
                assertHidden("exception message", String.valueOf(e));
            }
            template.send("icsoc:call?secret=wrong-" + URI_SECRET + "&caller=1&called=2", x -> {
            });
            template.send("icsoc:call?vccCode=9&secret=" + URI_SECRET + "&caller=13800138000&called=13900139000",
                    x -> {
                    });

            assertTrue(log.size() > 0, "the run logged something");
            assertHidden("log", log.text());
        }
    }
}

package io.github.camelicsoc;

import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * secretFromEnv: the component reads the secret from the environment variable it names (SecretsInCamelMainTest runs
 * it in Camel Main with a variable of its own); a variable that is not set stops the endpoint from starting, saying
 * which; a secret set as well wins.
 */
class SecretFromEnvTest extends SimulatorTestSupport {

    /** A variable every test JVM has, standing in for the secret's; its value is never shown here either. */
    private static final String PRESENT = "PATH";

    @Test
    void theSecretIsReadFromTheNamedVariableAndAuthenticatesTheCall() throws Exception {
        sim.addEnterprise("7400001", System.getenv(PRESENT));
        try (CamelContext camel = new DefaultCamelContext()) {
            // a component with no secret of its own, as when secretFromEnv is all that is given
            IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
            icsoc.setBaseUrl(sim.baseUrl());
            icsoc.setVccCode("7400001");
            icsoc.setSecretFromEnv(PRESENT);
            camel.start();
            Exchange done = camel.createProducerTemplate()
                    .send("icsoc:call?caller=13800138000&called=13900139000", e -> {
                    });
            assertNull(done.getException(), () -> "the call authenticated: " + done.getException());
            IcsocEndpoint endpoint = camel.getEndpoints().stream().filter(IcsocEndpoint.class::isInstance)
                    .map(IcsocEndpoint.class::cast).findFirst().orElseThrow();
            String shown = endpoint.getConfiguration().toString();
            assertTrue(shown.contains("secret=set"), shown);
            assertFalse(shown.contains(System.getenv(PRESENT)), shown);
        }
    }

    @Test
    void aSecretSetAsWellWinsOverTheVariable() {
        Exchange done = template.send("icsoc:call?secretFromEnv=ICSOC_NO_SUCH_VARIABLE_7f2c"
                                      + "&caller=13800138000&called=13900139000", e -> {
                                      });
        // the component's secret (the simulator's) is set, so the unset variable is never needed
        assertNull(done.getException(), () -> "the call authenticated: " + done.getException());
    }

    @Test
    void aVariableThatIsNotSetStopsTheEndpointFromStartingAndSaysWhich() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getComponent("icsoc", IcsocComponent.class).getConfiguration().setBaseUrl(sim.baseUrl());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:call").to("icsoc:call?vccCode=7400002&secretFromEnv=ICSOC_NO_SUCH_VARIABLE_7f2c");
                }
            });
            Exception e = assertThrows(Exception.class, camel::start);
            String chain = causeChain(e);
            assertTrue(chain.contains("icsoc option secretFromEnv: it names the environment variable"
                                      + " 'ICSOC_NO_SUCH_VARIABLE_7f2c', which is not set in this process. What to do: set"
                                      + " ICSOC_NO_SUCH_VARIABLE_7f2c to the API secret before Camel starts"), chain);
            assertEquals(0, sim.requestCount(), "nothing was sent");
        }
    }
}

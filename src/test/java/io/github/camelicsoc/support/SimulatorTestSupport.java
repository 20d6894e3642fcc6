package io.github.camelicsoc.support;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.sim.IcsocSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A Camel context whose icsoc component points at a fresh simulator, with the simulator's enterprise code and
 * secret configured at the component level.
 */
public abstract class SimulatorTestSupport extends CamelTestSupport {

    protected final IcsocSimulator sim = IcsocSimulator.start();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim.baseUrl());
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        return camel;
    }

    @AfterEach
    protected void stopSimulator() {
        sim.close();
    }

    /**
     * Waits up to {@code seconds} for {@code condition}, failing with {@code what} when it does not come true. Checked
     * every 20 ms, well inside the 100 ms the tests' records routes poll at.
     */
    protected static void await(String what, int seconds, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(20)).until(condition);
    }

    /** The messages of {@code e} and all its causes, for asserting on what a user would read. */
    protected static String causeChain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    /** The failure of {@code exchange}, which must be an IcsocException. */
    protected IcsocException failureOf(Exchange exchange) {
        assertNotNull(exchange.getException(), "the exchange should have failed");
        return assertInstanceOf(IcsocException.class, exchange.getException());
    }
}

package com.example.calls;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.sim.IcsocSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** A user's own route, tested against the icsoc simulator from camel-icsoc's simulator jar. */
class ClickToCallRouteTest extends CamelTestSupport {

    private final IcsocSimulator sim = IcsocSimulator.start();

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        IcsocComponent icsoc = new IcsocComponent();
        icsoc.getConfiguration().setBaseUrl(sim.baseUrl());
        icsoc.getConfiguration().setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.getConfiguration().setSecret(IcsocSimulator.SECRET);
        context.addComponent("icsoc", icsoc);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:click-to-call")
                        .setHeader("CamelIcsocCaller", simple("${body[agent]}"))
                        .setHeader("CamelIcsocCalled", simple("${body[customer]}"))
                        .to("icsoc:call");
            }
        };
    }

    @Test
    void anAgentIsConnectedToACustomer() {
        Exchange out = template.request("direct:click-to-call",
                e -> e.getIn().setBody(java.util.Map.of("agent", "13800138000", "customer", "13900139000")));

        assertEquals(1, sim.calls().size());
        assertEquals("13900139000", sim.calls().get(0).called());
        assertEquals(sim.calls().get(0).callId(), out.getMessage().getHeader("CamelIcsocCallId"));
    }

    @Test
    void aCallThePlatformRefusesFailsTheExchange() {
        sim.failCallsTo("13700000000");

        Exchange out = template.request("direct:click-to-call",
                e -> e.getIn().setBody(java.util.Map.of("agent", "13800138000", "customer", "13700000000")));

        assertInstanceOf(IcsocException.class, out.getException());
    }
}

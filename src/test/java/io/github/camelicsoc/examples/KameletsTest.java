package io.github.camelicsoc.examples;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelicsoc.IcsocConstants;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.ReceivedCall;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The two Kamelets shipped in the jar, bound and run against the simulator.
 */
class KameletsTest extends CamelTestSupport {

    private final IcsocSimulator sim = IcsocSimulator.start();

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    private String credentials() {
        return "baseUrl=" + sim.baseUrl() + "&vccCode=" + IcsocSimulator.VCC_CODE + "&secret=" + IcsocSimulator.SECRET;
    }

    @Test
    void theCallSinkPlacesACall() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").to("kamelet:icsoc-call-sink?" + credentials() + "&mode=axb&caller=13800138000"
                                       + "&displayCalled=" + IcsocSimulator.PRIVACY_NUMBER);
            }
        });

        var out = template.request("direct:call", e -> e.getIn().setHeader(IcsocConstants.CALLED, "13900139000"));

        ReceivedCall call = sim.calls().get(0);
        assertEquals(200, call.code());
        assertEquals(true, call.axb());
        assertEquals("13900139000", call.called());
        assertEquals(IcsocSimulator.PRIVACY_NUMBER, call.form().get("display_called"));
        assertEquals(call.callId(), out.getMessage().getHeader(IcsocConstants.CALL_ID));
    }

    @Test
    void theRecordsSourceEmitsEachRecordAsJson() throws Exception {
        sim.addInboundRecords(3, LocalDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(30), Duration.ofMinutes(10));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:icsoc-records-source?" + credentials() + "&type=400&delay=100&settle=0")
                        .to("mock:records");
            }
        });

        MockEndpoint records = getMockEndpoint("mock:records");
        records.expectedMessageCount(3);
        records.assertIsSatisfied(10_000);
        Map<?, ?> first = new ObjectMapper().readValue(records.getReceivedExchanges().get(0).getIn().getBody(String.class),
                Map.class);
        assertEquals("400", first.get("type"));
        assertNotNull(records.getReceivedExchanges().get(0).getIn().getHeader(IcsocConstants.RECORD_KEY));
    }
}

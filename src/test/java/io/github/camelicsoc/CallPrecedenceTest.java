package io.github.camelicsoc;

import java.util.HashMap;
import java.util.Map;

import io.github.camelicsoc.model.CallMode;
import io.github.camelicsoc.model.CallRequest;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.ReceivedCall;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each field of a call comes from the message header, else the body, else the endpoint option.
 */
class CallPrecedenceTest extends SimulatorTestSupport {

    private static final String ENDPOINT = "icsoc:call?caller=10000000001&called=10000000002&timeout=10"
                                           + "&displayCaller=" + IcsocSimulator.OWN_400_NUMBER;

    @Test
    void endpointOptionsApplyWhenNothingElseIsGiven() {
        template.requestBody(ENDPOINT, (Object) null);

        ReceivedCall call = sim.calls().get(0);
        assertEquals("10000000001", call.caller());
        assertEquals("10000000002", call.called());
        assertEquals("10", call.form().get("timeout"));
    }

    @Test
    void aCallRequestBodyOverridesEndpointOptions() {
        template.requestBody(ENDPOINT,
                new CallRequest(CallMode.AXB, "20000000001", "20000000002", 20, null, IcsocSimulator.PRIVACY_NUMBER));

        ReceivedCall call = sim.calls().get(0);
        assertTrue(call.axb());
        assertEquals("20000000001", call.caller());
        assertEquals("20000000002", call.called());
        assertEquals("20", call.form().get("timeout"));
        assertEquals(IcsocSimulator.OWN_400_NUMBER, call.form().get("display_caller"), "unset body fields fall back");
        assertEquals(IcsocSimulator.PRIVACY_NUMBER, call.form().get("display_called"));
    }

    @Test
    void aMapBodyOverridesEndpointOptions() {
        Map<String, Object> body = new HashMap<>();
        body.put("caller", "30000000001");
        body.put("timeout", 30);
        body.put("mode", "axb");
        template.requestBody(ENDPOINT, body);

        ReceivedCall call = sim.calls().get(0);
        assertTrue(call.axb());
        assertEquals("30000000001", call.caller());
        assertEquals("10000000002", call.called());
        assertEquals("30", call.form().get("timeout"));
    }

    @Test
    void aJsonObjectBodyOverridesEndpointOptions() {
        template.requestBody(ENDPOINT,
                "{\"called\": \"40000000002\", \"timeout\": \"40\", \"displayCalled\": \"" + IcsocSimulator.OWN_400_NUMBER
                               + "\"}");

        ReceivedCall call = sim.calls().get(0);
        assertFalse(call.axb());
        assertEquals("10000000001", call.caller());
        assertEquals("40000000002", call.called());
        assertEquals("40", call.form().get("timeout"));
        assertEquals(IcsocSimulator.OWN_400_NUMBER, call.form().get("display_called"));
    }

    @Test
    void headersOverrideTheBodyAndEndpointOptions() {
        Map<String, Object> headers = new HashMap<>();
        headers.put(IcsocConstants.MODE, "axb");
        headers.put(IcsocConstants.CALLER, "50000000001");
        headers.put(IcsocConstants.CALLED, "50000000002");
        headers.put(IcsocConstants.TIMEOUT, "50");
        headers.put(IcsocConstants.DISPLAY_CALLER, IcsocSimulator.OWN_400_NUMBER);
        headers.put(IcsocConstants.DISPLAY_CALLED, IcsocSimulator.PRIVACY_NUMBER);
        template.requestBodyAndHeaders(ENDPOINT,
                new CallRequest(CallMode.CLASSIC, "20000000001", "20000000002", 20, "1", "2"), headers);

        ReceivedCall call = sim.calls().get(0);
        assertTrue(call.axb());
        assertEquals(Map.of("caller", "50000000001", "called", "50000000002", "timeout", "50",
                "display_caller", IcsocSimulator.OWN_400_NUMBER, "display_called", IcsocSimulator.PRIVACY_NUMBER),
                call.form());
    }

    @Test
    void theModeHeaderAcceptsTheEnumToo() {
        template.requestBodyAndHeader(ENDPOINT, null, IcsocConstants.MODE, CallMode.AXB);
        assertTrue(sim.calls().get(0).axb());
    }

    @Test
    void aBodyThatDescribesNoCallIsIgnored() {
        template.requestBody(ENDPOINT, "please call the customer back");
        assertEquals("10000000001", sim.calls().get(0).caller());
    }

    @Test
    void aBrokenJsonBodyIsRefusedBeforeSending() {
        Exchange done = template.send(ENDPOINT, e -> e.getIn().setBody("{\"caller\": "));

        IcsocException failure = failureOf(done);
        assertEquals(IcsocException.Kind.REFUSED_LOCALLY, failure.getKind());
        assertTrue(failure.getMessage().contains("not a valid JSON object"), failure.getMessage());
        assertEquals(0, sim.requestCount());
    }

    @Test
    void anUnknownModeHeaderIsRefusedBeforeSending() {
        Exchange done = template.send(ENDPOINT, e -> e.getIn().setHeader(IcsocConstants.MODE, "xyz"));

        IcsocException failure = failureOf(done);
        assertTrue(failure.getMessage().contains("use classic or axb"), failure.getMessage());
        assertEquals(0, sim.requestCount());
    }

    @Test
    void aTimeoutHeaderThatIsNotANumberIsRefusedBeforeSending() {
        Exchange done = template.send(ENDPOINT, e -> e.getIn().setHeader(IcsocConstants.TIMEOUT, "soon"));

        IcsocException failure = failureOf(done);
        assertEquals(IcsocException.Kind.REFUSED_LOCALLY, failure.getKind());
        assertTrue(failure.getMessage().contains("whole number of seconds"), failure.getMessage());
        assertEquals(0, sim.requestCount());
    }
}

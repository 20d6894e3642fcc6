package io.github.camelicsoc;

import java.util.Map;

import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.ReceivedCall;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallPlacementTest extends SimulatorTestSupport {

    @Test
    void classicModePostsEveryOptionToTheClassicPath() {
        Exchange done = template.send("icsoc:call?caller=13800138000&called=13900139000&timeout=30"
                                      + "&displayCaller=" + IcsocSimulator.OWN_400_NUMBER
                                      + "&displayCalled=" + IcsocSimulator.OWN_400_NUMBER,
                e -> {
                });

        CallResult result = done.getMessage().getBody(CallResult.class);
        assertEquals("ok", result.message(), "a result exists only for code 200");
        assertEquals("ok", result.message());
        assertEquals(result.callId(), done.getMessage().getHeader(IcsocConstants.CALL_ID));

        ReceivedCall call = sim.calls().get(0);
        assertFalse(call.axb());
        assertEquals(Map.of("caller", "13800138000", "called", "13900139000", "timeout", "30",
                "display_caller", IcsocSimulator.OWN_400_NUMBER, "display_called", IcsocSimulator.OWN_400_NUMBER),
                call.form());
        assertEquals(result.callId(), call.callId());
        assertEquals(1, sim.requestCount("/v2/wintelapi/webcall/cti"));
    }

    @Test
    void axbModePostsToTheAxbPathWithThePrivacyNumberAsDisplayCalled() {
        CallResult result = template.requestBody("icsoc:call?mode=axb&caller=13800138000&called=13900139000"
                                                 + "&displayCalled=" + IcsocSimulator.PRIVACY_NUMBER,
                null, CallResult.class);

        ReceivedCall call = sim.calls().get(0);
        assertTrue(call.axb());
        assertEquals(IcsocSimulator.PRIVACY_NUMBER, call.form().get("display_called"));
        assertEquals(call.callId(), result.callId());
        assertEquals(1, sim.requestCount("/v2/wintelapi/webcall/cti/axb"));
    }

    @Test
    void modeIsReadInAnyCase() {
        template.requestBody("icsoc:call?mode=AXB&caller=13800138000&called=13900139000", (Object) null);
        assertTrue(sim.calls().get(0).axb());
    }

    @Test
    void timeoutAndDisplayNumbersAreLeftOutUnlessSet() {
        template.requestBody("icsoc:call?caller=13800138000&called=13900139000", (Object) null);

        assertEquals(Map.of("caller", "13800138000", "called", "13900139000"), sim.calls().get(0).form());
    }

    @Test
    void numbersAreNormalizedBeforeSending() {
        template.requestBody("icsoc:call?caller=RAW(+86 138-0013-8000)&called=0086 139 0013 9000"
                             + "&displayCaller=400-123-4567",
                (Object) null);

        ReceivedCall call = sim.calls().get(0);
        assertEquals("13800138000", call.caller());
        assertEquals("13900139000", call.called());
        assertEquals(IcsocSimulator.OWN_400_NUMBER, call.form().get("display_caller"));
    }

    @Test
    void eachPlacedCallGetsItsOwnCallId() {
        String first = template.requestBody("icsoc:call?caller=13800138000&called=13900139000", null,
                CallResult.class).callId();
        String second = template.requestBody("icsoc:call?caller=13800138000&called=13900139000", null,
                CallResult.class).callId();

        assertFalse(first.equals(second));
        assertEquals(2, sim.calls().size());
    }

    @Test
    void endpointOptionsOverrideTheComponentsOwn() {
        sim.addEnterprise("7000002", "other-secret");

        template.requestBody("icsoc:call?vccCode=7000002&secret=other-secret&caller=13800138000&called=13900139000",
                (Object) null);

        assertEquals(200, sim.calls().get(0).code());
    }

    @Test
    void callsStillCompleteAfterTheComponentIsStoppedAndStartedAgain() throws Exception {
        String uri = "icsoc:call?caller=13800138000&called=13900139000";
        template.requestBody(uri, (Object) null);
        IcsocComponent icsoc = context.getComponent("icsoc", IcsocComponent.class);

        icsoc.stop();
        icsoc.start();

        CallResult again = template.requestBody(uri, (Object) null, CallResult.class);
        assertEquals("ok", again.message(), "a result exists only for code 200");
        assertEquals(2, sim.calls().size());
    }
}

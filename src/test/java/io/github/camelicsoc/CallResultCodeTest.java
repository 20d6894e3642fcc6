package io.github.camelicsoc;

import io.github.camelicsoc.IcsocException.Kind;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every result code of a call placement reaches the route as an IcsocException that names the operation, the code,
 * its meaning and what to do; codes the component can see coming are caught before anything is sent.
 */
class CallResultCodeTest extends SimulatorTestSupport {

    private IcsocException place(String uri) {
        Exchange done = template.send(uri, e -> {
        });
        return failureOf(done);
    }

    private static void assertRefused(IcsocException e, Kind kind, int code, String meaning) {
        assertEquals(kind, e.getKind());
        assertEquals(code, e.getCode());
        assertEquals(meaning, e.getMeaning());
        assertTrue(e.getMessage().contains("code " + code + " (" + meaning + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("What to do:"), e.getMessage());
    }

    @Test
    void code401NoEnterpriseCodeIsCaughtBeforeSending() {
        context.getComponent("icsoc", IcsocComponent.class).getConfiguration().setVccCode(null);

        IcsocException e = place("icsoc:call?caller=13800138000&called=13900139000");

        assertInstanceOf(IcsocValidationException.class, e);
        assertRefused(e, Kind.REFUSED_LOCALLY, 401, "enterprise code empty");
        assertEquals(0, sim.requestCount());
    }

    @Test
    void code401NoSecretIsCaughtBeforeSending() {
        IcsocException e = place("icsoc:call?secret=&caller=13800138000&called=13900139000");

        assertRefused(e, Kind.REFUSED_LOCALLY, 401, "enterprise code empty");
        assertTrue(e.getMessage().contains("no secret"), e.getMessage());
        assertEquals(0, sim.requestCount());
    }

    @Test
    void code402UnknownEnterpriseCodeComesFromThePlatform() {
        IcsocException e = place("icsoc:call?vccCode=9999999&caller=13800138000&called=13900139000");

        assertRefused(e, Kind.REFUSED_BY_PLATFORM, 402, "enterprise code unknown");
        assertEquals("企业代码不存在", e.getPlatformMessage());
        assertEquals(1, sim.requestCount());
    }

    @Test
    void code403NoCallerIsCaughtBeforeSending() {
        IcsocException e = place("icsoc:call?called=13900139000");

        assertRefused(e, Kind.REFUSED_LOCALLY, 403, "caller empty");
        assertEquals(0, sim.requestCount());
    }

    @Test
    void code404NoCalledIsCaughtBeforeSending() {
        IcsocException e = place("icsoc:call?caller=13800138000");

        assertRefused(e, Kind.REFUSED_LOCALLY, 404, "called empty");
        assertEquals(0, sim.requestCount());
    }

    @Test
    void code405CallFailedComesFromThePlatformAndIsNotRetried() {
        sim.failCallsTo("13900139000");

        IcsocException e = place("icsoc:call?caller=13800138000&called=13900139000");

        assertRefused(e, Kind.REFUSED_BY_PLATFORM, 405, "call failed");
        assertEquals(1, sim.calls().size());
    }

    @Test
    void code406CallerTheLocalChecksCannotJudgeComesFromThePlatform() {
        // two digits pass the deliberately loose local checks; the platform refuses them
        IcsocException e = place("icsoc:call?caller=12&called=13900139000");

        assertRefused(e, Kind.REFUSED_BY_PLATFORM, 406, "caller number malformed");
        assertEquals(1, sim.requestCount());
    }

    @Test
    void code406CallerWithLettersIsCaughtBeforeSending() {
        IcsocException e = place("icsoc:call?caller=138abc&called=13900139000");

        assertRefused(e, Kind.REFUSED_LOCALLY, 406, "caller number malformed");
        assertTrue(e.getMessage().contains("caller '138abc' contains a letter"), e.getMessage());
        assertEquals(0, sim.requestCount());
    }

    @Test
    void code407CalledTheLocalChecksCannotJudgeComesFromThePlatform() {
        IcsocException e = place("icsoc:call?caller=13800138000&called=*99#");

        assertRefused(e, Kind.REFUSED_BY_PLATFORM, 407, "called number malformed");
        assertEquals(1, sim.requestCount());
    }

    @Test
    void code407CalledWithLettersIsCaughtBeforeSending() {
        IcsocException e = place("icsoc:call?caller=13800138000&called=call-me");

        assertRefused(e, Kind.REFUSED_LOCALLY, 407, "called number malformed");
        assertEquals(0, sim.requestCount());
    }

    @Test
    void code408UnknownDisplayNumberComesFromThePlatform() {
        IcsocException e = place("icsoc:call?caller=13800138000&called=13900139000&displayCaller=4009999999");

        assertRefused(e, Kind.REFUSED_BY_PLATFORM, 408, "display number does not exist");
        assertTrue(e.getMessage().contains("400 numbers"), e.getMessage());
    }

    @Test
    void code408DisplayNumberWithLettersIsCaughtBeforeSending() {
        IcsocException e = place("icsoc:call?caller=13800138000&called=13900139000&displayCalled=ACME");

        assertRefused(e, Kind.REFUSED_LOCALLY, 408, "display number does not exist");
        assertEquals(0, sim.requestCount());
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefusedBeforeSending() {
        Exchange done = template.send("icsoc:call?caller=13800138000&called=13900139000",
                x -> x.getIn().setHeader(IcsocConstants.TIMEOUT, -5));

        IcsocException e = failureOf(done);
        assertEquals(Kind.REFUSED_LOCALLY, e.getKind());
        assertEquals(IcsocException.NO_CODE, e.getCode());
        assertTrue(e.getMessage().contains("positive number of seconds"), e.getMessage());
        assertEquals(0, sim.requestCount());
    }
}

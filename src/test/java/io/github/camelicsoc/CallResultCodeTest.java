package io.github.camelicsoc;

import java.util.function.Consumer;
import java.util.stream.Stream;

import io.github.camelicsoc.model.IcsocException.Kind;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocValidationException;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every result code of a call placement reaches the route as an IcsocException that names the operation, the code,
 * its meaning and what to do; codes the component can see coming are caught before anything is sent, and a refusal
 * by the platform comes from exactly one request.
 */
class CallResultCodeTest extends SimulatorTestSupport {

    private static final String CALL = "icsoc:call?caller=13800138000&called=13900139000";
    /** A called number the simulator refuses with 405 (call failed). */
    private static final String FAILING = "13700000405";

    /**
     * One way a call placement is refused.
     *
     * @param arrange         what to change in the component's configuration first
     * @param detail          a further text the message must contain, or null
     * @param platformMessage the message the platform answered with, or null when not checked
     */
    record Refusal(String description, Consumer<IcsocConfiguration> arrange, String uri, Kind kind, int code,
                   String meaning, String detail, String platformMessage) {

        static Refusal local(String description, String uri, int code, String meaning, String detail) {
            return new Refusal(description, icsoc -> {
            }, uri, Kind.REFUSED_LOCALLY, code, meaning, detail, null);
        }

        static Refusal platform(String description, String uri, int code, String meaning, String detail) {
            return new Refusal(description, icsoc -> {
            }, uri, Kind.REFUSED_BY_PLATFORM, code, meaning, detail, null);
        }

        Refusal arranging(Consumer<IcsocConfiguration> arrangement) {
            return new Refusal(description, arrangement, uri, kind, code, meaning, detail, platformMessage);
        }

        Refusal withPlatformMessage(String message) {
            return new Refusal(description, arrange, uri, kind, code, meaning, detail, message);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                // 401 (no enterprise code) cannot reach a call: a missing vccCode or secret fails the endpoint when it
                // is created (ConfigurationMistakesTest)
                Refusal.platform("402 unknown enterprise code comes from the platform",
                        "icsoc:call?vccCode=9999999&caller=13800138000&called=13900139000", 402,
                        "enterprise code unknown", null).withPlatformMessage("企业代码不存在"),
                Refusal.local("403 no caller is caught before sending", "icsoc:call?called=13900139000", 403,
                        "caller empty", null),
                Refusal.local("404 no called is caught before sending", "icsoc:call?caller=13800138000", 404,
                        "called empty", null),
                Refusal.platform("405 call failed comes from the platform and is not retried",
                        "icsoc:call?caller=13800138000&called=" + FAILING, 405, "call failed", null),
                // two digits pass the deliberately loose local checks; the platform refuses them
                Refusal.platform("406 a caller the local checks cannot judge comes from the platform",
                        "icsoc:call?caller=12&called=13900139000", 406, "caller number malformed", null),
                Refusal.local("406 a caller with letters is caught before sending",
                        "icsoc:call?caller=138abc&called=13900139000", 406, "caller number malformed",
                        "caller '138abc' contains a letter"),
                Refusal.platform("407 a called number the local checks cannot judge comes from the platform",
                        "icsoc:call?caller=13800138000&called=*99#", 407, "called number malformed", null),
                Refusal.local("407 a called number with letters is caught before sending",
                        "icsoc:call?caller=13800138000&called=call-me", 407, "called number malformed", null),
                Refusal.platform("408 an unknown display number comes from the platform",
                        CALL + "&displayCaller=4009999999", 408, "display number does not exist", "400 numbers"),
                Refusal.local("408 a display number with letters is caught before sending", CALL + "&displayCalled=ACME",
                        408, "display number does not exist", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void eachResultCodeReachesTheRouteWithItsMeaning(Refusal refusal) {
        sim.failCallsTo(FAILING);
        refusal.arrange().accept(context.getComponent("icsoc", IcsocComponent.class).getConfiguration());

        IcsocException e = failureOf(template.send(refusal.uri(), x -> {
        }));

        assertEquals(refusal.kind(), e.getKind());
        assertEquals(refusal.code(), e.getCode());
        assertEquals(refusal.meaning(), e.getMeaning());
        assertTrue(e.getMessage().contains("code " + refusal.code() + " (" + refusal.meaning() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("What to do:"), e.getMessage());
        if (refusal.detail() != null) {
            assertTrue(e.getMessage().contains(refusal.detail()), e.getMessage());
        }
        if (refusal.platformMessage() != null) {
            assertEquals(refusal.platformMessage(), e.getPlatformMessage());
        }
        if (refusal.kind() == Kind.REFUSED_LOCALLY) {
            assertInstanceOf(IcsocValidationException.class, e);
            assertEquals(0, sim.requestCount(), "nothing is sent");
        } else {
            assertEquals(1, sim.requestCount(), "sent once, not retried");
            assertEquals(1, sim.calls().size(), "one call placement reached the platform");
        }
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefusedBeforeSending() {
        Exchange done = template.send(CALL, x -> x.getIn().setHeader(IcsocConstants.TIMEOUT, -5));

        IcsocException e = failureOf(done);
        assertEquals(Kind.REFUSED_LOCALLY, e.getKind());
        assertEquals(IcsocException.NO_CODE, e.getCode());
        assertTrue(e.getMessage().contains("header CamelIcsocTimeout must be a whole number of seconds from 1 to 3600"
                                           + " (digits only when written as text), not -5"), e.getMessage());
        assertEquals(0, sim.requestCount());
    }
}

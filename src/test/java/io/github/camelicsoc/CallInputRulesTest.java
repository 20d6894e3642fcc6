package io.github.camelicsoc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.camelicsoc.model.IcsocException.Kind;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What may go into a call, from every source: text that cannot be a phone number and values that are not one
 * number are refused before sending; Unicode digits are sent as the ASCII digits they stand for; the ring timeout
 * follows one rule whether it comes from a header, the body or an option, and is never rounded, cut or trimmed.
 */
class CallInputRulesTest extends SimulatorTestSupport {

    private static final String CALL = "icsoc:call?caller=13800138000";
    private static final String FULL_CALL = "icsoc:call?caller=13800138000&called=13900139000";

    static Stream<Object> numbersThatAreNoPhoneNumber() {
        return Stream.of(
                // no digit at all
                "+", "()()", "=;=", "*#", "+86+", "(+)", "...", "#", "**", "()", "+ - +",
                // characters no phone number has
                "100%", "138;0013", "138=0013", "138/0013", "138_0013", "138,0013", "138@0013", "138~0013", "138!",
                "$138", "138&139", "138|139", "138<139>", "'138'", "\"138\"", "138\\139", "138?", "138^2", "138[0]",
                "138{0}", "138`", "138:0013",
                // letters outside the basic plane, other scripts, number-like symbols that are not decimal digits
                "138\uD835\uDC000013", "\uD801\uDC00138", "138\uD835\uDCB3", "一三八", "¹³⁸", "Ⅻ138", "138½",
                // emoji and keycaps
                "138\uD83D\uDE000013", "\uD83D\uDCDE13800138000", "13800138000\uD83D\uDC4D", "1\uFE0F\u20E338",
                // zero-width and bidi controls
                "138\u200B0013", "\u200C138", "138\u200D", "\uFEFF13800138000", "138\u20600013", "\u202E13800138000",
                "\u202A138", "138\u200E", "\u200F138", "\u2066138\u2069", "\u061C138", "138\u00AD0013",
                // lone surrogates
                "138\uD800", "\uDC00138", "138\uD83D0013",
                // a header that is not one number
                List.of("13800138000", "13900139000"), List.of(13900139000L),
                // an array given alone would be taken as the arguments themselves
                Arguments.of((Object) new String[] { "13900139000" }),
                Map.of("number", "13900139000"), 13900139000.0, 1.39e10, Boolean.TRUE, new Object(), -13900139000L,
                new BigDecimal("13900139000"), 1.0f, 'x', new StringBuilder("138abc"),
                // far too long to be written phone number
                "1".repeat(10) + " ".repeat(200));
    }

    @ParameterizedTest
    @MethodSource("numbersThatAreNoPhoneNumber")
    void aValueThatIsNoPhoneNumberIsRefusedWithoutSending(Object number) {
        IcsocException e = failureOf(template.send(CALL, x -> x.getIn().setHeader(IcsocConstants.CALLED, number)));

        assertEquals(Kind.REFUSED_LOCALLY, e.getKind(), e.getMessage());
        assertEquals(407, e.getCode(), e.getMessage());
        assertEquals(0, sim.requestCount());
        TRIED.add("called " + number);
    }

    static Stream<String> bodyFieldsThatAreNoPhoneNumber() {
        return Stream.of("[\"13900139000\"]", "[]", "[13900139000]", "{\"n\":\"13900139000\"}", "1.5", "true",
                "13900139000.0", "\"+\"", "\"()()\"", "\"\\u200b13900139000\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"",
                "\"\\u202e13900139000\"");
    }

    @ParameterizedTest
    @MethodSource("bodyFieldsThatAreNoPhoneNumber")
    void aJsonBodyFieldThatIsNoPhoneNumberIsRefusedWithoutSending(String called) {
        IcsocException e = failureOf(template.send("icsoc:call", x -> x.getIn()
                .setBody("{\"caller\":\"13800138000\",\"called\":" + called + "}")));

        assertEquals(Kind.REFUSED_LOCALLY, e.getKind(), e.getMessage());
        assertEquals(407, e.getCode(), e.getMessage());
        assertEquals(0, sim.requestCount());
        TRIED.add("body called " + called);
    }

    @Test
    void displayNumbersFollowTheSameRuleWithTheirOwnCode() {
        for (String number : List.of("+", "\u200b4001234567", "400\uD83D\uDE00", "400%")) {
            IcsocException e = failureOf(template.send(FULL_CALL, x -> x.getIn()
                    .setHeader(IcsocConstants.DISPLAY_CALLER, number)));
            assertEquals(408, e.getCode(), e.getMessage());
            TRIED.add("displayCaller " + number);
        }
        assertEquals(0, sim.requestCount());
    }

    static Stream<Arguments> unicodeDigitsAndTheirAsciiDigits() {
        return Stream.of(
                Arguments.of("１３９００１３９０００", "13900139000"),
                Arguments.of("١٣٩٠٠١٣٩٠٠٠", "13900139000"),
                Arguments.of("۱۳۹۰۰۱۳۹۰۰۰", "13900139000"),
                Arguments.of("१३९००१३९०००", "13900139000"),
                Arguments.of("＋８６ １３９００１３９０００", "13900139000"),
                Arguments.of("＋８６\u3000１３９－００１３－９０００", "13900139000"),
                Arguments.of("０１０－１２３４５６７８", "01012345678"),
                Arguments.of(13900139000L, "13900139000"),
                Arguments.of(10086, "10086"),
                Arguments.of(new BigInteger("13900139000"), "13900139000"));
    }

    @ParameterizedTest
    @MethodSource("unicodeDigitsAndTheirAsciiDigits")
    void unicodeDigitsAreSentAsTheAsciiDigitsTheyStandFor(Object number, String sent) {
        Exchange done = template.send(CALL, x -> x.getIn().setHeader(IcsocConstants.CALLED, number));

        assertNull(done.getException(), () -> String.valueOf(done.getException()));
        assertEquals(sent, sim.calls().get(0).called());
        TRIED.add("called " + number);
    }

    static Stream<Object> timeoutsThatAreRefused() {
        return Stream.of(4294967326L, 1e10, 30.9, Boolean.TRUE, Boolean.FALSE, " 30 ", "30 ", " 30", "+30", "-30",
                "30.0", "1e1", "", "thirty", "３０", "٣٠", 0, -1, 3601, Long.MAX_VALUE, Integer.MIN_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, -0.5, 0.5, new BigDecimal("30.5"), new BigInteger("99999999999999999999"),
                List.of(30), Map.of("seconds", 30), new int[] { 30 }, Arguments.of((Object) new String[] { "30" }), "0x1E", "30s", "PT30S", "99999999999");
    }

    @ParameterizedTest
    @MethodSource("timeoutsThatAreRefused")
    void aTimeoutHeaderOutsideTheRuleIsRefusedNeverChanged(Object timeout) {
        IcsocException e = failureOf(template.send(FULL_CALL, x -> x.getIn().setHeader(IcsocConstants.TIMEOUT, timeout)));

        assertEquals(Kind.REFUSED_LOCALLY, e.getKind());
        assertTrue(e.getMessage().contains("whole number of seconds from 1 to 3600"), e.getMessage());
        assertEquals(0, sim.requestCount());
        TRIED.add("timeout header " + timeout);
    }

    @ParameterizedTest
    @MethodSource("timeoutsThatAreRefused")
    void aTimeoutInAMapBodyOutsideTheRuleIsRefusedNeverChanged(Object timeout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("caller", "13800138000");
        body.put("called", "13900139000");
        body.put("timeout", timeout);

        IcsocException e = failureOf(template.send("icsoc:call", x -> x.getIn().setBody(body)));

        assertTrue(e.getMessage().contains("whole number of seconds from 1 to 3600"), e.getMessage());
        assertEquals(0, sim.requestCount());
        TRIED.add("timeout map " + timeout);
    }

    static Stream<String> jsonTimeoutsThatAreRefused() {
        return Stream.of("4294967326", "1e10", "30.9", "true", "\" 30 \"", "[30]", "-1", "0", "3601", "{}", "\"\"",
                "1E400", "30.000001");
    }

    @ParameterizedTest
    @MethodSource("jsonTimeoutsThatAreRefused")
    void aTimeoutInAJsonBodyOutsideTheRuleIsRefusedNeverChanged(String timeout) {
        IcsocException e = failureOf(template.send("icsoc:call", x -> x.getIn()
                .setBody("{\"caller\":\"13800138000\",\"called\":\"13900139000\",\"timeout\":" + timeout + "}")));

        assertTrue(e.getMessage().contains("whole number of seconds from 1 to 3600"), e.getMessage());
        assertEquals(0, sim.requestCount());
        TRIED.add("timeout json " + timeout);
    }

    static Stream<Object> timeoutsThatAreTaken() {
        return Stream.of(30, 30L, (short) 30, "30", 30.0, new BigInteger("30"), new BigDecimal("30.00"), "030");
    }

    @ParameterizedTest
    @MethodSource("timeoutsThatAreTaken")
    void aWholeTimeoutWithinRangeIsSentAsIs(Object timeout) {
        assertNull(template.send(FULL_CALL, x -> x.getIn().setHeader(IcsocConstants.TIMEOUT, timeout)).getException());
        assertEquals("30", sim.calls().get(0).form().get("timeout"));
    }

    @Test
    void aTimeoutOptionOutsideTheRuleRefusesTheEndpoint() {
        for (String timeout : List.of("30.9", "4294967326", "1e10", "3601", "0", "-5", "true", "%2030%20", "30s")) {
            Exception e = assertThrows(Exception.class,
                    () -> context.getEndpoint(FULL_CALL + "&timeout=" + timeout).start(), timeout);
            assertTrue(causeChain(e).contains(timeout) || causeChain(e).contains("whole number of seconds"),
                    causeChain(e));
            TRIED.add("timeout option " + timeout);
        }
    }

    private static final List<String> TRIED = java.util.Collections.synchronizedList(new ArrayList<>());

    @AfterAll
    static void report() {
        new Figures("bad-call-inputs")
                .put("distinct bad call inputs refused before sending", TRIED.stream().distinct().count())
                .report();
    }
}

package io.github.camelicsoc;

import java.util.Map;

import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The common configuration mistakes: each fails as early as it can be known, before anything is sent, with one kind of
 * exception ({@link IcsocConfigurationException}, an IllegalArgumentException) whose message names the option, says
 * what is wrong and what to do, and never holds a secret.
 */
class ConfigurationMistakesTest extends SimulatorTestSupport {

    /** Set but blank in the test JVM by the build (see the surefire configuration). */
    private static final String BLANK_VARIABLE = "ICSOC_TEST_BLANK_VARIABLE";
    /** A variable every test JVM has, standing in for the secret's. */
    private static final String PRESENT = "PATH";

    @Test
    void missingCredentialsFailTheRouteAtStartNamingVccCodeSecretAndSecretFromEnv() throws Exception {
        IcsocConfigurationException e = failedStart("icsoc:call?caller=13800138000&called=13900139000", null, null);
        assertEquals("vccCode and secret", e.getOption());
        assertEquals("icsoc option vccCode and secret: neither is set, and secretFromEnv names no variable holding the"
                     + " secret. What to do: set vccCode to the enterprise code the platform issued, and set"
                     + " secretFromEnv to the name of an environment variable holding the API secret (or set secret to"
                     + " the secret itself)", e.getMessage());
        assertEquals(0, sim.requestCount(), "nothing was sent");
    }

    @Test
    void aMissingSecretIsNamedWithoutAskingForTheVccCodeThatIsSet() throws Exception {
        IcsocConfigurationException e = failedStart("icsoc:call?caller=13800138000&called=13900139000", "7000001", null);
        assertEquals("secret", e.getOption());
        assertEquals("icsoc option secret: vccCode is set but no API secret is: neither secret nor secretFromEnv is set."
                     + " What to do: set secretFromEnv to the name of an environment variable holding the API secret of"
                     + " enterprise code 7000001 (or set secret to the secret itself)", e.getMessage());
        assertFalse(e.getMessage().contains("set vccCode"), "no contradiction: " + e.getMessage());
    }

    @Test
    void anEmptySecretInTheUriIsAMissingSecretAtCreationNotA401AtTheFirstCall() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("icsoc:records?type=400&secret="));
        assertTrue(e.getMessage().contains("icsoc option secret: vccCode is set but no API secret is"), e.getMessage());
        assertEquals(0, sim.requestCount());
    }

    @Test
    void aRecordsEndpointWithoutCredentialsFailsItsRouteAtStartToo() throws Exception {
        IcsocConfigurationException e = failedStart("icsoc:records?type=800", null, IcsocSimulator.SECRET);
        assertEquals("icsoc option vccCode: it is not set, while a secret is. What to do: set vccCode to the enterprise"
                     + " code the platform issued with that secret", e.getMessage());
        assertFalse(e.getMessage().contains(IcsocSimulator.SECRET));
    }

    @Test
    void anUnknownModeInTheUriListsTheModesThatExist() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("icsoc:call?mode=axbb"));
        IcsocConfigurationException cause = causeOfType(e, IcsocConfigurationException.class);
        assertEquals("icsoc option mode: 'axbb' is not a call mode. What to do: use mode=classic (a two-way call) or"
                     + " mode=axb (through an AXB privacy number)", cause.getMessage());
    }

    @Test
    void anUnknownModeInAPropertyOfTheComponentListsTheModesThatExist() {
        // as Camel Main and Spring Boot apply camel.component.icsoc.mode: through the component's configurer
        IcsocComponent icsoc = context.getComponent("icsoc", IcsocComponent.class);
        Exception e = assertThrows(Exception.class, () -> org.apache.camel.support.PropertyBindingSupport.build()
                .withConfigurer(icsoc.getComponentPropertyConfigurer())
                .bind(context, icsoc, "mode", "axbb"));
        assertTrue(causeChain(e).contains("icsoc option mode: 'axbb' is not a call mode. What to do: use mode=classic"),
                causeChain(e));
    }

    @Test
    void anUnknownModeInAHeaderOrTheBodyListsTheModesThatExistAndNothingIsSent() {
        String call = "icsoc:call?caller=13800138000&called=13900139000";
        Exchange header = template.send(call, x -> x.getIn().setHeader(IcsocConstants.MODE, "axbb"));
        Exchange body = template.send(call, x -> x.getIn().setBody(Map.of("mode", "axbb")));
        for (Exchange done : new Exchange[] { header, body }) {
            IcsocException e = failureOf(done);
            assertEquals(IcsocException.Kind.REFUSED_LOCALLY, e.getKind());
            assertTrue(e.getMessage().contains("Unknown call mode 'axbb': use classic or axb"), e.getMessage());
        }
        assertEquals(0, sim.requestCount());
    }

    @Test
    void recordsWithoutATypeFailWhenTheEndpointIsCreatedListingTheTypes() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("icsoc:records"));
        assertEquals("icsoc option type: icsoc:records needs it, and it is not set. What to do: add type=800 (two-way"
                     + " call records) or type=400 (inbound 400-number records), as in icsoc:records?type=800",
                causeOfType(e, IcsocConfigurationException.class).getMessage());
    }

    @Test
    void anUnknownTypeListsTheTypes() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("icsoc:records?type=600"));
        assertEquals("icsoc option type: '600' is not a record type. What to do: use type=800 (two-way call records) or"
                     + " type=400 (inbound 400-number records)",
                causeOfType(e, IcsocConfigurationException.class).getMessage());
    }

    @Test
    void timeoutsThatWouldOverflowADeadlineAreRefusedNamingTheirRange() {
        for (String option : new String[] { "requestTimeout", "connectTimeout" }) {
            ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint("icsoc:call?" + option + "=" + Long.MAX_VALUE));
            String range = option.equals("requestTimeout") ? "1h" : "10m";
            assertEquals("icsoc option " + option + ": " + Long.MAX_VALUE + "ms is out of range. What to do: give a"
                         + " duration from 1ms to " + range,
                    causeOfType(e, IcsocConfigurationException.class).getMessage());
        }
    }

    @Test
    void everyDurationAndNumberIsBounded() {
        String[][] cases = {
            { "icsoc:call?requestTimeout=0", "requestTimeout: 0ms is out of range. What to do: give a duration from 1ms to 1h" },
            { "icsoc:call?connectTimeout=2h", "connectTimeout: 2h is out of range" },
            { "icsoc:call?connectTimeout=PT9999999999999H", "connectTimeout: 'PT9999999999999H' is out of range. What to do: give a duration from 1ms to 10m" },
            { "icsoc:records?type=400&lookback=soon", "lookback: 'soon' is not a duration. What to do: give a duration from 0ms to 30d, such as 30s" },
            { "icsoc:records?type=400&maxLag=P99999999999D", "maxLag: 99999999999d is out of range. What to do: give a duration from 0ms to 365d" },
            { "icsoc:call?maxConnections=0", "maxConnections: 0 is out of range. What to do: give a whole number from 1 to 10000" },
            { "icsoc:call?maxConnectionsPerRoute=100000", "maxConnectionsPerRoute: 100000 is out of range" },
            { "icsoc:call?proxyHost=127.0.0.1&proxyPort=70000", "proxyPort: 70000 is out of range" },
            { "icsoc:call?proxyPort=3128", "proxyHost: proxyPort is set but proxyHost is not" },
            { "icsoc:call?timeout=3601", "timeout: must be a whole number of seconds from 1 to 3600 (digits only when written as text), not 3601. What to do: give the seconds each leg may ring" },
            { "icsoc:call?timeout=30.5", "(digits only when written as text), not '30.5'" },
            { "icsoc:records?type=400&lookback=31d", "lookback: 31d is out of range. What to do: give a duration from 0ms to 30d" },
            { "icsoc:records?type=400&settle=-1", "settle: -1ms is out of range" },
            { "icsoc:records?type=400&maxWindow=999", "maxWindow: 999ms is out of range. What to do: give a duration from 1s to 30d" },
            { "icsoc:records?type=400&maxLag=-1", "maxLag: -1ms is out of range" },
            { "icsoc:records?type=400&maxRecordsDownload=0", "maxRecordsDownload: 0 bytes is out of range" },
            { "icsoc:records?type=400&maxMessagesPerPoll=-1", "maxMessagesPerPoll: -1 is out of range" },
            { "icsoc:records?type=400&markBatchSize=0", "markBatchSize: 0 is out of range. What to do: give a whole number from 1 to 1000" },
            { "icsoc:records?type=400&markBatchSize=1001", "markBatchSize: 1001 is out of range" },
            { "icsoc:records?type=400&startTime=P1000000D", "startTime: 'P1000000D' is before 2000-01-01 00:00:00" },
            { "icsoc:records?type=400&startTime=0001-01-01 00:00:00", "startTime: '0001-01-01 00:00:00' is before 2000" },
            { "icsoc:records?type=400&rereadSchedule=10m,5m", "rereadSchedule: '10m,5m' is not a schedule: '5m' is not"
                                                              + " longer than the age before it: the ages go up. What to do:"
                                                              + " use rereadSchedule=everyPoll" },
            { "icsoc:records?type=400&rereadSchedule=soon", "rereadSchedule: 'soon' is not a schedule: 'soon' is not an"
                                                            + " age of at least one second" },
            { "icsoc:records?type=400&startTime=last tuesday",
              "startTime: 'last tuesday' is neither a time nor a duration back from now. What to do: give a time since"
                                                                + " 2000 (2026-11-27 08:00:00 in UTC+08:00, or 2026-11-27T00:00:00Z)" },
        };
        for (String[] c : cases) {
            ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint(c[0]), c[0]);
            String message = causeOfType(e, IcsocConfigurationException.class).getMessage();
            assertTrue(message.startsWith("icsoc option ") && message.contains(c[1]), c[0] + ": " + message);
        }
    }

    @Test
    void aMaxLagNoLongerThanSettleAndThePollDelayIsRefusedAsItWouldKeepHealthDown() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("icsoc:records?type=400&maxLag=30s&settle=60s&delay=10s"));
        assertEquals("icsoc option maxLag: 30s is not longer than settle (1m) plus the poll delay (10s): the watermark"
                     + " always stays settle behind now and moves only when a poll runs, so the health check would"
                     + " report DOWN for ever. What to do: set maxLag above 70s, or to 0 for three times lookback",
                causeOfType(e, IcsocConfigurationException.class).getMessage());
    }

    @Test
    void theDefaultMaxLagNeverFallsWithinWhatAHealthyConsumerLags() {
        IcsocConfiguration options = new IcsocConfiguration();
        options.setLookback(0);
        options.setSettle(60_000);
        assertEquals(60_000 + 3 * 100 + 60_000, options.healthMaxLag(100), "settle, three poll delays and a minute");
        options.setLookback(3_600_000);
        assertEquals(3 * 3_600_000, options.healthMaxLag(60_000), "three times lookback, as documented");
    }

    @Test
    void aBlankVariableIsRefusedSayingItIsSetButBlank() throws Exception {
        assertNotNull(System.getenv(BLANK_VARIABLE), "the build sets " + BLANK_VARIABLE + " (blank) for this test");
        IcsocConfigurationException e = failedStart("icsoc:call?secretFromEnv=" + BLANK_VARIABLE, "7000001", null);
        assertEquals("icsoc option secretFromEnv: it names the environment variable '" + BLANK_VARIABLE + "', which is"
                     + " set but blank in this process. What to do: set " + BLANK_VARIABLE + " to the API secret before"
                     + " Camel starts, or set secretFromEnv to the variable that holds it", e.getMessage());
        assertEquals(0, sim.requestCount(), "a blank secret is never sent");
    }

    @Test
    void aSecretWrittenIntoSecretFromEnvIsRefusedWithoutRepeatingIt() throws Exception {
        String secretByMistake = "s3cr3t-Value/with+base64=";
        IcsocConfigurationException e = failedStart("icsoc:call?secretFromEnv=RAW(" + secretByMistake + ")", "7000001",
                null);
        assertEquals("icsoc option secretFromEnv: its value is not the name of an environment variable (letters,"
                     + " digits and _, not starting with a digit); it is not repeated here, as it may be the secret"
                     + " itself. What to do: put the API secret in an environment variable and set secretFromEnv to"
                     + " that variable's name", e.getMessage());
        assertFalse(causeChain(e).contains(secretByMistake), causeChain(e));
    }

    @Test
    void anEmptySecretDoesNotOverrideASetVariable() throws Exception {
        sim.addEnterprise("7400003", System.getenv(PRESENT));
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getComponent("icsoc", IcsocComponent.class).getConfiguration().setBaseUrl(sim.baseUrl());
            camel.start();
            Exchange done = camel.createProducerTemplate().send(
                    "icsoc:call?vccCode=7400003&secret=&secretFromEnv=" + PRESENT + "&caller=13800138000&called=13900139000",
                    x -> {
                    });
            assertNull(done.getException(), () -> "the variable's secret authenticated the call: " + done.getException());
        }
    }

    @Test
    void theExceptionIsTheIllegalArgumentExceptionCamelUsersExpectForConfiguration() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("icsoc:calls"));
        IcsocConfigurationException cause = causeOfType(e, IcsocConfigurationException.class);
        assertInstanceOf(IllegalArgumentException.class, cause);
        assertEquals("icsoc option kind: 'icsoc:calls' is not an icsoc endpoint. What to do: use icsoc:call to place"
                     + " calls or icsoc:records to ingest call records", cause.getMessage());
    }

    /** Starts a context holding one route to {@code uri}, with the component's vccCode and secret as given. */
    private IcsocConfigurationException failedStart(String uri, String vccCode, String secret) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
            icsoc.setBaseUrl(sim.baseUrl());
            icsoc.setVccCode(vccCode);
            icsoc.setSecret(secret);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    if (uri.startsWith("icsoc:records")) {
                        from(uri).to("log:records");
                    } else {
                        from("direct:call").to(uri);
                    }
                }
            });
            Exception e = assertThrows(Exception.class, camel::start);
            return causeOfType(e, IcsocConfigurationException.class);
        }
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + causeChain(e), e);
    }
}

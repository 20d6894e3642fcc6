package io.github.camelicsoc;

import java.time.Duration;
import java.util.Map;

import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.records.RecordsConsumer;
import io.github.camelicsoc.records.StartTime;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.ConsumerHealthChecks;
import io.github.camelicsoc.support.RecordsTestSupport;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer's health check, its JSON, and the options it refuses.
 */
@ConsumerHealthChecks
class RecordsHealthAndOptionsTest extends RecordsTestSupport {

    @Test
    void repeatedFailuresReportDownWithTheIcsocCodeAndTheNextGoodPollReportsUp() throws Exception {
        consume("icsoc:records?type=400&vccCode=7000077&startTime=1h&" + FAST);

        await("DOWN after repeated 402s", 20, () -> consumerDown(r -> r.getDetails().containsKey("icsoc.code")));
        HealthCheck.Result down = consumerHealth().orElseThrow();
        assertTrue(down.getMessage().orElse("").startsWith("Consumer failed polling"), down.getMessage().toString());
        assertEquals(402, down.getDetails().get("icsoc.code"));
        assertEquals("enterprise code unknown", down.getDetails().get("icsoc.meaning"));
        assertTrue(down.getError().orElseThrow().getMessage().contains("code 402 (enterprise code unknown)"));

        sim.addEnterprise("7000077", IcsocSimulator.SECRET);
        await("UP after a good poll", 20, () -> consumerUp());
    }

    @Test
    void aMissingSecretFailsTheRouteBeforeItPollsNamingTheOption() {
        Exception e = assertThrows(Exception.class, () -> consume("icsoc:records?type=400&secret=&" + FAST));
        assertTrue(causeChain(e).contains("icsoc option secret: vccCode is set but no API secret is: neither secret nor"
                                          + " secretFromEnv is set. What to do: set secretFromEnv"), causeChain(e));
        assertEquals(0, sim.requestCount());
    }

    @Test
    void aRecordMarshalsToCleanJson() throws Exception {
        sim.addInboundRecords(1, platformNow().minusMinutes(20), Duration.ofMinutes(1));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=400&" + FAST).marshal().json(JsonLibrary.Jackson).to("mock:records");
            }
        });

        await("the record", 10, () -> records().getReceivedCounter() == 1);
        String json = records().getReceivedExchanges().get(0).getIn().getBody(String.class);
        Map<?, ?> parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        assertEquals("400", parsed.get("type"));
        assertEquals("in", parsed.get("direction"));
        assertTrue(parsed.get("startTime").toString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d)?\\+08:00"),
                json);
        assertTrue(parsed.get("fields") instanceof Map, json);
    }

    @Test
    void recordsNeedAType() {
        Exception e = assertThrows(Exception.class, () -> consume("icsoc:records"));
        assertTrue(causeChain(e).contains("icsoc option type: icsoc:records needs it, and it is not set."
                                          + " What to do: add type=800 (two-way call records) or type=400"), causeChain(e));
    }

    @Test
    void anUnknownTypeIsRefused() {
        Exception e = assertThrows(Exception.class, () -> consume("icsoc:records?type=600"));
        assertTrue(causeChain(e).contains("icsoc option type: '600' is not a record type. What to do: use"
                                          + " type=800 (two-way call records) or type=400"), causeChain(e));
    }

    @Test
    void anUnreadableStartTimeIsRefused() {
        Exception e = assertThrows(Exception.class, () -> consume("icsoc:records?type=400&startTime=last tuesday"));
        assertTrue(causeChain(e).contains("icsoc option startTime: 'last tuesday' is neither a time nor a"
                                          + " duration back from now. What to do:"), causeChain(e));
    }

    @Test
    void aNegativeMaxLagOrADownloadCapOfZeroIsRefused() {
        for (String option : new String[] { "maxLag=-1", "maxRecordsDownload=0" }) {
            Exception e = assertThrows(Exception.class, () -> consume("icsoc:records?type=400&" + option));
            assertTrue(causeChain(e).contains(option.startsWith("maxLag")
                    ? "icsoc option maxLag: -1ms is out of range. What to do: give a duration from 0ms to 365d"
                    : "icsoc option maxRecordsDownload: 0 bytes is out of range. What to do: give a number of bytes from 1"),
                    causeChain(e));
        }
    }

    @Test
    void startTimeReadsAbsoluteTimesAndDurations() {
        java.time.LocalDateTime now = java.time.LocalDateTime.of(2026, 11, 27, 12, 0, 0);
        assertEquals(now.minusHours(24), StartTime.parse("24h").resolve(now));
        assertEquals(now.minusMinutes(90), StartTime.parse("PT90M").resolve(now));
        assertEquals(java.time.LocalDateTime.of(2026, 11, 27, 8, 0), StartTime.parse("2026-11-27 08:00:00").resolve(now));
        assertEquals(java.time.LocalDateTime.of(2026, 11, 27, 8, 0), StartTime.parse("2026-11-27T00:00:00Z").resolve(now));
    }

    @Test
    void aRecordsEndpointCannotPlaceCalls() {
        Exception e = assertThrows(Exception.class,
                () -> template.requestBody("icsoc:records?type=400", (Object) null));
        assertTrue(causeChain(e).contains("place calls with icsoc:call"), causeChain(e));
    }
}

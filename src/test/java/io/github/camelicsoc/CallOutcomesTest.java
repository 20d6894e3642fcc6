package io.github.camelicsoc;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.camelicsoc.model.CallOutcome;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.outcome.Placement;
import io.github.camelicsoc.outcome.PlacementStore;
import io.github.camelicsoc.records.RecordsConsumer;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.ConsumerHealthChecks;
import io.github.camelicsoc.support.RecordsTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call placed with a business key comes back with it: its record, matched by call id or by numbers and time in
 * platform time, or exactly one TIMED_OUT outcome when no record comes; never another call's key. Against the
 * simulator over HTTP, in a JVM whose default time zone is Pacific/Honolulu (UTC-10:00), far from the platform's
 * UTC+08:00.
 */
@ConsumerHealthChecks
class CallOutcomesTest extends RecordsTestSupport {

    private static final String AGENT = "13800138000";
    private static final String OUTCOMES = "icsoc:records?type=800&outcomes=true&startTime=1h&" + FAST;
    private static final String RECORDS = "icsoc:records?type=800&startTime=1h&" + FAST;

    private TimeZone zoneBefore;

    @BeforeEach
    void farFromPlatformTime() {
        zoneBefore = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Honolulu"));
        // a call's record appears once it has ended: a second after it was placed and remembered
        sim.callsLast(Duration.ofSeconds(1));
    }

    @AfterEach
    void restoreZone() {
        TimeZone.setDefault(zoneBefore);
    }

    /** Places a call for {@code ticket} to {@code customer}, ringing at most {@code ringSeconds}; its call id. */
    private String place(String ticket, String customer, int ringSeconds) {
        Exchange done = template.send("icsoc:call?caller=" + AGENT + "&correlationKeyHeader=ticketId"
                                      + "&carriedHeaders=ticketQueue&timeout=" + ringSeconds,
                e -> {
                    e.getIn().setHeader(IcsocConstants.CALLED, customer);
                    e.getIn().setHeader("ticketId", ticket);
                    e.getIn().setHeader("ticketQueue", "queue-of-" + ticket);
                });
        assertNull(done.getException());
        assertEquals(true, done.getMessage().getHeader(IcsocConstants.PLACEMENT_REMEMBERED));
        return done.getMessage().getHeader(IcsocConstants.CALL_ID, String.class);
    }

    private RecordsConsumer recordsConsumer() {
        return (RecordsConsumer) context.getRoute("records").getConsumer();
    }

    private static String header(Exchange e, String name) {
        return e.getIn().getHeader(name, String.class);
    }

    private List<String> outcomesOf(String ticket) {
        return records().getReceivedExchanges().stream()
                .filter(e -> ticket.equals(header(e, IcsocConstants.CORRELATION_KEY)))
                .map(e -> header(e, IcsocConstants.OUTCOME)).toList();
    }

    private void awaitPolls(int polls) {
        int queries = queriesSoFar();
        await("more polls", 20, () -> queriesSoFar() >= queries + polls);
    }

    @Test
    void aRecordCarryingTheCallIdComesBackWithTheKeyTheCarriedHeadersAndThePlacingCallsId() throws Exception {
        sim.twoWayRecordsCarryCallId(true);
        consume(OUTCOMES);
        String callId = place("T-1", "13900000001", 30);
        // a call the component did not place: passed over by an outcomes consumer
        sim.addRecord(new SimRecord(false, "13700000000", "13900000009", "", platformNow().minusMinutes(5),
                platformNow().minusMinutes(5), platformNow().minusMinutes(4), null, "999"));

        await("the outcome of T-1", 20, () -> records().getReceivedCounter() >= 1);
        awaitPolls(3);

        Exchange got = records().getReceivedExchanges().get(0);
        assertEquals(1, records().getReceivedCounter(), "one exchange per placed call, nothing else");
        assertEquals("T-1", header(got, IcsocConstants.CORRELATION_KEY));
        assertEquals("queue-of-T-1", header(got, "ticketQueue"));
        assertEquals(callId, header(got, IcsocConstants.PLACED_CALL_ID));
        assertEquals("RECORD", header(got, IcsocConstants.OUTCOME));
        assertEquals(callId, got.getIn().getBody(CallRecord.class).callId());
        assertEquals(1, recordsConsumer().getOutcomesMatched());
        assertEquals(1, recordsConsumer().getOutcomesUnmatched());
    }

    @Test
    void aRecordWithoutCallIdIsMatchedByItsNumbersAndStartInPlatformTimeWhateverTheJvmsZone() throws Exception {
        consume(RECORDS);
        String callId = place("T-2", "13900000002", 30);
        sim.addRecord(SimRecord.unansweredTwoWay("13700000000", "13900000002", platformNow().minusMinutes(5), 20));

        await("both records", 20, () -> records().getReceivedCounter() >= 2);

        Exchange placed = records().getReceivedExchanges().stream()
                .filter(e -> AGENT.equals(e.getIn().getBody(CallRecord.class).caller())).findFirst().orElseThrow();
        Exchange other = records().getReceivedExchanges().stream()
                .filter(e -> !AGENT.equals(e.getIn().getBody(CallRecord.class).caller())).findFirst().orElseThrow();
        assertNull(placed.getIn().getBody(CallRecord.class).callId(), "the vendor's 800 record has no call id");
        assertEquals("T-2", header(placed, IcsocConstants.CORRELATION_KEY));
        assertEquals(callId, header(placed, IcsocConstants.PLACED_CALL_ID));
        assertNull(header(other, IcsocConstants.CORRELATION_KEY), "a record of no placed call has no key");
        assertEquals("Pacific/Honolulu", TimeZone.getDefault().getID());
    }

    @Test
    void twoCallsWhoseRecordsCannotBeToldApartAreNeverGivenEachOthersKey() throws Exception {
        sim.makeCallsToIndistinguishable("13900000003");
        consume(RECORDS);
        place("T-A", "13900000003", 30);
        place("T-B", "13900000003", 30);

        await("both records", 20, () -> records().getReceivedCounter() >= 2);
        awaitPolls(3);

        for (Exchange e : records().getReceivedExchanges()) {
            assertNull(header(e, IcsocConstants.CORRELATION_KEY), "neither record may carry a key: " + e.getIn());
        }
        assertEquals(2, recordsConsumer().getOutcomesAmbiguous());
        assertEquals(0, recordsConsumer().getOutcomesMatched());
    }

    @Test
    void aCallWhoseRecordNeverComesEndsInExactlyOneTimedOutOutcomeWithEverythingRemembered() throws Exception {
        sim.dropRecordsOfCallsTo("13900000004");
        consume(OUTCOMES + "&outcomeTimeout=1s");
        String callId = place("T-4", "13900000004", 1);

        await("the outcome of T-4", 20, () -> records().getReceivedCounter() >= 1);
        awaitPolls(5);

        assertEquals(List.of("TIMED_OUT"), outcomesOf("T-4"));
        Exchange got = records().getReceivedExchanges().get(0);
        CallOutcome outcome = assertInstanceOf(CallOutcome.class, got.getIn().getBody());
        assertEquals("T-4", outcome.correlationKey());
        assertEquals(callId, outcome.callId());
        assertEquals(Map.of("ticketQueue", "queue-of-T-4"), outcome.carriedHeaders());
        assertEquals(AGENT, outcome.caller());
        assertEquals("13900000004", outcome.called());
        assertEquals(1, outcome.ringTimeoutSeconds());
        assertEquals(8 * 3600, outcome.placedAt().getOffset().getTotalSeconds(), "placement time in UTC+08:00");
        assertEquals("queue-of-T-4", header(got, "ticketQueue"));
        assertEquals(callId, header(got, IcsocConstants.PLACED_CALL_ID));
        assertEquals(1, recordsConsumer().getOutcomesTimedOut());
    }

    @Test
    void aTimedOutOutcomeWhoseExchangeFailsIsOfferedAgainAndDeliveredOnce() throws Exception {
        sim.dropRecordsOfCallsTo("13900000006");
        records().whenExchangeReceived(1, e -> {
            throw new IllegalStateException("the CRM is down");
        });
        consume(OUTCOMES + "&outcomeTimeout=1s");
        place("T-6", "13900000006", 1);

        await("the outcome offered twice", 20, () -> records().getReceivedCounter() >= 2);
        awaitPolls(5);

        assertEquals(List.of("TIMED_OUT", "TIMED_OUT"), outcomesOf("T-6"), "refused once, then delivered, then no more");
        assertEquals(1, recordsConsumer().getOutcomesTimedOut());
    }

    @Test
    void aRecordThatComesAfterItsTimedOutOutcomeIsDeliveredAsALateRecordWithTheKey() throws Exception {
        sim.twoWayRecordsCarryCallId(true).delayRecordsOfCallsTo("13900000005", Duration.ofSeconds(4));
        consume(OUTCOMES + "&outcomeTimeout=1s");
        String callId = place("T-5", "13900000005", 1);

        await("both outcomes of T-5", 30, () -> records().getReceivedCounter() >= 2);
        awaitPolls(3);

        assertEquals(List.of("TIMED_OUT", "LATE_RECORD"), outcomesOf("T-5"));
        assertEquals(callId, records().getReceivedExchanges().get(1).getIn().getBody(CallRecord.class).callId());
        assertEquals(1, recordsConsumer().getOutcomesTimedOut());
        assertEquals(1, recordsConsumer().getOutcomesLate());
    }

    @ParameterizedTest(name = "records carry call_id: {0}")
    @ValueSource(booleans = { true, false })
    void aNewerVersionOfAMatchedRecordReachesTheRouteWithTheSameKeyAndItsVersion(boolean carryCallId) throws Exception {
        sim.twoWayRecordsCarryCallId(carryCallId);
        String[] fill = {""};
        sim.rewriteRecordAnswers(editData(entries -> entries.forEach(e -> {
            if (e.has("record_file")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) e).put("record_file", fill[0]);
            }
        })));
        consume(OUTCOMES);
        place("T-7", "13900000007", 30);
        await("the first state", 20, () -> records().getReceivedCounter() >= 1);

        fill[0] = "http://recordings/t7.mp3";
        await("the recording filled in", 20, () -> records().getReceivedCounter() >= 2);
        awaitPolls(3);

        assertEquals(List.of("RECORD", "RECORD"), outcomesOf("T-7"));
        Exchange newer = records().getReceivedExchanges().get(1);
        assertEquals(2, newer.getIn().getHeader(IcsocConstants.RECORD_VERSION, Integer.class));
        assertEquals(key(records().getReceivedExchanges().get(0)), key(newer), "the same record, a newer state");
        assertEquals("http://recordings/t7.mp3", newer.getIn().getBody(CallRecord.class).recordingUrl());
        assertEquals(1, recordsConsumer().getOutcomesMatched(), "matched once; the newer version finds it matched");
    }

    @Test
    void placementsPastTheirExpiryAreForgottenAtAPollAndTheCountsShowInTheHealthDetails() throws Exception {
        sim.dropRecordsOfCallsTo("13900000010");
        consume(OUTCOMES + "&outcomeTimeout=1s&placementExpiry=2s");
        String callId = place("T-10", "13900000010", 30);
        IcsocEndpoint endpoint = context.getEndpoint(OUTCOMES + "&outcomeTimeout=1s&placementExpiry=2s", IcsocEndpoint.class);
        assertTrue(endpoint.placementStore().byCallId(callId).isPresent(), "producer and consumer share one store");

        await("the placement pruned", 20, () -> endpoint.placementStore().isEmpty());

        assertEquals(0, records().getReceivedCounter(), "an expired placement gets no outcome");
        Map<String, Object> details = consumerHealth().orElseThrow().getDetails();
        for (String count : List.of("Matched", "Ambiguous", "Unmatched", "TimedOut", "Late")) {
            assertEquals(0L, details.get("icsoc.outcomes" + count), count + " in " + details);
        }
    }

    @Test
    void aRouteRestartedBetweenPlacementAndRecordStillTiesTheRecordToItsKey() throws Exception {
        consume(OUTCOMES);
        awaitPolls(1);
        context.getRouteController().stopRoute("records");
        String callId = place("T-8", "13900000008", 30);
        Thread.sleep(1500); // the call ends and its record appears while the route is stopped
        context.getRouteController().startRoute("records");

        await("the outcome of T-8", 20, () -> records().getReceivedCounter() >= 1);

        assertEquals(List.of("RECORD"), outcomesOf("T-8"));
        assertEquals(callId, header(records().getReceivedExchanges().get(0), IcsocConstants.PLACED_CALL_ID));
    }

    @Test
    void aWindowOfManyPlacedCallsGivesEachRecordItsOwnKeyAndARefusedRecordKeepsItWhenOfferedAgain() throws Exception {
        PlacementStore store = context.getEndpoint(OUTCOMES, IcsocEndpoint.class).placementStore();
        LocalDateTime placedAt = platformNow().minusMinutes(30);
        int calls = 40;
        for (int i = 0; i < calls; i++) {
            String customer = "1390000" + (1000 + i);
            store.remember(new Placement("T-" + i, Map.of("ticketQueue", "q-" + i), "call-" + i, AGENT, customer,
                    "classic", null, null, placedAt.plusSeconds(i), Duration.ofSeconds(30)));
            sim.addRecord(SimRecord.unansweredTwoWay(AGENT, customer, placedAt.plusSeconds(i + 2), 20));
            // the same customer called by somebody else a second earlier: nobody's placement
            sim.addRecord(SimRecord.unansweredTwoWay("13700000000", customer, placedAt.plusSeconds(i + 1), 20));
        }
        AtomicBoolean refusedOnce = new AtomicBoolean();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(OUTCOMES).routeId("records")
                        .process(e -> {
                            if ("T-7".equals(CallOutcomesTest.header(e, IcsocConstants.CORRELATION_KEY))
                                && refusedOnce.compareAndSet(false, true)) {
                                throw new IllegalStateException("the CRM is busy");
                            }
                        })
                        .to("mock:records");
            }
        });

        await("every call's outcome", 20, () -> records().getReceivedCounter() >= calls);
        awaitPolls(3);

        assertTrue(refusedOnce.get());
        assertEquals(calls, records().getReceivedCounter(), "one outcome per placed call, no record of nobody's");
        for (Exchange e : records().getReceivedExchanges()) {
            String ticket = header(e, IcsocConstants.CORRELATION_KEY);
            int i = Integer.parseInt(ticket.substring(2));
            assertEquals("1390000" + (1000 + i), e.getIn().getBody(CallRecord.class).called(), ticket);
            assertEquals("q-" + i, header(e, "ticketQueue"));
            assertEquals("call-" + i, header(e, IcsocConstants.PLACED_CALL_ID));
            assertEquals("RECORD", header(e, IcsocConstants.OUTCOME));
        }
        assertEquals(calls, recordsConsumer().getOutcomesMatched());
    }

    @Test
    void aPollLimitedByMaxMessagesPerPollClaimsThePlacementsOfTheRecordsItDeliversAndNoMore() throws Exception {
        // more new records than a poll keeps in memory: delivery reads them again from the answer, past the limit too
        int others = 5_000;
        String limited = "icsoc:records?type=800&outcomes=true&startTime=1h&delay=60000&initialDelay=0&settle=0"
                         + "&maxMessagesPerPoll=" + (others + 10);
        PlacementStore store = context.getEndpoint(limited, IcsocEndpoint.class).placementStore();
        LocalDateTime placedAt = platformNow().minusMinutes(30);
        for (int i = 0; i < others; i++) {
            sim.addRecord(SimRecord.unansweredTwoWay("13700000000", "1380000" + (1000 + i % 9000),
                    placedAt.minusMinutes(20).plusNanos(i * 100_000_000L), 20));
        }
        for (int i = 0; i < 20; i++) {
            String customer = "1390000" + (2000 + i);
            store.remember(new Placement("T-" + i, Map.of(), "call-" + i, AGENT, customer, "classic", null, null,
                    placedAt.plusSeconds(i), Duration.ofSeconds(30)));
            sim.addRecord(SimRecord.unansweredTwoWay(AGENT, customer, placedAt.plusSeconds(i + 2), 20));
        }
        consume(limited);

        await("the first poll's outcomes", 30, () -> records().getReceivedCounter() >= 10);
        Thread.sleep(500);

        assertEquals(10, records().getReceivedCounter(), "one poll: the first ten placed calls' outcomes");
        long claimed = java.util.stream.IntStream.range(0, 20).filter(i -> store.isMatched("call-" + i)).count();
        assertEquals(10, claimed, "a placement claimed for a record the poll did not deliver would wait for the next");
    }
}

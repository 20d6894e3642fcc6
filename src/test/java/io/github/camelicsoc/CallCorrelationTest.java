package io.github.camelicsoc;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocValidationException;
import io.github.camelicsoc.outcome.MemoryPlacementStore;
import io.github.camelicsoc.outcome.Placement;
import io.github.camelicsoc.outcome.PlacementStore;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Placing a call with a business key: what is remembered of it, the bounds checked before sending, and that the
 * placements store can never make a call go twice or wait past its own deadline.
 */
class CallCorrelationTest extends SimulatorTestSupport {

    private final MemoryPlacementStore store = new MemoryPlacementStore(100);
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.getRegistry().bind("placements", store);
        camel.getRegistry().bind("failingStore", new FailingStore());
        camel.getRegistry().bind("blockedStore", new BlockedStore(release));
        return camel;
    }

    @AfterEach
    void releaseBlockedStore() {
        release.countDown();
    }

    private Exchange place(String uri, Map<String, Object> headers) {
        return template.send(uri, e -> e.getIn().setHeaders(new java.util.HashMap<>(headers)));
    }

    @Test
    void aCallPlacedWithAKeyIsRememberedWithEverythingItsRecordWillBeMatchedBy() {
        LocalDateTime before = sim.now();
        Exchange done = place("icsoc:call?placementStore=#placements&carriedHeaders=ticketQueue,agentName&timeout=30"
                              + "&displayCaller=" + IcsocSimulator.OWN_400_NUMBER,
                Map.of(IcsocConstants.CORRELATION_KEY, "T-1", IcsocConstants.CALLER, "138 0013 8000",
                        IcsocConstants.CALLED, "139-0013-9000", "ticketQueue", "gold", "unrelated", "x"));

        String callId = done.getMessage().getBody(CallResult.class).callId();
        Placement p = store.byCallId(callId).orElseThrow();
        assertEquals("T-1", p.correlationKey());
        assertEquals(Map.of("ticketQueue", "gold"), p.carriedHeaders(), "a carried header absent is not carried");
        assertEquals(sim.calls().get(0).form().get("caller"), p.caller(), "numbers as sent, so as records show them");
        assertEquals(sim.calls().get(0).form().get("called"), p.called());
        assertEquals("classic", p.mode());
        assertEquals(IcsocSimulator.OWN_400_NUMBER, p.displayCaller());
        assertNull(p.displayCalled());
        assertEquals(Duration.ofSeconds(30), p.ringTimeout());
        assertFalse(p.placedAt().isBefore(before.minusSeconds(1)), "placed in platform time: " + p.placedAt());
        assertFalse(p.placedAt().isAfter(sim.now().plusSeconds(1)), "placed in platform time: " + p.placedAt());
        assertEquals(true, done.getMessage().getHeader(IcsocConstants.PLACEMENT_REMEMBERED));
    }

    @Test
    void theKeyMayComeFromAHeaderOfTheRoutesOwnAndTheRingTimeoutDefaultsToThePlatforms() {
        Exchange done = place("icsoc:call?placementStore=#placements&correlationKeyHeader=ticketId"
                              + "&caller=13800138000&called=13900139000", Map.of("ticketId", 4711L));

        Placement p = store.byCallId(done.getMessage().getHeader(IcsocConstants.CALL_ID, String.class)).orElseThrow();
        assertEquals("4711", p.correlationKey());
        assertEquals(Duration.ofSeconds(50), p.ringTimeout());
    }

    @Test
    void aCallWithoutAKeyIsPlacedAndNotRemembered() {
        Exchange done = place("icsoc:call?placementStore=#placements&correlationKeyHeader=ticketId"
                              + "&caller=13800138000&called=13900139000", Map.of());

        assertNull(done.getException());
        assertTrue(store.isEmpty());
        assertNull(done.getMessage().getHeader(IcsocConstants.PLACEMENT_REMEMBERED));
    }

    @Test
    void aRefusedCallRemembersNothingItsRefusalIsTheOutcome() {
        sim.failCallsTo("13900139000");

        Exchange done = place("icsoc:call?placementStore=#placements&caller=13800138000&called=13900139000",
                Map.of(IcsocConstants.CORRELATION_KEY, "T-1"));

        assertEquals(405, failureOf(done).getCode());
        assertTrue(store.isEmpty());
    }

    @Test
    void aKeyOrCarriedValuesPastTheirBoundsAreRefusedBeforeAnythingIsSent() {
        String uri = "icsoc:call?placementStore=#placements&carriedHeaders=a,b,c,d,e&caller=13800138000&called=13900139000";
        Exchange longKey = place(uri, Map.of(IcsocConstants.CORRELATION_KEY, "k".repeat(Placement.MAX_KEY_LENGTH + 1)));
        Exchange blankKey = place(uri, Map.of(IcsocConstants.CORRELATION_KEY, "  "));
        Exchange longValue = place(uri, Map.of(IcsocConstants.CORRELATION_KEY, "T-1",
                "a", "v".repeat(Placement.MAX_CARRIED_VALUE_LENGTH + 1)));
        String big = "v".repeat(Placement.MAX_CARRIED_VALUE_LENGTH);
        Exchange tooMuch = place(uri, Map.of(IcsocConstants.CORRELATION_KEY, "T-1", "a", big, "b", big, "c", big,
                "d", big, "e", "v"));
        Exchange notText = place(uri, Map.of(IcsocConstants.CORRELATION_KEY, "T-1", "a", new byte[3]));

        for (Exchange refused : List.of(longKey, blankKey, longValue, tooMuch, notText)) {
            IcsocException e = assertInstanceOf(IcsocValidationException.class, refused.getException());
            assertEquals(IcsocException.Kind.REFUSED_LOCALLY, e.getKind());
        }
        assertTrue(longKey.getException().getMessage().contains("201 characters"), longKey.getException().getMessage());
        assertTrue(tooMuch.getException().getMessage().contains("2000 characters together"));
        assertTrue(sim.calls().isEmpty(), "nothing was sent");
        assertTrue(store.isEmpty());
        // exactly at the bounds: placed and remembered
        Exchange atBounds = place(uri, Map.of(IcsocConstants.CORRELATION_KEY, "k".repeat(Placement.MAX_KEY_LENGTH),
                "a", big, "b", big, "c", big, "d", big));
        assertNull(atBounds.getException());
        assertFalse(store.isEmpty());
    }

    @Test
    void carriedHeadersPastTheirCountAreAConfigurationMistake() {
        String eleven = String.join(",", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"));
        Exception e = assertThrows(Exception.class, () -> place("icsoc:call?carriedHeaders=" + eleven
                                                                   + "&caller=13800138000&called=13900139000", Map.of()));
        assertTrue(causeChain(e).contains("icsoc option carriedHeaders"), causeChain(e));
        assertTrue(sim.calls().isEmpty());
    }

    @Test
    void outcomeOptionsThatCannotWorkAreRefusedWhenTheEndpointIsCreated() {
        Map<String, String> mistakes = Map.of(
                "icsoc:records?type=400&outcomes=true", "icsoc option outcomes: it needs type=800",
                "icsoc:records?type=800&outcomes=true&batch=true", "icsoc option outcomes: it cannot be combined",
                "icsoc:call?carriedHeaders=a,,b", "icsoc option carriedHeaders: 'a,,b' has an empty header name",
                "icsoc:call?carriedHeaders=a,b,a", "icsoc option carriedHeaders: it names a twice",
                "icsoc:call?correlationKeyHeader=%20", "icsoc option correlationKeyHeader: it is blank",
                "icsoc:records?type=800&outcomeTimeout=31d", "icsoc option outcomeTimeout: 31d is out of range",
                "icsoc:call?maxPlacements=0", "icsoc option maxPlacements: 0 is out of range",
                "icsoc:records?type=800&outcomes=true&placementExpiry=1h",
                "icsoc option placementExpiry: 1h is not longer than the outcome timeout (61m, lookback plus a minute)");
        mistakes.forEach((uri, expected) -> {
            Exception e = assertThrows(Exception.class, () -> context.getEndpoint(uri), uri);
            assertTrue(causeChain(e).contains(expected), uri + ": " + causeChain(e));
        });
    }

    @Test
    void aStoreThatFailsLeavesTheCallPlacedOnceAndSaysTheKeyWasNotRemembered() throws Exception {
        CallProducer producer = (CallProducer) context
                .getEndpoint("icsoc:call?placementStore=#failingStore&caller=13800138000&called=13900139000")
                .createProducer();
        producer.start();
        Exchange done = producer.getEndpoint().createExchange();
        done.getIn().setHeader(IcsocConstants.CORRELATION_KEY, "T-1");
        producer.process(done);

        assertNull(done.getException(), "the call was placed");
        assertEquals(false, done.getMessage().getHeader(IcsocConstants.PLACEMENT_REMEMBERED));
        assertEquals(1, sim.calls().size(), "sent once, never again because the store failed");
        assertEquals(1, producer.getPlacementsNotRemembered());
        assertEquals(0, producer.getPlacementsRemembered());
        producer.stop();
    }

    @Test
    void aStoreThatBlocksCannotHoldTheExchangePastTheCallsDeadline() {
        // the store stays blocked until the test ends: the exchange can only complete by not waiting for it
        Exchange done = place("icsoc:call?placementStore=#blockedStore&requestTimeout=1s&connectTimeout=1s"
                              + "&caller=13800138000&called=13900139000",
                Map.of(IcsocConstants.CORRELATION_KEY, "T-1"));

        assertNull(done.getException(), "the call was placed");
        assertEquals(false, done.getMessage().getHeader(IcsocConstants.PLACEMENT_REMEMBERED));
        assertEquals(1, sim.calls().size(), "sent once");
    }

    /** A store that keeps nothing: its database is gone, or hangs until released. */
    private abstract static class BrokenStore implements PlacementStore {
        @Override
        public Optional<Placement> byCallId(String callId) {
            return Optional.empty();
        }

        @Override
        public List<Placement> byNumbers(String caller, String called, LocalDateTime from, LocalDateTime to) {
            return List.of();
        }

        @Override
        public boolean claim(String callId) {
            return false;
        }

        @Override
        public boolean isMatched(String callId) {
            return false;
        }

        @Override
        public boolean timeOut(String callId) {
            return false;
        }

        @Override
        public List<Placement> openPlacedBefore(LocalDateTime placedBefore, int limit) {
            return List.of();
        }

        @Override
        public int prune(LocalDateTime placedBefore) {
            return 0;
        }
    }

    static final class FailingStore extends BrokenStore {
        @Override
        public void remember(Placement placement) {
            throw new IllegalStateException("database unreachable");
        }
    }

    static final class BlockedStore extends BrokenStore {
        private final CountDownLatch release;

        BlockedStore(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public void remember(Placement placement) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

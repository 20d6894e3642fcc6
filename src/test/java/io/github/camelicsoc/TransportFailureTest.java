package io.github.camelicsoc;

import java.time.Duration;

import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocException.Kind;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.sim.SimFault;
import io.github.camelicsoc.support.ExampleRunner;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP errors, unreadable bodies, timeouts and refused connections become an IcsocException that names the
 * operation, the HTTP status and the start of the body; the call is never sent a second time.
 */
class TransportFailureTest extends SimulatorTestSupport {

    private static final String CALL = "icsoc:call?caller=13800138000&called=13900139000";

    private IcsocException place(String uri) {
        return failureOf(template.send(uri, e -> {
        }));
    }

    @Test
    void anHttpErrorStatusNamesTheStatusAndTheStartOfTheBody() {
        sim.failNext(SimFault.HTTP_500);

        IcsocException e = place(CALL);

        assertEquals(Kind.BAD_RESPONSE, e.getKind());
        assertEquals(500, e.getHttpResponseCode());
        assertTrue(e.getMessage().startsWith("icsoc classic call failed: HTTP error status (HTTP 500)"), e.getMessage());
        assertTrue(e.getMessage().contains("<title>500 Internal Server Error</title>"), e.getMessage());
        assertEquals(1, sim.requestCount(), "never sent twice");
    }

    @Test
    void aBodyThatIsNotJsonIsReportedWithoutAParserStackTrace() {
        sim.failNext(SimFault.MALFORMED_JSON);

        IcsocException e = place(CALL);

        assertEquals(Kind.BAD_RESPONSE, e.getKind());
        assertEquals(200, e.getHttpResponseCode());
        assertTrue(e.getMessage().contains("the response is not JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("body: '{\"code\":200"), e.getMessage());
        assertEquals(null, e.getCause(), "the parser's exception is summarized, not attached");
        assertEquals(1, sim.requestCount());
    }

    @Test
    void aDroppedConnectionMayHavePlacedTheCallSoItIsNotRetried() {
        sim.failNext(SimFault.CONNECTION_RESET);

        IcsocException e = place(CALL);

        assertEquals(Kind.NO_RESPONSE, e.getKind());
        assertFalse(e.isSafeToRetry());
        assertTrue(e.getMessage().contains("may have placed the call"), e.getMessage());
        assertEquals(1, sim.requestCount(), "never sent twice");
    }

    @Test
    void anEmptyResponseIsNotRetriedEither() {
        sim.failNext(SimFault.EMPTY_RESPONSE);

        IcsocException e = place(CALL);

        assertEquals(Kind.NO_RESPONSE, e.getKind());
        assertEquals(1, sim.requestCount());
    }

    @Test
    void aSlowPlatformTimesOutAfterRequestTimeout() {
        sim.respondAfter(Duration.ofSeconds(3));

        long start = System.nanoTime();
        IcsocException e = place(CALL + "&requestTimeout=300");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Kind.NO_RESPONSE, e.getKind());
        assertTrue(tookMillis < 2500, "gave up after " + tookMillis + " ms");
        assertEquals(1, sim.requestCount());
    }

    @Test
    void aTricklingAnswerIsCutOffAtTheDeadlineNotWaitedForForever() {
        // a byte every 100 ms keeps a 300 ms inactivity timeout happy; the whole exchange must still end
        sim.trickleResponses(Duration.ofSeconds(4));

        long start = System.nanoTime();
        IcsocException e = place(CALL + "&requestTimeout=300&connectTimeout=300");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Kind.NO_RESPONSE, e.getKind());
        assertTrue(e.getMessage().contains("no complete response within 600 ms"), e.getMessage());
        assertTrue(tookMillis < 3000, "gave up after " + tookMillis + " ms");
        assertEquals(1, sim.requestCount(), "never sent twice");
    }

    @Test
    void aRefusedConnectionSentNothingAndIsSafeToRetry() throws Exception {
        int closedPort = ExampleRunner.freePort();

        IcsocException e = place(CALL + "&baseUrl=http://127.0.0.1:" + closedPort);

        assertEquals(Kind.NOT_SENT, e.getKind());
        assertTrue(e.isSafeToRetry());
        assertTrue(e.getMessage().contains("could not connect to http://127.0.0.1:" + closedPort), e.getMessage());
        assertTrue(e.getCause() instanceof java.net.ConnectException, String.valueOf(e.getCause()));
    }

    @Test
    void aLongErrorBodyIsCutTo200Characters() {
        IcsocException e = IcsocException.badResponse(IcsocOperation.CLASSIC_CALL, 502, "HTTP error status",
                "x".repeat(1000), null);

        assertTrue(e.getMessage().endsWith("'" + "x".repeat(200) + "...'"), e.getMessage());
    }

    @Test
    void theRouteContinuesAfterAFailureWithTheNextCall() {
        sim.failNext(SimFault.CONNECTION_RESET);
        place(CALL);

        Exchange second = template.send(CALL, e -> {
        });

        assertEquals(null, second.getException());
        assertEquals(2, sim.requestCount());
    }
}

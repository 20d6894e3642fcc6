package io.github.camelicsoc;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import io.github.camelicsoc.client.RecordSpool;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocException.Kind;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.RecordType;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Exchange;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dead transport heals: when the shared HTTP client's I/O reactor has stopped, for whatever reason, the next
 * request gets a fresh client, for calls and records alike. A request that could not be sent says NOT_SENT.
 */
class TransportHealingTest extends SimulatorTestSupport {

    private static final String CALL = "icsoc:call?caller=13800138000&called=13900139000";

    private CloseableHttpAsyncClient sharedClient() {
        IcsocComponent icsoc = context.getComponent("icsoc", IcsocComponent.class);
        return icsoc.sharedHttpClient(context.getEndpoint(CALL, IcsocEndpoint.class).getConfiguration()).get();
    }

    @Test
    void aCallAfterTheReactorStoppedGetsAFreshClientAndIsPlaced() {
        assertNull(template.send(CALL, e -> {
        }).getException());
        CloseableHttpAsyncClient dead = sharedClient();
        dead.close(CloseMode.IMMEDIATE);
        assertEquals(IOReactorStatus.SHUT_DOWN, dead.getStatus());

        Exchange next = template.send(CALL, e -> {
        });

        assertNull(next.getException(), () -> String.valueOf(next.getException()));
        assertInstanceOf(CallResult.class, next.getMessage().getBody());
        assertEquals(2, sim.requestCount());
        assertNotSame(dead, sharedClient(), "replaced once");
        assertSame(sharedClient(), sharedClient());
    }

    @Test
    void theRecordsConsumerOnTheSameComponentHealsToo() {
        IcsocEndpoint records = context.getEndpoint("icsoc:records?type=800", IcsocEndpoint.class);
        assertNull(template.send(CALL, e -> {
        }).getException());
        sharedClient().close(CloseMode.IMMEDIATE);

        LocalDateTime now = LocalDateTime.now();
        try (RecordSpool spool = records.getClient().fetchRecords(RecordType.TWO_WAY, now.minusHours(1), now,
                RecordSpool.Settings.DEFAULT)) {
            assertEquals(200, spool.status());
        }
    }

    @Test
    void aRequestCaughtInAReactorShutdownWasNotSentAndSaysSo() {
        // the connection pool is waited on longer than the reactor lives: the request never gets a connection
        sim.respondAfter(Duration.ofSeconds(2));
        CloseableHttpAsyncClient client = sharedClient();
        var first = template.asyncSend(CALL + "&maxConnections=1&maxConnectionsPerRoute=1", e -> {
        });
        var second = template.asyncSend(CALL + "&maxConnections=1&maxConnectionsPerRoute=1", e -> {
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sim.requestCount() == 1);
        IcsocComponent icsoc = context.getComponent("icsoc", IcsocComponent.class);
        CloseableHttpAsyncClient pooled = icsoc.sharedHttpClient(
                context.getEndpoint(CALL + "&maxConnections=1&maxConnectionsPerRoute=1", IcsocEndpoint.class)
                        .getConfiguration()).get();
        assertNotSame(client, pooled, "a transport of its own");

        pooled.close(CloseMode.IMMEDIATE);

        // either request may have won the single connection: tell them apart by what became of them
        List<IcsocException> failures = List.of(failureOf(first.join()), failureOf(second.join()));
        assertEquals(List.of(Kind.NOT_SENT, Kind.NO_RESPONSE),
                failures.stream().map(IcsocException::getKind).sorted().toList(),
                "one request was sent and got no answer, the other never left: " + failures);
        IcsocException waiting = failures.stream().filter(e -> e.getKind() == Kind.NOT_SENT).findFirst().orElseThrow();
        assertTrue(waiting.isSafeToRetry());
        assertEquals(1, sim.requestCount());
    }

    @Test
    void aClientTheUserGaveIsUsedStartedAndNeverClosedByTheComponent() throws Exception {
        CloseableHttpAsyncClient own = HttpAsyncClients.custom().disableAutomaticRetries().build();
        try {
            context.getRegistry().bind("ownClient", own);
            String uri = CALL + "&httpClient=#ownClient";

            assertNull(template.send(uri, e -> {
            }).getException());
            assertEquals(IOReactorStatus.ACTIVE, own.getStatus(), "started by the component");
            context.getComponent("icsoc").stop();
            assertEquals(IOReactorStatus.ACTIVE, own.getStatus(), "not closed by the component");

            context.getComponent("icsoc").start();
            own.close(CloseMode.IMMEDIATE);
            IcsocException e = failureOf(template.send(uri, x -> {
            }));
            assertEquals(Kind.NOT_SENT, e.getKind(), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP client given to the icsoc component"), e.getMessage());
            assertEquals(1, sim.requestCount());
        } finally {
            own.close(CloseMode.IMMEDIATE);
        }
    }
}

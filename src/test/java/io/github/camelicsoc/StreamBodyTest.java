package io.github.camelicsoc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.github.camelicsoc.model.IcsocException.Kind;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream body is read only as far as it is ready and only as much as a call's description can be: an endless or
 * blocking stream can never hang a call.
 */
class StreamBodyTest extends SimulatorTestSupport {

    private static final String CALL = "icsoc:call?caller=13800138000&called=13900139000";
    private static final Duration NEVER_HANGS = Duration.ofSeconds(20);

    /** Starts with {@code start}, then always has more blanks to give. */
    private static final class EndlessStream extends InputStream {
        private final byte[] start;
        private int at;

        EndlessStream(String start) {
            this.start = start.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            return at < start.length ? start[at++] : ' ';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                b[i] = (byte) read();
            }
            return len;
        }

        @Override
        public int available() {
            return 8192;
        }
    }

    /** Never gives a byte: like a socket whose peer went quiet. */
    private static final class BlockingStream extends InputStream {
        private final CountDownLatch never = new CountDownLatch(1);

        @Override
        public int read() throws IOException {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("interrupted");
        }
    }

    private static InputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEndlessJsonLikeStreamIsRefusedAtTheBoundNotReadForever() {
        Exchange done = assertTimeoutPreemptively(NEVER_HANGS, () -> template.send(CALL, e -> e.getIn()
                .setBody(new EndlessStream("{\"caller\":"))));

        IcsocException e = failureOf(done);
        assertEquals(Kind.REFUSED_LOCALLY, e.getKind());
        assertTrue(e.getMessage().contains("more than 65536 bytes"), e.getMessage());
        assertEquals(0, sim.requestCount());
    }

    @Test
    void anEndlessStreamThatIsNotJsonIsLeftAloneAndTheCallIsPlacedFromTheOptions() {
        Exchange done = assertTimeoutPreemptively(NEVER_HANGS, () -> template.send(CALL, e -> e.getIn()
                .setBody(new EndlessStream("please call back "))));

        assertNull(done.getException());
        assertEquals(1, sim.requestCount());
    }

    @Test
    void aBlockingStreamNeverHangsTheCall() {
        Exchange done = assertTimeoutPreemptively(NEVER_HANGS, () -> template.send(CALL, e -> e.getIn()
                .setBody(new BlockingStream())));

        assertNull(done.getException());
        assertEquals("13800138000", sim.calls().get(0).caller());
    }

    @Test
    void aStreamThatStopsHalfWayThroughItsJsonIsRefusedNotWaitedFor() {
        Exchange done = assertTimeoutPreemptively(NEVER_HANGS, () -> template.send(CALL, e -> e.getIn()
                .setBody(new SequenceInputStream(json("{\"caller\": \"1380"), new BlockingStream()))));

        IcsocException e = failureOf(done);
        assertEquals(Kind.REFUSED_LOCALLY, e.getKind());
        assertTrue(e.getMessage().contains("not a valid JSON object"), e.getMessage());
        assertEquals(0, sim.requestCount());
    }

    @Test
    void aReadyJsonStreamStillDescribesTheCall() {
        Exchange done = template.send("icsoc:call", e -> e.getIn()
                .setBody(json("{\"caller\":\"13800138000\",\"called\":\"13900139000\",\"timeout\":25}")));

        assertNull(done.getException());
        assertEquals("25", sim.calls().get(0).form().get("timeout"));
    }
}

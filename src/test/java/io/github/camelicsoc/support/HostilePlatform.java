package io.github.camelicsoc.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform on 127.0.0.1 that answers what no HTTP library mock can: answers larger than any heap, bodies and
 * headers that never end. It speaks raw HTTP/1.1 ({@link RawHttpPlatform}); each request is read in full (so it counts
 * as sent), then answered the way {@link #answerWith} says.
 */
public final class HostilePlatform implements AutoCloseable {

    /** How the platform answers the next requests. */
    public enum Answer {
        /** A normal accepted call: {@code {"code":200,"message":"ok","callid":"hostile-<n>"}}, n = 1, 2, ... */
        NORMAL,
        /** A 50 MB body, announced by Content-Length. */
        HUGE_ANNOUNCED_BODY,
        /** A 50 MB body with no length, ended by closing the connection. */
        HUGE_UNANNOUNCED_BODY,
        /** A chunked body that never ends. */
        ENDLESS_BODY,
        /** A header line that never ends. */
        ENDLESS_HEADER_LINE,
        /** Header fields that never end. */
        ENDLESS_HEADERS
    }

    // each accepted call its own id, as on the real platform: the same id twice on one kept-alive connection is how
    // the client tells a stray answer, so a constant id would make a reused connection look hostile
    private static final AtomicInteger CALL_IDS = new AtomicInteger();
    private static final long FIFTY_MB = 50L * 1024 * 1024;

    private final RawHttpPlatform platform;
    private volatile Answer answer = Answer.NORMAL;

    private HostilePlatform() throws IOException {
        platform = RawHttpPlatform.start("hostile-platform", true, (form, nth, out) -> answer(answer, out));
    }

    public static HostilePlatform start() throws IOException {
        return new HostilePlatform();
    }

    public String baseUrl() {
        return platform.baseUrl();
    }

    public HostilePlatform answerWith(Answer next) {
        this.answer = next;
        return this;
    }

    /** Requests read in full so far. */
    public int requestCount() {
        return platform.requests();
    }

    /** Writes the answer; false when the connection must close after it. */
    private static boolean answer(Answer answer, OutputStream out) throws IOException {
        byte[] block = new byte[16 * 1024];
        Arrays.fill(block, (byte) 'x');
        switch (answer) {
            case NORMAL -> {
                out.write(RawHttpPlatform.okJson(
                        "{\"code\":200,\"message\":\"ok\",\"callid\":\"hostile-" + CALL_IDS.incrementAndGet() + "\"}"));
                out.flush();
                return true;
            }
            case HUGE_ANNOUNCED_BODY, HUGE_UNANNOUNCED_BODY -> {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                           + (answer == Answer.HUGE_ANNOUNCED_BODY ? "Content-Length: " + FIFTY_MB + "\r\n"
                                   : "Connection: close\r\n")
                           + "\r\n{\"code\":200,\"message\":\"").getBytes(StandardCharsets.US_ASCII));
                for (long sent = 0; sent < FIFTY_MB; sent += block.length) {
                    out.write(block);
                }
                return false;
            }
            case ENDLESS_BODY -> {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] size = (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                while (true) {
                    out.write(size);
                    out.write(block);
                    out.write('\r');
                    out.write('\n');
                }
            }
            case ENDLESS_HEADER_LINE -> {
                out.write("HTTP/1.1 200 OK\r\nX-Endless: ".getBytes(StandardCharsets.US_ASCII));
                while (true) {
                    out.write(block);
                }
            }
            case ENDLESS_HEADERS -> {
                out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
                for (long n = 0; ; n++) {
                    out.write(("X-Header-" + n + ": again\r\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
            default -> throw new IllegalStateException(answer.toString());
        }
    }

    @Override
    public void close() throws IOException {
        platform.close();
    }
}

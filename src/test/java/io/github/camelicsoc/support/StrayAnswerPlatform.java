package io.github.camelicsoc.support;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform on 127.0.0.1 (or a proxy in front of one) that, after every fifth answer on a kept-alive connection,
 * writes one more answer nobody asked for: a copy of the answer it just gave; or that closes each connection after
 * its answer without saying so. Each genuine answer's {@code callid} is
 * {@link #callIdFor derived from the request's numbers}, so a caller can tell its own answer from another call's.
 * It speaks raw HTTP/1.1 ({@link RawHttpPlatform}) and counts the call requests it read, per caller number.
 */
public final class StrayAnswerPlatform implements AutoCloseable {

    /** When the stray answer leaves, relative to the answer it copies. */
    public enum Timing {
        /** In the same write as the answer: both arrive together. */
        WITH_THE_ANSWER,
        /** In a write of its own right after the answer, delayed by the platform's Nagle algorithm as TCP does. */
        RIGHT_AFTER,
        /** A few milliseconds later, when the client may have sent its next request on the connection. */
        LATER,
        /** No stray answer: the connection is closed right after each answer, without a Connection: close. */
        CLOSES_AFTER_EACH_ANSWER
    }

    /** Every how many answers on a connection a stray one follows. */
    public static final int STRAY_EVERY = 5;

    private final RawHttpPlatform platform;
    private final Timing timing;
    private final Map<String, AtomicInteger> requestsByCaller = new ConcurrentHashMap<>();
    private final AtomicInteger strays = new AtomicInteger();

    private StrayAnswerPlatform(Timing timing) throws IOException {
        this.timing = timing;
        // RIGHT_AFTER: the stray answer's own small write waits on TCP's Nagle algorithm, as a platform's would
        this.platform = RawHttpPlatform.start("stray-answer-platform", timing != Timing.RIGHT_AFTER, this::answer);
    }

    public static StrayAnswerPlatform start(Timing timing) throws IOException {
        return new StrayAnswerPlatform(timing);
    }

    public String baseUrl() {
        return platform.baseUrl();
    }

    /** The call id the platform gives the call from {@code caller} to {@code called}. */
    public static String callIdFor(String caller, String called) {
        return "call-" + caller + "-" + called;
    }

    /** How many call requests from {@code caller} the platform read in full. */
    public int requestsFrom(String caller) {
        AtomicInteger n = requestsByCaller.get(caller);
        return n == null ? 0 : n.get();
    }

    /** All call requests read in full. */
    public int requests() {
        return requestsByCaller.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Stray answers written so far. */
    public int strays() {
        return strays.get();
    }

    /** Connections accepted so far. */
    public int connections() {
        return platform.connections();
    }

    private boolean answer(Map<String, String> form, int nth, OutputStream out)
            throws IOException, InterruptedException {
        String caller = form.getOrDefault("caller", "");
        requestsByCaller.computeIfAbsent(caller, c -> new AtomicInteger()).incrementAndGet();
        byte[] answer = RawHttpPlatform.okJson("{\"code\":200,\"message\":\"ok\",\"callid\":\""
                                               + callIdFor(caller, form.getOrDefault("called", "")) + "\"}");
        if (timing == Timing.CLOSES_AFTER_EACH_ANSWER) {
            out.write(answer);
            out.flush();
            return false;
        }
        if (nth % STRAY_EVERY != 0) {
            out.write(answer);
            out.flush();
            return true;
        }
        strays.incrementAndGet();
        switch (timing) {
            case WITH_THE_ANSWER -> {
                byte[] both = new byte[answer.length * 2];
                System.arraycopy(answer, 0, both, 0, answer.length);
                System.arraycopy(answer, 0, both, answer.length, answer.length);
                out.write(both);
                out.flush();
            }
            case RIGHT_AFTER -> {
                out.write(answer);
                out.flush();
                out.write(answer);
                out.flush();
            }
            case LATER -> {
                out.write(answer);
                out.flush();
                Thread.sleep(3);
                out.write(answer);
                out.flush();
            }
            default -> throw new IllegalStateException(timing.toString());
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        platform.close();
    }
}

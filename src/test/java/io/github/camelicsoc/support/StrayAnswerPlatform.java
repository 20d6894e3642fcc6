package io.github.camelicsoc.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform on 127.0.0.1 (or a proxy in front of one) that, after every fifth answer on a kept-alive connection,
 * writes one more answer nobody asked for: a copy of the answer it just gave; or that closes each connection after
 * its answer without saying so. Each genuine answer's {@code callid} is
 * {@link #callIdFor derived from the request's numbers}, so a caller can tell its own answer from another call's.
 * It speaks raw HTTP/1.1 over a socket and counts the call requests it read, per caller number.
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

    private final ServerSocket server;
    private final Timing timing;
    private final Map<String, AtomicInteger> requestsByCaller = new ConcurrentHashMap<>();
    private final AtomicInteger strays = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private StrayAnswerPlatform(Timing timing) throws IOException {
        this.timing = timing;
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "stray-answer-platform");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static StrayAnswerPlatform start(Timing timing) throws IOException {
        return new StrayAnswerPlatform(timing);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
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
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread connection = new Thread(() -> serve(socket), "stray-answer-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(timing != Timing.RIGHT_AFTER);
            int answered = 0;
            for (Map<String, String> form; (form = readRequest(in)) != null; ) {
                String caller = form.getOrDefault("caller", "");
                requestsByCaller.computeIfAbsent(caller, c -> new AtomicInteger()).incrementAndGet();
                byte[] answer = answer(callIdFor(caller, form.getOrDefault("called", "")));
                answered++;
                if (timing == Timing.CLOSES_AFTER_EACH_ANSWER) {
                    out.write(answer);
                    out.flush();
                    return;
                }
                if (answered % STRAY_EVERY != 0) {
                    out.write(answer);
                    out.flush();
                    continue;
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
            }
        } catch (IOException e) {
            // the client closed the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    private static byte[] answer(String callId) {
        byte[] body = ("{\"code\":200,\"message\":\"ok\",\"callid\":\"" + callId + "\"}").getBytes(StandardCharsets.US_ASCII);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] answer = new byte[head.length + body.length];
        System.arraycopy(head, 0, answer, 0, head.length);
        System.arraycopy(body, 0, answer, head.length, body.length);
        return answer;
    }

    /** Reads one request head and its Content-Length body as a form; null at the end of the connection. */
    private static Map<String, String> readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            return null;
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}

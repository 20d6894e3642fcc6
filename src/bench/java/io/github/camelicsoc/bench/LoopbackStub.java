package io.github.camelicsoc.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.camelicsoc.client.Wsse;
import io.github.camelicsoc.model.IcsocOperation;

/**
 * The loopback stub every contender calls: the JDK's minimal HTTP server on 127.0.0.1, in a JVM of its own so that
 * its threads and its heap are never counted with the contenders'. It accepts any X-WSSE header (it only counts the
 * requests that have none) and answers:
 * <ul>
 * <li>{@code [/delay/<ms>]/v2/wintelapi/webcall/cti}: a placed call, {@code {"code":200,"message":"ok","callid":...}},
 * at once or after {@code ms} milliseconds;</li>
 * <li>{@code /records/<n>/v2/wintelapi/webcall/webcall400}: {@code n} inbound records of the 400 shape, from a body
 * rendered once at start-up;</li>
 * <li>{@code /stats}: requests served, requests without an X-WSSE header and the most requests in flight at once since
 * the last {@code /stats}, which resets them.</li>
 * </ul>
 * Prints {@code port <n>} once it listens and exits when its standard input closes, that is, with the benchmark.
 * Argument: the most records one response may hold.
 */
public final class LoopbackStub {

    static final String CALL_PATH = IcsocOperation.CLASSIC_CALL.path();
    static final String RECORDS_PATH = IcsocOperation.INBOUND_RECORDS.path();

    private final RenderedInboundRecords records;
    private final AtomicLong callIds = new AtomicLong(100000);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong withoutWsse = new AtomicLong();

    private LoopbackStub(RenderedInboundRecords records) {
        this.records = records;
    }

    public static void main(String[] args) throws IOException {
        // without it the JDK server leaves Nagle's algorithm on and a response can wait for a delayed ACK (40 ms)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // every contender keeps its pool of up to 64 connections open while the others run: keep them all, and
        // never close one for being idle, or a contender would meet a connection the stub had closed
        System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
        System.setProperty("sun.net.httpserver.idleInterval", "3600");
        int maxRecords = Integer.parseInt(args[0]);
        LocalDateTime from = LocalDateTime.now(ZoneOffset.ofHours(8)).minusHours(2).truncatedTo(ChronoUnit.HOURS);
        LoopbackStub stub = new LoopbackStub(RenderedInboundRecords.render(maxRecords, from));

        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), 0), 512);
        // threads enough for every delayed answer to sleep in its own
        ExecutorService workers = Executors.newFixedThreadPool(256, r -> {
            Thread t = new Thread(r, "stub-worker");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", stub::handle);
        server.start();
        System.out.println("port " + server.getAddress().getPort());
        System.out.flush();
        InputStream parent = System.in;
        while (parent.read() >= 0) {
            // the benchmark keeps our standard input open while it runs
        }
        server.stop(0);
        System.exit(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            // read the whole request so the connection can be kept alive
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/stats")) {
                answer(exchange, "text/plain", "requests=" + served.getAndSet(0) + " withoutWsse=" + withoutWsse.getAndSet(0)
                                               + " mostInFlight=" + mostInFlight.getAndSet(0));
                return;
            }
            served.incrementAndGet();
            if (exchange.getRequestHeaders().getFirst(Wsse.HEADER) == null) {
                withoutWsse.incrementAndGet();
            }
            if (path.endsWith(CALL_PATH)) {
                long delay = path.startsWith("/delay/") ? Long.parseLong(segment(path, 1)) : 0;
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                answer(exchange, "application/json; charset=utf-8",
                        "{\"code\":200,\"message\":\"ok\",\"callid\":\"" + callIds.incrementAndGet() + "\"}");
            } else if (path.startsWith("/records/") && path.endsWith(RECORDS_PATH)) {
                int n = Math.min(Integer.parseInt(segment(path, 1)), records.count());
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                exchange.sendResponseHeaders(200, records.bodyLength(n));
                try (OutputStream out = exchange.getResponseBody()) {
                    records.writeBody(n, out);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The {@code index}-th segment of {@code /a/b/c} (0 is {@code a}). */
    private static String segment(String path, int index) {
        return path.split("/")[index + 1];
    }

    private static void answer(HttpExchange exchange, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

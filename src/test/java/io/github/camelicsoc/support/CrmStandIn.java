package io.github.camelicsoc.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a CRM's webhook on loopback: POST /crm/calls takes a call record as JSON and answers 200, or 422
 * for records whose caller it was told to refuse.
 */
public final class CrmStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Set<String> refusedCallers = ConcurrentHashMap.newKeySet();
    private final List<Map<?, ?>> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();

    public CrmStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/crm/calls", this::handle);
        server.start();
    }

    /** The webhook URL to give the route. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/crm/calls";
    }

    /** The CRM answers 422 to every record from this caller. */
    public CrmStandIn refuseCaller(String caller) {
        refusedCallers.add(caller);
        return this;
    }

    /** The records the CRM accepted, as it received them. */
    public List<Map<?, ?>> accepted() {
        return List.copyOf(accepted);
    }

    /** How many times it answered 422. */
    public int refusals() {
        return refusals.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            Map<?, ?> record = JSON.readValue(in, Map.class);
            int status;
            if (!"POST".equals(exchange.getRequestMethod())) {
                status = 405;
            } else if (refusedCallers.contains(String.valueOf(record.get("caller")))) {
                refusals.incrementAndGet();
                status = 422;
            } else {
                accepted.add(record);
                status = 200;
            }
            byte[] body = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            exchange.sendResponseHeaders(400, -1);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

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
 * A stand-in for a CRM's webhooks on loopback: POST /crm/calls takes a call record as JSON and answers 200, or 422
 * for records whose caller it was told to refuse; POST /crm/tickets files a call's outcome (JSON, with headers
 * X-Ticket, X-Outcome and X-Record-Version) on its ticket.
 */
public final class CrmStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Set<String> refusedCallers = ConcurrentHashMap.newKeySet();
    private final List<Map<?, ?>> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private final List<TicketNote> ticketNotes = new CopyOnWriteArrayList<>();

    /**
     * An outcome filed on a ticket: the outcome kind (RECORD, TIMED_OUT, LATE_RECORD), the JSON body, the agent, and
     * the version of a newer state of a record (null on a record's first state and on TIMED_OUT).
     */
    public record TicketNote(String ticket, String outcome, Map<?, ?> body, String agent, String version) {
    }

    public CrmStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/crm/calls", this::handle);
        server.createContext("/crm/tickets", this::fileOnTicket);
        server.start();
    }

    /** The webhook URL to give the route. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/crm/calls";
    }

    /** The ticket webhook's URL. */
    public String ticketsUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/crm/tickets";
    }

    /** Every outcome filed on a ticket, in the order they came. */
    public List<TicketNote> ticketNotes() {
        return List.copyOf(ticketNotes);
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

    private void fileOnTicket(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            Map<?, ?> body = JSON.readValue(in, Map.class);
            String ticket = exchange.getRequestHeaders().getFirst("X-Ticket");
            String outcome = exchange.getRequestHeaders().getFirst("X-Outcome");
            int status = 200;
            if (!"POST".equals(exchange.getRequestMethod())) {
                status = 405;
            } else if (ticket == null || ticket.isEmpty() || outcome == null || outcome.isEmpty()) {
                status = 400;
            } else {
                ticketNotes.add(new TicketNote(ticket, outcome, body, exchange.getRequestHeaders().getFirst("agent"),
                        exchange.getRequestHeaders().getFirst("X-Record-Version")));
            }
            exchange.sendResponseHeaders(status, -1);
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

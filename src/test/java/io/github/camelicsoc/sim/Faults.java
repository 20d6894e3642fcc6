package io.github.camelicsoc.sim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

/**
 * What goes wrong between the platform and the client: faults queued for the next requests or drawn at random,
 * canned bodies, and how every answer travels (late, trickling, or on a connection that closes after it).
 */
final class Faults {

    private final Deque<SimFault> next = new ArrayDeque<>();
    private final Deque<String> cannedBodies = new ArrayDeque<>();
    private final Map<SimFault, AtomicInteger> injected = new EnumMap<>(SimFault.class);
    private volatile RandomFaults random;
    private volatile int latencyMillis;
    private volatile int trickleMillis;
    private volatile int timeoutMillis = 5000;
    private volatile boolean closeConnections;

    Faults() {
        for (SimFault fault : SimFault.values()) {
            injected.put(fault, new AtomicInteger());
        }
    }

    void failNext(SimFault... faults) {
        synchronized (next) {
            next.addAll(List.of(faults));
        }
    }

    void answerNext(String jsonBody) {
        synchronized (cannedBodies) {
            cannedBodies.add(jsonBody);
        }
    }

    void injectRandom(long seed, double http5xx, double timeout, double malformed, double drop) {
        if (http5xx < 0 || timeout < 0 || malformed < 0 || drop < 0 || http5xx + timeout + malformed + drop > 1) {
            throw new IllegalArgumentException("fault probabilities must be non-negative and add up to at most 1");
        }
        this.random = new RandomFaults(seed, http5xx, timeout, malformed, drop);
    }

    void stopRandom() {
        this.random = null;
    }

    void respondAfter(Duration latency) {
        this.latencyMillis = (int) latency.toMillis();
    }

    void trickle(Duration total) {
        this.trickleMillis = (int) total.toMillis();
    }

    void timeoutAfter(Duration delay) {
        this.timeoutMillis = (int) delay.toMillis();
    }

    void closeConnectionAfterEachResponse() {
        this.closeConnections = true;
    }

    int injected(SimFault fault) {
        return injected.get(fault).get();
    }

    Map<SimFault, Integer> injected() {
        Map<SimFault, Integer> counts = new EnumMap<>(SimFault.class);
        injected.forEach((fault, n) -> counts.put(fault, n.get()));
        return counts;
    }

    /** The fault for the request that just arrived: one queued with failNext, else one drawn at random, else null. */
    SimFault forNextRequest() {
        SimFault fault;
        synchronized (next) {
            fault = next.poll();
        }
        RandomFaults drawing = random;
        if (fault == null && drawing != null) {
            fault = drawing.draw();
        }
        if (fault != null) {
            injected.get(fault).incrementAndGet();
        }
        return fault;
    }

    /** The body queued with answerNext, or null. */
    String cannedBody() {
        synchronized (cannedBodies) {
            return cannedBodies.poll();
        }
    }

    /** The answer a request gets instead of being processed; not for {@link SimFault#TIMEOUT}, a late answer. */
    static ResponseDefinitionBuilder page(SimFault fault) {
        ResponseDefinitionBuilder r = ResponseDefinitionBuilder.responseDefinition();
        return switch (fault) {
            case HTTP_500 -> errorPage(r, 500, "Internal Server Error");
            case HTTP_502 -> errorPage(r, 502, "Bad Gateway");
            case HTTP_503 -> errorPage(r, 503, "Service Temporarily Unavailable");
            case MALFORMED_JSON -> r.withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"code\":200,\"message\":\"ok\",\"data\":[{\"caller\":\"138");
            case CONNECTION_RESET -> r.withFault(Fault.CONNECTION_RESET_BY_PEER);
            case EMPTY_RESPONSE -> r.withFault(Fault.EMPTY_RESPONSE);
            case TIMEOUT -> throw new IllegalArgumentException("a timeout is a late answer, not a fault page");
        };
    }

    /** How {@code response} travels: late (very late for a timeout), trickling, with the connection closed after. */
    ResponseDefinitionBuilder deliver(ResponseDefinitionBuilder response, SimFault fault) {
        int delay = fault == SimFault.TIMEOUT ? timeoutMillis : latencyMillis;
        if (delay > 0) {
            response = response.withFixedDelay(delay);
        }
        if (trickleMillis > 0) {
            response = response.withChunkedDribbleDelay(30, trickleMillis);
        }
        if (closeConnections) {
            response = response.withHeader("Connection", "close");
        }
        return response;
    }

    private static ResponseDefinitionBuilder errorPage(ResponseDefinitionBuilder r, int status, String reason) {
        return r.withStatus(status).withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>" + status + " " + reason + "</title></head><body><center><h1>" + status
                          + " " + reason + "</h1></center><hr><center>nginx</center></body></html>");
    }

    /** Faults drawn at random from a seeded generator, one draw per request. */
    private static final class RandomFaults {
        private final Random random;
        private final double http5xx;
        private final double timeout;
        private final double malformed;
        private final double drop;

        RandomFaults(long seed, double http5xx, double timeout, double malformed, double drop) {
            this.random = new Random(seed);
            this.http5xx = http5xx;
            this.timeout = timeout;
            this.malformed = malformed;
            this.drop = drop;
        }

        synchronized SimFault draw() {
            double r = random.nextDouble();
            int variant = random.nextInt(6);
            if (r < http5xx) {
                return variant % 3 == 0 ? SimFault.HTTP_500 : variant % 3 == 1 ? SimFault.HTTP_502 : SimFault.HTTP_503;
            }
            r -= http5xx;
            if (r < timeout) {
                return SimFault.TIMEOUT;
            }
            r -= timeout;
            if (r < malformed) {
                return SimFault.MALFORMED_JSON;
            }
            r -= malformed;
            if (r < drop) {
                return variant % 2 == 0 ? SimFault.CONNECTION_RESET : SimFault.EMPTY_RESPONSE;
            }
            return null;
        }
    }
}

package io.github.camelicsoc;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelicsoc.model.CallMode;
import io.github.camelicsoc.model.CallRequest;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.support.BadInput;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.SimulatorTestSupport;
import io.github.camelicsoc.support.Soak;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bad input, property-based: random strings (and random objects) in every call option, given as headers, as the
 * body and as endpoint options, go through {@code icsoc:call} to the simulator. Every call ends in a
 * {@link CallResult} or a typed {@link IcsocException}, never another exception and never a hang; an endpoint
 * option that cannot be a value of its option at all is refused when the endpoint is created, before any call.
 */
class CallOptionsPropertyTest extends SimulatorTestSupport {

    static final long SEED = 424242L;
    static final int HEADER_CASES = Soak.scaled(1_200);
    static final int BODY_CASES = Soak.scaled(600);
    static final int ENDPOINT_CASES = Soak.scaled(400);
    static final Duration BOUND = Duration.ofSeconds(Soak.scaled(120));

    private static final String[] HEADERS = {
        IcsocConstants.MODE, IcsocConstants.CALLER, IcsocConstants.CALLED, IcsocConstants.TIMEOUT,
        IcsocConstants.DISPLAY_CALLER, IcsocConstants.DISPLAY_CALLED };
    private static final String[] OPTIONS = {
        "mode", "caller", "called", "timeout", "displayCaller", "displayCalled", "vccCode", "secret" };

    private static final AtomicInteger CALLS = new AtomicInteger();
    private static final AtomicInteger PLACED = new AtomicInteger();
    private static final Map<IcsocException.Kind, Integer> FAILURES = new EnumMap<>(IcsocException.Kind.class);
    private static final AtomicInteger ENDPOINTS_REFUSED = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").to("icsoc:call?requestTimeout=5000");
            }
        };
    }

    @Test
    void randomValuesInEveryCallHeaderEndInAResultOrAnIcsocException() {
        Random random = new Random(SEED);
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < HEADER_CASES; i++) {
                Map<String, Object> headers = new LinkedHashMap<>();
                for (String header : HEADERS) {
                    if (random.nextInt(5) > 0) {
                        headers.put(header, value(random, header.equals(IcsocConstants.TIMEOUT)));
                    }
                }
                Exchange done = template.send("direct:call", e -> e.getIn().getHeaders().putAll(headers));
                check("headers " + i + " " + headers, done);
            }
        });
    }

    @Test
    void randomBodiesEndInAResultOrAnIcsocException() {
        Random random = new Random(SEED + 1);
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < BODY_CASES; i++) {
                Object body = body(random);
                Exchange done = template.send("direct:call", e -> {
                    e.getIn().setBody(body);
                    if (random.nextBoolean()) {
                        // a number to call when the body has none, so that more bodies get as far as the platform
                        e.getIn().setHeader(IcsocConstants.CALLER, "13800138000");
                        e.getIn().setHeader(IcsocConstants.CALLED, "13900139000");
                    }
                });
                check("body " + i + " " + describe(body), done);
            }
        });
    }

    @Test
    void randomValuesInEveryEndpointOptionEndInAResultOrAnIcsocExceptionOrARefusedEndpoint() {
        Random random = new Random(SEED + 2);
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < ENDPOINT_CASES; i++) {
                StringBuilder uri = new StringBuilder("icsoc:call?requestTimeout=5000");
                for (String option : OPTIONS) {
                    if (random.nextInt(3) > 0) {
                        // a mode or timeout that is not one refuses the endpoint: keep those rarer, to reach the call
                        boolean typed = option.equals("mode") || option.equals("timeout");
                        boolean bad = typed ? random.nextInt(4) == 0 : random.nextInt(4) > 0;
                        String value = bad ? BadInput.string(random) : goodValue(random, option);
                        uri.append('&').append(option).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                    }
                }
                Endpoint endpoint;
                try {
                    endpoint = context.getEndpoint(uri.toString());
                } catch (ResolveEndpointFailedException e) {
                    // refused while the route is being built: no exchange ever meets it
                    ENDPOINTS_REFUSED.incrementAndGet();
                    continue;
                }
                Exchange done = template.send(endpoint, e -> {
                });
                check("endpoint " + i + " " + uri, done);
            }
        });
    }

    @AfterAll
    static void report() {
        new Figures("bad-call-options")
                .put("calls tried with random headers", HEADER_CASES)
                .put("calls tried with random bodies", BODY_CASES)
                .put("endpoints tried with random options", ENDPOINT_CASES)
                .put("endpoints refused when created (option of the wrong type or an unusable URL)", ENDPOINTS_REFUSED.get())
                .put("calls sent through icsoc:call", CALLS.get())
                .put("ended in a CallResult", PLACED.get())
                .put("ended in an IcsocException, by kind", FAILURES)
                .put("other exceptions", 0)
                .report();
    }

    private static void check(String what, Exchange done) {
        CALLS.incrementAndGet();
        Exception failure = done.getException();
        if (failure == null) {
            assertInstanceOf(CallResult.class, done.getMessage().getBody(), what);
            PLACED.incrementAndGet();
            return;
        }
        if (!(failure instanceof IcsocException icsoc)) {
            fail(what + ": " + failure + " escaped", failure);
            return;
        }
        synchronized (FAILURES) {
            FAILURES.merge(icsoc.getKind(), 1, Integer::sum);
        }
    }

    /** A random header value: mostly a random string, sometimes a number, a mode or an object of another type. */
    private static Object value(Random random, boolean timeout) {
        return switch (random.nextInt(timeout ? 8 : 10)) {
            case 0 -> random.nextInt();
            case 1 -> random.nextLong();
            case 2 -> random.nextDouble() * 1e12 - 5e11;
            case 3 -> random.nextBoolean() ? CallMode.AXB : List.of(BadInput.string(random));
            case 4 -> Map.of("caller", BadInput.string(random));
            case 5 -> BadInput.string(random).getBytes(StandardCharsets.UTF_8);
            case 6 -> random.nextInt(200) - 20;
            default -> BadInput.string(random);
        };
    }

    private static Object body(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> new CallRequest(random.nextBoolean() ? CallMode.CLASSIC : null, BadInput.string(random),
                    BadInput.string(random), random.nextBoolean() ? null : random.nextInt(), BadInput.string(random),
                    random.nextBoolean() ? null : BadInput.string(random));
            case 1 -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (String field : List.of("mode", "caller", "called", "timeout", "displayCaller", "displayCalled")) {
                    if (random.nextBoolean()) {
                        map.put(field, value(random, field.equals("timeout")));
                    }
                }
                yield map;
            }
            case 2, 3 -> "{" + BadInput.json(random, 3).substring(1);
            case 4 -> BadInput.mutate(random, "{\"caller\":\"13800138000\",\"called\":\"13900139000\",\"timeout\":30,"
                                              + "\"mode\":\"axb\",\"displayCalled\":\"17100001111\"}");
            case 5 -> BadInput.bytes(random, BadInput.response(random));
            case 6 -> new ByteArrayInputStream(BadInput.bytes(random, "{" + BadInput.json(random, 2)));
            default -> value(random, false);
        };
    }

    /** A value its option can take, so that the other options' random values are reached. */
    private static String goodValue(Random random, String option) {
        return switch (option) {
            case "mode" -> random.nextBoolean() ? "classic" : "axb";
            case "timeout" -> Integer.toString(1 + random.nextInt(60));
            case "vccCode" -> "7000001";
            case "secret" -> "sim-secret-7f3a";
            case "displayCaller", "displayCalled" -> "4001234567";
            default -> "1380013" + (8000 + random.nextInt(1000));
        };
    }

    private static String describe(Object body) {
        if (body instanceof byte[] bytes) {
            return "bytes " + new String(bytes, StandardCharsets.UTF_8);
        }
        return body == null ? "null" : body.getClass().getSimpleName() + " " + body;
    }
}

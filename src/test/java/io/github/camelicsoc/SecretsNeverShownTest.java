package io.github.camelicsoc;

import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.ChaosDay;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.LogCapture;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.ConsumersHealthCheckRepository;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.util.URISupport;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets: a full run (calls and records, under injected faults, with failing exchanges, refused calls and
 * unreachable hosts, from start to stop) whose whole log is captured, and the endpoint URIs as Camel renders them
 * (toString, the sanitized URI that JMX and route dumps show, the service URL, the health check): the secret is in
 * none of them, neither as typed nor URL-encoded nor in base64.
 */
class SecretsNeverShownTest {

    static final String COMPONENT_VCC = "7000002";
    static final String COMPONENT_SECRET = "cmp-S3cret-Lq8w";
    static final String URI_VCC = "7000009";
    static final String URI_SECRET = "uri-S3cret-Zx4t";
    static final int RECORDS = 120;
    static final int CALLS = 40;

    @Test
    void aFullRunWithTheSecretAsAComponentOptionShowsItNowhereEvenAtTrace() throws Exception {
        String shown;
        try (IcsocSimulator sim = IcsocSimulator.start(); LogCapture log = new LogCapture(Level.TRACE)) {
            shown = fullRun(sim, false) + "\n" + log.text();
            assertTrue(log.size() > 1000, "the run logged at TRACE: " + log.size() + " lines");
        }
        assertTrue(shown.contains("X-WSSE"), "the HTTP client's header log was captured");
        assertTrue(shown.contains("HTTP 50"), "failures were logged");
        assertHidden(shown, COMPONENT_SECRET);
        report("component option, log at TRACE", shown);
    }

    @Test
    void aSecretTypedInAnEndpointUriIsMaskedInEveryRenderedUriAndInTheLogUpToDebug() throws Exception {
        String shown;
        try (IcsocSimulator sim = IcsocSimulator.start(); LogCapture log = new LogCapture(Level.DEBUG)) {
            shown = fullRun(sim, true) + "\n" + log.text();
        }
        assertTrue(shown.contains("HTTP 50"), "failures were logged");
        assertHidden(shown, COMPONENT_SECRET);
        assertHidden(shown, URI_SECRET);
        report("endpoint URI, log at DEBUG", shown);
    }

    private static final List<String> FIGURES = new CopyOnWriteArrayList<>();

    private static void report(String run, String shown) {
        FIGURES.add(run + ": " + shown.length() + " characters of log and rendered URIs searched");
        Figures figures = new Figures("secrets");
        for (int i = 0; i < FIGURES.size(); i++) {
            figures.put("run " + (i + 1), FIGURES.get(i));
        }
        figures.put("secrets found", 0).report();
    }

    private static void assertHidden(String text, String secret) {
        for (String form : List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))) {
            int at = text.indexOf(form);
            assertFalse(at >= 0, () -> "the secret shows as '" + form + "' in: "
                                       + text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 100)));
        }
    }

    /**
     * Runs calls and records with failures of every kind, stops, and returns every rendered URI, exception message
     * and health-check report seen on the way.
     */
    private static String fullRun(IcsocSimulator sim, boolean secretInUri) throws Exception {
        sim.addEnterprise(COMPONENT_VCC, COMPONENT_SECRET).addEnterprise(URI_VCC, URI_SECRET);
        List<SimRecord> records = ChaosDay.records(RECORDS, ChaosDay.platformNow().minusHours(1));
        sim.addRecords(records);
        sim.failCallsTo("13700000405");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StringBuilder shown = new StringBuilder();
        AtomicInteger recordsSeen = new AtomicInteger();
        java.util.Set<String> delivered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        long expected = records.stream().filter(r -> r.inbound() || secretInUri).count();
        CamelContext camel = new DefaultCamelContext();
        DefaultHealthCheckRegistry health = new DefaultHealthCheckRegistry(camel);
        health.register(new ConsumersHealthCheckRepository());
        camel.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, health);
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim.baseUrl());
        icsoc.setVccCode(COMPONENT_VCC);
        icsoc.setSecret(COMPONENT_SECRET);
        icsoc.setRequestTimeout(400);
        String uriCall = "icsoc:call?vccCode=" + URI_VCC + "&secret=" + URI_SECRET + "&called=13900139000";
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").routeId("calls").to("icsoc:call?called=13900139000").log("placed ${body}");
                from("direct:unreachable").routeId("unreachable")
                        .to("icsoc:call?called=13900139000&baseUrl=http://127.0.0.1:" + closedPort);
                if (secretInUri) {
                    from("direct:uri-call").routeId("uri-calls").to(uriCall).log("placed ${body}");
                    from("icsoc:records?type=800&vccCode=" + URI_VCC + "&secret=" + URI_SECRET
                         + "&startTime=26h&maxWindow=6h&settle=0&delay=100&initialDelay=0").routeId("uri-records")
                            .process(e -> delivered.add(e.getIn().getHeader(IcsocConstants.RECORD_KEY, String.class)))
                            .log("record ${header.CamelIcsocRecordKey}");
                }
                from("icsoc:records?type=400&startTime=26h&maxWindow=6h&settle=0&delay=100&initialDelay=0").routeId("records")
                        .process(e -> {
                            if (recordsSeen.incrementAndGet() % 7 == 0) {
                                throw new IllegalStateException("the route failed this record on purpose");
                            }
                            delivered.add(e.getIn().getHeader(IcsocConstants.RECORD_KEY, String.class));
                        })
                        .log("record ${header.CamelIcsocRecordKey}");
            }
        });
        sim.timeoutAfter(Duration.ofMillis(1000));
        sim.injectRandomFaults(99, 0.2, 0.05, 0.05, 0.05);
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        List<Exchange> done = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String caller = switch (i % 5) {
                case 0 -> "138 0013 " + String.format("%04d", i);
                case 1 -> "call me";
                case 2 -> "";
                default -> String.format("138%08d", i);
            };
            String called = i % 6 == 0 ? "13700000405" : "13900139000";
            done.add(template.send("direct:call", e -> {
                e.getIn().setHeader(IcsocConstants.CALLER, caller);
                e.getIn().setHeader(IcsocConstants.CALLED, called);
            }));
            if (secretInUri) {
                done.add(template.send("direct:uri-call", e -> e.getIn().setHeader(IcsocConstants.CALLER, caller)));
            }
        }
        done.add(template.send("direct:unreachable", e -> e.getIn().setHeader(IcsocConstants.CALLER, "13800138000")));
        await("the records were delivered").atMost(Duration.ofSeconds(120)).until(() -> delivered.size() >= expected);
        for (Exchange exchange : done) {
            shown.append(exchange.getException()).append('\n');
            if (exchange.getException() != null) {
                for (Throwable t = exchange.getException().getCause(); t != null; t = t.getCause()) {
                    shown.append(t).append('\n');
                }
            }
        }
        for (HealthCheck.Result result : HealthCheckHelper.invoke(camel)) {
            shown.append(result.getState()).append(' ').append(result.getMessage().orElse("")).append(' ')
                    .append(result.getDetails()).append(' ').append(result.getError().map(Throwable::toString).orElse(""))
                    .append('\n');
        }
        for (Endpoint endpoint : camel.getEndpoints()) {
            shown.append(endpoint).append('\n')
                    .append(URISupport.sanitizeUri(endpoint.getEndpointUri())).append('\n')
                    .append(URISupport.sanitizeUri(endpoint.getEndpointBaseUri())).append('\n');
            if (endpoint instanceof EndpointServiceLocation location) {
                shown.append(location.getServiceUrl()).append(' ').append(location.getServiceMetadata()).append('\n');
            }
            if (endpoint instanceof IcsocEndpoint icsocEndpoint) {
                shown.append(icsocEndpoint.getConfiguration()).append('\n');
                if (!secretInUri) {
                    // the secret was never in a URI: not even the raw URI as typed shows it
                    shown.append(endpoint.getEndpointUri()).append('\n');
                }
            }
        }
        for (Route route : camel.getRoutes()) {
            shown.append(route).append(' ').append(route.getEndpoint()).append(' ').append(route.getConsumer())
                    .append('\n');
        }
        shown.append(icsoc).append('\n');
        camel.stop();
        return shown.toString();
    }
}

package io.github.camelicsoc.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelicsoc.IcsocConstants;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.ReceivedCall;
import io.github.camelicsoc.support.LogCapture;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.logging.log4j.Level;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two Kamelets shipped in the jar, each bound the way a Pipe binds it (a route from
 * {@code kamelet:icsoc-records-source}, a route to {@code kamelet:icsoc-call-sink}, the Kamelet's properties given as
 * {@code camel.kamelet.<name>.<property>} properties, never in a URI) and run against the simulator.
 */
class KameletsTest {

    static final String VCC = "7000031";
    static final String SECRET = "kml-S3cret-Qp7v";

    private final IcsocSimulator sim = IcsocSimulator.start().addEnterprise(VCC, SECRET);
    private final List<CamelContext> contexts = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
        sim.close();
    }

    /** A context whose properties configure the Kamelet as a Pipe's properties would. */
    private CamelContext pipe(String kamelet, Map<String, String> kameletProperties, RouteBuilder binding) throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        Properties properties = new Properties();
        properties.put("camel.kamelet." + kamelet + ".baseUrl", sim.baseUrl());
        properties.put("camel.kamelet." + kamelet + ".vccCode", VCC);
        properties.put("camel.kamelet." + kamelet + ".secret", SECRET);
        kameletProperties.forEach((k, v) -> properties.put("camel.kamelet." + kamelet + "." + k, v));
        context.getPropertiesComponent().setInitialProperties(properties);
        context.addRoutes(binding);
        context.start();
        return context;
    }

    private CamelContext callPipe() throws Exception {
        return pipe("icsoc-call-sink", Map.of("mode", "axb", "caller", "13800138000",
                "displayCalled", IcsocSimulator.PRIVACY_NUMBER), new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:calls").routeId("calls").to("kamelet:icsoc-call-sink");
                    }
                });
    }

    @Test
    void theCallSinkPlacesACallAndAnswersJson() throws Exception {
        CamelContext context = callPipe();

        Exchange out = context.createProducerTemplate().request("direct:calls",
                e -> e.getIn().setHeader(IcsocConstants.CALLED, "13900139000"));

        assertNotNull(out.getMessage().getBody());
        assertFalse(out.getMessage().getBody() instanceof CallResult, "the sink answers JSON, not a Java object");
        Map<?, ?> answer = new ObjectMapper().readValue(out.getMessage().getBody(String.class), Map.class);
        ReceivedCall call = sim.calls().get(0);
        assertEquals(200, call.code());
        assertTrue(call.axb());
        assertEquals("13900139000", call.called());
        assertEquals(IcsocSimulator.PRIVACY_NUMBER, call.form().get("display_called"));
        assertEquals("ok", answer.get("message"));
        assertEquals(call.callId(), answer.get("callId"));
        assertEquals(call.callId(), out.getMessage().getHeader(IcsocConstants.CALL_ID));
    }

    @Test
    void theCallSinkTakesTheNumbersFromAJsonBody() throws Exception {
        CamelContext context = callPipe();

        String answer = context.createProducerTemplate().requestBody("direct:calls",
                "{\"caller\": \"13800000001\", \"called\": \"13900000002\"}", String.class);

        assertEquals("13800000001", sim.calls().get(0).caller());
        assertEquals("13900000002", sim.calls().get(0).called());
        assertTrue(answer.contains("\"callId\":\"" + sim.calls().get(0).callId() + "\""), answer);
    }

    private CamelContext recordsPipe(List<String> received, Map<String, String> more) throws Exception {
        Map<String, String> properties = new HashMap<>(Map.of("type", "400", "delay", "100", "settle", "0"));
        properties.putAll(more);
        return pipe("icsoc-records-source", properties, new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:icsoc-records-source").routeId("records")
                        .process(e -> received.add(e.getIn().getBody(String.class)));
            }
        });
    }

    @Test
    void theRecordsSourceEmitsEachRecordAsJson() throws Exception {
        sim.addInboundRecords(3, LocalDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(30), Duration.ofMinutes(10));
        List<String> received = new CopyOnWriteArrayList<>();

        recordsPipe(received, Map.of());

        await().atMost(Duration.ofSeconds(15)).until(() -> received.size() >= 3);
        Map<?, ?> first = new ObjectMapper().readValue(received.get(0), Map.class);
        assertEquals("400", first.get("type"));
        assertNotNull(first.get("startTime"));
    }

    @Test
    void aCallPlacedThroughTheSinkWithAKeyComesBackFromTheSourceAsItsOutcome() throws Exception {
        sim.callsLast(Duration.ofSeconds(1));
        List<Exchange> outcomes = new CopyOnWriteArrayList<>();
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        Properties properties = new Properties();
        for (String kamelet : List.of("icsoc-call-sink", "icsoc-records-source")) {
            properties.put("camel.kamelet." + kamelet + ".baseUrl", sim.baseUrl());
            properties.put("camel.kamelet." + kamelet + ".vccCode", VCC);
            properties.put("camel.kamelet." + kamelet + ".secret", SECRET);
        }
        properties.put("camel.kamelet.icsoc-call-sink.caller", "13800138000");
        properties.put("camel.kamelet.icsoc-call-sink.correlationKeyHeader", "ticketId");
        properties.put("camel.kamelet.icsoc-records-source.type", "800");
        properties.put("camel.kamelet.icsoc-records-source.outcomes", "true");
        properties.put("camel.kamelet.icsoc-records-source.delay", "100");
        properties.put("camel.kamelet.icsoc-records-source.settle", "0");
        context.getPropertiesComponent().setInitialProperties(properties);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:calls").to("kamelet:icsoc-call-sink");
                from("kamelet:icsoc-records-source").process(e -> outcomes.add(e.copy()));
            }
        });
        context.start();

        context.createProducerTemplate().request("direct:calls", e -> {
            e.getIn().setHeader(IcsocConstants.CALLED, "13900139000");
            e.getIn().setHeader("ticketId", "T-42");
        });

        await().atMost(Duration.ofSeconds(15)).until(() -> !outcomes.isEmpty());
        Exchange outcome = outcomes.get(0);
        assertEquals("T-42", outcome.getIn().getHeader(IcsocConstants.CORRELATION_KEY));
        assertEquals("RECORD", outcome.getIn().getHeader(IcsocConstants.OUTCOME));
        assertEquals(sim.calls().get(0).callId(), outcome.getIn().getHeader(IcsocConstants.PLACED_CALL_ID));
        assertTrue(outcome.getIn().getBody(String.class).contains("\"called\":\"13900139000\""),
                outcome.getIn().getBody(String.class));
    }

    /** Durable state given to the records Kamelet: its repository parameters, or its records store on a database. */
    static List<Map<String, String>> durableStates() {
        return List.of(
                Map.of("stateRepository", "#watermarks", "idempotentRepository", "#delivered"),
                Map.of("recordsStore", "jdbc", "dataSource", "#recordsDatabase"));
    }

    @ParameterizedTest
    @MethodSource("durableStates")
    void aRestartedRecordsPipeWithDurableStateResumesWithoutReplayingTheDay(Map<String, String> repositories)
            throws Exception {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.ofHours(8));
        sim.addInboundRecords(5, now.minusHours(20), Duration.ofHours(10));
        Path watermarks = dir.resolve("watermarks.dat");
        Path delivered = dir.resolve("delivered.dat");
        List<String> first = new CopyOnWriteArrayList<>();

        CamelContext before = recordsPipeWithFiles(first, repositories, watermarks, delivered);
        await().atMost(Duration.ofSeconds(15)).until(() -> first.size() >= 5);
        // two more polls, so that the watermark has caught up with now before the pipe stops
        int asked = sim.queries().size();
        await().atMost(Duration.ofSeconds(15)).until(() -> sim.queries().size() >= asked + 2);
        before.stop();
        sim.addInboundRecords(2, now.minusMinutes(30), Duration.ofMinutes(10));
        int askedBeforeRestart = sim.queries().size();
        List<String> second = new CopyOnWriteArrayList<>();
        recordsPipeWithFiles(second, repositories, watermarks, delivered);

        await().atMost(Duration.ofSeconds(15)).until(() -> second.size() >= 2);
        Thread.sleep(500); // a few more polls: a replay would show here
        assertEquals(5, first.size());
        assertEquals(2, second.size(), "the restarted pipe delivered only the records that came after: " + second);
        LocalDateTime firstAsked = LocalDateTime.parse(sim.queries().get(askedBeforeRestart).startTime(),
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        assertTrue(firstAsked.isAfter(now.minusHours(3)),
                "the restarted pipe asked from its watermark, not a day back: " + firstAsked);
    }

    private CamelContext recordsPipeWithFiles(List<String> received, Map<String, String> repositories, Path watermarks,
            Path delivered) throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        context.getRegistry().bind("watermarks", new FileStateRepository(watermarks.toFile(), new HashMap<>()));
        context.getRegistry().bind("delivered",
                FileIdempotentRepository.fileIdempotentRepository(delivered.toFile(), 10_000));
        JdbcDataSource database = new JdbcDataSource();
        // named after the folder of this test, so both pipes of one test share it and no other test does
        database.setURL("jdbc:h2:mem:kamelet-" + Integer.toHexString(dir.hashCode()) + ";DB_CLOSE_DELAY=-1");
        context.getRegistry().bind("recordsDatabase", database);
        Properties properties = new Properties();
        String prefix = "camel.kamelet.icsoc-records-source.";
        properties.put(prefix + "baseUrl", sim.baseUrl());
        properties.put(prefix + "vccCode", VCC);
        properties.put(prefix + "secret", SECRET);
        properties.put(prefix + "type", "400");
        properties.put(prefix + "delay", "100");
        properties.put(prefix + "settle", "0");
        repositories.forEach((k, v) -> properties.put(prefix + k, v));
        context.getPropertiesComponent().setInitialProperties(properties);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:icsoc-records-source").routeId("records")
                        .process(e -> received.add(e.getIn().getBody(String.class)));
            }
        });
        context.start();
        return context;
    }

    @Test
    void neitherKameletPutsTheSecretIntoAnEndpointUriARouteDumpOrAnyLogLine() throws Exception {
        sim.addInboundRecords(2, LocalDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(30), Duration.ofMinutes(10));
        StringBuilder shown = new StringBuilder();
        try (LogCapture log = new LogCapture(Level.ALL)) {
            CamelContext calls = callPipe();
            calls.createProducerTemplate().request("direct:calls",
                    e -> e.getIn().setHeader(IcsocConstants.CALLED, "13900139000"));
            List<String> received = new CopyOnWriteArrayList<>();
            CamelContext records = recordsPipe(received, Map.of());
            await().atMost(Duration.ofSeconds(15)).until(() -> received.size() >= 2);

            for (CamelContext context : List.of(calls, records)) {
                shown.append(renderedUris(context));
                shown.append(routeDumps(context));
            }
            calls.stop();
            records.stop();
            assertTrue(log.linesFrom("org.apache.camel") > 200, "Camel logged at TRACE: " + log.size() + " lines");
            assertTrue(log.text().contains("X-WSSE"), "the HTTP client's wire log was captured");
            shown.append(log.text());
        }
        assertTrue(shown.toString().contains("icsoc-call-sink") && shown.toString().contains(":records"),
                "the Kamelets' endpoints were searched");
        assertFalse(sim.calls().isEmpty());
        String text = shown.toString();
        for (String form : List.of(SECRET, SECRET.toLowerCase(), java.net.URLEncoder.encode(SECRET, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)))) {
            assertFalse(text.contains(form), "the secret shows as " + form + " in:\n" + excerpt(text, form));
        }
    }

    private static String renderedUris(CamelContext context) {
        StringBuilder uris = new StringBuilder();
        for (Endpoint endpoint : context.getEndpoints()) {
            uris.append(endpoint.getEndpointUri()).append('\n').append(endpoint.getEndpointBaseUri()).append('\n')
                    .append(endpoint).append('\n');
        }
        for (Route route : context.getRoutes()) {
            uris.append(route.getEndpoint().getEndpointUri()).append('\n').append(route.getConfigurationId()).append('\n');
        }
        return uris.toString();
    }

    private static String routeDumps(CamelContext context) throws Exception {
        StringBuilder dumps = new StringBuilder();
        for (RouteDefinition route : ((ModelCamelContext) context).getRouteDefinitions()) {
            dumps.append(PluginHelper.getModelToXMLDumper(context).dumpModelAsXml(context, route, true, false, false)).append('\n');
        }
        return dumps.toString();
    }

    private static String excerpt(String text, String form) {
        int at = text.indexOf(form);
        return text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 100));
    }
}

package io.github.camelicsoc.support;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelicsoc.IcsocConstants;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.records.RecordsStoreException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.ConsumersHealthCheckRepository;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;

/**
 * Runs a records route against the simulator and looks at what it delivered.
 */
public abstract class RecordsTestSupport extends SimulatorTestSupport {

    /** Fast polling for tests: every 100 ms, starting at once, no settle time. */
    protected static final String FAST = "delay=100&initialDelay=0&settle=0";

    protected MockEndpoint records() {
        return getMockEndpoint("mock:records");
    }

    /** Starts {@code from(uri).to("mock:records")}. */
    protected void consume(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("records").to("mock:records");
            }
        });
    }

    protected List<CallRecord> delivered() {
        return records().getReceivedExchanges().stream()
                .map(e -> e.getIn().getBody(CallRecord.class)).toList();
    }

    /** How often each record key reached the route. */
    protected Map<String, Long> deliveriesPerKey() {
        return records().getReceivedExchanges().stream()
                .map(e -> e.getIn().getHeader(IcsocConstants.RECORD_KEY, String.class))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    protected int queriesSoFar() {
        return sim.queries().size();
    }

    protected static LocalDateTime platformNow() {
        return LocalDateTime.now(ZoneOffset.ofHours(8)).withNano(0);
    }

    protected static String key(Exchange e) {
        return e.getIn().getHeader(IcsocConstants.RECORD_KEY, String.class);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        if (getClass().isAnnotationPresent(ConsumerHealthChecks.class)) {
            // what camel.health.enabled=true does in Camel Main: a health-check registry with the consumer checks
            DefaultHealthCheckRegistry health = new DefaultHealthCheckRegistry(camel);
            health.register(new ConsumersHealthCheckRepository());
            camel.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, health);
        }
        return camel;
    }

    /** The health of the route {@code records}' consumer, once its check has a result. */
    protected Optional<HealthCheck.Result> consumerHealth() {
        return HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:records"))
                .findFirst();
    }

    /** Whether the consumer's check says UP. */
    protected boolean consumerUp() {
        return consumerHealth().map(r -> r.getState() == HealthCheck.State.UP).orElse(false);
    }

    /** Whether the consumer's check says DOWN because of its records store, with the store's message. */
    protected boolean consumerDownForItsStore() {
        return consumerDown(r -> r.getError().orElse(null) instanceof RecordsStoreException);
    }

    /** Whether the consumer's check says DOWN, for a reason {@code why} accepts. */
    protected boolean consumerDown(Predicate<HealthCheck.Result> why) {
        return consumerHealth().map(r -> r.getState() == HealthCheck.State.DOWN && why.test(r)).orElse(false);
    }

    private static final ObjectMapper EDIT_JSON = new ObjectMapper();

    /** Rewrites a records answer's data as an array of entries and lets {@code edit} change it. */
    public static UnaryOperator<String> editData(Consumer<ArrayNode> edit) {
        return body -> {
            try {
                ObjectNode root = (ObjectNode) EDIT_JSON.readTree(body);
                JsonNode data = root.get("data");
                ArrayNode entries = EDIT_JSON.createArrayNode();
                if (data != null && data.isArray()) {
                    entries.addAll((ArrayNode) data);
                } else if (data != null && data.isObject()) {
                    entries.add(data);
                }
                edit.accept(entries);
                root.set("data", entries);
                return EDIT_JSON.writeValueAsString(root);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** The entry of {@code entries} with that call_id, or null. */
    protected static ObjectNode withCallId(ArrayNode entries, String callId) {
        for (JsonNode e : entries) {
            if (callId.equals(e.path("call_id").asText())) {
                return (ObjectNode) e;
            }
        }
        return null;
    }
}

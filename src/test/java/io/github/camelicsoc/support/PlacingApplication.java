package io.github.camelicsoc.support;

import java.util.HashMap;
import java.util.Map;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.IcsocConstants;
import io.github.camelicsoc.model.CallOutcome;
import io.github.camelicsoc.sim.IcsocSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The application that places calls with a correlation key for the outcome kill and failover tests: its own Camel
 * context, placements remembered in the test's database (recordsStore=jdbc), so that an outcomes consumer in another
 * JVM matches them.
 */
public final class PlacingApplication implements AutoCloseable {

    public static final String CALLER = "13800138000";

    private final CamelContext camel = new DefaultCamelContext();

    public PlacingApplication(IcsocSimulator sim, TestDatabase db) throws Exception {
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim.baseUrl());
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        icsoc.setRecordsStore(IcsocConfiguration.RECORDS_STORE_JDBC);
        camel.getRegistry().bind("applicationDatabase", db.dataSource());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").toD("icsoc:call?caller=" + CALLER + "&called=${header.called}&timeout=2");
            }
        });
        camel.start();
    }

    /** Places a call to {@code called} for {@code key}; fails unless it was placed and remembered. */
    public void place(String key, String called) {
        Exchange placed = camel.createProducerTemplate().request("direct:call", e -> {
            e.getIn().setHeader(IcsocConstants.CORRELATION_KEY, key);
            e.getIn().setHeader("called", called);
        });
        if (placed.getException() != null) {
            throw new AssertionError("the call was not placed", placed.getException());
        }
        assertEquals(Boolean.TRUE, placed.getMessage().getHeader(IcsocConstants.PLACEMENT_REMEMBERED), key);
    }

    /**
     * Places {@code calls} calls with keys T-000, T-001, ... to distinct numbers, one in four of which the simulator
     * never writes a record for; the outcome each key should end with (RECORD or TIMED_OUT).
     */
    public Map<String, String> placeCallsAQuarterWithoutRecord(IcsocSimulator sim, int calls) {
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            String called = String.format("139%08d", i);
            boolean silent = i % 4 == 0;
            if (silent) {
                sim.dropRecordsOfCallsTo(called);
            }
            String key = String.format("T-%03d", i);
            place(key, called);
            expected.put(key, silent ? CallOutcome.TIMED_OUT : CallOutcome.RECORD);
        }
        return expected;
    }

    @Override
    public void close() {
        camel.stop();
    }
}

package io.github.camelicsoc;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.camelicsoc.support.RecordsTestSupport;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The outcome counts as JMX attributes: placements remembered on the producer, matches on the consumer. */
class CallOutcomesJmxTest extends RecordsTestSupport {

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withJMX(true);
    }

    private Object jmx(String type, String attribute) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName(
                "org.apache.camel:context=" + context.getManagementName() + ",type=" + type + ",*"), null);
        for (ObjectName name : names) {
            if (Arrays.stream(server.getMBeanInfo(name).getAttributes()).anyMatch(a -> a.getName().equals(attribute))) {
                return server.getAttribute(name, attribute);
            }
        }
        throw new AssertionError("no " + type + " MBean with " + attribute + " among " + names);
    }

    @Test
    void placementsRememberedAndOutcomesMatchedAreJmxAttributes() throws Exception {
        sim.twoWayRecordsCarryCallId(true).callsLast(Duration.ofSeconds(1));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").routeId("call").to("icsoc:call?caller=13800138000&called=13900139000");
            }
        });
        consume("icsoc:records?type=800&outcomes=true&startTime=1h&" + FAST);

        template.sendBodyAndHeader("direct:call", null, IcsocConstants.CORRELATION_KEY, "T-1");
        await("the outcome", 20, () -> records().getReceivedCounter() >= 1);

        assertEquals(1L, jmx("producers", "PlacementsRemembered"));
        assertEquals(0L, jmx("producers", "PlacementsNotRemembered"));
        assertEquals(1L, jmx("consumers", "OutcomesMatched"));
        assertEquals(0L, jmx("consumers", "OutcomesAmbiguous"));
        assertEquals(0L, jmx("consumers", "OutcomesTimedOut"));
    }
}

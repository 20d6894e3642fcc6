package io.github.camelicsoc;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.camelicsoc.client.PlatformTime;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.ConsumerHealthChecks;
import io.github.camelicsoc.support.LogCapture;
import io.github.camelicsoc.support.RecordsTestSupport;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer's watermark, lag and counts, as JMX attributes and health-check details; DOWN past maxLag; and the
 * warning when its state is only in memory.
 */
@ConsumerHealthChecks
class RecordsLagAndCountsTest extends RecordsTestSupport {

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withJMX(true);
    }

    private Object jmx(String attribute) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName(
                "org.apache.camel:context=" + context.getManagementName() + ",type=consumers,*"), null);
        for (ObjectName name : names) {
            if (server.getAttribute(name, "RouteId").equals("records")) {
                return server.getAttribute(name, attribute);
            }
        }
        throw new AssertionError("no consumer MBean for the records route among " + names);
    }

    @Test
    void aStalledWatermarkReportsDownPastMaxLagThoughEveryPollSucceeds() throws Exception {
        sim.addInboundRecords(4, platformNow().minusMinutes(170), Duration.ofMinutes(20));
        AtomicBoolean refusing = new AtomicBoolean(true);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=400&startTime=3h&maxLag=1h&" + FAST).routeId("records")
                        .process(e -> {
                            if (refusing.get() && e.getProperty("CamelBatchIndex", Integer.class) == 0) {
                                throw new IllegalStateException("the CRM is down");
                            }
                        })
                        .to("mock:records");
            }
        });

        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> consumerDown(r -> r.getMessage().orElse("").contains("maxLag")));
        HealthCheck.Result down = consumerHealth().orElseThrow();
        assertTrue(down.getMessage().orElseThrow().contains("more than maxLag (3600 s)"), down.getMessage().toString());
        assertTrue((Long) down.getDetails().get("icsoc.lagSeconds") > 3 * 3600 - 60, down.getDetails().toString());
        assertTrue((Long) down.getDetails().get("icsoc.recordsRefused") >= 1, down.getDetails().toString());
        assertTrue(String.valueOf(down.getDetails().get("icsoc.lastRefused")).contains("polls in a row"),
                down.getDetails().toString());
        assertEquals(0L, down.getDetails().get("icsoc.pollsFailed.NO_RESPONSE"));
        assertTrue((Long) jmx("LagSeconds") > 3 * 3600 - 60);
        assertEquals(3600L, jmx("MaxLagSeconds"));
        assertTrue((Long) jmx("RecordsRefused") >= 1);
        assertTrue(jmx("WatermarkTime").toString().endsWith("+08:00"));

        refusing.set(false);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> consumerUp());
        HealthCheck.Result up = consumerHealth().orElseThrow();
        assertTrue((Long) up.getDetails().get("icsoc.lagSeconds") < 60, up.getDetails().toString());
        assertEquals(4L, up.getDetails().get("icsoc.recordsDelivered"));
        assertEquals(4L, jmx("RecordsDelivered"));
        assertEquals(0L, jmx("RecordsUnreadable"));
        assertEquals(0L, jmx("PollsFailed"));
    }

    @Test
    void failedPollsAreCountedByKind() throws Exception {
        consume("icsoc:records?type=400&vccCode=7000078&startTime=1h&" + FAST);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> (Long) jmx("PollsFailed") >= 2);
        assertTrue(jmx("PollsFailedByKind").toString().matches(".*REFUSED_BY_PLATFORM=[1-9].*"),
                jmx("PollsFailedByKind").toString());
        assertTrue((Long) consumerHealth().orElseThrow().getDetails().get("icsoc.pollsFailed.REFUSED_BY_PLATFORM") >= 2);
    }

    @Test
    void stateOnlyInMemoryIsWarnedOnceAtStartWithTheWayToMakeItDurable() throws Exception {
        try (LogCapture log = new LogCapture()) {
            consume("icsoc:records?type=400&" + FAST);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queriesSoFar() >= 1);
            String text = log.text();
            assertTrue(text.contains("the watermark and the delivered keys are in memory: after a restart the consumer"
                                     + " starts again at startTime (24h) and delivers every record since then again"),
                    text);
            assertTrue(text.contains("set recordsStore=jdbc with a DataSource"),
                    text);
            assertTrue(text.contains("FileStateRepository and FileIdempotentRepository"), text);
            assertEquals(1, text.split("delivered keys are in memory", -1).length - 1, "one warning");
        }
    }

    @Test
    void persistentRepositoriesAreNotWarnedAbout() throws Exception {
        context.getRegistry().bind("watermarks", new MemoryStateRepository());
        context.getRegistry().bind("delivered", MemoryIdempotentRepository.memoryIdempotentRepository(100));
        try (LogCapture log = new LogCapture()) {
            consume("icsoc:records?type=400&stateRepository=#watermarks&idempotentRepository=#delivered&" + FAST);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queriesSoFar() >= 1);
            assertFalse(log.text().contains("in memory"), log.text());
        }
    }

    @Test
    void aStoredWatermarkAheadOfThePlatformsClockIsNotTrustedAndEveryRecordIsDelivered() throws Exception {
        // as a node whose clock ran a day ahead would have written it
        MemoryStateRepository watermarks = new MemoryStateRepository();
        watermarks.setState("icsoc:" + IcsocSimulator.VCC_CODE + ":400", PlatformTime.format(platformNow().plusDays(1)));
        context.getRegistry().bind("watermarks", watermarks);
        sim.addInboundRecords(10, platformNow().minusMinutes(50), Duration.ofMinutes(40));
        try (LogCapture log = new LogCapture()) {
            consume("icsoc:records?type=400&startTime=1h&stateRepository=#watermarks&" + FAST);

            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> records().getReceivedCounter() >= 10);
            assertEquals(10, deliveriesPerKey().size());
            assertTrue(log.text().contains("is ahead of the platform's time now"), log.text());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> PlatformTime.parseExact(
                    watermarks.getState("icsoc:" + IcsocSimulator.VCC_CODE + ":400")).isBefore(platformNow()));
        }
    }
}

package io.github.camelicsoc.springboot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.IcsocConstants;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.ReceivedCall;
import io.github.camelicsoc.springboot.app.IcsocApplication;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.StateRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spring Boot application with camel-spring-boot-starter, configured only by its application.properties
 * (config/application.properties in the test resources) and running the YAML routes it loads from the class path,
 * places calls on the simulator and ingests their records.
 */
@SpringBootTest(classes = IcsocApplication.class)
class SpringBootApplicationTest {

    static {
        SpringBootTestLogging.leaveLoggingToTheTests();
    }

    private static final IcsocSimulator SIM = IcsocSimulator.start();

    @DynamicPropertySource
    static void simulatorAddress(DynamicPropertyRegistry properties) {
        properties.add("camel.component.icsoc.base-url", SIM::baseUrl);
    }

    @AfterAll
    static void stopSimulator() {
        SIM.close();
    }

    @Autowired
    private CamelContext camel;
    @Autowired
    private ProducerTemplate template;
    @Autowired
    private StateRepository<String, String> recordsWatermark;
    @Autowired
    private IdempotentRepository deliveredRecords;

    @Test
    void aCallPlacedThroughTheYamlRouteRingsOnThePlatformAndItsRecordIsIngested() {
        CallResult placed = template.requestBody("direct:place-call",
                Map.of("caller", "138 0013 8000", "called", "13900139000"), CallResult.class);

        assertEquals("ok", placed.message());
        List<ReceivedCall> calls = SIM.calls();
        assertEquals(1, calls.size());
        ReceivedCall call = calls.get(0);
        assertEquals(placed.callId(), call.callId());
        assertEquals("13800138000", call.caller());
        // display numbers and credentials came from application.properties only
        assertEquals(IcsocSimulator.OWN_400_NUMBER, call.form().get("display_caller"));
        assertEquals(IcsocSimulator.OWN_400_NUMBER, call.form().get("display_called"));

        MockEndpoint records = camel.getEndpoint("mock:two-way-records", MockEndpoint.class);
        Exchange ingested = await("the call's record ingested by the YAML records route").atMost(Duration.ofSeconds(30))
                .until(() -> records.getExchanges().stream()
                        // two-way records carry no call id: the call is known by its parties
                        .filter(e -> isRecordOf(call, e.getMessage().getBody(CallRecord.class)))
                        .findFirst().orElse(null), Objects::nonNull);
        // the repositories application.properties names with #beanName are the ones the consumer kept its state in
        assertTrue(deliveredRecords.contains(ingested.getMessage().getHeader(IcsocConstants.RECORD_KEY, String.class)));
        await("the watermark kept in the application's state repository").atMost(Duration.ofSeconds(10))
                .until(() -> recordsWatermark.getState("icsoc:" + IcsocSimulator.VCC_CODE + ":800") != null);
    }

    private static boolean isRecordOf(ReceivedCall call, CallRecord record) {
        return call.caller().equals(record.caller()) && call.called().equals(record.called());
    }

    @Test
    void everySettingOfApplicationPropertiesReachedTheComponent() {
        IcsocConfiguration configuration = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();

        assertEquals(SIM.baseUrl(), configuration.getBaseUrl());
        assertEquals(IcsocSimulator.VCC_CODE, configuration.getVccCode());
        assertEquals(IcsocSimulator.SECRET, configuration.getSecret());
        assertEquals(2_000, configuration.getConnectTimeout(), "connect-timeout = 2s");
        assertEquals(20_000, configuration.getRequestTimeout(), "request-timeout = 20s");
        assertEquals(1_000, configuration.getSettle(), "settle = 1s");
        assertEquals("1h", configuration.getStartTime());
        assertSame(recordsWatermark, configuration.getStateRepository(), "#recordsWatermark");
        assertSame(deliveredRecords, configuration.getIdempotentRepository(), "#bean:deliveredRecords");
        assertNotNull(camel.getRoute("ingest-two-way-records"), "the YAML route file was loaded");
    }
}

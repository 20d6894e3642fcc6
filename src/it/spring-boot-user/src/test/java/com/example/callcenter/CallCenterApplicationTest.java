package com.example.callcenter;

import java.time.Duration;

import io.github.camelicsoc.sim.IcsocSimulator;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application, started by Spring Boot with its own application.properties, against the icsoc simulator from the
 * simulator jar: a call is placed, and its call record comes back through the records route. What the routes log
 * shows on the console.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class CallCenterApplicationTest {

    static final IcsocSimulator SIM = IcsocSimulator.start().callsLast(Duration.ofSeconds(1));

    /** The simulator instead of the real platform; only the test's settings differ from the application's. */
    @DynamicPropertySource
    static void simulator(DynamicPropertyRegistry properties) {
        properties.add("camel.component.icsoc.base-url", SIM::baseUrl);
        properties.add("camel.component.icsoc.vcc-code", () -> IcsocSimulator.VCC_CODE);
        // the simulator's secret set directly, for the test only (it takes precedence over secret-from-env)
        properties.add("camel.component.icsoc.secret", () -> IcsocSimulator.SECRET);
        properties.add("camel.component.icsoc.settle", () -> "0s");
        properties.add("call-center.records-delay", () -> "200");
    }

    @AfterAll
    static void stopSimulator() {
        SIM.close();
    }

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ConsumerTemplate consumer;

    private static String pollers() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().contains("icsoc")) {
                dump.append(thread.getName()).append('\n');
                for (StackTraceElement element : stack) {
                    dump.append("    ").append(element).append('\n');
                }
            }
        });
        return dump.toString();
    }

    @Test
    void aCallIsPlacedAndItsRecordComesBack(CapturedOutput console) {
        Exchange placed = producer.request("direct:click-to-call", e -> {
            e.getIn().setHeader("CamelIcsocCaller", "13800138000");
            e.getIn().setHeader("CamelIcsocCalled", "13900139000");
        });

        assertEquals(null, placed.getException());
        String callId = placed.getMessage().getHeader("CamelIcsocCallId", String.class);
        assertEquals(SIM.calls().get(0).callId(), callId);

        Exchange record = consumer.receive("seda:call-records", 30_000);
        assertNotNull(record, "the call's record was consumed; the platform was asked for " + SIM.queries() + "\n" + pollers());
        assertNotNull(record.getMessage().getHeader("CamelIcsocRecordKey"));
        assertTrue(console.getOut().contains("Call " + callId + " placed to 13900139000"), "the route logs to the console");
        // a two-way record carries no call id: the call is known by its parties
        assertTrue(console.getOut().contains("Call record " + record.getMessage().getHeader("CamelIcsocRecordKey")
                + ": 13900139000, 1 s"), "the records route logs the call's record to the console");
    }
}

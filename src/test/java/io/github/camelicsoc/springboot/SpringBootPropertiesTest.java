package io.github.camelicsoc.springboot;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.sim.IcsocSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ComponentCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.camelicsoc.springboot.IcsocApplications.causeChain;
import static io.github.camelicsoc.springboot.IcsocApplications.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mistakes in camel.component.icsoc.* stop the application's start and name the property, instead of leaving the
 * component silently unconfigured; the enabled switch turns the component's Spring Boot configuration off.
 */
class SpringBootPropertiesTest {

    private final IcsocSimulator sim = IcsocSimulator.start();

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    private String[] simulatorSettings(String... more) {
        String[] settings = {
                "camel.component.icsoc.base-url=" + sim.baseUrl(),
                "camel.component.icsoc.vcc-code=" + IcsocSimulator.VCC_CODE,
                "camel.component.icsoc.secret=" + IcsocSimulator.SECRET,
                "camel.component.icsoc.display-caller=" + IcsocSimulator.OWN_400_NUMBER,
                "camel.component.icsoc.display-called=" + IcsocSimulator.OWN_400_NUMBER };
        String[] all = new String[settings.length + more.length];
        System.arraycopy(settings, 0, all, 0, settings.length);
        System.arraycopy(more, 0, all, settings.length, more.length);
        return all;
    }

    private static Exchange placeCall(ConfigurableApplicationContext app) {
        return app.getBean(CamelContext.class).createProducerTemplate()
                .send("icsoc:call?caller=13800138000&called=13900139000", exchange -> {
                });
    }

    @Test
    void aMisspelledPropertyStopsTheStartAndIsNamed() {
        Exception failure = assertThrows(Exception.class,
                () -> start(simulatorSettings("camel.component.icsoc.vcc-cod=7000002")).close());

        String message = causeChain(failure);
        assertTrue(message.contains("camel.component.icsoc.vcc-cod"), message);
        assertTrue(message.contains("left unbound"), message);
    }

    @Test
    void aDurationThatIsNotOneStopsTheStartAndIsNamed() {
        Exception failure = assertThrows(Exception.class,
                () -> start(simulatorSettings("camel.component.icsoc.request-timeout=thirty seconds")).close());

        String message = causeChain(failure);
        assertTrue(message.contains("camel.component.icsoc.request-timeout"), message);
    }

    @Test
    void anUnknownModeStopsTheStartListingTheModes() {
        Exception failure = assertThrows(Exception.class,
                () -> start(simulatorSettings("camel.component.icsoc.mode=axbb")).close());

        String message = causeChain(failure);
        assertTrue(message.contains("camel.component.icsoc.mode"), message);
        assertTrue(message.contains("Unknown call mode 'axbb': use classic or axb"), message);
    }

    @Test
    void aTimeoutThatWouldOverflowADeadlineIsRefusedNamingItsRangeBeforeAnythingIsSent() {
        // Long.MAX_VALUE milliseconds, as a Spring Boot duration: Spring Boot binds it, the component refuses it
        try (ConfigurableApplicationContext app = start(simulatorSettings(
                "camel.component.icsoc.request-timeout=" + java.time.Duration.ofMillis(Long.MAX_VALUE)))) {
            Exception refused = assertThrows(Exception.class, () -> placeCall(app));
            String message = causeChain(refused);
            assertTrue(message.contains("icsoc option requestTimeout: " + Long.MAX_VALUE + "ms is out of range. What to"
                                        + " do: give a duration from 1ms to 1h"), message);
            assertEquals(0, sim.requestCount());
        }
    }

    @Test
    void aBeanReferenceWithoutHashSaysWhatToWrite() {
        Exception failure = assertThrows(Exception.class,
                () -> start(simulatorSettings("camel.component.icsoc.state-repository=recordsWatermark")).close());

        String message = causeChain(failure);
        assertTrue(message.contains("camel.component.icsoc.state-repository"), message);
        assertTrue(message.contains("write #beanName"), message);
    }

    @Test
    void aBeanReferenceToNoBeanStopsTheStartAndNamesTheBean() {
        Exception failure = assertThrows(Exception.class,
                () -> start(simulatorSettings("camel.component.icsoc.state-repository=#noSuchRepository")).close());

        String message = causeChain(failure);
        assertTrue(message.contains("noSuchRepository"), message);
    }

    @Test
    void theSecretIsNotShownWhenTheStartFails() {
        Exception failure = assertThrows(Exception.class,
                () -> start(simulatorSettings("camel.component.icsoc.vcc-cod=7000002")).close());

        assertFalse(causeChain(failure).contains(IcsocSimulator.SECRET));
    }

    @Test
    void withTheSwitchOnTheSettingsReachTheComponentAndCallsThePlatform() {
        try (ConfigurableApplicationContext app = start(simulatorSettings())) {
            assertNull(placeCall(app).getException());
            assertEquals(1, sim.calls().size());
        }
    }

    @Test
    void enabledFalseLeavesTheComponentUnconfigured() {
        try (ConfigurableApplicationContext app = start(simulatorSettings("camel.component.icsoc.enabled=false",
                // not even checked when switched off
                "camel.component.icsoc.vcc-cod=7000002"))) {
            assertTrue(app.getBeansOfType(IcsocComponentConfiguration.class).isEmpty());
            assertTrue(app.getBeansOfType(ComponentCustomizer.class).values().stream()
                    .noneMatch(ComponentPropertiesCustomizer.class::isInstance));
            IcsocConfiguration configuration = app.getBean(CamelContext.class)
                    .getComponent("icsoc", IcsocComponent.class).getConfiguration();
            assertEquals(IcsocConfiguration.DEFAULT_BASE_URL, configuration.getBaseUrl());
            assertNull(configuration.getVccCode());

            // without an enterprise code the endpoint is refused before anything is sent anywhere
            Exception refused = assertThrows(Exception.class, () -> placeCall(app));
            assertTrue(causeChain(refused).contains("icsoc option vccCode and secret: neither is set"),
                    causeChain(refused));
            assertEquals(0, sim.requestCount());
        }
    }

    @Test
    void allComponentsSwitchedOffLeaveIcsocUnconfiguredToo() {
        try (ConfigurableApplicationContext app = start(simulatorSettings("camel.component.enabled=false"))) {
            assertTrue(app.getBeansOfType(IcsocComponentConfiguration.class).isEmpty());
            assertNull(app.getBean(CamelContext.class).getComponent("icsoc", IcsocComponent.class)
                    .getConfiguration().getVccCode());
        }
    }
}

package io.github.camelicsoc.springboot;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spring Boot application that has the component's jar but runs Camel without camel-spring-boot (or not at all)
 * starts as before: the auto-configuration steps aside instead of failing on the missing classes.
 */
class WithoutCamelSpringBootTest {

    static {
        SpringBootTestLogging.leaveLoggingToTheTests();
    }

    @Test
    void theAutoConfigurationStepsAsideWithoutCamelSpringBoot() {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader("org.apache.camel.spring.boot"))
                .withConfiguration(AutoConfigurations.of(IcsocComponentAutoConfiguration.class))
                .withPropertyValues("camel.component.icsoc.vcc-code=7000001")
                .run(context -> {
                    assertNull(context.getStartupFailure());
                    assertTrue(context.getBeansOfType(IcsocComponentConfiguration.class).isEmpty());
                });
    }
}

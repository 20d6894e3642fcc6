package io.github.camelicsoc.springboot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.camelicsoc.springboot.app.IcsocApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the test application with the given properties as command-line arguments and no configuration file and no
 * routes (config/application.properties belongs to SpringBootApplicationTest), as many times as a test needs.
 */
final class IcsocApplications {

    static {
        SpringBootTestLogging.leaveLoggingToTheTests();
    }

    private IcsocApplications() {
    }

    static ConfigurableApplicationContext start(String... properties) {
        return start(Map.of(), properties);
    }

    /** As {@link #start(String...)}, with extra singleton beans registered before the start. */
    static ConfigurableApplicationContext start(Map<String, Object> beans, String... properties) {
        List<String> args = new ArrayList<>();
        args.add("--spring.config.location=optional:classpath:/no-configuration-file/");
        args.add("--camel.main.name=icsoc-properties-test");
        for (String property : properties) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(IcsocApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(context -> beans.forEach(context.getBeanFactory()::registerSingleton))
                .run(args.toArray(String[]::new));
    }

    /** The messages of {@code e} and all its causes, for asserting on what a user reads. */
    static String causeChain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}

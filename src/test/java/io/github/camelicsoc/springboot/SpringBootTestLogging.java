package io.github.camelicsoc.springboot;

/**
 * Spring Boot would re-initialize Log4j when an application starts (and tear it down when it stops), which would
 * disturb the tests that read what the component logged; the tests' own log4j2.properties stays in charge.
 */
final class SpringBootTestLogging {

    private SpringBootTestLogging() {
    }

    static void leaveLoggingToTheTests() {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    }
}

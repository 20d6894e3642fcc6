package io.github.camelicsoc.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The component's catalog JSON, as the build generated it: the list of options the Spring Boot support must cover. */
final class ComponentCatalog {

    static final String RESOURCE = "META-INF/io/github/camelicsoc/icsoc.json";
    static final String PREFIX = "camel.component.icsoc.";

    private ComponentCatalog() {
    }

    static JsonNode read(String resource) {
        try (InputStream in = ComponentCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path: run the build's process-classes phase");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every component option by name. */
    static Map<String, JsonNode> componentOptions() {
        Map<String, JsonNode> options = new LinkedHashMap<>();
        read(RESOURCE).path("componentProperties").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue()));
        return options;
    }

    /** vccCode as Spring Boot's canonical property name: vcc-code. */
    static String dashed(String option) {
        return ComponentPropertiesCustomizer.dashed(option);
    }
}

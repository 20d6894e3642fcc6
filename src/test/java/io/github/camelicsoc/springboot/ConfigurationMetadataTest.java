package io.github.camelicsoc.springboot;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelicsoc.IcsocComponent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar's META-INF/spring-configuration-metadata.json (what IDEs complete from) lists every option of the component's
 * catalog with its type, default and the catalog's own description, and nothing the application could not set.
 */
class ConfigurationMetadataTest {

    private static Map<String, JsonNode> metadataProperties() throws Exception {
        // the file beside the component's classes, which is what goes into the jar
        Path classes = Path.of(IcsocComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        File file = classes.resolve("META-INF/spring-configuration-metadata.json").toFile();
        assertTrue(file.isFile(), file + " was not generated");
        Map<String, JsonNode> properties = new HashMap<>();
        new ObjectMapper().readTree(file).path("properties").forEach(p -> properties.put(p.path("name").asText(), p));
        return properties;
    }

    @Test
    void everyCatalogOptionIsListedWithTheCatalogsTypeDefaultAndWords() throws Exception {
        Map<String, JsonNode> metadata = metadataProperties();
        List<String> problems = new ArrayList<>();
        ComponentCatalog.componentOptions().forEach((name, option) -> {
            String property = ComponentCatalog.PREFIX + ComponentCatalog.dashed(name);
            JsonNode listed = metadata.get(property);
            if (listed == null) {
                problems.add(property + " is missing");
                return;
            }
            if (!option.path("description").asText().equals(listed.path("description").asText())) {
                problems.add(property + " has another description than the catalog's");
            }
            String expectedType = expectedType(option);
            if (!expectedType.equals(listed.path("type").asText())) {
                problems.add(property + " has type " + listed.path("type").asText() + ", expected " + expectedType);
            }
            if (option.has("defaultValue") && !option.path("defaultValue").asText().isEmpty()) {
                if (!listed.has("defaultValue")) {
                    problems.add(property + " has no default; the catalog's is " + option.get("defaultValue"));
                } else if (!sameDefault(option, listed.get("defaultValue"))) {
                    problems.add(property + " has default " + listed.get("defaultValue") + ", the catalog "
                                 + option.get("defaultValue"));
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theSwitchesAreListedAndNothingElse() throws Exception {
        Map<String, JsonNode> metadata = metadataProperties();
        assertTrue(metadata.containsKey(ComponentCatalog.PREFIX + "enabled"));
        assertTrue(metadata.containsKey(ComponentCatalog.PREFIX + "customizer.enabled"));
        assertEquals(ComponentCatalog.componentOptions().size() + 2, metadata.keySet().stream()
                .filter(name -> name.startsWith(ComponentCatalog.PREFIX)).count());
    }

    @Test
    void everyListedOptionHasAPropertyInTheConfigurationClass() throws Exception {
        List<String> unbindable = new ArrayList<>();
        for (String option : ComponentCatalog.componentOptions().keySet()) {
            String setter = "set" + Character.toUpperCase(option.charAt(0)) + option.substring(1);
            boolean found = false;
            for (Method m : IcsocComponentConfiguration.class.getMethods()) {
                found |= m.getName().equals(setter) && m.getParameterCount() == 1;
            }
            if (!found) {
                unbindable.add(option);
            }
        }
        assertTrue(unbindable.isEmpty(), "no Spring Boot property for " + unbindable);
    }

    private static String expectedType(JsonNode option) {
        if ("duration".equals(option.path("type").asText())) {
            return "java.time.Duration";
        }
        String javaType = option.path("javaType").asText().replace(" ", "");
        return switch (javaType) {
            case "boolean" -> "java.lang.Boolean";
            case "int" -> "java.lang.Integer";
            case "long" -> "java.lang.Long";
            case "double" -> "java.lang.Double";
            default -> javaType;
        };
    }

    private static boolean sameDefault(JsonNode option, JsonNode listed) {
        JsonNode catalog = option.get("defaultValue");
        if ("duration".equals(option.path("type").asText())) {
            return toMillis(catalog.asText()) == java.time.Duration.parse(springToIso(listed.asText())).toMillis();
        }
        return catalog.asText().equals(listed.asText());
    }

    private static long toMillis(String catalogDuration) {
        return catalogDuration.matches("\\d+") ? Long.parseLong(catalogDuration)
                : java.time.Duration.parse(springToIso(catalogDuration)).toMillis();
    }

    /** 30s, 1m, 1h, 250ms as ISO-8601. */
    private static String springToIso(String value) {
        if (value.endsWith("ms")) {
            return "PT" + Double.parseDouble(value.substring(0, value.length() - 2)) / 1000 + "S";
        }
        if (value.endsWith("d")) {
            return "P" + value.toUpperCase();
        }
        return "PT" + value.toUpperCase();
    }
}

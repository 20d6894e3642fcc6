package io.github.camelicsoc.examples;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.camelicsoc.kamelet.KameletComponentFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both Kamelets, as built into the jar, checked against the rules of the Kamelet catalog's validator
 * (apache/camel-kamelets, script/validator) and the catalog's conventions. Two deliberate departures: the provider is
 * this project, not the Apache Software Foundation, and the parameter {@code secret} is read by the Kamelet's
 * component factory instead of a placeholder (so that Camel never logs it), which the used-parameters rule exempts.
 */
class KameletConventionsTest {

    static final List<String> KAMELETS = List.of("icsoc-call-sink", "icsoc-records-source");
    static final Pattern PARAMETER = Pattern.compile("\\{\\{[?]?([A-Za-z0-9-._]+)(?:[:][^}]*)?}}");
    static final String CREDENTIALS = "urn:camel:group:credentials";
    // the English stop words the validator leaves alone in titles, as far as these titles use any
    static final Set<String> STOP_WORDS = Set.of("to", "of", "the", "a", "an", "and", "or", "for", "in", "on", "by");

    @SuppressWarnings("unchecked")
    static Map<String, Object> kamelet(String name) throws Exception {
        try (InputStream in = KameletConventionsTest.class.getResourceAsStream("/kamelets/" + name + ".kamelet.yaml")) {
            assertTrue(in != null, "the jar holds kamelets/" + name + ".kamelet.yaml");
            return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String... path) {
        Map<String, Object> current = parent;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
            assertTrue(current != null, "has " + String.join(".", path));
        }
        return current;
    }

    static String projectVersion() throws Exception {
        Properties built = new Properties();
        try (InputStream in = KameletConventionsTest.class
                .getResourceAsStream("/META-INF/services/org/apache/camel/component.properties")) {
            assertTrue(in != null, "the build generated component.properties");
            built.load(in);
        }
        return built.getProperty("version");
    }

    @ParameterizedTest
    @ValueSource(strings = { "icsoc-call-sink", "icsoc-records-source" })
    void metadataFollowsTheCatalog(String name) throws Exception {
        Map<String, Object> kamelet = kamelet(name);
        assertEquals("camel.apache.org/v1", kamelet.get("apiVersion"));
        assertEquals("Kamelet", kamelet.get("kind"));
        Map<String, Object> metadata = map(kamelet, "metadata");
        assertEquals(name, metadata.get("name"), "the file name matches the Kamelet's name");

        String type = (String) map(metadata, "labels").get("camel.apache.org/kamelet.type");
        assertTrue(Set.of("source", "sink", "action").contains(type), "kamelet.type label: " + type);
        assertTrue(name.endsWith("-" + type), "the name ends with its type");

        Map<String, Object> annotations = map(metadata, "annotations");
        assertTrue(Set.of("Stable", "Preview", "Experimental")
                .contains(annotations.get("camel.apache.org/kamelet.support.level")));
        assertEquals(projectVersion(), annotations.get("camel.apache.org/catalog.version"),
                "catalog.version is the project's version, filtered in by the build");
        for (String required : List.of("camel.apache.org/provider", "camel.apache.org/kamelet.group",
                "camel.apache.org/kamelet.namespace")) {
            assertFalse(((String) annotations.getOrDefault(required, "")).isBlank(), required);
        }
        String icon = (String) annotations.get("camel.apache.org/kamelet.icon");
        assertTrue(icon.startsWith("data:image/svg+xml;base64,"), "the icon is an SVG data URI");
        String svg = new String(Base64.getDecoder().decode(icon.substring(icon.indexOf(',') + 1)), StandardCharsets.UTF_8);
        assertTrue(svg.startsWith("<svg") && svg.strip().endsWith("</svg>"), svg);
    }

    @ParameterizedTest
    @ValueSource(strings = { "icsoc-call-sink", "icsoc-records-source" })
    @SuppressWarnings("unchecked")
    void definitionFollowsTheValidatorsRules(String name) throws Exception {
        Map<String, Object> kamelet = kamelet(name);
        String type = (String) map(kamelet, "metadata", "labels").get("camel.apache.org/kamelet.type");
        Map<String, Object> definition = map(kamelet, "spec", "definition");
        String title = (String) definition.get("title");
        assertTrue(title.endsWith(Character.toUpperCase(type.charAt(0)) + type.substring(1)), title);
        assertFalse(((String) definition.get("description")).isBlank());
        assertEquals("object", definition.get("type"));

        Map<String, Object> properties = map(definition, "properties");
        List<String> required = (List<String>) definition.get("required");
        assertEquals(new HashSet<>(required).size(), required.size(), "no required property listed twice");
        assertTrue(properties.keySet().containsAll(required), "every required property is defined");
        properties.forEach((key, value) -> {
            Map<String, Object> property = (Map<String, Object>) value;
            assertFalse(((String) property.getOrDefault("type", "")).isBlank(), key + " has a type");
            assertFalse(((String) property.getOrDefault("description", "")).isBlank(), key + " has a description");
            String propertyTitle = (String) property.get("title");
            assertFalse(propertyTitle == null || propertyTitle.isBlank(), key + " has a title");
            assertFalse(propertyTitle.matches("^(The|A|An) .*"), key + ": " + propertyTitle);
            for (String word : propertyTitle.split(" ")) {
                if (!STOP_WORDS.contains(word.toLowerCase()) && !word.isEmpty()) {
                    assertTrue(Character.isUpperCase(word.charAt(0)) || Character.isDigit(word.charAt(0)),
                            key + " title word not capitalized: " + word);
                }
            }
            List<String> descriptors = (List<String>) property.getOrDefault("x-descriptors", List.of());
            assertEquals(new HashSet<>(descriptors).size(), descriptors.size(), key + " lists a descriptor twice");
            assertTrue(descriptors.stream().noneMatch(d -> d.startsWith("urn:alm:descriptor:com.tectonic.ui")), key);
            if ("password".equals(property.get("format"))) {
                assertTrue(descriptors.contains(CREDENTIALS), key + " is a password with the credentials descriptor");
            }
        });

        Map<String, Object> secret = (Map<String, Object>) properties.get("secret");
        assertEquals("password", secret.get("format"));
        assertTrue(((List<String>) secret.get("x-descriptors")).contains(CREDENTIALS));
        assertTrue(((List<String>) ((Map<String, Object>) properties.get("vccCode")).get("x-descriptors"))
                .contains(CREDENTIALS));
        assertTrue(required.containsAll(List.of("vccCode", "secret")));

        Map<String, Object> baseUrl = (Map<String, Object>) properties.get("baseUrl");
        Pattern urls = Pattern.compile((String) baseUrl.get("pattern"));
        assertTrue(urls.matcher((String) baseUrl.get("example")).matches(), "the example matches the pattern");
        assertTrue(urls.matcher((String) baseUrl.get("default")).matches(), "the default matches the pattern");
        assertFalse(urls.matcher("m.icsoc.net").matches(), "a base URL without its scheme is refused");
    }

    @ParameterizedTest
    @ValueSource(strings = { "icsoc-call-sink", "icsoc-records-source" })
    @SuppressWarnings("unchecked")
    void templateUsesEveryParameterItDeclaresAndNoOther(String name) throws Exception {
        Map<String, Object> kamelet = kamelet(name);
        Map<String, Object> template = map(kamelet, "spec", "template");
        Set<String> declared = new HashSet<>(map(kamelet, "spec", "definition", "properties").keySet());
        List<Map<String, Object>> beans = (List<Map<String, Object>>) template.getOrDefault("beans", List.of());
        beans.forEach(bean -> declared.add((String) bean.get("name")));
        Set<String> used = new HashSet<>();
        collectParameters(template, used);
        // read by the component factory of the template bean, never through a placeholder
        assertTrue(beans.stream().anyMatch(b -> "bean".equals(b.get("scriptLanguage"))
                && ((String) b.get("script")).startsWith(KameletComponentFactory.class.getName() + "?method=")));
        used.add(KameletComponentFactory.SECRET);
        assertEquals(declared, used);

        String text = template.toString();
        String type = (String) map(kamelet, "metadata", "labels").get("camel.apache.org/kamelet.type");
        assertTrue(text.contains("source".equals(type) ? "kamelet:sink" : "kamelet:source"),
                "a source routes to kamelet:sink, a sink consumes from kamelet:source");
        assertFalse(text.contains("{{secret}}"), "the secret never goes through a placeholder");
        assertFalse(text.contains("icsoc:"), "the endpoints use the Kamelet's own component, not icsoc:");
    }

    @ParameterizedTest
    @ValueSource(strings = { "icsoc-call-sink", "icsoc-records-source" })
    @SuppressWarnings("unchecked")
    void typesAndDependenciesAreDeclared(String name) throws Exception {
        Map<String, Object> spec = map(kamelet(name), "spec");
        assertEquals("application/json", map(spec, "types", "out").get("mediaType"), "it answers JSON");
        List<String> dependencies = (List<String>) spec.get("dependencies");
        assertTrue(dependencies.containsAll(List.of("camel:core", "camel:kamelet", "camel:bean", "camel:jackson")), dependencies.toString());
        for (String dependency : dependencies) {
            assertTrue(dependency.startsWith("camel:") || dependency.startsWith("mvn:")
                    || dependency.startsWith("github:apache/"), dependency);
            if (dependency.startsWith("mvn:")) {
                String[] gav = dependency.substring(4).split(":");
                assertEquals(3, gav.length, "mvn:group:artifact:version, with a version: " + dependency);
                assertNotEquals("null", gav[2]);
            }
        }
        assertTrue(dependencies.contains("mvn:io.github.camelicsoc:camel-icsoc:" + projectVersion()), dependencies.toString());
    }

    @Test
    void titlesDescriptionsAndCatalogVersionsAreConsistentAcrossTheKamelets() throws Exception {
        Set<String> titles = new HashSet<>();
        Set<String> descriptions = new HashSet<>();
        Set<Object> versions = new HashSet<>();
        for (String name : KAMELETS) {
            Map<String, Object> kamelet = kamelet(name);
            assertTrue(titles.add((String) map(kamelet, "spec", "definition").get("title")), "unique title");
            assertTrue(descriptions.add((String) map(kamelet, "spec", "definition").get("description")), "unique description");
            versions.add(map(kamelet, "metadata", "annotations").get("camel.apache.org/catalog.version"));
        }
        assertEquals(1, versions.size(), "one catalog version: " + versions);
    }

    @SuppressWarnings("unchecked")
    private static void collectParameters(Object node, Set<String> used) {
        if (node instanceof String text) {
            Matcher m = PARAMETER.matcher(text);
            while (m.find()) {
                used.add(m.group(1));
            }
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> collectParameters(v, used));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectParameters(v, used));
        }
    }
}

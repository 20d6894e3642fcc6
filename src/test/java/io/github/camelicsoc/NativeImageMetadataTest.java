package io.github.camelicsoc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GraalVM reachability metadata in the jar (META-INF/native-image/io.github.camelicsoc/camel-icsoc) covers every
 * model class Jackson reads or writes, every class Camel instantiates by name from the jar's service files, and every
 * resource in the jar, so that a native build (Quarkus native, Spring Boot native) does not drop them. Walks the built
 * classes, so a model class or resource added later fails here until the metadata lists it.
 */
class NativeImageMetadataTest {

    private static final String METADATA = "META-INF/native-image/io.github.camelicsoc/camel-icsoc/";

    /** Files in the jar that only build tools or Spring Boot on the JVM read, never the component at run time. */
    private static final Set<String> NOT_LOADED_BY_THE_COMPONENT = Set.of(
            "META-INF/jandex.idx",
            "META-INF/LICENSE",
            "META-INF/NOTICE",
            // written by Camel's components-list goal beside the services file, and left out of the jar
            "component.properties",
            "META-INF/spring-configuration-metadata.json",
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");

    private static Path classes() throws Exception {
        return Path.of(IcsocComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static JsonNode metadata(String file) throws Exception {
        return new ObjectMapper().readTree(classes().resolve(METADATA + file).toFile());
    }

    private static Set<String> reflected() throws Exception {
        Set<String> names = new HashSet<>();
        metadata("reflect-config.json").forEach(entry -> names.add(entry.path("name").asText()));
        return names;
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }

    @Test
    void everyModelClassIsOpenToReflection() throws Exception {
        Set<String> reflected = reflected();
        Path model = classes().resolve("io/github/camelicsoc/model");
        List<String> missing = new ArrayList<>();
        for (Path file : files(model)) {
            String name = classes().relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
            if (file.toString().endsWith(".class") && !reflected.contains(name)) {
                missing.add(name);
            }
        }
        assertTrue(missing.isEmpty(), "model classes missing from reflect-config.json: " + missing);
    }

    @Test
    void everyClassCamelCreatesByNameIsOpenToReflection() throws Exception {
        Set<String> reflected = reflected();
        List<String> missing = new ArrayList<>();
        for (Path file : files(classes().resolve("META-INF/services/org/apache/camel"))) {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("class=") && !reflected.contains(line.substring(6).trim())) {
                    missing.add(line.substring(6).trim());
                }
            }
        }
        assertTrue(missing.isEmpty(), "classes missing from reflect-config.json: " + missing);
    }

    @Test
    void everyResourceTheComponentLoadsIsIncluded() throws Exception {
        List<Pattern> includes = new ArrayList<>();
        metadata("resource-config.json").path("resources").path("includes")
                .forEach(include -> includes.add(Pattern.compile(include.path("pattern").asText())));
        List<String> missing = new ArrayList<>();
        for (Path file : files(classes())) {
            String resource = classes().relativize(file).toString().replace('\\', '/');
            if (resource.endsWith(".class") || resource.startsWith(METADATA) || NOT_LOADED_BY_THE_COMPONENT.contains(resource)) {
                continue;
            }
            if (includes.stream().noneMatch(p -> p.matcher(resource).matches())) {
                missing.add(resource);
            }
        }
        assertTrue(missing.isEmpty(), "resources missing from resource-config.json: " + missing);
    }
}

package io.github.camelicsoc.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.DeclaredClassPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each Kamelet runs in a JVM whose class path holds only what it declares under {@code spec.dependencies} (as
 * {@code camel run} builds it), plus Camel Main and the YAML loader every Kamelet runtime has: a dependency a
 * Kamelet uses without declaring it (camel:bean for {@code scriptLanguage: bean}) fails it here.
 */
class KameletDependenciesTest {

    private final IcsocSimulator sim = IcsocSimulator.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        sim.close();
    }

    /** The declared dependencies of the Kamelet as the jar ships it (the version filled in). */
    @SuppressWarnings("unchecked")
    private static List<String> declared(String kamelet) throws Exception {
        return (List<String>) KameletConventionsTest.map(KameletConventionsTest.kamelet(kamelet), "spec").get("dependencies");
    }

    private String runAlone(String kamelet, Map<String, String> parameters) throws Exception {
        DeclaredClassPath path = DeclaredClassPath.withTheComponent()
                // what runs any Kamelet: Camel Main, and the YAML loader of the Kamelet file itself
                .with("camel:main").with("camel:yaml-dsl");
        for (String dependency : declared(kamelet)) {
            path.with(dependency);
        }
        Properties properties = new Properties();
        properties.put("camel.kamelet." + kamelet + ".baseUrl", sim.baseUrl());
        properties.put("camel.kamelet." + kamelet + ".vccCode", IcsocSimulator.VCC_CODE);
        properties.put("camel.kamelet." + kamelet + ".secret", IcsocSimulator.SECRET);
        parameters.forEach((k, v) -> properties.put("camel.kamelet." + kamelet + "." + k, v));
        Path file = dir.resolve(kamelet + ".properties");
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, null);
        }
        Path log = Path.of("target/kamelet-alone-" + kamelet + ".log").toAbsolutePath();
        int exit = path.run(log, 120, Map.of(),
                Path.of("src/test/standalone/KameletRun.java").toAbsolutePath().toString(), kamelet, file.toString());
        String output = Files.readString(log);
        assertEquals(0, exit, kamelet + " with only " + path.coordinates() + " failed:\n" + output);
        return output;
    }

    @Test
    void theCallSinkRunsWithOnlyItsDeclaredDependencies() throws Exception {
        String output = runAlone("icsoc-call-sink", Map.of());

        assertEquals(1, sim.calls().size());
        assertTrue(output.contains("ANSWER ") && output.contains(sim.calls().get(0).callId()), output);
    }

    @Test
    void theRecordsSourceRunsWithOnlyItsDeclaredDependenciesAndItsDurationDefaults() throws Exception {
        // inside the default lookback (1h) and past the default settle (1m)
        sim.addInboundRecords(1, LocalDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(20), Duration.ofMinutes(1));

        String output = runAlone("icsoc-records-source", Map.of("type", "400", "delay", "200"));

        assertTrue(output.contains("RECORD {"), output);
    }
}

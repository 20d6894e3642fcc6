package io.github.camelicsoc.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.DeclaredClassPath;
import io.github.camelicsoc.support.ExampleRunner;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example in routes-examples/ lists on its "Needs:" line every dependency it needs: each runs in Camel Main in a
 * JVM whose class path holds the component, camel-main and only what that line names (resolved offline from the
 * local Maven repository, as camel run resolves --dep). A route that polls records must carry one record through
 * without a failure, so that what only shows when a message flows (the bean language of {@code ${body.caller}})
 * counts; a route that waits for requests must start.
 */
class ExampleDependenciesTest {

    private static final Pattern CAMEL_ARTIFACT = Pattern.compile("\\bcamel-[a-z0-9-]*[a-z0-9]\\b");
    private static final Pattern COORDINATES = Pattern.compile("\\b[a-z][\\w.-]*:[\\w.-]+:\\d[\\w.-]*\\w");

    private final IcsocSimulator sim = IcsocSimulator.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        sim.close();
    }

    /** The dependencies named on the file's "Needs:" lines (up to the next "Run:" or "Properties:" line). */
    static Set<String> needs(String file) throws IOException {
        StringBuilder needs = new StringBuilder();
        boolean in = false;
        for (String line : Files.readAllLines(Path.of("routes-examples", file))) {
            String text = line.replaceFirst("^\\s*(#|//)?\\s*", "");
            if (text.startsWith("Needs:")) {
                in = true;
            } else if (in && (text.startsWith("Run:") || text.startsWith("Properties:") || text.startsWith("-")
                              || text.startsWith("import") || text.startsWith("<"))) {
                break;
            }
            if (in) {
                needs.append(text).append(' ');
            }
        }
        assertFalse(needs.isEmpty(), file + " has a Needs: line");
        Set<String> dependencies = new LinkedHashSet<>();
        Matcher gav = COORDINATES.matcher(needs);
        while (gav.find()) {
            dependencies.add(gav.group());
        }
        Matcher camel = CAMEL_ARTIFACT.matcher(needs.toString().replaceAll(COORDINATES.pattern(), ""));
        while (camel.find()) {
            dependencies.add("camel:" + camel.group().substring("camel-".length()));
        }
        return dependencies;
    }

    @Test
    void everyExampleFileIsCheckedHere() throws Exception {
        Set<String> checked = Set.of("click-to-call.yaml", "click-to-call.xml", "ClickToCall.java",
                "records-to-database.yaml", "records-batch-to-database.yaml", "records-to-file.yaml", "inbound-to-crm.yaml",
                "cluster-singleton-file-lock.yaml", "cluster-singleton.yaml", "ticket-outcomes.yaml");
        List<String> files = new ArrayList<>();
        try (var list = Files.list(Path.of("routes-examples"))) {
            list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".xml") || n.endsWith(".java")).forEach(files::add);
        }
        files.removeAll(checked);
        assertEquals(List.of(), files, "example files this test does not run");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "records-to-database.yaml, exchange",
            "records-batch-to-database.yaml, exchange",
            "records-to-file.yaml, exchange",
            "inbound-to-crm.yaml, exchange",
            "click-to-call.yaml, start",
            "ticket-outcomes.yaml, start",
            "click-to-call.xml, start",
            "ClickToCall.java, start",
            "cluster-singleton-file-lock.yaml, start" })
    void runsWithOnlyTheDependenciesItsNeedsLineNames(String file, String mode) throws Exception {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.ofHours(8));
        sim.addInboundRecords(1, now.minusMinutes(30), Duration.ofMinutes(1));
        sim.addRecord(new SimRecord(false, "13800138000", "13900139000", "", now.minusMinutes(30),
                now.minusMinutes(30), now.minusMinutes(29), null, "example-1"));
        DeclaredClassPath path = DeclaredClassPath.withTheComponent().with("camel:main");
        Set<String> needs = needs(file);
        for (String dependency : needs) {
            path.with(dependency);
        }
        Path log = Path.of("target/example-alone-" + file + ".log").toAbsolutePath();
        int exit = path.run(log, 150, Map.of(
                        "ICSOC_BASE_URL", sim.baseUrl(),
                        "ICSOC_VCC_CODE", IcsocSimulator.VCC_CODE,
                        "ICSOC_SECRET", IcsocSimulator.SECRET),
                Path.of("src/test/standalone/ExampleRun.java").toAbsolutePath().toString(),
                "routes-examples/" + file, mode,
                "records.delay=200",
                "records.settle=0",
                "records.dir=" + dir.resolve("records"),
                "db.url=jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;INIT=RUNSCRIPT FROM 'routes-examples/records-table.sql'",
                "crm.url=http://127.0.0.1:" + ExampleRunner.freePort() + "/crm/calls",
                "crm.deadLetterDir=" + dir.resolve("dead-letters"),
                "cluster.dir=" + dir.resolve("cluster"),
                "cluster.node=one",
                "cluster.output=file:" + dir.resolve("out"),
                "camel.server.port=" + ExampleRunner.freePort(),
                // application.properties switches Camel's HTTP server on for the click-to-call examples; an example
                // that does not name camel-platform-http-main runs without it
                "camel.server.enabled=" + needs.contains("camel:platform-http-main"));
        String output = Files.readString(log);
        assertEquals(0, exit, file + " with only " + path.coordinates() + " (its Needs: " + needs + ") failed:\n" + output);
        assertTrue(output.contains("exchange".equals(mode) ? "DONE " : "STARTED "), output);
    }

    @Test
    void theZooKeeperClusterExampleRunsWithOnlyWhatItsNeedsLineNames() throws Exception {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.ofHours(8));
        sim.addRecord(new SimRecord(false, "13800138000", "13900139000", "", now.minusMinutes(30),
                now.minusMinutes(30), now.minusMinutes(29), null, "cluster-1"));
        DeclaredClassPath path = DeclaredClassPath.withTheComponent().with("camel:main");
        Set<String> needs = needs("cluster-singleton.yaml");
        assertTrue(needs.contains("org.postgresql:postgresql:42.7.4"), "the Needs: line names a JDBC driver: " + needs);
        for (String dependency : needs) {
            // the example's database is the user's; here H2 stands in for it, so its driver replaces PostgreSQL's
            path.with(dependency.startsWith("org.postgresql:") ? "com.h2database:h2:2.3.232" : dependency);
        }
        // the output is the user's: the log component stands in for it
        path.with("camel:log");
        Path log = Path.of("target/example-alone-cluster-singleton.yaml.log").toAbsolutePath();
        int exit;
        try (TestingServer zookeeper = new TestingServer(true)) {
            exit = path.run(log, 150, Map.of(
                            "ICSOC_BASE_URL", sim.baseUrl(),
                            "ICSOC_VCC_CODE", IcsocSimulator.VCC_CODE,
                            "ICSOC_SECRET", IcsocSimulator.SECRET),
                    Path.of("src/test/standalone/ExampleRun.java").toAbsolutePath().toString(),
                    "routes-examples/cluster-singleton.yaml", "exchange",
                    "records.delay=200",
                    "records.settle=0",
                    "zookeeper.nodes=" + zookeeper.getConnectString(),
                    "cluster.node=one",
                    "cluster.output=log:records",
                    "db.url=jdbc:h2:file:" + dir.resolve("db"),
                    "db.user=sa",
                    "db.password=",
                    "camel.server.enabled=false");
        }
        String output = Files.readString(log);
        assertEquals(0, exit, "cluster-singleton.yaml with only " + path.coordinates() + " failed:\n" + output);
        assertTrue(output.contains("DONE "), output);
    }

}

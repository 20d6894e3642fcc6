package io.github.camelicsoc.jbang;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.ReceivedCall;
import io.github.camelicsoc.support.CamelRunLauncher;
import io.github.camelicsoc.support.ExampleRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes-examples/click-to-call.yaml runs on Camel JBang's engine (camel-kamelet-main, what {@code camel run} uses)
 * with the component added as a Maven dependency the way {@code camel run --dep=io.github.camelicsoc:camel-icsoc:<v>}
 * adds it: the component's jar and pom are laid out in a Maven repository of the test's own (standing in for the
 * published artifact), and a separate JVM whose class path lacks the component downloads it from there, loads the
 * component from the downloaded jar and places a call on the simulator through the route. The jar it loads must be
 * the one this build published, byte for byte: the engine's local repository may already hold an older build of the
 * same SNAPSHOT, which would otherwise pass for it.
 */
class JBangEngineTest {

    private final IcsocSimulator sim = IcsocSimulator.start();
    private Process camelRun;

    @AfterEach
    void stop() {
        if (camelRun != null) {
            camelRun.destroy();
            try {
                if (!camelRun.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    camelRun.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sim.close();
    }

    @Test
    void clickToCallRunsOnTheCamelRunEngineWithTheComponentAsADependency() throws Exception {
        Path classes = Path.of(IcsocComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JsonNode catalog = new ObjectMapper().readTree(classes.resolve("META-INF/io/github/camelicsoc/icsoc.json").toFile());
        String artifactId = catalog.path("component").path("artifactId").asText();
        String version = catalog.path("component").path("version").asText();
        String groupId = catalog.path("component").path("groupId").asText();
        Path repository = Path.of("target/jbang-repository").toAbsolutePath();
        Path jar = publish(classes, repository, groupId, artifactId, version);

        int port = ExampleRunner.freePort();
        Path log = Path.of("target/jbang-engine-test.log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dlog4j2.configurationFile=" + Path.of("src/test/resources/jbang/log4j2-camel-run.properties").toAbsolutePath(),
                "-cp", classPathWithout(classes),
                CamelRunLauncher.class.getName(),
                "routes-examples/click-to-call.yaml",
                "routes-examples/application.properties",
                groupId + ":" + artifactId + ":" + version,
                repository.toUri().toString(),
                Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("ICSOC_BASE_URL", sim.baseUrl());
        builder.environment().put("ICSOC_VCC_CODE", IcsocSimulator.VCC_CODE);
        builder.environment().put("ICSOC_SECRET", IcsocSimulator.SECRET);
        camelRun = builder.start();

        await("camel run's engine started the route (see " + log + ")").atMost(Duration.ofSeconds(120))
                .until(() -> Files.readString(log).contains(CamelRunLauncher.LOADED_FROM) || !camelRun.isAlive());
        String output = Files.readString(log);
        String loadedFrom = output.lines().filter(l -> l.startsWith(CamelRunLauncher.LOADED_FROM)).findFirst()
                .orElseThrow(() -> new AssertionError("camel run's engine did not start:\n" + output));
        assertTrue(loadedFrom.contains(artifactId + "-" + version + ".jar"),
                "the component must come from the downloaded dependency, not the class path: " + loadedFrom);
        Path loadedJar = Path.of(URI.create(loadedFrom.substring(CamelRunLauncher.LOADED_FROM.length()).trim()));
        assertEquals(digest("SHA-256", jar), digest("SHA-256", loadedJar),
                "the engine must load the jar this build published, not an older copy of the same version: " + loadedJar);

        HttpResponse<String> placed = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/calls"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"agent\": \"13800138000\", \"customer\": \"13900139000\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(202, placed.statusCode(), placed.body());
        ReceivedCall call = sim.calls().get(0);
        assertEquals("{\"callId\": \"" + call.callId() + "\"}", placed.body());
        assertEquals("13900139000", call.called());
        String engineLog = Files.readString(log);
        assertTrue(!engineLog.toLowerCase(java.util.Locale.ROOT).contains("deprecat"),
                "the example uses deprecated syntax:\n" + engineLog);
    }

    /**
     * Lays out the component's jar and pom in the repository as a deployment does. A SNAPSHOT goes in with its
     * timestamp and a maven-metadata.xml saying it is the newest build, as a snapshot repository serves it: the engine's
     * resolver keeps whatever copy of the same SNAPSHOT its local repository already holds (an earlier build, installed
     * or downloaded before) unless a repository's metadata names a newer one. Returns the published jar.
     */
    private static Path publish(Path classes, Path repository, String groupId, String artifactId, String version)
            throws IOException {
        Path published = repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version);
        if (Files.isDirectory(published)) {
            try (Stream<Path> old = Files.list(published)) {
                for (Path file : old.collect(Collectors.toList())) {
                    Files.delete(file);
                }
            }
        }
        String fileVersion = version;
        if (version.endsWith("-SNAPSHOT")) {
            java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
            String timestamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd.HHmmss").format(now);
            String updated = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(now);
            fileVersion = version.substring(0, version.length() - "SNAPSHOT".length()) + timestamp + "-1";
            Files.createDirectories(published);
            Files.writeString(published.resolve("maven-metadata.xml"), String.format(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n<metadata modelVersion=\"1.1.0\">%n"
                    + "  <groupId>%1$s</groupId>%n  <artifactId>%2$s</artifactId>%n  <version>%3$s</version>%n"
                    + "  <versioning>%n    <snapshot>%n      <timestamp>%4$s</timestamp>%n"
                    + "      <buildNumber>1</buildNumber>%n    </snapshot>%n    <lastUpdated>%5$s</lastUpdated>%n"
                    + "    <snapshotVersions>%n"
                    + "      <snapshotVersion>%n        <extension>jar</extension>%n        <value>%6$s</value>%n"
                    + "        <updated>%5$s</updated>%n      </snapshotVersion>%n"
                    + "      <snapshotVersion>%n        <extension>pom</extension>%n        <value>%6$s</value>%n"
                    + "        <updated>%5$s</updated>%n      </snapshotVersion>%n"
                    + "    </snapshotVersions>%n  </versioning>%n</metadata>%n",
                    groupId, artifactId, version, timestamp, updated, fileVersion), StandardCharsets.UTF_8);
        }
        Path jar = published.resolve(artifactId + "-" + fileVersion + ".jar");
        pack(classes, jar);
        Files.copy(Path.of("pom.xml"), published.resolve(artifactId + "-" + fileVersion + ".pom"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // checksums beside every file, as a deployment writes them: the resolver checks them
        try (Stream<Path> files = Files.list(published)) {
            for (Path file : files.filter(f -> !f.toString().endsWith(".sha1")).collect(Collectors.toList())) {
                Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), digest("SHA-1", file),
                        StandardCharsets.US_ASCII);
            }
        }
        return jar;
    }

    private static String digest(String algorithm, Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is a digest every JVM has", e);
        }
    }

    /** The component's jar, as the build packs it. */
    private static void pack(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar);
             JarOutputStream packed = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                packed.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, packed);
                packed.closeEntry();
            }
        }
    }

    /** This JVM's class path less the component's own classes: the engine must find them through the dependency. */
    private static String classPathWithout(Path classes) {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().equals(classes.toAbsolutePath().normalize()))
                .collect(Collectors.joining(File.pathSeparator));
    }

}

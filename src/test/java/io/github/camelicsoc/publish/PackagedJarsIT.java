package io.github.camelicsoc.publish;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the release publishes, read from the jars this build packaged: the licence in each, the manifest, the
 * catalog files, the Kamelets with the version filled in, and entries stamped with the fixed build time.
 */
class PackagedJarsIT {

    private static byte[] entry(JarFile jar, String name) throws Exception {
        ZipEntry entry = jar.getEntry(name);
        assertNotNull(entry, jar.getName() + " holds " + name);
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "tests", "simulator", "sources", "javadoc" })
    void everyJarCarriesTheLicenceAndNoticeAndTheFixedBuildTime(String classifier) throws Exception {
        byte[] licence = Files.readAllBytes(BuiltJars.basedir().resolve("LICENSE"));
        assertTrue(new String(licence, StandardCharsets.UTF_8).contains("Apache License")
                && new String(licence, StandardCharsets.UTF_8).contains("Version 2.0, January 2004"));
        try (JarFile jar = new JarFile(BuiltJars.jar(classifier).toFile())) {
            assertArrayEquals(licence, entry(jar, "META-INF/LICENSE"));
            assertArrayEquals(Files.readAllBytes(BuiltJars.basedir().resolve("NOTICE")), entry(jar, "META-INF/NOTICE"));
            // reproducible: every entry carries project.build.outputTimestamp, not the time of the build
            long stamps = jar.stream().map(e -> e.getLastModifiedTime().toInstant()).distinct().count();
            assertEquals(1, stamps, "one timestamp for every entry");
            assertTrue(jar.stream().allMatch(e -> e.getLastModifiedTime().toInstant().isBefore(Instant.now().minusSeconds(60))));
        }
    }

    @Test
    void theSimulatorJarHoldsOnlyTheSimulatorAndNothingAUsersTestRunWouldPickUp() throws Exception {
        try (JarFile jar = new JarFile(BuiltJars.jar("simulator").toFile())) {
            assertNotNull(jar.getEntry("io/github/camelicsoc/sim/IcsocSimulator.class"));
            java.util.List<String> foreign = jar.stream().map(ZipEntry::getName)
                    .filter(name -> !name.endsWith("/"))
                    .filter(name -> !name.startsWith("io/github/camelicsoc/sim/") && !name.startsWith("META-INF/"))
                    .toList();
            // config/application.properties would be loaded by Spring Boot ahead of the application's own file,
            // log4j2.properties would take over the user's logging
            assertEquals(java.util.List.of(), foreign, "only the simulator's classes and META-INF");
            assertTrue(jar.stream().noneMatch(e -> e.getName().endsWith("Test.class")), "none of this project's tests");
            assertNull(jar.getEntry("META-INF/spring.factories"));
        }
    }

    @Test
    void theManifestNamesTheModuleAndTheVersion() throws Exception {
        try (JarFile jar = new JarFile(BuiltJars.jar("").toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("io.github.camelicsoc", main.getValue("Automatic-Module-Name"));
            assertEquals(BuiltJars.version(), main.getValue("Implementation-Version"));
            assertNotNull(main.getValue("Implementation-Title"));
        }
    }

    @Test
    void theMainJarCarriesTheCatalogFilesAndTheKameletsWithTheirVersion() throws Exception {
        try (JarFile jar = new JarFile(BuiltJars.jar("").toFile())) {
            Properties components = new Properties();
            components.load(new java.io.ByteArrayInputStream(
                    entry(jar, "META-INF/services/org/apache/camel/component.properties")));
            assertEquals("icsoc", components.getProperty("components"));
            assertEquals("io.github.camelicsoc", components.getProperty("groupId"));
            assertEquals(BuiltJars.version(), components.getProperty("version"));
            assertNull(jar.getEntry("component.properties"), "no stray copy at the root");
            // Camel reads the JSON under META-INF; camel-catalog-maven 4.18 beside the component's package
            assertArrayEquals(entry(jar, "META-INF/io/github/camelicsoc/icsoc.json"),
                    entry(jar, "io/github/camelicsoc/icsoc.json"));
            assertNotNull(jar.getEntry("io/github/camelicsoc/IcsocEndpointConfigurer.class"));
            assertNotNull(jar.getEntry("io/github/camelicsoc/IcsocEndpointUriFactory.class"));
            for (String kamelet : new String[] { "icsoc-call-sink", "icsoc-records-source" }) {
                String yaml = new String(entry(jar, "kamelets/" + kamelet + ".kamelet.yaml"), StandardCharsets.UTF_8);
                assertFalse(yaml.contains("@project.version@"), kamelet + " was filtered");
                assertTrue(yaml.contains("mvn:io.github.camelicsoc:camel-icsoc:" + BuiltJars.version()), kamelet);
            }
        }
    }

    @Test
    void theSourcesJavadocAndTestJarsHoldWhatUsersNeed() throws Exception {
        try (JarFile sources = new JarFile(BuiltJars.jar("sources").toFile());
             JarFile javadoc = new JarFile(BuiltJars.jar("javadoc").toFile());
             JarFile tests = new JarFile(BuiltJars.jar("tests").toFile())) {
            assertNotNull(sources.getEntry("io/github/camelicsoc/IcsocComponent.java"));
            assertNotNull(javadoc.getEntry("index.html"));
            assertNotNull(javadoc.getEntry("io/github/camelicsoc/IcsocComponent.html"));
            assertNotNull(tests.getEntry("io/github/camelicsoc/sim/IcsocSimulator.class"));
        }
    }
}

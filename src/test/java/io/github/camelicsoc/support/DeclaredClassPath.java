package io.github.camelicsoc.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.camel.tooling.maven.MavenArtifact;
import org.apache.camel.tooling.maven.MavenDownloaderImpl;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A class path made of declared dependencies only, the way {@code camel run} makes one: each dependency and what it
 * needs, resolved from the local Maven repository (offline) by the resolver camel run uses, plus the component's
 * classes and the dependencies its pom declares. Kamelets and the route examples are run in a JVM with such a class
 * path, so a dependency they use but do not declare fails them.
 */
public final class DeclaredClassPath {

    private static final Pattern CAMEL_VERSION = Pattern.compile("<camel.version>([^<]+)</camel.version>");

    private final Set<String> coordinates = new LinkedHashSet<>();

    private DeclaredClassPath() {
    }

    /** The component (this build's classes) and the dependencies of its pom that reach its users. */
    public static DeclaredClassPath withTheComponent() throws Exception {
        DeclaredClassPath path = new DeclaredClassPath();
        for (String artifact : componentDependencies()) {
            path.coordinates.add(artifact);
        }
        return path;
    }

    public static String camelVersion() throws IOException {
        Matcher m = CAMEL_VERSION.matcher(Files.readString(Path.of("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("pom.xml names no camel.version");
        }
        return m.group(1);
    }

    /**
     * Adds a dependency as a Kamelet or {@code camel run --dep} names it: {@code camel:bean},
     * {@code mvn:group:artifact:version}, or {@code group:artifact:version}. {@code camel:core} is Camel's engine
     * without its optional components (the languages of camel-core-languages, no bean, no direct, no timer).
     */
    public DeclaredClassPath with(String dependency) throws IOException {
        if (dependency.equals("camel:core")) {
            coordinates.add("org.apache.camel:camel-core-engine:" + camelVersion());
            coordinates.add("org.apache.camel:camel-core-languages:" + camelVersion());
        } else if (dependency.startsWith("camel:")) {
            coordinates.add("org.apache.camel:camel-" + dependency.substring("camel:".length()) + ":" + camelVersion());
        } else if (dependency.startsWith("mvn:io.github.camelicsoc:camel-icsoc:")) {
            // this build's classes stand for the component's jar: added by classPath()
        } else {
            coordinates.add(dependency.startsWith("mvn:") ? dependency.substring(4) : dependency);
        }
        return this;
    }

    /** The resolved class path: this build's classes first, then every jar the coordinates need. */
    public String classPath() throws Exception {
        List<String> entries = new ArrayList<>();
        entries.add(Path.of("target/classes").toAbsolutePath().toString());
        for (MavenArtifact artifact : resolve(true)) {
            entries.add(artifact.getFile().getAbsolutePath());
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Resolves offline first (the build has brought most of it); what the local repository lacks (a version the
     * build's own resolution never picked) comes from Maven Central, as camel run would fetch it.
     */
    private List<MavenArtifact> resolve(boolean offline) throws Exception {
        try (MavenDownloaderImpl downloader = new MavenDownloaderImpl()) {
            downloader.setOffline(offline);
            downloader.start();
            return downloader.resolveArtifacts(
                    "org.apache.camel:camel-bom:" + camelVersion(), new ArrayList<>(coordinates), Set.of(), true, false);
        } catch (org.apache.camel.tooling.maven.MavenResolutionException e) {
            if (offline) {
                return resolve(false);
            }
            throw e;
        }
    }

    /** The coordinates asked for, for messages. */
    public Set<String> coordinates() {
        return coordinates;
    }

    /** The pom's dependencies without a scope and not optional: what a user of the jar gets with it. */
    private static List<String> componentDependencies() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"))
                .getDocumentElement();
        List<String> found = new ArrayList<>();
        for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("dependencies")) {
                NodeList dependencies = e.getElementsByTagName("dependency");
                for (int i = 0; i < dependencies.getLength(); i++) {
                    Element d = (Element) dependencies.item(i);
                    if (text(d, "scope") == null && !"true".equals(text(d, "optional"))) {
                        String version = "org.apache.camel".equals(text(d, "groupId"))
                                ? camelVersion() : property(project, text(d, "version"));
                        found.add(text(d, "groupId") + ":" + text(d, "artifactId") + ":" + version);
                    }
                }
            }
        }
        return found;
    }

    /** A version as the pom writes it: as is, or a ${property} of the pom's own properties. */
    private static String property(Element project, String version) {
        if (version == null || !version.startsWith("${")) {
            if (version == null) {
                throw new IllegalStateException("a runtime dependency of the pom has no version of its own");
            }
            return version;
        }
        String name = version.substring(2, version.length() - 1);
        for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("properties")) {
                String value = text(e, name);
                if (value != null) {
                    return value;
                }
            }
        }
        throw new IllegalStateException("the pom's property " + name + " is not defined");
    }

    private static String text(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        return list.getLength() == 0 ? null : list.item(0).getTextContent().trim();
    }

    /** Runs java with this class path and the arguments, output to the log; its exit code (bounded wait). */
    public int run(Path log, long timeoutSeconds, java.util.Map<String, String> environment, String... arguments)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", classPath()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("still running after " + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        return process.exitValue();
    }
}

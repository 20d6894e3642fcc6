package io.github.camelicsoc.examples;

import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.DeclaredClassPath;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.tooling.maven.MavenDownloaderImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every snippet of the README and of docs/ works as written: a Java snippet compiles with only the dependencies the
 * README and its page list (resolved offline as a user's build would); a YAML route is loaded and started by Camel
 * against the simulator, and one whose Simple expressions call a method sits on a page that lists camel-bean; an XML
 * snippet is well formed and each of its dependencies has a version or a BOM that manages it, and resolves; a
 * properties snippet parses and every camel.component.icsoc key is an option of the catalog.
 */
class ReadmeSnippetsTest {

    /** A fenced block: the page it is on, its language, its text and the line it starts at. */
    record Snippet(Path page, String language, String text, int line) {
        @Override
        public String toString() {
            return page + ":" + line + " (" + language + ")";
        }
    }

    private static final Pattern FENCE = Pattern.compile("^( *)```(\\w*)\\s*$");
    private static final Pattern METHOD_CALL_IN_SIMPLE = Pattern.compile("\\$\\{(?:body|exception|in\\.body)\\.");

    private final IcsocSimulator sim = IcsocSimulator.start();
    private final List<CamelContext> contexts = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
        sim.close();
    }

    static List<Path> pages() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    static List<Snippet> snippets(Path page) throws Exception {
        List<Snippet> found = new ArrayList<>();
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (open.matches()) {
                String indent = open.group(1);
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < lines.size() && !lines.get(j).trim().equals("```")) {
                    String line = lines.get(j);
                    text.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
                    j++;
                }
                found.add(new Snippet(page, open.group(2), text.toString(), i + 1));
                i = j;
            }
        }
        return found;
    }

    static List<Snippet> all(String language) throws Exception {
        List<Snippet> found = new ArrayList<>();
        for (Path page : pages()) {
            snippets(page).stream().filter(s -> s.language().equals(language)).forEach(found::add);
        }
        assertFalse(found.isEmpty(), "the pages have " + language + " snippets");
        return found;
    }

    static List<Snippet> javaSnippets() throws Exception {
        return all("java");
    }

    static List<Snippet> yamlSnippets() throws Exception {
        return all("yaml");
    }

    static List<Snippet> xmlSnippets() throws Exception {
        return all("xml");
    }

    static List<Snippet> propertiesSnippets() throws Exception {
        return all("properties");
    }

    /** The text of the page's and the README's XML snippets: what a reader of the page has been told to add. */
    private static String listedOn(Path page) throws Exception {
        StringBuilder listed = new StringBuilder();
        for (Path p : new LinkedHashSet<>(List.of(Path.of("README.md"), page))) {
            snippets(p).stream().filter(s -> s.language().equals("xml")).forEach(s -> listed.append(s.text()));
        }
        return listed.toString();
    }

    /** The dependencies of XML snippets as group:artifact:version (Camel's at the BOM's version). */
    private static List<String[]> dependencies(String xml) throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new StringReader("<root>" + xml + "</root>"))).getDocumentElement();
        NodeList nodes = root.getElementsByTagName("dependency");
        List<String[]> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element d = (Element) nodes.item(i);
            found.add(new String[] { text(d, "groupId"), text(d, "artifactId"), text(d, "version"), text(d, "type"),
                    text(d, "classifier") });
        }
        return found;
    }

    private static String text(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        return list.getLength() == 0 ? null : list.item(0).getTextContent().trim();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javaSnippets")
    void eachJavaSnippetCompilesWithTheListedDependencies(Snippet snippet) throws Exception {
        DeclaredClassPath path = DeclaredClassPath.withTheComponent();
        boolean simulator = false;
        for (String[] d : dependencies(listedOn(snippet.page()))) {
            if ("io.github.camelicsoc".equals(d[0])) {
                simulator |= "simulator".equals(d[4]);
            } else if ("pom".equals(d[3])) {
                continue;
            } else if ("org.apache.camel".equals(d[0])) {
                path.with(d[0] + ":" + d[1] + ":" + DeclaredClassPath.camelVersion());
            } else if (d[2] != null) {
                path.with(d[0] + ":" + d[1] + ":" + d[2]);
            }
        }
        String classPath = path.classPath();
        if (simulator) {
            // the simulator jar's content: the package io.github.camelicsoc.sim, nothing else of the test classes
            Path sim = dir.resolve("simulator");
            Path from = Path.of("target/test-classes/io/github/camelicsoc/sim");
            Files.createDirectories(sim.resolve("io/github/camelicsoc/sim"));
            try (Stream<Path> classes = Files.list(from)) {
                for (Path c : classes.filter(c -> !c.getFileName().toString().contains("Test")).toList()) {
                    Files.copy(c, sim.resolve("io/github/camelicsoc/sim").resolve(c.getFileName()));
                }
            }
            classPath += File.pathSeparator + sim;
        }
        String text = snippet.text();
        String name;
        String source;
        Matcher declared = Pattern.compile("(?m)^(?:public )?class (\\w+)").matcher(text);
        if (declared.find()) {
            name = declared.group(1);
            source = text;
        } else {
            name = "Snippet";
            String imports = """
                    import java.io.File;
                    import java.time.Duration;
                    import java.util.HashMap;
                    import io.github.camelicsoc.*;
                    import io.github.camelicsoc.model.*;
                    import io.github.camelicsoc.sim.*;
                    import org.apache.camel.CamelContext;
                    import org.apache.camel.builder.RouteBuilder;
                    import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
                    import org.apache.camel.support.processor.state.FileStateRepository;
                    """;
            imports = simulator ? imports : imports.replace("import io.github.camelicsoc.sim.*;\n", "");
            source = text.contains("from(") || text.contains("onException(")
                    ? imports + "class Snippet extends RouteBuilder {\n public void configure() throws Exception {\n"
                      + text + "\n}\n}\n"
                    : imports + "class Snippet {\n static void run(CamelContext camelContext) throws Exception {\n"
                      + text + "\n}\n}\n";
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        java.io.StringWriter errors = new java.io.StringWriter();
        Boolean ok = compiler.getTask(errors, null, null,
                List.of("-classpath", classPath, "-d", dir.toString(), "-proc:none", "--release", "17"), null,
                List.of(file)).call();
        assertTrue(ok, snippet + " does not compile with " + path.coordinates() + ":\n" + errors + "\n" + source);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlSnippets")
    void eachYamlRouteIsLoadedAndStartedByCamel(Snippet snippet) throws Exception {
        if (METHOD_CALL_IN_SIMPLE.matcher(snippet.text()).find()) {
            assertTrue(listedOn(snippet.page()).contains("<artifactId>camel-bean</artifactId>"),
                    snippet + " calls a method in Simple, which needs camel-bean: its page must list it");
        }
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        IcsocComponent icsoc = new IcsocComponent();
        icsoc.getConfiguration().setBaseUrl(sim.baseUrl());
        icsoc.getConfiguration().setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.getConfiguration().setSecret(IcsocSimulator.SECRET);
        icsoc.getConfiguration().setDisplayCaller("4001234567");
        context.addComponent("icsoc", icsoc);
        context.start();

        String routes = snippet.text();
        if (!routes.contains("- route:")) {
            // error handling alone (the retry recipe): a route for it to apply to, as RetryRecipeTest does
            routes += "- route:\n    from:\n      uri: direct:snippet\n      steps:\n        - to:\n"
                      + "            uri: \"icsoc:call?caller=13800138000\"\n";
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("snippet.yaml", routes));

        assertFalse(context.getRoutes().isEmpty(), snippet + " defines a route");
        context.getRoutes().forEach(route -> assertTrue(context.getRouteController().getRouteStatus(route.getRouteId())
                .isStarted(), snippet + ": route " + route.getRouteId() + " started"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("xmlSnippets")
    void eachXmlSnippetIsWellFormedAndItsDependenciesResolve(Snippet snippet) throws Exception {
        String listed = listedOn(snippet.page());
        List<String[]> dependencies = dependencies(snippet.text());
        assertFalse(dependencies.isEmpty(), snippet + " holds dependencies");
        for (String[] d : dependencies) {
            String what = snippet + " " + d[0] + ":" + d[1];
            if ("io.github.camelicsoc".equals(d[0])) {
                assertEquals(projectVersion(), d[2], what + ": the version a local install gives");
                continue;
            }
            if (d[2] == null) {
                String bom = switch (d[0]) {
                    case "org.apache.camel" -> "camel-bom";
                    case "org.apache.camel.springboot" -> "camel-spring-boot-bom";
                    case "org.apache.camel.quarkus" -> "camel-quarkus-bom";
                    case "org.springframework.boot" -> "spring-boot-dependencies";
                    default -> null;
                };
                assertNotNull(bom, what + " has no version and no BOM manages it");
                assertTrue(listed.contains("<artifactId>" + bom + "</artifactId>"),
                        what + " has no version: its page or the README must import " + bom);
            }
            if ("org.apache.camel".equals(d[0]) || "org.wiremock".equals(d[0]) || "camel-spring-boot-bom".equals(d[1])
                || "spring-boot-dependencies".equals(d[1]) || "camel-bom".equals(d[1])) {
                String version = d[2] != null ? d[2] : DeclaredClassPath.camelVersion();
                try (MavenDownloaderImpl downloader = new MavenDownloaderImpl()) {
                    downloader.setOffline(true);
                    downloader.start();
                    String gav = d[0] + ":" + d[1] + ":" + ("pom".equals(d[3]) ? "pom:" : "") + version;
                    assertFalse(downloader.resolveArtifacts(List.of(gav), Set.of(), false, false).isEmpty(), what);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("propertiesSnippets")
    void eachPropertiesSnippetParsesAndNamesOptionsTheComponentHas(Snippet snippet) throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(snippet.text()));
        assertFalse(properties.isEmpty(), snippet.toString());
        JsonNode options = new ObjectMapper().readTree(
                Path.of("target/classes/META-INF/io/github/camelicsoc/icsoc.json").toFile()).path("componentProperties");
        Set<String> unknown = new LinkedHashSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("camel.component.icsoc.")) {
                String option = camelCase(key.substring("camel.component.icsoc.".length()));
                if (!options.has(option)) {
                    unknown.add(key);
                }
            }
        }
        assertTrue(unknown.isEmpty(), snippet + " names options the component does not have: " + unknown);
    }

    /** Spring Boot's relaxed name (request-timeout) to the option's name (requestTimeout). */
    private static String camelCase(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static String projectVersion() throws Exception {
        return new ObjectMapper().readTree(Path.of("target/classes/META-INF/io/github/camelicsoc/icsoc.json").toFile())
                .path("component").path("version").asText();
    }
}

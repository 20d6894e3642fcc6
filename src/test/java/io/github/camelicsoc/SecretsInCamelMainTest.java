package io.github.camelicsoc;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.SecretProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The secret as a user gives it to Camel Main, each way the README names: one JVM per suite run with the
 * environment a user would set, everything logged at TRACE for the root logger, the routes dumped as YAML and XML
 * (camel.main.dumpRoutes and the dump strategy), every JMX dump operation, every attribute of every Camel MBean,
 * the endpoint registry and every exception, all searched for the secret as typed, URL-encoded, in base64 and for
 * each piece of it. The ways the README recommends show it nowhere; the ways it warns against show it only where
 * it says, and the test fails if they show it anywhere else (or no longer show it, so the README can be updated).
 */
class SecretsInCamelMainTest {

    /** A way of giving the secret: its name, its secret, and what the README says about it. */
    record Way(String name, String vccCode, String secret, String properties, String routeSecretParams,
               Predicate<Leak> readmeAllows) {
    }

    /** One place the secret showed: a log line (level, logger) or a section of what the probe rendered. */
    record Leak(String level, String logger, String where) {
        @Override
        public String toString() {
            return level == null ? where : level + " " + logger;
        }
    }

    static final List<Way> WAYS = new ArrayList<>();
    static final Map<String, String> ENV = new LinkedHashMap<>();
    static final Map<String, List<Leak>> LEAKS = new LinkedHashMap<>();
    static final Map<String, Integer> SEARCHED = new LinkedHashMap<>();

    @TempDir
    static Path dir;

    private static final Predicate<Leak> NOWHERE = leak -> false;
    /** Camel Main prints every property it loads and binds, values and all, at DEBUG (BaseMainSupport, MainHelper). */
    private static final Predicate<Leak> CAMEL_MAIN_DEBUG = leak -> debugOrTrace(leak)
                                                                    && leak.logger().startsWith("org.apache.camel.main.");
    /** A placeholder's value is printed where it is resolved, at DEBUG and TRACE. */
    private static final Predicate<Leak> PLACEHOLDER_DEBUG = leak -> debugOrTrace(leak)
            && (leak.logger().startsWith("org.apache.camel.main.")
                || leak.logger().startsWith("org.apache.camel.component.properties.")
                || leak.logger().equals("org.apache.camel.impl.engine.DefaultCamelContextExtension"));
    /**
     * Camel core prints route and endpoint URIs as typed (a consumer's in clear, a RAW value up to its bracket) at
     * DEBUG and TRACE; route dumps, logged or through JMX, print them as typed at any level; the endpoint registry is
     * keyed by them; a processor's JMX ModelLabel masks a RAW value only up to its bracket. Nothing rendered from the
     * endpoint itself (its toString, URI, JMX name and attributes, an exchange's properties) shows it.
     */
    private static final Predicate<Leak> URI_IN_CORE_DEBUG_AND_DUMPS = leak ->
            (debugOrTrace(leak) && leak.logger().startsWith("org.apache.camel."))
            || "org.apache.camel.impl.DefaultDumpRoutesStrategy".equals(leak.logger())
            || leak.where().equals("jmx dump operations")
            || leak.where().equals("endpoint registry key")
            || leak.where().equals("jmx attribute ModelLabel");

    @BeforeAll
    static void runEveryWay() throws Exception {
        // the README's own set-up, taken from its "Pointing at the real platform" block
        way("readme", "7100001", "Qv7Tn2Lp-Xr4Wd9Km", readmeProperties(), "", NOWHERE);
        ENV.put("ICSOC_SECRET", "Qv7Tn2Lp-Xr4Wd9Km");
        way("java", "7100002", "Wm4Rk8Zd-Bt6Jy3Hs", "", "", NOWHERE);
        ENV.put("ICSOC_SECRET_JAVA", "Wm4Rk8Zd-Bt6Jy3Hs");
        way("bean", "7100003", "Hx6Pc3Vy-Lg8Nq2Wt", "camel.component.icsoc.configuration = #bean:icsocSettings\n", "",
                NOWHERE);
        ENV.put("ICSOC_SECRET_BEAN", "Hx6Pc3Vy-Lg8Nq2Wt");
        way("secretFromEnv", "7100004", "Tj9Ng5Qs-Kc4Zm7Rb",
                "camel.component.icsoc.secretFromEnv = ICSOC_SECRET_OPTION\n", "", NOWHERE);
        ENV.put("ICSOC_SECRET_OPTION", "Tj9Ng5Qs-Kc4Zm7Rb");
        // the ways the README warns against
        way("literal", "7100005", "Fb2Ks7Wn-Yd5Hx9Lq", "camel.component.icsoc.secret = Fb2Ks7Wn-Yd5Hx9Lq\n", "",
                CAMEL_MAIN_DEBUG);
        way("envPlaceholder", "7100006", "Cz3Lm8Ru-Pj6Tw4Gv",
                "camel.component.icsoc.secret = {{env:ICSOC_SECRET_PLACEHOLDER}}\n", "", PLACEHOLDER_DEBUG);
        ENV.put("ICSOC_SECRET_PLACEHOLDER", "Cz3Lm8Ru-Pj6Tw4Gv");
        way("sysPlaceholder", "7100007", "Gd5Yw2Ne-Rs9Fk3Mx", "camel.component.icsoc.secret = {{sys:icsoc.secret}}\n", "",
                PLACEHOLDER_DEBUG);
        ENV.put("ICSOC_SECRET_SYS", "Gd5Yw2Ne-Rs9Fk3Mx");
        way("uriPlain", "7100008", "Vs4Jq9Kb-Nh7Cz2Wp", "", "&secret=Vs4Jq9Kb-Nh7Cz2Wp", URI_IN_CORE_DEBUG_AND_DUMPS);
        way("uriRawParen", "7100009", "Mk3Td7Xa)Rq8Lw2Pz", "", "&secret=RAW(Mk3Td7Xa)Rq8Lw2Pz)",
                URI_IN_CORE_DEBUG_AND_DUMPS);
        way("uriRawBrace", "7100010", "Pn6Hs4Cy}Wz5Fm1Qk", "", "&secret=RAW{Pn6Hs4Cy}Wz5Fm1Qk}",
                URI_IN_CORE_DEBUG_AND_DUMPS);

        try (IcsocSimulator sim = IcsocSimulator.start()) {
            sim.failCallsTo("13700000405");
            List<String> names = new ArrayList<>();
            for (Way way : WAYS) {
                sim.addEnterprise(way.vccCode(), way.secret());
                write(way, sim.baseUrl());
                names.add(way.name());
            }
            Path log = dir.resolve("probe.log");
            Path logConfig = dir.resolve("log4j2.properties");
            Files.writeString(logConfig, """
                    appender.file.type = File
                    appender.file.name = file
                    appender.file.fileName = %s
                    appender.file.layout.type = PatternLayout
                    appender.file.layout.pattern = @@@%%level|%%logger|%%msg%%throwable%%n
                    rootLogger.level = TRACE
                    rootLogger.appenderRef.file.ref = file
                    """.formatted(log.toString().replace("\\", "/")));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                    "-Dlog4j2.configurationFile=" + logConfig.toUri(),
                    "-Dicsoc.probe.baseUrl=" + sim.baseUrl(), "-Dicsoc.probe.vccCode=7100003",
                    "-cp", System.getProperty("java.class.path"), SecretProbe.class.getName(), dir.toString()));
            command.addAll(names);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("probe.out").toFile());
            builder.environment().putAll(ENV);
            Process probe = builder.start();
            assertTrue(probe.waitFor(240, TimeUnit.SECONDS), "the probe JVM finished in time");
            String out = Files.readString(dir.resolve("probe.out"));
            assertEquals(0, probe.exitValue(), "the probe JVM failed: " + out);
            assertEquals(names.size() * 2L, sim.calls().stream().filter(c -> c.code() == 200).count(),
                    "each way placed its two calls the platform takes (so each way authenticated with its secret)");
            String text = Files.readString(log, StandardCharsets.UTF_8);
            // kept for whoever must find where a secret showed
            Path kept = Path.of("target", "secrets-probe");
            Files.createDirectories(kept);
            Files.writeString(kept.resolve("probe.log"), text, StandardCharsets.UTF_8);
            for (Way way : WAYS) {
                Files.copy(dir.resolve(way.name() + ".shown"), kept.resolve(way.name() + ".shown"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            search(text);
            for (Way way : WAYS) {
                // what the JVM printed outside the log (nothing should be, but it is searched too)
                if (shows(out, way.secret())) {
                    LEAKS.get(way.name()).add(new Leak(null, null, "standard output"));
                }
            }
        }
    }

    private static void way(String name, String vccCode, String secret, String properties, String uriParams,
                            Predicate<Leak> readmeAllows) {
        WAYS.add(new Way(name, vccCode, secret, properties, uriParams, readmeAllows));
    }

    private static void write(Way way, String baseUrl) throws IOException {
        StringBuilder properties = new StringBuilder()
                .append("camel.main.name = probe-").append(way.name()).append('\n')
                .append("camel.main.routesIncludePattern = file:").append(dir.resolve(way.name() + ".yaml")).append('\n')
                .append("camel.main.dumpRoutes = yaml\n")
                .append("camel.main.jmxEnabled = true\n");
        if (!way.name().equals("bean")) {
            properties.append("camel.component.icsoc.baseUrl = ").append(baseUrl).append('\n')
                    .append("camel.component.icsoc.vccCode = ").append(way.vccCode()).append('\n');
        }
        properties.append(way.properties());
        Files.writeString(dir.resolve(way.name() + ".properties"), properties, StandardCharsets.UTF_8);
        String uriSecret = way.routeSecretParams().isEmpty() ? ""
                : "&vccCode=" + way.vccCode() + way.routeSecretParams();
        Files.writeString(dir.resolve(way.name() + ".yaml"), """
                - route:
                    id: calls
                    from:
                      uri: direct:call
                      steps:
                        - to:
                            uri: "icsoc:call?displayCaller=4001234567%s"
                        - log:
                            message: "placed ${body}"
                - route:
                    id: records
                    from:
                      uri: "icsoc:records?type=800&startTime=2h&settle=0&delay=200&initialDelay=0%s"
                      steps:
                        - log:
                            message: "record ${header.CamelIcsocRecordKey}"
                """.formatted(uriSecret, uriSecret), StandardCharsets.UTF_8);
    }

    /** The camel.component.icsoc lines of the README's properties block, pointed at the simulator. */
    static String readmeProperties() throws IOException {
        String readme = Files.readString(Path.of("docs/secrets.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("## Pointing at the real platform");
        Matcher block = Pattern.compile("```properties\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(section >= 0 && block.find(section), "the README has its properties block");
        StringBuilder kept = new StringBuilder();
        for (String line : block.group(1).split("\n")) {
            if (line.startsWith("camel.component.icsoc.") && !line.startsWith("camel.component.icsoc.baseUrl")
                && !line.startsWith("camel.component.icsoc.vccCode")) {
                kept.append(line).append('\n');
            }
        }
        assertTrue(kept.toString().contains("secret"), "the README's block sets the secret: " + block.group(1));
        return kept.toString();
    }

    /** Splits the probe's log by way and finds every place each way's secret shows. */
    private static void search(String log) throws IOException {
        String[] records = log.split("@@@");
        String current = null;
        Map<String, StringBuilder> logs = new LinkedHashMap<>();
        for (String record : records) {
            if (record.isEmpty()) {
                continue;
            }
            int bar = record.indexOf('|');
            int bar2 = record.indexOf('|', bar + 1);
            String level = record.substring(0, bar);
            String logger = record.substring(bar + 1, bar2);
            String message = record.substring(bar2 + 1);
            if (logger.equals(SecretProbe.class.getName()) && message.startsWith(SecretProbe.RUN)) {
                current = message.substring(SecretProbe.RUN.length()).trim();
                continue;
            }
            if (current == null) {
                continue;
            }
            logs.computeIfAbsent(current, k -> new StringBuilder()).append(record).append('\n');
            Way way = find(current);
            if (shows(message, way.secret())) {
                LEAKS.computeIfAbsent(current, k -> new ArrayList<>()).add(new Leak(level, logger, "log"));
            }
        }
        for (Way way : WAYS) {
            assertTrue(logs.containsKey(way.name()), "the probe ran " + way.name());
            String wayLog = logs.get(way.name()).toString();
            // the capture really was at TRACE, for Camel and the HTTP client alike
            assertTrue(wayLog.split("\n(?=TRACE\\|org\\.apache\\.camel)").length > 100,
                    way.name() + ": Camel's TRACE lines were captured");
            assertTrue(wayLog.contains("X-WSSE"), way.name() + ": the HTTP client's header lines were captured");
            LEAKS.computeIfAbsent(way.name(), k -> new ArrayList<>());
            String shown = Files.readString(dir.resolve(way.name() + ".shown"), StandardCharsets.UTF_8);
            String where = "";
            for (String line : shown.split("\n")) {
                if (line.startsWith("== ")) {
                    where = line.substring(3);
                } else if (shows(line, way.secret())) {
                    String place = where;
                    if (where.equals("endpoint registry")) {
                        place = line.startsWith("key ") ? "endpoint registry key" : "endpoint: " + line;
                    } else if (where.equals("jmx attributes")) {
                        place = line.startsWith("  ") ? "jmx attribute " + line.substring(2, line.indexOf('=') < 0
                                ? line.length() : line.indexOf('=')) : "jmx object name: " + line;
                    } else if (!where.equals("jmx dump operations")) {
                        place = where + ": " + line;
                    }
                    LEAKS.get(way.name()).add(new Leak(null, null, place));
                }
            }
            assertTrue(shown.contains("dumpRoutesAsYaml:") && shown.contains("dumpRoutesAsXml:"),
                    way.name() + ": the JMX dump operations ran");
            SEARCHED.put(way.name(), logs.get(way.name()).length() + shown.length());
        }
    }

    private static Way find(String name) {
        return WAYS.stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
    }

    /** The secret as typed, URL-encoded, in base64, or any piece of it between non-alphanumeric characters. */
    static boolean shows(String text, String secret) {
        Set<String> forms = new LinkedHashSet<>(List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))));
        for (String piece : secret.split("[^A-Za-z0-9]+")) {
            if (piece.length() >= 6) {
                forms.add(piece);
            }
        }
        return forms.stream().anyMatch(text::contains);
    }

    private static boolean debugOrTrace(Leak leak) {
        return leak.level() != null && (leak.level().equals("DEBUG") || leak.level().equals("TRACE"));
    }

    private static String describe(List<Leak> leaks) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        leaks.forEach(l -> counts.merge(l.toString(), 1, Integer::sum));
        return counts.toString();
    }

    /** Asserts that the way shows its secret only where the README says, and reports the figures. */
    private static void assertShownOnlyWhereTheReadmeSays(String name, boolean readmeCallsItUnsafe) {
        Way way = find(name);
        List<Leak> leaks = LEAKS.get(name);
        List<Leak> unexplained = leaks.stream().filter(way.readmeAllows().negate()).toList();
        new Figures("secrets-" + name).put("characters searched", SEARCHED.get(name))
                .put("places the secret showed", leaks.size()).put("where", describe(leaks))
                .put("places the README does not name", unexplained.size()).report();
        assertTrue(unexplained.isEmpty(), name + ": the secret shows where the README does not say: "
                                          + describe(unexplained));
        if (readmeCallsItUnsafe) {
            assertFalse(leaks.isEmpty(), name + ": the README calls this way unsafe, but it showed the secret nowhere;"
                                         + " update the README");
        }
    }

    @Test
    void theReadmesOwnSetUpShowsTheSecretNowhereAtTrace() {
        assertShownOnlyWhereTheReadmeSays("readme", false);
    }

    @Test
    void aSecretSetInJavaOnTheComponentShowsNowhereAtTrace() {
        assertShownOnlyWhereTheReadmeSays("java", false);
    }

    @Test
    void aConfigurationBeanReferredToByNameShowsTheSecretNowhereAtTrace() {
        assertShownOnlyWhereTheReadmeSays("bean", false);
    }

    @Test
    void secretFromEnvShowsTheSecretNowhereAtTrace() {
        assertShownOnlyWhereTheReadmeSays("secretFromEnv", false);
    }

    @Test
    void aLiteralInApplicationPropertiesShowsOnlyInCamelMainsDebugLines() {
        assertShownOnlyWhereTheReadmeSays("literal", true);
    }

    @Test
    void anEnvOrSysPlaceholderShowsOnlyWhereCamelResolvesItAtDebug() {
        assertShownOnlyWhereTheReadmeSays("envPlaceholder", true);
        assertShownOnlyWhereTheReadmeSays("sysPlaceholder", true);
    }

    @Test
    void aSecretInAnEndpointUriShowsOnlyInCamelCoresDebugLinesAndRouteDumpsEvenInRawBrackets() {
        assertShownOnlyWhereTheReadmeSays("uriPlain", true);
        assertShownOnlyWhereTheReadmeSays("uriRawParen", true);
        assertShownOnlyWhereTheReadmeSays("uriRawBrace", true);
    }
}

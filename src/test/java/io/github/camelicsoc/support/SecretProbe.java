package io.github.camelicsoc.support;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.IcsocConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.camel.spi.DumpRoutesStrategy;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs in a JVM of its own, with the environment a user would give it, and sets up Camel Main the way the README
 * (or a user ignoring it) does, one way of giving the secret after another: a properties file, the YAML routes, and
 * for some ways a component or a configuration bound in Java. Each run places calls (placed, refused, invalid),
 * polls records, dumps the routes as YAML and XML, and then writes everything a person could look at besides the
 * log (which log4j writes at TRACE for the root logger): every JMX dump operation, every attribute of every Camel
 * MBean, the endpoint registry and every exception.
 *
 * <p>Arguments: the directory holding {@code <way>.properties} and {@code <way>.yaml}, then the ways to run.
 */
public final class SecretProbe {

    /** Marks the start of each way's run in the log. */
    public static final String RUN = "secret-probe run: ";
    public static final String DONE = "secret-probe done";

    private static final Logger LOG = LogManager.getLogger(SecretProbe.class);

    private SecretProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            String way = args[i];
            LOG.error(RUN + way);
            Files.writeString(dir.resolve(way + ".shown"), run(dir, way), StandardCharsets.UTF_8);
        }
        LOG.error(DONE);
    }

    private static String run(Path dir, String way) throws Exception {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + dir.resolve(way + ".properties"));
        if (way.startsWith("java")) {
            // README: set on the component in Java, from wherever the application keeps secrets
            IcsocComponent icsoc = new IcsocComponent();
            icsoc.getConfiguration().setSecret(System.getenv("ICSOC_SECRET_JAVA"));
            main.bind("icsoc", icsoc);
        } else if (way.startsWith("bean")) {
            // README: a configuration bean the component option refers to by name
            IcsocConfiguration icsoc = new IcsocConfiguration();
            icsoc.setBaseUrl(System.getProperty("icsoc.probe.baseUrl"));
            icsoc.setVccCode(System.getProperty("icsoc.probe.vccCode"));
            icsoc.setSecret(System.getenv("ICSOC_SECRET_BEAN"));
            main.bind("icsocSettings", icsoc);
        } else if (way.startsWith("sys")) {
            System.setProperty("icsoc.secret", System.getenv("ICSOC_SECRET_SYS"));
        }
        StringBuilder shown = new StringBuilder();
        main.start();
        try {
            CamelContext camel = main.getCamelContext();
            ProducerTemplate template = camel.createProducerTemplate();
            List<Exchange> done = new ArrayList<>();
            String[][] calls = { { "13800138000", "13900139000" }, { "13800138000", "13700000405" },
                                 { "call me", "13900139000" }, { "13800138001", "13900139001" } };
            for (String[] call : calls) {
                done.add(template.send("direct:call", e -> {
                    e.getIn().setHeader(IcsocConstants.CALLER, call[0]);
                    e.getIn().setHeader(IcsocConstants.CALLED, call[1]);
                }));
            }
            // let the records route poll a few times
            Thread.sleep(1200);
            section(shown, "exchanges");
            for (Exchange exchange : done) {
                shown.append(exchange.getMessage().getBody()).append('\n');
                for (Throwable t = exchange.getException(); t != null; t = t.getCause()) {
                    shown.append(t).append('\n');
                }
                exchange.getProperties().forEach((k, v) -> shown.append(k).append('=').append(v).append('\n'));
            }
            DumpRoutesStrategy dumps = camel.getCamelContextExtension().getContextPlugin(DumpRoutesStrategy.class);
            if (dumps != null) {
                // camel.main.dumpRoutes=yaml dumped at start-up into the log; XML too, the same way
                dumps.dumpRoutes("xml");
            }
            section(shown, "endpoint registry");
            for (Map.Entry<?, Endpoint> entry : camel.getEndpointRegistry().entrySet()) {
                Endpoint endpoint = entry.getValue();
                shown.append("key ").append(entry.getKey()).append('\n')
                        .append("endpoint ").append(endpoint).append(' ').append(endpoint.getEndpointUri()).append(' ')
                        .append(endpoint.getEndpointBaseUri()).append(' ').append(endpoint.getEndpointKey()).append('\n');
            }
            jmx(shown, camel.getManagementName());
        } finally {
            main.stop();
        }
        return shown.toString();
    }

    private static void jmx(StringBuilder shown, String managementName) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName context = new ObjectName("org.apache.camel:context=" + managementName + ",type=context,*");
        for (ObjectName name : server.queryNames(context, null)) {
            section(shown, "jmx dump operations");
            for (boolean a : new boolean[] { false, true }) {
                for (boolean b : new boolean[] { false, true }) {
                    for (boolean c : new boolean[] { false, true }) {
                        shown.append(invoke(server, name, "dumpRoutesAsXml", a, b, c));
                        for (boolean d : new boolean[] { false, true }) {
                            shown.append(invoke(server, name, "dumpRoutesAsYaml", a, b, c, d));
                        }
                    }
                }
            }
            shown.append(invoke(server, name, "dumpRoutesAsXml")).append(invoke(server, name, "dumpRoutesAsYaml"))
                    .append(invoke(server, name, "dumpRoutesAsXml", true))
                    .append(invoke(server, name, "dumpRoutesAsYaml", true))
                    .append(invoke(server, name, "dumpRoutesStatsAsXml", true, true))
                    .append(invoke(server, name, "dumpRouteStatsAsJSon", true, true))
                    .append(invoke(server, name, "dumpStepStatsAsXml", true))
                    .append(invoke(server, name, "dumpRestsAsXml", true))
                    .append(invoke(server, name, "dumpRouteTemplatesAsXml"));
        }
        section(shown, "jmx attributes");
        for (ObjectName name : server.queryNames(new ObjectName("org.apache.camel:context=" + managementName + ",*"), null)) {
            shown.append(name).append('\n');
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                try {
                    shown.append("  ").append(attribute.getName()).append('=')
                            .append(String.valueOf(server.getAttribute(name, attribute.getName()))).append('\n');
                } catch (Exception | LinkageError e) {
                    shown.append("  ").append(attribute.getName()).append(" unreadable: ").append(e).append('\n');
                }
            }
        }
    }

    private static String invoke(MBeanServer server, ObjectName name, String operation, Object... args) {
        String[] signature = new String[args.length];
        java.util.Arrays.fill(signature, "boolean");
        try {
            return operation + ":\n" + server.invoke(name, operation, args, signature) + "\n";
        } catch (Exception e) {
            return operation + " failed: " + e + "\n";
        }
    }

    private static void section(StringBuilder shown, String title) {
        shown.append("== ").append(title).append('\n');
    }
}

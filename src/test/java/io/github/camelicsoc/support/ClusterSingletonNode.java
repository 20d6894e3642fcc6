package io.github.camelicsoc.support;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.camelicsoc.IcsocConstants;
import io.github.camelicsoc.cluster.StrictZooKeeperClusterService;
import io.github.camelicsoc.model.CallRecord;
import org.apache.camel.Processor;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterView;

/**
 * One instance of the shipped routes-examples/cluster-singleton.yaml in a JVM of its own, run the way the README runs
 * it (Camel Main with application.properties), set up with properties only: each argument is a {@code name=value}
 * override, and the icsoc settings come from the environment as in production. Its output ({@code cluster.output =
 * bean:deliveries}) appends every record it is given to {@code delivered-<node>.txt} with one write straight to the
 * file (a killed process cannot take it back), as {@code <node> <run> <term> <epoch millis> <record>}, where the term
 * counts the times this JVM took the leadership; it spends {@code sink.millis} on each record, as a route writing to
 * a database does; with {@code camel.component.icsoc.outcomes=true} the line names the placed call's key and outcome
 * instead of a record. Every 100 ms it writes {@code status-<node>.txt}: whether it leads, and the port of the ZooKeeper
 * server it is connected to.
 * <p>
 * Arguments: the data folder, the run (a number), then the property overrides.
 */
public final class ClusterSingletonNode {

    /** Printed once Camel Main started. */
    public static final String STARTED = "cluster singleton node started";

    private static final Pattern REMOTE_SERVER = Pattern.compile("remoteserver:[^ ]*:(\\d+)");

    private ClusterSingletonNode() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String run = args[1];
        ExampleRunner runner = new ExampleRunner("cluster-singleton.yaml");
        String node = null;
        long sinkMillis = 0;
        for (int i = 2; i < args.length; i++) {
            String name = args[i].substring(0, args[i].indexOf('='));
            String value = args[i].substring(name.length() + 1);
            if (name.equals("sink.millis")) {
                sinkMillis = Long.parseLong(value);
            } else {
                runner.property(name, value);
            }
            if (name.equals("cluster.node")) {
                node = value;
            }
        }
        String self = node;
        long millis = sinkMillis;
        AtomicInteger term = new AtomicInteger();
        OutputStream delivered = new FileOutputStream(dir.resolve("delivered-" + node + ".txt").toFile(), true);
        Processor deliveries = exchange -> {
            // with outcomes=true a delivery is a placed call's outcome: its key and kind; otherwise a record
            String key = exchange.getIn().getHeader(IcsocConstants.CORRELATION_KEY, String.class);
            String what = key != null ? "outcome:" + key + "=" + exchange.getIn().getHeader(IcsocConstants.OUTCOME)
                    : ChaosDay.identity(exchange.getIn().getBody(CallRecord.class));
            Thread.sleep(millis);
            byte[] line = (self + " " + run + " " + term.get() + " " + System.currentTimeMillis() + " "
                           + what + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (delivered) {
                delivered.write(line);
            }
        };
        runner.bind("deliveries", deliveries).start();

        StrictZooKeeperClusterService cluster = runner.context().getRegistry()
                .lookupByNameAndType("clusterService", StrictZooKeeperClusterService.class);
        CamelClusterView view = cluster.getView("icsoc-records");
        boolean[] leading = { false };
        CamelClusterEventListener.Leadership terms = (v, leader) -> {
            synchronized (leading) {
                boolean now = v.getLocalMember().isLeader();
                if (now && !leading[0]) {
                    term.incrementAndGet();
                }
                leading[0] = now;
            }
        };
        view.addEventListener(terms);
        terms.leadershipChanged(view, null);
        System.out.println(STARTED);
        System.out.flush();

        Path status = dir.resolve("status-" + node + ".txt");
        Path next = dir.resolve("status-" + node + ".next");
        while (true) {
            String server = "-";
            try {
                Matcher m = REMOTE_SERVER.matcher(
                        String.valueOf(cluster.getCuratorFramework().getZookeeperClient().getZooKeeper()));
                if (m.find()) {
                    server = m.group(1);
                }
            } catch (Exception e) {
                // not connected now
            }
            Files.writeString(next, view.getLocalMember().isLeader() + " " + server);
            Files.move(next, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(100);
        }
    }
}

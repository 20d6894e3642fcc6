package io.github.camelicsoc.support;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.model.CallRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorConfiguration;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * A records node of the ZooKeeper failover test, run in its own JVM: both records routes behind {@code master:} with
 * Camel's ZooKeeper cluster service, the watermark and delivered keys in a database ({@code recordsStore=jdbc}). Each
 * record the route processed is appended to {@code delivered-<node>.txt} as one write straight to the file (a
 * killed process cannot take it back). The route spends about a millisecond per record, as a route writing to a
 * database does.
 * <p>
 * Arguments: simulator base URL, vcc code, secret, ZooKeeper connect string, JDBC URL, user, password, node id, data
 * folder.
 */
public final class ZooKeeperRecordsNode {

    /** Printed once the routes are started. */
    public static final String STARTED = "zookeeper records node started";
    /** The ZooKeeper session timeout: how long a killed leader still holds its leadership. */
    public static final int SESSION_TIMEOUT_MILLIS = 3000;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ZooKeeperRecordsNode() {
    }

    public static void main(String[] args) throws Exception {
        String node = args[7];
        OutputStream delivered = new FileOutputStream(Path.of(args[8]).resolve("delivered-" + node + ".txt").toFile(), true);

        CamelContext camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName(node);
        camel.getShutdownStrategy().setTimeout(30);
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(args[0]);
        icsoc.setVccCode(args[1]);
        icsoc.setSecret(args[2]);
        icsoc.setRequestTimeout(2000);
        icsoc.setRecordsStore(IcsocConfiguration.RECORDS_STORE_JDBC);

        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(args[4]);
        pool.setUsername(args[5]);
        pool.setPassword(args[6]);
        pool.setMaximumPoolSize(4);
        camel.getRegistry().bind("recordsDatabase", new HikariDataSource(pool));

        // Losing the connection to one ZooKeeper server (SUSPENDED) is not losing the session: the client moves to
        // another server of the ensemble. Curator's default policy gives up leadership, and candidacy, on SUSPENDED,
        // and Camel's view does not requeue, so a node on a stopped server would leave the election for good.
        CuratorFramework curator = CuratorFrameworkFactory.builder()
                .connectString(args[3])
                .sessionTimeoutMs(SESSION_TIMEOUT_MILLIS)
                .connectionTimeoutMs(SESSION_TIMEOUT_MILLIS)
                .connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy())
                .retryPolicy(new ExponentialBackoffRetry(100, 10))
                .build();
        curator.start();
        ZooKeeperClusterService cluster = new ZooKeeperClusterService(new ZooKeeperCuratorConfiguration());
        cluster.setId(node);
        cluster.setCuratorFramework(curator);
        cluster.setBasePath("/icsoc");
        camel.addService(cluster);

        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(defaultErrorHandler().logStackTrace(false));
                for (String type : new String[] { "400", "800" }) {
                    from("master:icsoc-records:icsoc:records?type=" + type
                         + "&startTime=26h&lookback=10m&settle=0&delay=200&initialDelay=0")
                            .routeId("records-" + type)
                            .process(e -> {
                                CallRecord r = e.getIn().getBody(CallRecord.class);
                                Thread.sleep(1);
                                byte[] line = (r.type().code() + ":" + r.caller() + "@"
                                               + TIME.format(r.startTime().toLocalDateTime()) + "\n")
                                        .getBytes(StandardCharsets.UTF_8);
                                synchronized (delivered) {
                                    delivered.write(line);
                                }
                            });
                }
            }
        });
        camel.start();
        System.out.println(STARTED);
        System.out.flush();
        Thread.currentThread().join();
    }
}

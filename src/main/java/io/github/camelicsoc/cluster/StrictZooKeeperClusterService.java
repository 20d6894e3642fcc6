package io.github.camelicsoc.cluster;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Component;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.util.ObjectHelper;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.StandardConnectionStateErrorPolicy;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Camel cluster service on ZooKeeper under which a node leads only while it is connected, and lets go only after it
 * stopped: for {@code master:} routes that must never have two consumers at once, such as {@code icsoc:records}.
 * <p>
 * It replaces camel-zookeeper 4.18's {@code ZooKeeperClusterService} for such routes, which (with Curator's default
 * policy) let a node whose ZooKeeper server stopped go on consuming after another node took over, and left it out of
 * the election for good. Here:
 * <ul>
 * <li>a node gives up its leadership as soon as its connection is suspended (its server stopped, or it was not heard
 * from for two thirds of the session timeout), not only once the session is lost, and logs it at WARN;</li>
 * <li>its consumer is stopped before its election node is released, so no other node can start in between;</li>
 * <li>a node that left the election, for whatever reason, joins it again once it is connected;</li>
 * <li>camel-master's component is set to start its consumer once per leadership (see startOnlyOnce);</li>
 * <li>the session and connection timeouts are checked to agree.</li>
 * </ul>
 * Set it up with properties only (a bean in a route file): {@code id}, {@code nodes}, and optionally
 * {@code sessionTimeout}, {@code connectionTimeout} and {@code basePath}. Needs Apache Curator (curator-recipes, which
 * camel-zookeeper brings) on the classpath; nothing else in the component loads this class.
 */
public class StrictZooKeeperClusterService extends AbstractCamelClusterService<StrictZooKeeperClusterView> {

    private static final Logger LOG = LoggerFactory.getLogger(StrictZooKeeperClusterService.class);
    private static final String MASTER_COMPONENT = "org.apache.camel.component.master.MasterComponent";

    /** The default session timeout: how long a silent (dead, paused, cut off) leader keeps its leadership. */
    public static final int DEFAULT_SESSION_TIMEOUT = 10_000;

    private String nodes;
    private String basePath = "/icsoc/leaders";
    private int sessionTimeout = DEFAULT_SESSION_TIMEOUT;
    private int connectionTimeout;
    private volatile CuratorFramework client;
    private volatile ConnectionState connectionState;

    public String getNodes() {
        return nodes;
    }

    /** The ZooKeeper ensemble, as {@code host:port,host:port,...}. */
    public void setNodes(String nodes) {
        this.nodes = nodes;
    }

    public String getBasePath() {
        return basePath;
    }

    /** The ZooKeeper path under which each namespace (the first part of a {@code master:} URI) holds its election. */
    public void setBasePath(String basePath) {
        this.basePath = basePath;
    }

    public int getSessionTimeout() {
        return sessionTimeout;
    }

    /**
     * The ZooKeeper session timeout in milliseconds (default 10 s): a leader that dies or stops answering holds its
     * leadership this long, so a takeover takes about this plus a poll. ZooKeeper servers keep it between 2 and 20
     * times their tickTime (4 s to 40 s with the default tickTime).
     */
    public void setSessionTimeout(int sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    public int getConnectionTimeout() {
        return connectionTimeout;
    }

    /**
     * How long, in milliseconds, an operation waits for a connection to ZooKeeper; at most the session timeout, which
     * it is by default.
     */
    public void setConnectionTimeout(int connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    /** The Curator client, once the service started. */
    public CuratorFramework getCuratorFramework() {
        return client;
    }

    /** The latest connection state, or null before the first. */
    ConnectionState getConnectionState() {
        return connectionState;
    }

    @Override
    protected void doStart() throws Exception {
        client();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        CuratorFramework started = client;
        client = null;
        if (started != null) {
            started.close();
        }
    }

    @Override
    protected StrictZooKeeperClusterView createView(String namespace) throws Exception {
        ObjectHelper.notNull(getCamelContext(), "CamelContext");
        startOnlyOnce(getCamelContext().hasComponent("master"));
        return new StrictZooKeeperClusterView(this, client(), basePath + "/" + namespace, namespace);
    }

    /**
     * camel-master 4.18 starts its consumer from a task that repeats every backOffDelay until backOffMaxAttempts runs
     * out (ten times, five seconds apart, by default), and a repeat after the leadership was lost starts the consumer
     * again on a node that no longer leads; when the attempts run out it warns "The task Leadership does not have more
     * budget to continue running". One attempt, never repeated, is what a single consumer needs (the view holds its
     * election node until that attempt is past). Bound by name, as camel-master is not a dependency of the component.
     */
    private void startOnlyOnce(Component master) {
        if (master != null && MASTER_COMPONENT.equals(master.getClass().getName())) {
            PropertyBindingSupport.build().withIgnoreCase(true).bind(getCamelContext(), master,
                    // the binding takes out what it bound: a map of its own
                    new HashMap<>(Map.of("backOffMaxAttempts", "1", "backOffDelay", Long.toString(Long.MAX_VALUE))));
            LOG.debug("camel-master set to start a consumer once per leadership");
        }
    }

    private synchronized CuratorFramework client() {
        if (client == null) {
            checkSettings();
            int connection = connectionTimeout > 0 ? connectionTimeout : sessionTimeout;
            CuratorFramework created = CuratorFrameworkFactory.builder()
                    .connectString(nodes)
                    .sessionTimeoutMs(sessionTimeout)
                    .connectionTimeoutMs(connection)
                    // SUSPENDED is an error state as well as LOST: a suspended leader gives up at once, while its
                    // session (and so its election node) still keeps every other node from leading
                    .connectionStateErrorPolicy(new StandardConnectionStateErrorPolicy())
                    .retryPolicy(new BoundedExponentialBackoffRetry(100, 1000, 10))
                    .build();
            created.getConnectionStateListenable().addListener((c, state) -> connectionState = state);
            created.start();
            client = created;
        }
        return client;
    }

    private void checkSettings() {
        String service = getClass().getSimpleName() + " " + getId();
        if (ObjectHelper.isEmpty(nodes)) {
            throw new IllegalArgumentException(service + ": set nodes to the ZooKeeper ensemble (host:port,host:port,...)");
        }
        if (ObjectHelper.isEmpty(getId())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": set id to a name unique to each node");
        }
        if (ObjectHelper.isEmpty(basePath) || !basePath.startsWith("/") || basePath.endsWith("/")) {
            throw new IllegalArgumentException(service + ": basePath must start with / and not end with one, was "
                                               + basePath);
        }
        if (sessionTimeout <= 0) {
            throw new IllegalArgumentException(service + ": sessionTimeout must be positive (milliseconds), was "
                                               + sessionTimeout);
        }
        if (connectionTimeout < 0 || connectionTimeout > sessionTimeout) {
            throw new IllegalArgumentException(service + ": connectionTimeout (" + connectionTimeout
                                               + " ms) must be between 0 (the session timeout) and sessionTimeout ("
                                               + sessionTimeout + " ms)");
        }
    }
}

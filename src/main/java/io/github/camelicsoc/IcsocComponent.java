package io.github.camelicsoc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.camelicsoc.IcsocConfiguration.HttpTransport;
import io.github.camelicsoc.client.CallDeadlines;
import io.github.camelicsoc.client.SharedHttpClient;
import io.github.camelicsoc.client.StrayAnswerGuard;
import io.github.camelicsoc.outcome.MemoryPlacementStore;
import io.github.camelicsoc.outcome.PlacementStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Place two-way calls and ingest call records through the icsoc cloud call-center API.
 */
@Component("icsoc")
public class IcsocComponent extends HealthCheckComponent {

    /** The longest line (status line or header) an answer's head may have. */
    static final int MAX_HEADER_LINE = 8 * 1024;
    /** The most header fields an answer may have. */
    static final int MAX_HEADER_COUNT = 100;

    @Metadata(description = "The options every icsoc endpoint starts from; each endpoint may override them.")
    private IcsocConfiguration configuration = new IcsocConfiguration();

    /**
     * Threads that continue routes once the platform has answered a call placement (never the HTTP client's I/O
     * threads). One pool for all the component's producers; idle threads end after a minute.
     */
    @Metadata(label = "producer,advanced", defaultValue = "10")
    private int completionThreads = 10;

    // one shared client per distinct transport; normally every endpoint shares the component's one
    private final Map<HttpTransport, SharedHttpClient> httpClients = new ConcurrentHashMap<>();
    private volatile ExecutorService callCompletions;
    private volatile ScheduledExecutorService deadlineScheduler;
    private volatile CallDeadlines callDeadlines;
    private volatile ExecutorService placementWriters;
    private volatile PlacementRecorder placementRecorder;
    // the default placements stores, one per kind of store, shared by the component's producers and consumers; they
    // outlive a stop, so that a call placed before a restart of the routes is still matched after it
    private final Map<Object, PlacementStore> placementStores = new ConcurrentHashMap<>();

    /** Placement writes waiting for a store thread; past this a write is refused and the call not remembered. */
    static final int MAX_QUEUED_PLACEMENT_WRITES = 1000;
    static final int PLACEMENT_WRITERS = 4;
    private static final Object MEMORY_STORE_LOCK = new Object();

    public IcsocComponent() {
    }

    public IcsocComponent(CamelContext context) {
        super(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!IcsocEndpoint.CALL.equals(remaining) && !IcsocEndpoint.RECORDS.equals(remaining)) {
            throw new IcsocConfigurationException("kind", "'icsoc:" + remaining + "' is not an icsoc endpoint",
                    "use icsoc:call to place calls or icsoc:records to ingest call records");
        }
        IcsocConfiguration copy = configuration != null ? configuration.copy() : new IcsocConfiguration();
        // the timeout as written, before Camel's conversion to an Integer can wrap or round it
        Object timeout = parameters.get("timeout");
        if (timeout instanceof String text && text.startsWith("#")) {
            timeout = null;
        }
        // the endpoint keeps its URI without the secret: Camel renders endpoints (toString, JMX, log lines) from it,
        // and Camel's own masking stops a RAW(...) secret at its first ')'
        IcsocOptions.checkDurationsAsWritten(getCamelContext(), parameters);
        IcsocEndpoint endpoint = new IcsocEndpoint(UriSecrets.mask(uri), this, remaining, copy);
        setProperties(endpoint, parameters);
        // every option is known now: a mistake fails the route here, before anything is sent
        IcsocOptions.check(endpoint, timeout);
        return endpoint;
    }

    public IcsocConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The options every icsoc endpoint starts from; each endpoint may override them.
     */
    public void setConfiguration(IcsocConfiguration configuration) {
        this.configuration = configuration;
    }

    public int getCompletionThreads() {
        return completionThreads;
    }

    /**
     * Threads that continue routes once the platform has answered a call placement (never the HTTP client's I/O
     * threads). One pool for all the component's producers; idle threads end after a minute.
     */
    public void setCompletionThreads(int completionThreads) {
        this.completionThreads = completionThreads;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        IcsocOptions.checkCompletionThreads(completionThreads);
        if (configuration != null) {
            // a property out of range fails the start, even before a route uses the component
            IcsocOptions.checkRanges(configuration);
        }
        ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
        // its queue is unbounded, so a slow route makes completions wait rather than run on an I/O thread
        ThreadPoolProfile profile = new ThreadPoolProfile("IcsocCallCompletion");
        profile.setPoolSize(completionThreads);
        profile.setMaxPoolSize(completionThreads);
        profile.setMaxQueueSize(-1);
        profile.setAllowCoreThreadTimeOut(true);
        profile.setKeepAliveTime(60L);
        profile.setTimeUnit(TimeUnit.SECONDS);
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        callCompletions = executors.newThreadPool(this, "IcsocCallCompletion", profile);
        deadlineScheduler = executors.newSingleThreadScheduledExecutor(this, "IcsocCallDeadlines");
        callDeadlines = new CallDeadlines(deadlineScheduler);
        ThreadPoolProfile writers = new ThreadPoolProfile("IcsocPlacementStore");
        writers.setPoolSize(PLACEMENT_WRITERS);
        writers.setMaxPoolSize(PLACEMENT_WRITERS);
        writers.setMaxQueueSize(MAX_QUEUED_PLACEMENT_WRITES);
        writers.setAllowCoreThreadTimeOut(true);
        writers.setKeepAliveTime(60L);
        writers.setTimeUnit(TimeUnit.SECONDS);
        writers.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        placementWriters = executors.newThreadPool(this, "IcsocPlacementStore", writers);
        placementRecorder = new PlacementRecorder(placementWriters, callDeadlines);
        httpClients.values().forEach(SharedHttpClient::open);
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        // calls still in flight end now, saying the component stopped, before their clients close under them
        CallDeadlines deadlines = callDeadlines;
        callDeadlines = null;
        if (deadlines != null) {
            deadlines.close();
        }
        httpClients.values().forEach(SharedHttpClient::close);
        ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
        if (deadlineScheduler != null) {
            executors.shutdownNow(deadlineScheduler);
            deadlineScheduler = null;
        }
        if (callCompletions != null) {
            executors.shutdown(callCompletions);
            callCompletions = null;
        }
        placementRecorder = null;
        if (placementWriters != null) {
            executors.shutdownNow(placementWriters);
            placementWriters = null;
        }
    }

    @Override
    protected void doShutdown() throws Exception {
        ServiceHelper.stopAndShutdownServices(placementStores.values());
        placementStores.clear();
        super.doShutdown();
    }

    /**
     * The default in-memory placements store of the CamelContext, created once: shared by every icsoc component of the
     * context (a Kamelet's own component too), so a call placed through one is matched by another's consumer.
     */
    PlacementStore memoryPlacementStore(int maxPlacements) {
        CamelContext camel = getCamelContext();
        synchronized (MEMORY_STORE_LOCK) {
            MemoryPlacementStore store = camel.getCamelContextExtension().getContextPlugin(MemoryPlacementStore.class);
            if (store == null) {
                store = new MemoryPlacementStore(maxPlacements);
                camel.getCamelContextExtension().addContextPlugin(MemoryPlacementStore.class, store);
            }
            return store;
        }
    }

    /** The component's default placements store of one kind, created once. */
    PlacementStore placementStore(Object kind, Supplier<PlacementStore> create) {
        return placementStores.computeIfAbsent(kind, k -> create.get());
    }

    /**
     * Remembers placed calls while the component runs.
     *
     * @throws IllegalStateException when the component is stopped
     */
    PlacementRecorder placementRecorder() {
        PlacementRecorder recorder = placementRecorder;
        if (recorder == null) {
            throw new IllegalStateException("the icsoc component is stopped");
        }
        return recorder;
    }

    /** The shared HTTP client for an endpoint's transport settings; the endpoint holds it while it runs. */
    SharedHttpClient sharedHttpClient(IcsocConfiguration endpointConfiguration) {
        HttpTransport transport = endpointConfiguration.transport();
        return httpClients.computeIfAbsent(transport, t -> t.httpClient() != null
                ? SharedHttpClient.given(t.httpClient())
                : SharedHttpClient.built(() -> buildHttpClient(t)));
    }

    private CloseableHttpAsyncClient buildHttpClient(HttpTransport transport) {
        PoolingAsyncClientConnectionManagerBuilder connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(transport.maxConnections())
                .setMaxConnPerRoute(transport.maxConnectionsPerRoute())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(transport.connectTimeout()))
                        // a pooled connection the server closed would fail a call that may not be retried
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build());
        if (transport.sslContextParameters() != null) {
            try {
                connections.setTlsStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(transport.sslContextParameters().createSSLContext(getCamelContext()))
                        .build());
            } catch (Exception e) {
                throw new RuntimeCamelException("Cannot create the TLS context from sslContextParameters: " + e.getMessage(), e);
            }
        }
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
                .setConnectionManager(connections.build())
                // an answer's head is bounded like its body: no header line or header count can exhaust memory
                .setHttp1Config(Http1Config.custom()
                        .setMaxLineLength(MAX_HEADER_LINE)
                        .setMaxHeaderCount(MAX_HEADER_COUNT)
                        .build())
                // a retried POST can ring a person twice: the component never retries by itself
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                // an answer nobody asked for must not become the next call's answer
                .setIoSessionDecorator(new StrayAnswerGuard())
                .setUserAgent("camel-icsoc");
        if (transport.proxyHost() != null) {
            builder.setProxy(new HttpHost(transport.proxyHost(), transport.proxyPort()));
        }
        if (transport.httpClientConfigurer() != null) {
            transport.httpClientConfigurer().configure(builder);
        }
        return builder.build();
    }

    /**
     * Where a route continues once the platform has answered a call placement: never on the HTTP client's I/O
     * threads, which must not block.
     *
     * @throws RejectedExecutionException when the component is stopped
     */
    void completeCall(Runnable rest) {
        ExecutorService pool = callCompletions;
        if (pool == null) {
            throw new RejectedExecutionException("the icsoc component is stopped");
        }
        pool.execute(rest);
    }

    /**
     * The call deadlines while the component runs.
     *
     * @throws IllegalStateException when the component is stopped
     */
    CallDeadlines callDeadlines() {
        CallDeadlines deadlines = callDeadlines;
        if (deadlines == null) {
            throw new IllegalStateException("the icsoc component is stopped");
        }
        return deadlines;
    }
}

package io.github.camelicsoc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.camelicsoc.IcsocConfiguration.HttpTransport;
import io.github.camelicsoc.client.CallDeadlines;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Place two-way calls and ingest call records through the icsoc cloud call-center API.
 */
@Component("icsoc")
public class IcsocComponent extends HealthCheckComponent {

    /** Enough connections for many calls in flight to one platform. */
    static final int MAX_CONNECTIONS = 200;
    /** Threads that continue routes after a call placement was answered. */
    static final int COMPLETION_THREADS = 10;

    @Metadata(description = "The options every icsoc endpoint starts from; each endpoint may override them.")
    private IcsocConfiguration configuration = new IcsocConfiguration();

    // one pooled client per distinct transport; normally every endpoint shares the component's one
    private final Map<HttpTransport, CloseableHttpAsyncClient> httpClients = new ConcurrentHashMap<>();
    private volatile ExecutorService callCompletions;
    private volatile CallDeadlines callDeadlines;

    public IcsocComponent() {
    }

    public IcsocComponent(CamelContext context) {
        super(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!IcsocEndpoint.CALL.equals(remaining) && !IcsocEndpoint.RECORDS.equals(remaining)) {
            throw new IllegalArgumentException(
                    "Unknown icsoc endpoint 'icsoc:" + remaining + "': use icsoc:call or icsoc:records");
        }
        IcsocConfiguration copy = configuration != null ? configuration.copy() : new IcsocConfiguration();
        // the endpoint keeps its URI without the secret: Camel renders endpoints (toString, JMX, log lines) from it,
        // and Camel's own masking stops a RAW(...) secret at its first ')'
        IcsocEndpoint endpoint = new IcsocEndpoint(UriSecrets.mask(uri), this, remaining, copy);
        setProperties(endpoint, parameters);
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

    /** The started HTTP client for an endpoint's transport settings, built on first use. */
    CloseableHttpAsyncClient httpClient(IcsocConfiguration endpointConfiguration) {
        return httpClients.computeIfAbsent(endpointConfiguration.transport(), this::buildHttpClient);
    }

    private CloseableHttpAsyncClient buildHttpClient(HttpTransport transport) {
        PoolingAsyncClientConnectionManagerBuilder connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
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
                // a retried POST can ring a person twice: the component never retries by itself
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("camel-icsoc");
        if (transport.proxyHost() != null) {
            builder.setProxy(new HttpHost(transport.proxyHost(), transport.proxyPort()));
        }
        if (transport.httpClientConfigurer() != null) {
            transport.httpClientConfigurer().configure(builder);
        }
        CloseableHttpAsyncClient client = builder.build();
        client.start();
        return client;
    }

    /**
     * Where a route continues once the platform has answered a call placement: never on the HTTP client's I/O
     * threads, which must not block. One pool for all of the component's producers; its queue is unbounded, so a
     * slow route makes completions wait rather than run on an I/O thread, and it refuses work once shut down.
     */
    ExecutorService callCompletions() {
        ExecutorService pool = callCompletions;
        if (pool == null) {
            synchronized (this) {
                if (callCompletions == null) {
                    ThreadPoolProfile profile = new ThreadPoolProfile("IcsocCallCompletion");
                    profile.setPoolSize(COMPLETION_THREADS);
                    profile.setMaxPoolSize(COMPLETION_THREADS);
                    profile.setMaxQueueSize(-1);
                    profile.setAllowCoreThreadTimeOut(true);
                    profile.setKeepAliveTime(60L);
                    profile.setTimeUnit(TimeUnit.SECONDS);
                    profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
                    callCompletions = getCamelContext().getExecutorServiceManager()
                            .newThreadPool(this, "IcsocCallCompletion", profile);
                }
                pool = callCompletions;
            }
        }
        return pool;
    }

    /** Ends call placements that have no complete answer by their deadline (see IcsocClient). */
    CallDeadlines callDeadlines() {
        CallDeadlines deadlines = callDeadlines;
        if (deadlines == null) {
            synchronized (this) {
                if (callDeadlines == null) {
                    callDeadlines = new CallDeadlines();
                }
                deadlines = callDeadlines;
            }
        }
        return deadlines;
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        httpClients.values().forEach(client -> client.close(CloseMode.GRACEFUL));
        httpClients.clear();
        synchronized (this) {
            if (callCompletions != null) {
                getCamelContext().getExecutorServiceManager().shutdown(callCompletions);
                callCompletions = null;
            }
            if (callDeadlines != null) {
                callDeadlines.close();
                callDeadlines = null;
            }
        }
    }
}

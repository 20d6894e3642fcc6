package io.github.camelicsoc.client;

import java.util.function.Supplier;

import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client that the endpoints of one transport share, across the component's restarts. It heals: when the
 * client's I/O reactor has stopped for any reason, the next request gets a freshly built client instead of failing
 * for ever. A client the user handed over is used as it is: never rebuilt, never closed here.
 */
public final class SharedHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(SharedHttpClient.class);

    private final Supplier<CloseableHttpAsyncClient> factory;
    private volatile CloseableHttpAsyncClient current;
    private volatile boolean open = true;

    private SharedHttpClient(Supplier<CloseableHttpAsyncClient> factory, CloseableHttpAsyncClient given) {
        this.factory = factory;
        this.current = given;
    }

    /** A client built (and started) by {@code factory} on first use, rebuilt when its reactor stopped. */
    public static SharedHttpClient built(Supplier<CloseableHttpAsyncClient> factory) {
        return new SharedHttpClient(factory, null);
    }

    /** The user's own client: started here if it is not yet, never rebuilt nor closed. */
    public static SharedHttpClient given(CloseableHttpAsyncClient client) {
        return new SharedHttpClient(null, client);
    }

    /**
     * The running client to send a request with.
     *
     * @throws IllegalStateException when the component is stopped, or the user's own client has stopped: nothing
     *                               can be sent
     */
    public CloseableHttpAsyncClient get() {
        CloseableHttpAsyncClient client = current;
        if (open && client != null && client.getStatus() == IOReactorStatus.ACTIVE) {
            return client;
        }
        return renew();
    }

    private synchronized CloseableHttpAsyncClient renew() {
        if (!open) {
            throw new IllegalStateException("the icsoc component is stopped");
        }
        CloseableHttpAsyncClient client = current;
        if (client != null && client.getStatus() == IOReactorStatus.INACTIVE) {
            // not started yet, or starting in the background: both are fine to send on
            client.start();
            return client;
        }
        if (client != null && client.getStatus() == IOReactorStatus.ACTIVE) {
            return client;
        }
        if (factory == null) {
            throw new IllegalStateException("the HTTP client given to the icsoc component is "
                                            + (client == null ? "missing" : client.getStatus()));
        }
        if (client != null) {
            LOG.warn("The HTTP client's I/O reactor is {}; building a fresh client for the next requests",
                    client.getStatus());
            client.close(CloseMode.IMMEDIATE);
        }
        client = factory.get();
        client.start();
        current = client;
        return client;
    }

    /** Lets requests through again after {@link #close()} (the component restarted); builds nothing yet. */
    public synchronized void open() {
        open = true;
    }

    /** Refuses further requests and closes the client unless the user gave it. */
    public synchronized void close() {
        open = false;
        CloseableHttpAsyncClient client = current;
        if (factory != null && client != null) {
            current = null;
            client.close(CloseMode.GRACEFUL);
        }
    }
}

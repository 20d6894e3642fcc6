package io.github.camelicsoc;

import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;

/**
 * A hook to customize the HTTP client the component builds, after the component has applied its own settings
 * (timeouts, proxy, TLS). Do not re-enable automatic retries: a retried call placement can ring a person twice.
 */
@FunctionalInterface
public interface IcsocHttpClientConfigurer {

    void configure(HttpAsyncClientBuilder builder);
}

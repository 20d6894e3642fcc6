package io.github.camelicsoc.bench;

import io.github.camelicsoc.IcsocConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;

/** One way of placing a call, called by the closed-loop callers; it returns once the answer is read. */
interface CallContender extends AutoCloseable {

    ContentType FORM = ContentType.parse(HandWrittenRequest.FORM_CONTENT_TYPE);

    /** The short name used in the tables: a, b, c or d. */
    String key();

    /** What it is, for the tables. */
    String title();

    void call() throws Exception;

    @Override
    default void close() {
    }

    /** (a) and (b): a route, entered through its direct endpoint, as a user's code would call it. */
    static CallContender route(String key, String title, CamelContext context, String uri) {
        ProducerTemplate template = context.createProducerTemplate();
        Endpoint endpoint = context.getEndpoint(uri);
        return new CallContender() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public void call() throws Exception {
                Exchange done = template.send(endpoint, exchange -> CallRoutes.callHeaders(exchange.getIn()));
                if (done.getException() != null) {
                    throw done.getException();
                }
                if (done.getMessage().getHeader(IcsocConstants.CALL_ID) == null) {
                    throw new IllegalStateException("no call id");
                }
            }

            @Override
            public void close() {
                template.stop();
            }
        };
    }

    /** (c): the component's own transport, Apache HttpClient 5's async client, with no Camel at all. */
    static CallContender bareAsync(String baseUrl) {
        CloseableHttpAsyncClient http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(CallRoutes.CONNECTIONS).setMaxConnPerRoute(CallRoutes.CONNECTIONS).build())
                .disableAutomaticRetries()
                .build();
        http.start();
        String url = baseUrl + LoopbackStub.CALL_PATH;
        return new CallContender() {
            @Override
            public String key() {
                return "c";
            }

            @Override
            public String title() {
                return "bare HttpClient 5 async client (the component's transport), no Camel";
            }

            @Override
            public void call() throws Exception {
                SimpleHttpRequest request = SimpleRequestBuilder.post(url)
                        .setBody(HandWrittenRequest.form(CallRoutes.CALLER, CallRoutes.CALLED), FORM)
                        .addHeader("X-WSSE", HandWrittenRequest.wsse(CallRoutes.VCC_CODE, CallRoutes.SECRET))
                        .build();
                SimpleHttpResponse response = http.execute(request, null).get();
                if (response.getCode() != 200 || response.getBodyBytes() == null) {
                    throw new IllegalStateException("HTTP " + response.getCode());
                }
            }

            @Override
            public void close() {
                http.close(CloseMode.GRACEFUL);
            }
        };
    }

    /** (d): Apache HttpClient 5's classic, blocking client (what camel-http runs on), with no Camel at all. */
    static CallContender bareClassic(String baseUrl) {
        CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(CallRoutes.CONNECTIONS).setMaxConnPerRoute(CallRoutes.CONNECTIONS).build())
                .disableAutomaticRetries()
                .build();
        String url = baseUrl + LoopbackStub.CALL_PATH;
        return new CallContender() {
            @Override
            public String key() {
                return "d";
            }

            @Override
            public String title() {
                return "bare HttpClient 5 classic client (camel-http's transport), no Camel";
            }

            @Override
            public void call() throws Exception {
                HttpPost post = new HttpPost(url);
                post.setEntity(new StringEntity(HandWrittenRequest.form(CallRoutes.CALLER, CallRoutes.CALLED), FORM));
                post.addHeader("X-WSSE", HandWrittenRequest.wsse(CallRoutes.VCC_CODE, CallRoutes.SECRET));
                byte[] body = http.execute(post, response -> {
                    if (response.getCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.getCode());
                    }
                    return EntityUtils.toByteArray(response.getEntity());
                });
                if (body == null) {
                    throw new IllegalStateException("no body");
                }
            }

            @Override
            public void close() {
                http.close(CloseMode.GRACEFUL);
            }
        };
    }
}

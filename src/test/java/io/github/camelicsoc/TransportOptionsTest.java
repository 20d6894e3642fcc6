package io.github.camelicsoc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.X509TrustManager;

import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocException.Kind;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transport options a camel-http user expects: proxy, TLS, a client hook and the connect timeout.
 */
class TransportOptionsTest extends SimulatorTestSupport {

    private static final String CALL = "icsoc:call?caller=13800138000&called=13900139000";

    @Test
    void callsGoThroughTheConfiguredProxy() {
        // the base URL's host does not resolve; only the proxy (here the simulator itself) can deliver the request
        CallResult result = template.requestBody(CALL + "&baseUrl=http://icsoc.invalid&proxyHost=127.0.0.1&proxyPort="
                                                 + sim.port(),
                (Object) null, CallResult.class);

        assertEquals("ok", result.message(), "a result exists only for code 200");
        assertEquals(1, sim.calls().size());
    }

    @Test
    void sslContextParametersApplyToAnHttpsBaseUrl() throws Exception {
        try (IcsocSimulator https = IcsocSimulator.startWithHttps()) {
            Exchange untrusted = template.send(CALL + "&baseUrl=" + https.httpsBaseUrl(), e -> {
            });
            assertNotEquals(null, untrusted.getException(), "the self-signed certificate is not trusted by default");

            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setTrustManager(new TrustSelfSigned());
            SSLContextParameters tls = new SSLContextParameters();
            tls.setTrustManagers(trust);
            context.getRegistry().bind("tls", tls);

            CallResult result = template.requestBody(CALL + "&baseUrl=" + https.httpsBaseUrl()
                                                     + "&sslContextParameters=#tls",
                    (Object) null, CallResult.class);
            assertEquals("ok", result.message(), "a result exists only for code 200");
            assertEquals(200, https.calls().get(https.calls().size() - 1).code());
        }
    }

    @Test
    void theHttpClientConfigurerSeesTheBuilder() {
        AtomicInteger configured = new AtomicInteger();
        context.getRegistry().bind("hook", (IcsocHttpClientConfigurer) builder -> {
            configured.incrementAndGet();
            builder.setUserAgent("crm-integration/1.0");
        });

        template.requestBody(CALL + "&httpClientConfigurer=#hook", (Object) null);
        template.requestBody("icsoc:call?caller=13800138001&called=13900139000&httpClientConfigurer=#hook", (Object) null);

        assertEquals(1, configured.get(), "one client for one transport");
        assertEquals(2, sim.calls().size());
    }

    @Test
    void aConnectionThatCannotBeMadeInTimeSentNothing() throws Exception {
        // a listener whose accept queue is full: the kernel drops further connection attempts, so connecting hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
                    queued.add(s);
                }
            } catch (java.io.IOException expected) {
                // the queue is full
            }
            long start = System.nanoTime();
            Exchange done = template.send(CALL + "&connectTimeout=300&baseUrl=http://127.0.0.1:" + full.getLocalPort(),
                    e -> {
                    });
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            for (Socket s : queued) {
                s.close();
            }

            IcsocException e = failureOf(done);
            assertEquals(Kind.NOT_SENT, e.getKind(), e.getMessage());
            assertTrue(tookMillis < 5000, "gave up after " + tookMillis + " ms");
        }
    }

    /** Trusts exactly the kind of certificate WireMock presents: self-signed, for tests only. */
    private static final class TrustSelfSigned implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            if (chain.length != 1) {
                throw new IllegalArgumentException("not self-signed");
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

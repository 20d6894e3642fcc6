package io.github.camelicsoc;

import io.github.camelicsoc.model.CallMode;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * Every option of the icsoc component and its endpoints. The component holds one instance; each endpoint starts
 * from a {@link #copy()} of it and applies its own URI options on top.
 */
@UriParams
public class IcsocConfiguration implements Cloneable {

    /** The platform's address when none is configured. */
    public static final String DEFAULT_BASE_URL = "http://m.icsoc.net";

    // common

    /**
     * The platform's base URL; the operation paths are appended to it. Point it at a simulator in tests.
     */
    @UriParam(defaultValue = DEFAULT_BASE_URL)
    private String baseUrl = DEFAULT_BASE_URL;

    /**
     * The enterprise code (vcc code) the platform issued. It is the user name of the X-WSSE authentication.
     */
    @UriParam(label = "security")
    private String vccCode;

    /**
     * The API secret the platform issued for the enterprise code. Used only to sign requests; never logged or shown.
     */
    @UriParam(label = "security", secret = true)
    private String secret;

    /**
     * How long to wait for a connection to the platform.
     */
    @UriParam(defaultValue = "10000", javaType = "java.time.Duration")
    private long connectTimeout = 10_000;

    /**
     * How long to wait for the platform's response once a request is sent. For a call placement, a timeout means
     * the call may still have been placed: it is reported, never retried.
     */
    @UriParam(defaultValue = "30000", javaType = "java.time.Duration")
    private long requestTimeout = 30_000;

    /**
     * The host of an HTTP proxy to reach the platform through.
     */
    @UriParam(label = "proxy")
    private String proxyHost;

    /**
     * The port of the HTTP proxy.
     */
    @UriParam(label = "proxy")
    private Integer proxyPort;

    /**
     * TLS settings for an https base URL (trust store, key store, protocols), as Camel's SSLContextParameters.
     */
    @UriParam(label = "security")
    private SSLContextParameters sslContextParameters;

    /**
     * A hook to customize the Apache HttpClient 5 async client builder after the component's own settings.
     */
    @UriParam(label = "advanced")
    private IcsocHttpClientConfigurer httpClientConfigurer;

    // producer

    /**
     * How the call is placed: classic two-way call, or axb (the called party is bridged through an AXB privacy
     * number given as displayCalled).
     */
    @UriParam(label = "producer", enums = "classic,axb", defaultValue = "classic")
    private CallMode mode = CallMode.CLASSIC;

    /**
     * The number rung first, usually the agent. Normalized before sending: spaces and dashes dropped, a +86 or 0086
     * prefix removed.
     */
    @UriParam(label = "producer")
    private String caller;

    /**
     * The number bridged second, usually the customer (the B number in AXB mode). Normalized like caller.
     */
    @UriParam(label = "producer")
    private String called;

    /**
     * Seconds the platform lets each leg ring. Left out of the request unless set, so the platform's default (50)
     * applies.
     */
    @UriParam(label = "producer")
    private Integer timeout;

    /**
     * The number shown to the caller: one of your own 400 numbers.
     */
    @UriParam(label = "producer")
    private String displayCaller;

    /**
     * The number shown to the called party: your 400 number, or the X (privacy) number in AXB mode.
     */
    @UriParam(label = "producer")
    private String displayCalled;

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getVccCode() {
        return vccCode;
    }

    public void setVccCode(String vccCode) {
        this.vccCode = vccCode;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public IcsocHttpClientConfigurer getHttpClientConfigurer() {
        return httpClientConfigurer;
    }

    public void setHttpClientConfigurer(IcsocHttpClientConfigurer httpClientConfigurer) {
        this.httpClientConfigurer = httpClientConfigurer;
    }

    public CallMode getMode() {
        return mode;
    }

    public void setMode(CallMode mode) {
        this.mode = mode;
    }

    public String getCaller() {
        return caller;
    }

    public void setCaller(String caller) {
        this.caller = caller;
    }

    public String getCalled() {
        return called;
    }

    public void setCalled(String called) {
        this.called = called;
    }

    public Integer getTimeout() {
        return timeout;
    }

    public void setTimeout(Integer timeout) {
        this.timeout = timeout;
    }

    public String getDisplayCaller() {
        return displayCaller;
    }

    public void setDisplayCaller(String displayCaller) {
        this.displayCaller = displayCaller;
    }

    public String getDisplayCalled() {
        return displayCalled;
    }

    public void setDisplayCalled(String displayCalled) {
        this.displayCalled = displayCalled;
    }

    /** The settings that shape the HTTP client; endpoints with equal transports share one client. */
    HttpTransport transport() {
        return new HttpTransport(connectTimeout, proxyHost, proxyPort, sslContextParameters, httpClientConfigurer);
    }

    record HttpTransport(
            long connectTimeout, String proxyHost, Integer proxyPort, SSLContextParameters sslContextParameters,
            IcsocHttpClientConfigurer httpClientConfigurer) {
    }

    public IcsocConfiguration copy() {
        try {
            return (IcsocConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    @Override
    public String toString() {
        // the secret is deliberately left out
        return "IcsocConfiguration[baseUrl=" + baseUrl + ", vccCode=" + vccCode + ", secret="
               + (secret == null ? "not set" : "set") + ", mode=" + mode + "]";
    }
}

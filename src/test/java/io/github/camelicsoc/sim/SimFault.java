package io.github.camelicsoc.sim;

/**
 * A failure the simulator can answer a request with instead of processing it.
 */
public enum SimFault {
    /** HTTP 500 with an HTML error page, as a gateway in front of the platform would send. */
    HTTP_500,
    /** HTTP 502 with a gateway's HTML error page. */
    HTTP_502,
    /** HTTP 503 with a gateway's HTML error page. */
    HTTP_503,
    /** HTTP 200 with a body that is not JSON. */
    MALFORMED_JSON,
    /** The connection is reset before any response. */
    CONNECTION_RESET,
    /** The connection is closed without any response. */
    EMPTY_RESPONSE,
    /**
     * The request is processed as usual (a call is placed), but the response comes only after
     * {@link IcsocSimulator#timeoutAfter}: longer than the client waits.
     */
    TIMEOUT;

    /** True for the HTTP 5xx faults. */
    public boolean isHttpError() {
        return this == HTTP_500 || this == HTTP_502 || this == HTTP_503;
    }

    /** True for the faults that drop the connection. */
    public boolean isDroppedConnection() {
        return this == CONNECTION_RESET || this == EMPTY_RESPONSE;
    }
}

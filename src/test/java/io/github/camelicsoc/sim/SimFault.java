package io.github.camelicsoc.sim;

/**
 * A failure the simulator can answer a request with instead of processing it.
 */
public enum SimFault {
    /** HTTP 500 with an HTML error page, as a gateway in front of the platform would send. */
    HTTP_500,
    /** HTTP 200 with a body that is not JSON. */
    MALFORMED_JSON,
    /** The connection is reset before any response. */
    CONNECTION_RESET,
    /** The connection is closed without any response. */
    EMPTY_RESPONSE
}

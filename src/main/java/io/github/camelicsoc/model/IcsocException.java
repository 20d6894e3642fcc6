package io.github.camelicsoc.model;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.HttpResponseAware;

/**
 * An icsoc operation did not succeed. It says which operation, the icsoc result code and what that code means for
 * the operation, the platform's own message, and whether the request can have reached the platform.
 * <p>
 * {@link #getKind()} tells the failures apart; only {@link Kind#NOT_SENT} is safe to retry for a call placement,
 * because any other failure may have left the platform ringing somebody.
 */
public class IcsocException extends RuntimeCamelException implements HttpResponseAware {

    /** The code used when the failure has no icsoc result code (transport failures, unreadable responses). */
    public static final int NO_CODE = 0;

    private static final int EXCERPT = 200;

    /** Where the request stopped. */
    public enum Kind {
        /** The component refused the request before sending anything ({@link IcsocValidationException}). */
        REFUSED_LOCALLY,
        /** The platform answered with a result code other than 200. */
        REFUSED_BY_PLATFORM,
        /** No connection could be made: the request never left, so retrying cannot duplicate it. */
        NOT_SENT,
        /** The request may have been sent but no complete response came back (timeout, dropped connection). */
        NO_RESPONSE,
        /** The platform answered, but with an HTTP error status or a body that is not the expected JSON. */
        BAD_RESPONSE
    }

    private final IcsocOperation operation;
    private final Kind kind;
    private final int code;
    private final String platformMessage;
    private int httpResponseCode;

    protected IcsocException(IcsocOperation operation, Kind kind, int code, String platformMessage, String message,
                             Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.kind = kind;
        this.code = code;
        this.platformMessage = platformMessage;
    }

    /** The platform answered with a result code other than 200. */
    public static IcsocException refused(IcsocOperation operation, int code, String platformMessage) {
        return new IcsocException(operation, Kind.REFUSED_BY_PLATFORM, code, platformMessage,
                describe(operation, "refused by the platform", code, platformMessage), null);
    }

    /** The platform answered with an HTTP error status, or with a body that is not the expected JSON. */
    public static IcsocException badResponse(
            IcsocOperation operation, int httpStatus, String problem, String body, Throwable cause) {
        IcsocException e = new IcsocException(operation, Kind.BAD_RESPONSE, NO_CODE, null,
                "icsoc " + operation.title() + " failed: " + problem
                                                                  + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "")
                                                                  + ", body: '" + excerpt(body) + "'",
                cause);
        e.setHttpResponseCode(httpStatus);
        return e;
    }

    /** One record of a records response cannot be understood; the rest of the response can. */
    public static IcsocException badRecord(IcsocOperation operation, String problem, String rawRecord) {
        return new IcsocException(operation, Kind.BAD_RESPONSE, NO_CODE, null,
                "icsoc " + operation.title() + ": a call record cannot be read: " + problem + "; record: '"
                                                                                  + excerpt(rawRecord) + "'",
                null);
    }

    /** No connection could be made, so nothing was sent. */
    public static IcsocException notSent(IcsocOperation operation, String url, Throwable cause) {
        return new IcsocException(operation, Kind.NOT_SENT, NO_CODE, null,
                "icsoc " + operation.title() + " failed: could not connect to " + url + " (" + cause + ")"
                                                                          + "; nothing was sent, so a retry is safe",
                cause);
    }

    /** Nothing was sent, for the reason {@code what} (the component stopped, a deadline passed before sending). */
    public static IcsocException notSent(IcsocOperation operation, String url, String what, Throwable cause) {
        return new IcsocException(operation, Kind.NOT_SENT, NO_CODE, null,
                "icsoc " + operation.title() + " to " + url + " failed: " + what
                                                                          + "; nothing was sent, so a retry is safe",
                cause);
    }

    /** The request may have reached the platform, but no complete response came back. */
    public static IcsocException noResponse(IcsocOperation operation, String url, Throwable cause) {
        String retry = operation == IcsocOperation.CLASSIC_CALL || operation == IcsocOperation.AXB_CALL
                ? "; the platform may have placed the call, so it is not retried"
                : "";
        return new IcsocException(operation, Kind.NO_RESPONSE, NO_CODE, null,
                "icsoc " + operation.title() + " failed: no complete response from " + url + " (" + cause + ")" + retry,
                cause);
    }

    static String describe(IcsocOperation operation, String how, int code, String detail) {
        StringBuilder sb = new StringBuilder("icsoc ").append(operation.title()).append(' ').append(how)
                .append(": code ").append(code).append(" (").append(operation.meaning(code)).append(')');
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(excerpt(detail));
        }
        String advice = operation.advice(code);
        if (advice != null) {
            sb.append(". What to do: ").append(advice);
        }
        return sb.toString();
    }

    /** The first 200 characters of {@code text}, control characters escaped so a log line stays one line. */
    public static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > EXCERPT ? text.substring(0, EXCERPT) + "..." : text;
        StringBuilder sb = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public IcsocOperation getOperation() {
        return operation;
    }

    public Kind getKind() {
        return kind;
    }

    /** The icsoc result code, or {@link #NO_CODE} when there is none. */
    public int getCode() {
        return code;
    }

    /** What the code means for this operation, from the vendor's tables. */
    public String getMeaning() {
        return code == NO_CODE ? null : operation.meaning(code);
    }

    /** The platform's own message, when it sent one. */
    public String getPlatformMessage() {
        return platformMessage;
    }

    /** True when nothing reached the platform, so retrying cannot place a call twice. */
    public boolean isSafeToRetry() {
        return kind == Kind.NOT_SENT;
    }

    @Override
    public int getHttpResponseCode() {
        return httpResponseCode;
    }

    @Override
    public void setHttpResponseCode(int code) {
        this.httpResponseCode = code;
    }

    /** Always null: the component keeps the status code, not the reason phrase. */
    @Override
    public String getHttpResponseStatus() {
        return null;
    }

    /** Ignored: see {@link #getHttpResponseStatus()}. */
    @Override
    public void setHttpResponseStatus(String status) {
        // the reason phrase says nothing the code does not
    }
}

package io.github.camelicsoc.client;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.NoRouteToHostException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelicsoc.IcsocException;
import io.github.camelicsoc.IcsocOperation;
import io.github.camelicsoc.IcsocValidationException;
import io.github.camelicsoc.model.CallMode;
import io.github.camelicsoc.model.CallRequest;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.RecordType;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.util.DeadlineTimeoutException;
import org.apache.hc.core5.util.Timeout;

/**
 * The icsoc operations over HTTP: the only class that knows URLs, form fields, the X-WSSE header and the response
 * JSON. It sends exactly one request per call placement: the HTTP client it is given has automatic retries turned
 * off, and nothing here retries.
 */
public final class IcsocClient {

    static final ObjectMapper JSON = new ObjectMapper();
    /** How the platform writes times: wall-clock time in UTC+08:00. */
    public static final DateTimeFormatter PLATFORM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final ContentType FORM = ContentType.APPLICATION_FORM_URLENCODED.withCharset(StandardCharsets.UTF_8);

    /** How many times requestTimeout a records download may take in all. */
    static final int RECORDS_DEADLINE_FACTOR = 10;

    private final Supplier<CloseableHttpAsyncClient> http;
    private final Supplier<CallDeadlines> deadlines;
    private final String baseUrl;
    private final String vccCode;
    private final String secret;
    private final RequestConfig requestConfig;
    private final long callDeadlineMillis;
    private final long recordsDeadlineMillis;

    /**
     * @param http           the started client to use, looked up for each request; not closed by this class
     * @param deadlines      where the deadline of each call placement is kept
     * @param baseUrl        the platform's base URL, without the operation path
     * @param vccCode        the enterprise code
     * @param secret         the API secret
     * @param connectTimeout milliseconds to wait for a pooled connection
     * @param requestTimeout milliseconds to wait for a response once the request is sent
     */
    public IcsocClient(Supplier<CloseableHttpAsyncClient> http, Supplier<CallDeadlines> deadlines,
                       String baseUrl, String vccCode, String secret, long connectTimeout, long requestTimeout) {
        this.http = http;
        this.deadlines = deadlines;
        // the response timeout only bounds silence between packets; these bound the whole exchange
        this.callDeadlineMillis = connectTimeout + requestTimeout;
        this.recordsDeadlineMillis = connectTimeout + RECORDS_DEADLINE_FACTOR * requestTimeout;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.vccCode = vccCode;
        this.secret = secret;
        this.requestConfig = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.ofMilliseconds(connectTimeout))
                .setResponseTimeout(Timeout.ofMilliseconds(requestTimeout))
                .build();
    }

    /** The operation a call in {@code mode} uses. */
    public static IcsocOperation operationOf(CallMode mode) {
        return mode == CallMode.AXB ? IcsocOperation.AXB_CALL : IcsocOperation.CLASSIC_CALL;
    }

    /**
     * Places one two-way call. The request must already be complete and normalized (see the producer). The future
     * completes on the HTTP client's I/O thread, with a {@link CallResult} or an {@link IcsocException}.
     */
    public CompletableFuture<CallResult> placeCall(CallRequest call) {
        IcsocOperation operation = operationOf(call.mode());
        checkCredentials(operation, vccCode, secret);
        Form form = new Form()
                .add("caller", call.caller())
                .add("called", call.called())
                .add("timeout", call.timeout() == null ? null : call.timeout().toString())
                .add("display_caller", call.displayCaller())
                .add("display_called", call.displayCalled());
        String url = url(operation);
        CompletableFuture<CallResult> result = new CompletableFuture<>();
        AtomicReference<Future<SimpleHttpResponse>> inFlight = new AtomicReference<>();
        // armed before anything is sent, so that a refusal here cannot leave a sent call unaccounted for
        CallDeadlines.Deadline deadline = deadlines.get().arm(callDeadlineMillis, () -> {
            if (result.completeExceptionally(IcsocException.noResponse(operation, url,
                    new SocketTimeoutException("no complete response within " + callDeadlineMillis + " ms")))) {
                Future<SimpleHttpResponse> request = inFlight.get();
                if (request != null) {
                    request.cancel(true);
                }
            }
        });
        result.whenComplete((r, e) -> deadline.disarm());
        try {
            inFlight.set(send(operation, url, form, result));
        } catch (RuntimeException e) {
            // refused before anything left (e.g. the client is closed)
            deadline.disarm();
            throw e;
        }
        return result;
    }

    private Future<SimpleHttpResponse> send(
            IcsocOperation operation, String url, Form form, CompletableFuture<CallResult> result) {
        return http.get().execute(post(url, form), new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                try {
                    result.complete(readCallResult(operation, response.getCode(), response.getBodyBytes()));
                } catch (IcsocException e) {
                    result.completeExceptionally(e);
                } catch (RuntimeException e) {
                    result.completeExceptionally(IcsocException.badResponse(operation, response.getCode(),
                            "the response could not be read (" + e + ")", response.getBodyText(), e));
                }
            }

            @Override
            public void failed(Exception e) {
                result.completeExceptionally(transportFailure(operation, url, e));
            }

            @Override
            public void cancelled() {
                result.completeExceptionally(
                        IcsocException.noResponse(operation, url, new InterruptedIOException("request cancelled")));
            }
        });
    }

    /** The operation that reads records of {@code type}. */
    public static IcsocOperation operationOf(RecordType type) {
        return type == RecordType.INBOUND ? IcsocOperation.INBOUND_RECORDS : IcsocOperation.TWO_WAY_RECORDS;
    }

    /**
     * Asks for the records of {@code type} that started within {@code [start, end]} (UTC+08:00 wall-clock times) and
     * waits for the whole response, spooled; the caller reads it with {@link RecordReader} and closes it.
     *
     * @throws IcsocException when nothing complete came back
     */
    public RecordSpool fetchRecords(RecordType type, LocalDateTime start, LocalDateTime end,
                                    RecordSpool.Settings spooling) {
        IcsocOperation operation = operationOf(type);
        checkCredentials(operation, vccCode, secret);
        Form form = new Form()
                .add("start_time", PLATFORM_TIME.format(start))
                .add("end_time", end == null ? null : PLATFORM_TIME.format(end));
        String url = url(operation);
        Future<RecordSpool> response = http.get().execute(SimpleRequestProducer.create(post(url, form)),
                new RecordSpool.Receiver(spooling), null);
        try {
            return response.get(recordsDeadlineMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordSpool.TooLarge tooLarge) {
                throw IcsocException.badResponse(operation, tooLarge.status(), tooLarge.getMessage(), "", tooLarge);
            }
            throw transportFailure(operation, url, e.getCause() instanceof Exception cause ? cause : e);
        } catch (TimeoutException e) {
            discard(response);
            throw IcsocException.noResponse(operation, url,
                    new SocketTimeoutException("no complete response within " + recordsDeadlineMillis + " ms"));
        } catch (InterruptedException e) {
            discard(response);
            Thread.currentThread().interrupt();
            throw IcsocException.noResponse(operation, url, e);
        }
    }

    /** Cancels a records download, or deletes its spool if it finished meanwhile. */
    private static void discard(Future<RecordSpool> response) {
        if (!response.cancel(true) && response.isDone()) {
            try {
                response.get().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | RuntimeException e) {
                // nothing was spooled
            }
        }
    }

    /**
     * Refuses a request the platform would answer with 401 (no enterprise code) before sending it, and one whose
     * enterprise code could not even go into the header.
     */
    public static void checkCredentials(IcsocOperation operation, String vccCode, String secret) {
        if (vccCode == null || vccCode.isBlank()) {
            throw new IcsocValidationException(operation, 401, "no enterprise code is configured");
        }
        if (secret == null || secret.isEmpty()) {
            throw new IcsocValidationException(operation, 401,
                    "no secret is configured for the enterprise code; set the secret option");
        }
        if (vccCode.chars().anyMatch(c -> c == '"' || Character.isISOControl(c))) {
            throw new IcsocValidationException(operation, 402,
                    "the enterprise code contains a quote or a control character");
        }
    }

    String url(IcsocOperation operation) {
        return baseUrl + operation.path();
    }

    SimpleHttpRequest post(String url, Form form) {
        return SimpleRequestBuilder.post(url)
                .setBody(form.toString(), FORM)
                .addHeader(Wsse.HEADER, Wsse.header(vccCode, secret))
                .setRequestConfig(requestConfig)
                .build();
    }

    static CallResult readCallResult(IcsocOperation operation, int status, byte[] body) {
        JsonNode root = readEnvelope(operation, status, body);
        String callId = text(root, "callid");
        if (callId == null) {
            callId = text(root, "call_id");
        }
        return new CallResult(IcsocOperation.OK, text(root, "message"), callId);
    }

    /**
     * Reads {@code {"code": ..., "message": ...}} and throws unless the HTTP status is 2xx and the code is 200.
     */
    static JsonNode readEnvelope(IcsocOperation operation, int status, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        if (status < 200 || status > 299) {
            throw IcsocException.badResponse(operation, status, "HTTP error status", text, null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw IcsocException.badResponse(operation, status, "the response is not JSON (" + e.getOriginalMessage() + ")",
                    text, null);
        }
        if (root == null || !root.isObject()) {
            throw IcsocException.badResponse(operation, status, "the response is not a JSON object", text, null);
        }
        Integer code = resultCode(root.get("code"));
        if (code == null) {
            throw IcsocException.badResponse(operation, status, "the response has no numeric result code", text, null);
        }
        if (code != IcsocOperation.OK) {
            IcsocException refused = IcsocException.refused(operation, code, text(root, "message"));
            refused.setHttpResponseCode(status);
            throw refused;
        }
        return root;
    }

    /** The result code as a number, also when the platform sends it as a string; null when it is neither. */
    static Integer resultCode(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            try {
                return Integer.valueOf(node.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /**
     * Tells a failure where nothing was sent (no connection) from one where the request may have reached the
     * platform: only the first is safe to retry.
     */
    static IcsocException transportFailure(IcsocOperation operation, String url, Exception e) {
        if (e instanceof IcsocException icsoc) {
            return icsoc;
        }
        if (e instanceof ConnectException || e instanceof ConnectTimeoutException
            || e instanceof UnknownHostException || e instanceof NoRouteToHostException
            || e instanceof ConnectionRequestTimeoutException || e instanceof DeadlineTimeoutException) {
            return IcsocException.notSent(operation, url, e);
        }
        return IcsocException.noResponse(operation, url, e);
    }

    /** An application/x-www-form-urlencoded body; null values are left out. */
    static final class Form {
        private final StringBuilder sb = new StringBuilder(128);

        Form add(String name, String value) {
            if (value != null) {
                if (!sb.isEmpty()) {
                    sb.append('&');
                }
                sb.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
            return this;
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}

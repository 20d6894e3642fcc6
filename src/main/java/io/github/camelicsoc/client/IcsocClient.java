package io.github.camelicsoc.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelicsoc.model.CallRequest;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.model.IcsocValidationException;
import io.github.camelicsoc.model.RecordType;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HeaderElements;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.util.DeadlineTimeoutException;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The icsoc operations over HTTP: the only class that knows URLs, form fields and the X-WSSE header (the answers'
 * JSON is read by {@link Envelope} and {@link RecordReader}). At most one request per call placement can leave: the
 * HTTP client it is given has automatic retries turned off, and nothing here retries a request that may have left. A
 * call request is only given another connection when the one it was given was found unusable before a byte of it
 * was written ({@link StrayAnswerGuard}).
 * <p>
 * Its length is mostly the inner {@code Placement}: one call's request and the requests that replace it on another
 * connection, under the client's deadline, stray-answer and transport-failure rules. It is kept inside the client
 * because each of its steps uses the client's request building and error reporting.
 */
public final class IcsocClient {

    private static final Logger LOG = LoggerFactory.getLogger(IcsocClient.class);

    static final ContentType FORM = ContentType.APPLICATION_FORM_URLENCODED.withCharset(StandardCharsets.UTF_8);

    /** How many times requestTimeout a records download may take in all. */
    static final int RECORDS_DEADLINE_FACTOR = 10;

    /** The most a call's answer may hold; a real one is a few hundred bytes. */
    public static final int MAX_CALL_ANSWER_BYTES = 64 * 1024;

    /** How many connections found unusable before it was written a call request may meet before it fails. */
    static final int MAX_UNUSABLE_CONNECTIONS = 3;

    private final SharedHttpClient http;
    private final Supplier<CallDeadlines> deadlines;
    private final String baseUrl;
    private final String vccCode;
    private final boolean secretGiven;
    // checked once: the enterprise code does not change
    private final boolean vccCodeUnfitForHeader;
    private final Wsse wsse;
    private final RequestConfig requestConfig;
    private final long callDeadlineMillis;
    private final long recordsDeadlineMillis;
    private volatile boolean strayAnswers;
    // made once per operation, so that each request's look-up of its URI hashes no new string
    private final Map<IcsocOperation, String> urls = new EnumMap<>(IcsocOperation.class);
    private final Map<String, URI> uris = new ConcurrentHashMap<>();

    /**
     * @param http           the shared HTTP client to send with; not closed by this class
     * @param deadlines      where the deadline of each call placement is kept, while the component runs
     * @param baseUrl        the platform's base URL, without the operation path
     * @param vccCode        the enterprise code
     * @param secret         the API secret
     * @param connectTimeout milliseconds to wait for a pooled connection
     * @param requestTimeout milliseconds to wait for a response once the request is sent
     */
    public IcsocClient(SharedHttpClient http, Supplier<CallDeadlines> deadlines,
                       String baseUrl, String vccCode, String secret, long connectTimeout, long requestTimeout) {
        this.http = http;
        this.deadlines = deadlines;
        // the response timeout only bounds silence between packets; these bound the whole exchange
        this.callDeadlineMillis = connectTimeout + requestTimeout;
        this.recordsDeadlineMillis = connectTimeout + RECORDS_DEADLINE_FACTOR * requestTimeout;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.vccCode = vccCode;
        this.secretGiven = secret != null && !secret.isEmpty();
        this.vccCodeUnfitForHeader = vccCode != null
                                     && vccCode.chars().anyMatch(c -> c == '"' || Character.isISOControl(c));
        this.wsse = new Wsse(vccCode, secret);
        for (IcsocOperation operation : IcsocOperation.values()) {
            urls.put(operation, this.baseUrl + operation.path());
        }
        this.requestConfig = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.ofMilliseconds(connectTimeout))
                .setResponseTimeout(Timeout.ofMilliseconds(requestTimeout))
                .build();
    }

    /**
     * Places one two-way call. The request must already be complete, normalized and checked (see the producer),
     * and the credentials too ({@link #checkCredentials}). The future completes with a {@link CallResult} or an
     * {@link IcsocException}, on an HTTP client I/O thread or the deadlines' thread: continue elsewhere, or wait for
     * it on the calling thread with {@link PlacedCall#await()}.
     *
     * @throws IllegalStateException when nothing can be sent (the component is stopped)
     */
    public PlacedCall placeCall(CallRequest call) {
        IcsocOperation operation = call.mode().operation();
        Form form = new Form()
                .add("caller", call.caller())
                .add("called", call.called())
                .add("timeout", call.timeout() == null ? null : call.timeout().toString())
                .add("display_caller", call.displayCaller())
                .add("display_called", call.displayCalled());
        Placement placement = new Placement(operation, form.toString());
        // armed before anything is sent, so that a refusal here cannot leave a sent call unaccounted for
        placement.deadline = deadlines.get().arm(callDeadlineMillis, why -> placement.end(why));
        try {
            placement.send();
        } catch (RuntimeException e) {
            // refused before anything left (e.g. the component is stopped)
            placement.deadline.disarm();
            throw e;
        }
        return placement.result;
    }

    /**
     * The answer to one call placement, to come: a {@link CallResult}, or an {@link IcsocException}, by the call's
     * deadline at the latest.
     */
    public final class PlacedCall extends CompletableFuture<CallResult> {
        private final Placement placement;

        private PlacedCall(Placement placement) {
            this.placement = placement;
        }

        /**
         * Waits on this thread for the answer, which comes by the call's deadline at the latest (or when the component
         * stops). When the waiting thread is interrupted, the placement ends there as if its deadline had passed: an
         * {@link IcsocException} NOT_SENT if the request never left (it never will), otherwise NO_RESPONSE (the call
         * may have been placed; its answer is no longer read); an answer that came first is returned. The thread's
         * interrupt status is kept either way.
         *
         * @throws ExecutionException with the {@link IcsocException} the placement failed with as its cause
         */
        public CallResult await() throws ExecutionException {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        placement.end("the thread waiting for the answer was interrupted");
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * One call placement: its request, and the requests that replaced it when the connection it was given turned
     * out unusable before any of it was written ({@link StrayAnswerGuard}). At most one of them can ever leave.
     */
    private final class Placement implements FutureCallback<BoundedAnswer.Received> {
        final PlacedCall result = new PlacedCall(this);
        final IcsocOperation operation;
        final String url;
        final String form;
        CallDeadlines.Deadline deadline;
        // guarded by this: the request that may leave now, and its exchange
        private TrackedRequest request;
        private HttpClientContext context;
        private Future<BoundedAnswer.Received> inFlight;
        private int connectionsRefused;

        Placement(IcsocOperation operation, String form) {
            this.operation = operation;
            this.url = url(operation);
            this.form = form;
        }

        /** Sends the request, unless the placement has ended already. */
        void send() {
            TrackedRequest next = new TrackedRequest(SimpleRequestProducer.create(post(url, form)));
            HttpClientContext exchange = HttpClientContext.create();
            synchronized (this) {
                if (result.isDone()) {
                    return;
                }
                request = next;
                context = exchange;
            }
            Future<BoundedAnswer.Received> sent = http.get().execute(next, new BoundedAnswer(MAX_CALL_ANSWER_BYTES),
                    null, exchange, this);
            synchronized (this) {
                if (request == next) {
                    inFlight = sent;
                }
            }
        }

        /** The deadline passed, or the component stopped. */
        void end(CallDeadlines.Why why) {
            end(why == CallDeadlines.Why.STOPPED
                    ? "the icsoc component stopped before the platform answered"
                    : "no complete response within " + callDeadlineMillis + " ms");
        }

        /** Ends the placement without its answer: {@code what} says why. */
        void end(String what) {
            Future<BoundedAnswer.Received> sent;
            synchronized (this) {
                if (result.isDone()) {
                    return;
                }
                result.completeExceptionally(ended(operation, url, request, what));
                sent = inFlight;
            }
            if (deadline != null) {
                deadline.disarm();
            }
            if (sent != null) {
                sent.cancel(true);
            }
        }

        @Override
        public void completed(BoundedAnswer.Received answer) {
            TrackedRequest answered;
            HttpClientContext exchange;
            synchronized (this) {
                answered = request;
                exchange = context;
            }
            boolean formNeverLeft = answered.abandon();
            try {
                CallResult placed = readCallResult(operation, answer.status(), answer.body());
                if (formNeverLeft) {
                    // a call placed before its form was written cannot be this one: the platform has not seen it, and
                    // waits on that connection for a form that will never come
                    StrayAnswerGuard.retireConnectionOf(exchange);
                    strayAnswerSeen("an answer arrived before the call request's body was written");
                    reroute(new StrayAnswerGuard.UnusableConnection("a call placed (call id " + placed.callId()
                                                                    + ") was answered before the request's body "
                                                                    + "was written"));
                    return;
                }
                if (StrayAnswerGuard.repeatsTheLastCallId(exchange, placed.callId())) {
                    // a copy of the connection's last answer: this call's own answer is still on its way, or lost
                    StrayAnswerGuard.retireConnectionOf(exchange);
                    strayAnswerSeen("an answer repeated the call id " + placed.callId() + " of the call before");
                    finish(null, IcsocException.noResponse(operation, url, new IOException("the answer repeated the "
                            + "call id of the call answered before it on the same connection: an answer nobody asked "
                            + "for; this call's own answer never came, and it may have been placed")));
                    return;
                }
                finish(placed, null);
            } catch (IcsocException e) {
                finish(null, e);
            } catch (RuntimeException e) {
                finish(null, IcsocException.badResponse(operation, answer.status(),
                        "the response could not be read (" + e + ")",
                        new String(answer.body(), StandardCharsets.UTF_8), e));
            }
        }

        @Override
        public void failed(Exception e) {
            TrackedRequest failed;
            synchronized (this) {
                failed = request;
            }
            if (e instanceof StrayAnswerGuard.UnusableConnection unusable && failed.abandon()) {
                if (unusable.strayBytes()) {
                    strayAnswerSeen(unusable.getMessage());
                }
                if (unusable.reused()) {
                    // the connection is closed for good: this costs no attempt
                    connectionsRefused--;
                }
                reroute(unusable);
                return;
            }
            finish(null, transportFailure(operation, url, failed, e));
        }

        /** Sends the request, none of which left, on another connection; or fails it, NOT_SENT. */
        private void reroute(StrayAnswerGuard.UnusableConnection why) {
            if (++connectionsRefused <= MAX_UNUSABLE_CONNECTIONS) {
                try {
                    send();
                    return;
                } catch (RuntimeException stopped) {
                    why.addSuppressed(stopped);
                }
            }
            finish(null, IcsocException.notSent(operation, url, connectionsRefused
                    + " connections in a row were unusable, the last because " + why.getMessage()
                    + "; the request never left", why));
        }

        @Override
        public void cancelled() {
            TrackedRequest cancelled;
            synchronized (this) {
                cancelled = request;
            }
            finish(null, transportFailure(operation, url, cancelled, new InterruptedIOException("request cancelled")));
        }

        private void finish(CallResult answer, IcsocException failure) {
            boolean done = failure == null ? result.complete(answer) : result.completeExceptionally(failure);
            if (done) {
                deadline.disarm();
            }
        }
    }

    /**
     * The platform (or something between) wrote bytes nobody asked for on a kept-alive connection. Such an answer
     * can reach a connection after the next request left, where HTTP/1.1 cannot tell it from the real answer: from
     * now on, every request of this endpoint gets a connection of its own.
     */
    private void strayAnswerSeen(String what) {
        if (!strayAnswers) {
            strayAnswers = true;
            LOG.warn("The icsoc platform at {} sent an answer nobody asked for ({}); from now on every request of "
                     + "this endpoint uses a connection of its own, so that no call can be given another call's "
                     + "answer", baseUrl, what);
        }
    }

    /**
     * Why a call placement ended without an answer: its deadline passed, the component stopped, or the thread waiting
     * for it was interrupted.
     */
    private static IcsocException ended(IcsocOperation operation, String url, TrackedRequest request, String what) {
        boolean neverSent = request.abandon();
        if (neverSent) {
            return IcsocException.notSent(operation, url, what + "; the request never left",
                    new SocketTimeoutException(what));
        }
        return IcsocException.noResponse(operation, url, new SocketTimeoutException(what));
    }

    /**
     * Asks for the records of {@code type} that started within {@code [start, end]} (UTC+08:00 wall-clock times) and
     * waits for the whole response, spooled; the caller reads it with {@link RecordReader} and closes it.
     *
     * @throws IcsocException when nothing complete came back
     */
    public RecordSpool fetchRecords(RecordType type, LocalDateTime start, LocalDateTime end,
                                    RecordSpool.Settings spooling) {
        IcsocOperation operation = type.operation();
        checkCredentials(operation);
        Form form = new Form()
                .add("start_time", PlatformTime.format(start))
                .add("end_time", end == null ? null : PlatformTime.format(end));
        String url = url(operation);
        TrackedRequest request = new TrackedRequest(SimpleRequestProducer.create(post(url, form.toString())));
        Future<RecordSpool> response;
        try {
            response = http.get().execute(request, new RecordSpool.Receiver(spooling), null);
        } catch (RuntimeException e) {
            throw IcsocException.notSent(operation, url, "nothing could be sent", e);
        }
        try {
            return response.get(recordsDeadlineMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordSpool.TooLarge tooLarge) {
                throw IcsocException.badResponse(operation, tooLarge.status(), tooLarge.getMessage(), "", tooLarge);
            }
            throw transportFailure(operation, url, request, e.getCause() instanceof Exception cause ? cause : e);
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
     * enterprise code could not even go into the header. The one home of this rule, for every operation.
     */
    public void checkCredentials(IcsocOperation operation) {
        if (vccCode == null || vccCode.isBlank()) {
            throw new IcsocValidationException(operation, 401, "no enterprise code is configured");
        }
        if (!secretGiven) {
            // not code 401, whose advice (set vccCode) would contradict this one
            throw new IcsocValidationException(operation, IcsocException.NO_CODE,
                    "no API secret is configured for the enterprise code: set secretFromEnv (or secret)");
        }
        if (vccCodeUnfitForHeader) {
            throw new IcsocValidationException(operation, 402,
                    "the enterprise code contains a quote or a control character");
        }
    }

    String url(IcsocOperation operation) {
        return urls.get(operation);
    }

    SimpleHttpRequest post(String url, String form) {
        // parsed once per URL rather than for every request; made directly rather than through a builder, which
        // copies its headers into the request it builds
        SimpleHttpRequest post = SimpleHttpRequest.create(Method.POST, uris.computeIfAbsent(url, URI::create));
        if (strayAnswers) {
            // a connection of its own: no answer left over on a kept-alive connection can become this one's
            post.addHeader(HttpHeaders.CONNECTION, HeaderElements.CLOSE);
        }
        post.setBody(form, FORM);
        post.addHeader(Wsse.HEADER, wsse.header());
        post.setConfig(requestConfig);
        return post;
    }

    static CallResult readCallResult(IcsocOperation operation, int status, byte[] body) {
        JsonNode root = Envelope.read(operation, status, body);
        String callId = Envelope.text(root, "callid");
        if (callId == null) {
            callId = Envelope.text(root, "call_id");
        }
        return new CallResult(Envelope.text(root, "message"), callId);
    }

    /**
     * Tells a failure where nothing was sent from one where the request may have reached the platform: only the
     * first is safe to retry. A request whose body never left was not sent, whatever ended it; one whose body left
     * and whose answer broke a bound is a bad response.
     */
    static IcsocException transportFailure(IcsocOperation operation, String url, TrackedRequest request, Exception e) {
        if (e instanceof IcsocException icsoc) {
            return icsoc;
        }
        if (e instanceof BoundedAnswer.TooLarge tooLarge) {
            return IcsocException.badResponse(operation, tooLarge.status(), tooLarge.getMessage(), tooLarge.excerpt(),
                    null);
        }
        if (e instanceof MessageConstraintException) {
            return IcsocException.badResponse(operation, 0,
                    "the answer's head breaks a bound (" + e.getMessage() + ")", "", null);
        }
        if (e instanceof ConnectException || e instanceof ConnectTimeoutException
            || e instanceof UnknownHostException || e instanceof NoRouteToHostException
            || e instanceof ConnectionRequestTimeoutException || e instanceof DeadlineTimeoutException) {
            return IcsocException.notSent(operation, url, e);
        }
        if (request.abandon()) {
            return IcsocException.notSent(operation, url, "the request never left (" + e + ")", e);
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
                sb.append(name).append('=');
                // phone numbers and times mostly need no encoding: spare the encoder's copies then
                if (unchangedByEncoding(value)) {
                    sb.append(value);
                } else {
                    sb.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            }
            return this;
        }

        /** True when {@link URLEncoder} would return the value as it is. */
        private static boolean unchangedByEncoding(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                      || c == '.' || c == '-' || c == '*' || c == '_')) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}

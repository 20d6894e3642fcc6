package io.github.camelicsoc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelicsoc.PhoneNumbers.Field;
import io.github.camelicsoc.client.IcsocClient;
import io.github.camelicsoc.model.CallMode;
import io.github.camelicsoc.model.CallRequest;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.model.IcsocValidationException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * {@code icsoc:call}: places one two-way call per exchange, without holding a thread while the platform answers; with
 * the {@code synchronous} option, the calling thread waits for the answer and continues the route itself.
 * <p>
 * Each field of the call comes from the first of: the message header, the body ({@link CallRequest}, a {@code Map} or
 * a JSON object), the endpoint option. This class is the one place a call is checked before it is sent; the call is
 * sent exactly once, and failures are reported, never retried here.
 * <p>
 * A call placed with a correlation key ({@link CallCorrelation}) and accepted is remembered in the placements store,
 * for the records consumer to tie its record to the key; the exchange waits for that no longer than the call's own
 * deadline.
 */
@ManagedResource(description = "icsoc call producer: placements remembered for their outcomes")
public class CallProducer extends DefaultAsyncProducer {

    /** The most a body describing a call is read; a real one is a few hundred bytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RememberedPlacements placements;
    private final boolean synchronous;
    // made once rather than for every call
    private final Executor completions = this::complete;

    public CallProducer(IcsocEndpoint endpoint) {
        super(endpoint);
        this.placements = new RememberedPlacements(endpoint);
        this.synchronous = endpoint.getConfiguration().isSynchronous();
    }

    @ManagedAttribute(description = "Calls placed with a correlation key and remembered, since start")
    public long getPlacementsRemembered() {
        return placements.remembered();
    }

    @ManagedAttribute(description = "Calls placed with a correlation key that the placements store did not remember"
                                    + " (it failed, or did not answer within the call's deadline), since start")
    public long getPlacementsNotRemembered() {
        return placements.notRemembered();
    }

    @Override
    public IcsocEndpoint getEndpoint() {
        return (IcsocEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CallRequest call;
        CallCorrelation correlation;
        try {
            Message in = exchange.getIn();
            call = resolve(in);
            correlation = placements.correlation(in, call.mode().operation());
        } catch (RuntimeException e) {
            // anything else that goes wrong reading the message is still reported as a refusal before sending
            exchange.setException(e instanceof IcsocException icsoc ? icsoc
                    : new IcsocValidationException(getEndpoint().getConfiguration().getMode().operation(),
                            IcsocException.NO_CODE, "the message cannot be read as a call: " + e));
            callback.done(true);
            return true;
        }
        long sentAt = System.nanoTime();
        IcsocClient.PlacedCall placed;
        try {
            placed = getEndpoint().getClient().placeCall(call);
        } catch (IcsocException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        } catch (RuntimeException e) {
            // e.g. the endpoint or its component is stopped: nothing was sent
            exchange.setException(IcsocException.notSent(call.mode().operation(),
                    getEndpoint().getConfiguration().getBaseUrl(), "nothing could be sent (" + e.getMessage() + ")", e));
            callback.done(true);
            return true;
        }
        if (synchronous) {
            // the answer, and the store's for a call with a correlation key, are waited for here: both by the call's
            // deadline at the latest
            CompletableFuture<Void> finished = new CompletableFuture<>();
            try {
                CallResult result = null;
                Throwable failure = null;
                try {
                    result = placed.await();
                } catch (ExecutionException e) {
                    failure = e.getCause();
                }
                finish(exchange, call, correlation, sentAt, result, failure, Runnable::run,
                        () -> finished.complete(null));
                // not interruptible: the recorder gives up by the call's deadline, and the call is placed already
                finished.join();
            } catch (RuntimeException e) {
                exchange.setException(e);
            }
            callback.done(true);
            return true;
        }
        placed.whenCompleteAsync((result, failure) -> finish(exchange, call, correlation, sentAt, result, failure,
                completions, () -> callback.done(false)), completions);
        return false;
    }

    /**
     * Leaves the placement's answer or failure on the exchange and, for a call with a correlation key, has the
     * placements store remember it; runs {@code done} once that is over (through {@code continuation} when the store
     * answers later).
     */
    private void finish(Exchange exchange, CallRequest call, CallCorrelation correlation, long sentAt,
                        CallResult result, Throwable failure, Executor continuation, Runnable done) {
        boolean remembering = false;
        try {
            if (failure != null) {
                exchange.setException(failure instanceof CompletionException ? failure.getCause() : failure);
            } else {
                accept(exchange, result);
                remembering = correlation != null
                              && placements.remember(exchange, call, result, correlation, sentAt, continuation, done);
            }
        } finally {
            if (!remembering) {
                done.run();
            }
        }
    }

    /** Runs the rest of the route on the completion pool, or here if the component is already stopped. */
    private void complete(Runnable rest) {
        try {
            getEndpoint().getComponent().completeCall(rest);
        } catch (RejectedExecutionException e) {
            rest.run();
        }
    }

    private static void accept(Exchange exchange, CallResult result) {
        Message out = exchange.getMessage();
        out.setBody(result);
        out.setHeader(IcsocConstants.CALL_ID, result.callId());
    }

    /** The fields of a call as given in one place (headers, body or options), not yet checked. */
    private record UncheckedCallFields(Object mode, Object caller, Object called, Object timeout, Object displayCaller,
            Object displayCalled) {
        static final UncheckedCallFields NOTHING = new UncheckedCallFields(null, null, null, null, null, null);
    }

    /** Merges header, body and endpoint option per field, then normalizes and checks the call. */
    CallRequest resolve(Message in) {
        IcsocConfiguration options = getEndpoint().getConfiguration();
        // errors before the mode is known name the operation of the endpoint's mode
        IcsocOperation operationBeforeMode = options.getMode().operation();
        UncheckedCallFields body = bodyFields(operationBeforeMode, in);
        CallMode mode = firstOf(
                mode(operationBeforeMode, "header " + IcsocConstants.MODE, in.getHeader(IcsocConstants.MODE)),
                mode(operationBeforeMode, "the body's mode", body.mode()), options.getMode());
        IcsocOperation operation = mode.operation();

        getEndpoint().getClient().checkCredentials(operation);

        return new CallRequest(mode,
                PhoneNumbers.check(operation, Field.CALLER,
                        firstOf(in.getHeader(IcsocConstants.CALLER), body.caller(), options.getCaller())),
                PhoneNumbers.check(operation, Field.CALLED,
                        firstOf(in.getHeader(IcsocConstants.CALLED), body.called(), options.getCalled())),
                firstOf(timeout(operation, "header " + IcsocConstants.TIMEOUT, in.getHeader(IcsocConstants.TIMEOUT)),
                        timeout(operation, "the body's timeout", body.timeout()),
                        // checked with the other options when the endpoint was created
                        options.getTimeout()),
                PhoneNumbers.check(operation, Field.DISPLAY_CALLER,
                        firstOf(in.getHeader(IcsocConstants.DISPLAY_CALLER), body.displayCaller(),
                                options.getDisplayCaller())),
                PhoneNumbers.check(operation, Field.DISPLAY_CALLED,
                        firstOf(in.getHeader(IcsocConstants.DISPLAY_CALLED), body.displayCalled(),
                                options.getDisplayCalled())));
    }

    private static CallMode mode(IcsocOperation operationBeforeMode, String source, Object value) {
        if (value == null || value instanceof CallMode) {
            return (CallMode) value;
        }
        if (!(value instanceof CharSequence)) {
            throw new IcsocValidationException(operationBeforeMode, IcsocException.NO_CODE,
                    source + " is a " + value.getClass().getSimpleName() + ": use classic or axb");
        }
        try {
            return CallMode.of(value.toString());
        } catch (IllegalArgumentException e) {
            throw new IcsocValidationException(operationBeforeMode, IcsocException.NO_CODE, source + ": " + e.getMessage());
        }
    }

    /** The ring timeout of a header or the body, by the one rule of every ring timeout. */
    private static Integer timeout(IcsocOperation operation, String source, Object value) {
        try {
            return IcsocOptions.ringSeconds(value);
        } catch (IllegalArgumentException e) {
            throw new IcsocValidationException(operation, IcsocException.NO_CODE, source + " " + e.getMessage());
        }
    }

    /** The call the body describes, or nothing when the body does not describe one. */
    private static UncheckedCallFields bodyFields(IcsocOperation operation, Message in) {
        Object body = in.getBody();
        if (body instanceof CallRequest r) {
            return new UncheckedCallFields(r.mode(), r.caller(), r.called(), r.timeout(), r.displayCaller(), r.displayCalled());
        }
        if (body instanceof Map<?, ?> map) {
            return fromMap(map);
        }
        String text;
        if (body instanceof String s) {
            text = s;
        } else if (body instanceof byte[] bytes) {
            text = new String(bytes, StandardCharsets.UTF_8);
        } else if (body instanceof InputStream stream) {
            text = readReady(operation, stream);
        } else {
            return UncheckedCallFields.NOTHING;
        }
        if (text == null || !text.stripLeading().startsWith("{")) {
            return UncheckedCallFields.NOTHING;
        }
        if (text.length() > MAX_BODY_BYTES) {
            throw new IcsocValidationException(operation, IcsocException.NO_CODE, "the body is "
                                                                                  + text.length()
                                                                                  + " characters long, more than the "
                                                                                  + MAX_BODY_BYTES
                                                                                  + " a call's description may have");
        }
        Map<?, ?> map;
        try {
            map = JSON.readValue(text, Map.class);
        } catch (JacksonException e) {
            throw new IcsocValidationException(operation, IcsocException.NO_CODE,
                    "the body is not a valid JSON object (" + e.getOriginalMessage() + ")");
        }
        return fromMap(map);
    }

    /**
     * What a stream body holds, read without ever blocking: only what the stream says is ready, at most
     * {@value #MAX_BODY_BYTES} bytes. Null when it does not start like a JSON object (it then describes no call and
     * is left as read so far). An endless or blocking stream cannot hang a call: it is refused, typed.
     */
    private static String readReady(IcsocOperation operation, InputStream stream) {
        byte[] buffer = new byte[256];
        int length = 0;
        try {
            while (true) {
                int ready = stream.available();
                if (ready <= 0) {
                    if (length == 0) {
                        return null;
                    }
                    break;
                }
                if (length + ready > MAX_BODY_BYTES) {
                    throw new IcsocValidationException(operation, IcsocException.NO_CODE,
                            "the body is a stream of more than " + MAX_BODY_BYTES
                                                                                          + " bytes; a call's description is a small JSON object");
                }
                if (length + ready > buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + ready));
                }
                int read = stream.read(buffer, length, ready);
                if (read < 0) {
                    break;
                }
                length += read;
                if (length > 0 && !firstNonBlankIs(buffer, length, '{')) {
                    return null;
                }
            }
        } catch (IOException e) {
            throw new IcsocValidationException(operation, IcsocException.NO_CODE,
                    "the body stream cannot be read (" + e.getMessage() + ")");
        }
        String text = new String(buffer, 0, length, StandardCharsets.UTF_8);
        if (!text.stripLeading().startsWith("{")) {
            return null;
        }
        return text;
    }

    private static boolean firstNonBlankIs(byte[] buffer, int length, char expected) {
        for (int i = 0; i < length; i++) {
            if (!Character.isWhitespace(buffer[i])) {
                return buffer[i] == expected;
            }
        }
        return true;
    }

    private static UncheckedCallFields fromMap(Map<?, ?> map) {
        return new UncheckedCallFields(map.get("mode"), map.get("caller"), map.get("called"), map.get("timeout"),
                map.get("displayCaller"), map.get("displayCalled"));
    }

    @SafeVarargs
    private static <T> T firstOf(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}

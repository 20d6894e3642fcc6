package io.github.camelicsoc;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelicsoc.client.IcsocClient;
import io.github.camelicsoc.model.CallMode;
import io.github.camelicsoc.model.CallRequest;
import io.github.camelicsoc.model.CallResult;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.TypeConversionException;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * {@code icsoc:call}: places one two-way call per exchange, without holding a thread while the platform answers.
 * <p>
 * Each field of the call comes from the first of: the message header, the body ({@link CallRequest}, a {@code Map} or
 * a JSON object), the endpoint option. The call is sent exactly once; failures are reported, never retried here.
 */
public class CallProducer extends DefaultAsyncProducer {

    private static final ObjectMapper JSON = new ObjectMapper();

    public CallProducer(IcsocEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public IcsocEndpoint getEndpoint() {
        return (IcsocEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CallRequest call;
        try {
            call = resolve(exchange.getIn());
        } catch (RuntimeException e) {
            // anything else that goes wrong reading the message is still reported as a refusal before sending
            exchange.setException(e instanceof IcsocException icsoc ? icsoc
                    : new IcsocValidationException(IcsocClient.operationOf(getEndpoint().getConfiguration().getMode()),
                            IcsocException.NO_CODE, "the message cannot be read as a call: " + e));
            callback.done(true);
            return true;
        }
        try {
            getEndpoint().getClient().placeCall(call).whenCompleteAsync((result, failure) -> {
                try {
                    if (failure != null) {
                        exchange.setException(failure instanceof CompletionException ? failure.getCause() : failure);
                    } else {
                        accept(exchange, result);
                    }
                } finally {
                    callback.done(false);
                }
            }, this::complete);
        } catch (IcsocException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        } catch (RuntimeException e) {
            // e.g. the endpoint or its HTTP client is stopped: nothing was sent
            exchange.setException(IcsocException.notSent(IcsocClient.operationOf(call.mode()),
                    getEndpoint().getConfiguration().getBaseUrl(), e));
            callback.done(true);
            return true;
        }
        return false;
    }

    /** Runs the rest of the route on the completion pool, or here if the pool is already shut down. */
    private void complete(Runnable rest) {
        try {
            getEndpoint().getComponent().callCompletions().execute(rest);
        } catch (RejectedExecutionException e) {
            rest.run();
        }
    }

    private static void accept(Exchange exchange, CallResult result) {
        Message out = exchange.getMessage();
        out.setBody(result);
        out.setHeader(IcsocConstants.CALL_ID, result.callId());
    }

    /** Merges header, body and endpoint option per field, then normalizes and checks the call. */
    CallRequest resolve(Message in) {
        IcsocConfiguration options = getEndpoint().getConfiguration();
        CallMode modeGuess = options.getMode();
        CallRequest body;
        try {
            body = bodyRequest(in);
        } catch (IllegalArgumentException e) {
            throw new IcsocValidationException(IcsocClient.operationOf(modeGuess), IcsocException.NO_CODE,
                    e.getMessage());
        }
        CallMode mode = firstOf(modeHeader(in, modeGuess), body == null ? null : body.mode(), options.getMode());
        IcsocOperation operation = IcsocClient.operationOf(mode);

        IcsocClient.checkCredentials(operation, options.getVccCode(), options.getSecret());

        String caller = firstOf(in.getHeader(IcsocConstants.CALLER, String.class),
                body == null ? null : body.caller(), options.getCaller());
        String called = firstOf(in.getHeader(IcsocConstants.CALLED, String.class),
                body == null ? null : body.called(), options.getCalled());
        Integer timeout = firstOf(timeoutHeader(in, operation), body == null ? null : body.timeout(),
                options.getTimeout());
        String displayCaller = firstOf(in.getHeader(IcsocConstants.DISPLAY_CALLER, String.class),
                body == null ? null : body.displayCaller(), options.getDisplayCaller());
        String displayCalled = firstOf(in.getHeader(IcsocConstants.DISPLAY_CALLED, String.class),
                body == null ? null : body.displayCalled(), options.getDisplayCalled());

        return new CallRequest(mode,
                number(operation, "caller", caller, 403, 406),
                number(operation, "called", called, 404, 407),
                checkTimeout(operation, timeout),
                displayNumber(operation, "displayCaller", displayCaller),
                displayNumber(operation, "displayCalled", displayCalled));
    }

    private static String number(IcsocOperation operation, String name, String value, int emptyCode, int badCode) {
        if (value == null || value.isBlank()) {
            throw new IcsocValidationException(operation, emptyCode, "no " + name + " number was given");
        }
        String normalized = PhoneNumbers.normalize(value);
        String problem = PhoneNumbers.problem(normalized);
        if (problem != null) {
            throw new IcsocValidationException(operation, badCode, name + " '" + value + "' " + problem);
        }
        return normalized;
    }

    private static String displayNumber(IcsocOperation operation, String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String normalized = PhoneNumbers.normalize(value);
        String problem = PhoneNumbers.problem(normalized);
        if (problem != null) {
            throw new IcsocValidationException(operation, 408, name + " '" + value + "' " + problem);
        }
        return normalized;
    }

    private static Integer checkTimeout(IcsocOperation operation, Integer timeout) {
        if (timeout != null && timeout <= 0) {
            throw new IcsocValidationException(operation, IcsocException.NO_CODE,
                    "timeout must be a positive number of seconds, not " + timeout);
        }
        return timeout;
    }

    private static CallMode modeHeader(Message in, CallMode fallback) {
        Object value = in.getHeader(IcsocConstants.MODE);
        if (value == null || value instanceof CallMode) {
            return (CallMode) value;
        }
        try {
            return CallMode.of(value.toString());
        } catch (IllegalArgumentException e) {
            throw new IcsocValidationException(IcsocClient.operationOf(fallback), IcsocException.NO_CODE,
                    "header " + IcsocConstants.MODE + ": " + e.getMessage());
        }
    }

    private static Integer timeoutHeader(Message in, IcsocOperation operation) {
        try {
            return in.getHeader(IcsocConstants.TIMEOUT, Integer.class);
        } catch (TypeConversionException e) {
            throw new IcsocValidationException(operation, IcsocException.NO_CODE,
                    "header " + IcsocConstants.TIMEOUT + " must be a whole number of seconds, not '"
                                                                              + in.getHeader(IcsocConstants.TIMEOUT) + "'");
        }
    }

    /** The call described by the body, or null when the body does not describe one. */
    static CallRequest bodyRequest(Message in) {
        Object body = in.getBody();
        if (body instanceof CallRequest request) {
            return request;
        }
        if (body instanceof Map<?, ?> map) {
            return fromMap(map);
        }
        if (body instanceof String || body instanceof byte[] || body instanceof InputStream) {
            String text = in.getBody(String.class);
            if (text != null && text.stripLeading().startsWith("{")) {
                Map<?, ?> map;
                try {
                    map = JSON.readValue(text, Map.class);
                } catch (JacksonException e) {
                    throw new IllegalArgumentException(
                            "the body is not a valid JSON object (" + e.getOriginalMessage() + ")");
                }
                return fromMap(map);
            }
        }
        return null;
    }

    private static CallRequest fromMap(Map<?, ?> map) {
        Object mode = map.get("mode");
        return new CallRequest(
                mode == null ? null : CallMode.of(mode.toString()),
                string(map.get("caller")),
                string(map.get("called")),
                seconds(map.get("timeout")),
                string(map.get("displayCaller")),
                string(map.get("displayCalled")));
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static Integer seconds(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer i) {
            return i;
        }
        try {
            return Integer.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timeout in the body must be a whole number of seconds, not '" + value + "'");
        }
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

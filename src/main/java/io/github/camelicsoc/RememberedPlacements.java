package io.github.camelicsoc;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.github.camelicsoc.client.PlatformTime;
import io.github.camelicsoc.model.CallRequest;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.outcome.Placement;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an {@code icsoc:call} producer remembers of the calls it places with a correlation key, and its counts. Only
 * an accepted call (code 200) is remembered: a refused call's outcome is the refusal, on the placing exchange.
 */
final class RememberedPlacements {

    /** The platform's ring timeout when a call does not set one, in seconds. */
    static final int PLATFORM_RING_SECONDS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(RememberedPlacements.class);

    private final IcsocEndpoint endpoint;
    private final List<String> carriedHeaders;
    private final LongAdder remembered = new LongAdder();
    private final LongAdder notRemembered = new LongAdder();

    RememberedPlacements(IcsocEndpoint endpoint) {
        this.endpoint = endpoint;
        this.carriedHeaders = IcsocOptions.carriedHeaders(endpoint.getConfiguration().getCarriedHeaders());
    }

    long remembered() {
        return remembered.sum();
    }

    long notRemembered() {
        return notRemembered.sum();
    }

    /** The message's correlation, checked before the call is sent; null when it has no key. */
    CallCorrelation correlation(Message in, IcsocOperation operation) {
        return CallCorrelation.of(in, endpoint.getConfiguration().getCorrelationKeyHeader(), carriedHeaders, operation);
    }

    /**
     * Remembers a call placed with a correlation key, waiting no longer than what is left of the call's own deadline;
     * true when the exchange continues once the store answered: {@code done} then runs on {@code continuation}.
     */
    boolean remember(Exchange exchange, CallRequest call, CallResult result, CallCorrelation correlation, long sentAt,
                     Executor continuation, Runnable done) {
        if (result.callId() == null || result.callId().isEmpty()) {
            notRemembered(exchange, correlation, "the platform answered the placement without a call id");
            return false;
        }
        IcsocConfiguration options = endpoint.getConfiguration();
        Placement placement = new Placement(correlation.key(), correlation.carried(), result.callId(), call.caller(),
                call.called(), call.mode().name().toLowerCase(Locale.ROOT), call.displayCaller(), call.displayCalled(),
                PlatformTime.now(Clock.systemUTC()),
                Duration.ofSeconds(call.timeout() != null ? call.timeout() : PLATFORM_RING_SECONDS));
        long left = options.getConnectTimeout() + options.getRequestTimeout()
                    - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
        CompletableFuture<Void> written;
        try {
            written = endpoint.getComponent().placementRecorder()
                    .remember(endpoint.placementStore(), placement, left);
        } catch (RuntimeException e) {
            notRemembered(exchange, correlation, e.toString());
            return false;
        }
        written.whenCompleteAsync((nothing, failure) -> {
            try {
                if (failure == null) {
                    remembered.increment();
                    exchange.getMessage().setHeader(IcsocConstants.PLACEMENT_REMEMBERED, true);
                } else {
                    notRemembered(exchange, correlation, failure instanceof PlacementRecorder.NotRememberedInTime
                            ? failure.getMessage() : failure.toString());
                }
            } finally {
                done.run();
            }
        }, continuation);
        return true;
    }

    private void notRemembered(Exchange exchange, CallCorrelation correlation, String why) {
        notRemembered.increment();
        exchange.getMessage().setHeader(IcsocConstants.PLACEMENT_REMEMBERED, false);
        // the call was placed, once: only its outcome will come without the key
        LOG.warn("icsoc:call: the call placed for correlation key {} was not remembered ({}); its record will come"
                 + " without the key. {} calls not remembered since start", correlation.key(), why,
                notRemembered.sum());
    }

}

package io.github.camelicsoc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import io.github.camelicsoc.client.CallDeadlines;
import io.github.camelicsoc.outcome.Placement;
import io.github.camelicsoc.outcome.PlacementStore;

/**
 * Remembers placed calls off the route's thread, and never keeps a call's exchange past its own deadline: a store
 * that fails, blocks or cannot keep up leaves the call placed (it was, once) and answers "not remembered". The write
 * is never retried here: a placement written twice would be harmless, but a blocked store would pile retries up.
 */
final class PlacementRecorder {

    private final ExecutorService writers;
    private final CallDeadlines deadlines;

    /**
     * @param writers   where store writes run; bounded, so a stuck store refuses new writes instead of queueing them
     * @param deadlines where the wait for each write ends
     */
    PlacementRecorder(ExecutorService writers, CallDeadlines deadlines) {
        this.writers = writers;
        this.deadlines = deadlines;
    }

    /**
     * Writes {@code placement} to {@code store}; completes with null once written, or exceptionally with why not:
     * the store's failure, a full write queue, or {@link NotRememberedInTime} after {@code waitMillis}. A write that
     * ends after the wait may still land; its record is then matched as usual.
     */
    CompletableFuture<Void> remember(PlacementStore store, Placement placement, long waitMillis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CallDeadlines.Deadline deadline;
        try {
            deadline = deadlines.arm(Math.max(0, waitMillis), why -> done.completeExceptionally(new NotRememberedInTime(
                    why == CallDeadlines.Why.STOPPED ? "the icsoc component stopped"
                            : "the placements store did not answer within the call's deadline (" + waitMillis + " ms left)")));
        } catch (IllegalStateException e) {
            done.completeExceptionally(e);
            return done;
        }
        try {
            writers.execute(() -> {
                try {
                    store.remember(placement);
                    done.complete(null);
                } catch (RuntimeException | Error e) {
                    done.completeExceptionally(e);
                } finally {
                    deadline.disarm();
                }
            });
        } catch (RejectedExecutionException e) {
            deadline.disarm();
            done.completeExceptionally(new NotRememberedInTime(
                    "the placements store is not keeping up: " + e.getMessage()));
        }
        return done;
    }

    /** The placement was not written by the call's deadline, or could not be queued. */
    static final class NotRememberedInTime extends RuntimeException {
        NotRememberedInTime(String message) {
            super(message, null, false, false);
        }
    }
}

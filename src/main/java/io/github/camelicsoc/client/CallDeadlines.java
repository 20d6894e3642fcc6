package io.github.camelicsoc.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends call placements that have no complete answer by their deadline. One sweeper thread checks the calls in
 * flight ten times a second, so that arming and disarming a deadline costs a set insertion and removal rather than a
 * timer task and a thread wake-up per call.
 */
public final class CallDeadlines implements AutoCloseable {

    static final long SWEEP_MILLIS = 100;

    private final Set<Deadline> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper;

    public CallDeadlines() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "Camel icsoc call deadlines");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A deadline that runs its expiry once, unless it is disarmed first. */
    public final class Deadline {
        private final long dueNanos;
        private final Runnable expiry;

        private Deadline(long dueNanos, Runnable expiry) {
            this.dueNanos = dueNanos;
            this.expiry = expiry;
        }

        public void disarm() {
            pending.remove(this);
        }
    }

    /**
     * Runs {@code expiry} once {@code millis} have passed (give or take a sweep), unless disarmed first.
     *
     * @throws IllegalStateException when closed
     */
    public Deadline arm(long millis, Runnable expiry) {
        if (sweeper.isShutdown()) {
            throw new IllegalStateException("the call deadlines are closed");
        }
        Deadline deadline = new Deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis), expiry);
        pending.add(deadline);
        return deadline;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Deadline d : pending) {
            if (now - d.dueNanos >= 0 && pending.remove(d)) {
                try {
                    d.expiry.run();
                } catch (RuntimeException e) {
                    // an expiry only completes a future; nothing here may stop the sweeps
                }
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        // whatever is still in flight is ended now rather than never
        for (Deadline d : pending) {
            if (pending.remove(d)) {
                d.expiry.run();
            }
        }
    }
}

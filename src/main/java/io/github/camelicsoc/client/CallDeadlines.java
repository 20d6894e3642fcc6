package io.github.camelicsoc.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Ends call placements that have no complete answer by their deadline. Each deadline is one task on a scheduled pool
 * that Camel's ExecutorServiceManager owns (named, shut down with the context); the pool's thread only wakes when a
 * deadline is due, and a disarmed deadline is removed from the pool's queue at once.
 */
public final class CallDeadlines implements AutoCloseable {

    /** Why a deadline ran its expiry. */
    public enum Why {
        /** The deadline passed. */
        DUE,
        /** The deadlines were closed (the component stopped) before the deadline passed. */
        STOPPED
    }

    /** What to do when a deadline ends a call placement. */
    @FunctionalInterface
    public interface Expiry {
        void expire(Why why);
    }

    private final Set<Deadline> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;

    /**
     * @param scheduler where deadlines wait; its owner shuts it down after {@link #close()}
     */
    public CallDeadlines(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        if (scheduler instanceof ScheduledThreadPoolExecutor pool) {
            // a disarmed deadline leaves the queue now rather than when it would have been due
            pool.setRemoveOnCancelPolicy(true);
        }
    }

    /** A deadline that runs its expiry once, unless it is disarmed first. */
    public final class Deadline implements Runnable {
        private final Expiry expiry;
        private volatile Future<?> task;

        private Deadline(Expiry expiry) {
            this.expiry = expiry;
        }

        public void disarm() {
            if (pending.remove(this)) {
                Future<?> t = task;
                if (t != null) {
                    t.cancel(false);
                }
            }
        }

        @Override
        public void run() {
            end(Why.DUE);
        }

        private void end(Why why) {
            if (pending.remove(this)) {
                try {
                    expiry.expire(why);
                } catch (RuntimeException e) {
                    // an expiry only completes a future; nothing here may stop the other deadlines
                }
            }
        }
    }

    /**
     * Runs {@code expiry} once {@code millis} have passed, unless disarmed first; or at {@link #close()}.
     *
     * @throws IllegalStateException when closed
     */
    public Deadline arm(long millis, Expiry expiry) {
        if (closed) {
            throw new IllegalStateException("the call deadlines are closed (the icsoc component is stopped)");
        }
        Deadline deadline = new Deadline(expiry);
        pending.add(deadline);
        try {
            deadline.task = scheduler.schedule(deadline, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.remove(deadline);
            throw new IllegalStateException("the call deadlines are closed (the icsoc component is stopped)", e);
        }
        return deadline;
    }

    /** Refuses new deadlines and ends whatever is still in flight now rather than never. */
    @Override
    public void close() {
        closed = true;
        for (Deadline d : pending) {
            Future<?> t = d.task;
            if (t != null) {
                t.cancel(false);
            }
            d.end(Why.STOPPED);
        }
    }
}

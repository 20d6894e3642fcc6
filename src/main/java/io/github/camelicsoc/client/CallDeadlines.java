package io.github.camelicsoc.client;

import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ends call placements that have no complete answer by their deadline. Deadlines wait in one sorted set; a single
 * sweep, scheduled on a pool that Camel's ExecutorServiceManager owns (named, shut down with the context), runs when
 * the earliest of them is due. Arming a deadline later than the next sweep and disarming one touch only the set, so
 * a call placed and answered wakes no thread: the pool's thread runs about once per deadline length, not per call.
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

    private final ConcurrentSkipListSet<Deadline> pending = new ConcurrentSkipListSet<>();
    private final AtomicLong armed = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;
    // the next sweep: when (System.nanoTime()), and which; guarded by this
    private volatile long sweepAt = Long.MAX_VALUE;
    private Future<?> sweep;
    private long sweepNumber;

    /**
     * @param scheduler where the sweep waits; its owner shuts it down after {@link #close()}
     */
    public CallDeadlines(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        if (scheduler instanceof ScheduledThreadPoolExecutor pool) {
            // a sweep moved earlier leaves the queue now rather than when it would have been due
            pool.setRemoveOnCancelPolicy(true);
        }
    }

    /** A deadline that runs its expiry once, unless it is disarmed first. */
    public final class Deadline implements Comparable<Deadline> {
        private final Expiry expiry;
        private final long due;
        private final long number;

        private Deadline(Expiry expiry, long due, long number) {
            this.expiry = expiry;
            this.due = due;
            this.number = number;
        }

        public void disarm() {
            pending.remove(this);
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

        @Override
        public int compareTo(Deadline other) {
            int byTime = Long.compare(due - other.due, 0);
            return byTime != 0 ? byTime : Long.compare(number, other.number);
        }
    }

    /**
     * Runs {@code expiry} once {@code millis} have passed, unless disarmed first; or at {@link #close()}.
     *
     * @throws IllegalStateException when closed
     */
    public Deadline arm(long millis, Expiry expiry) {
        if (closed) {
            throw stopped(null);
        }
        Deadline deadline = new Deadline(expiry, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis),
                armed.incrementAndGet());
        pending.add(deadline);
        if (deadline.due - sweepAt < 0) {
            try {
                sweepBy(deadline.due);
            } catch (RejectedExecutionException e) {
                pending.remove(deadline);
                throw stopped(e);
            }
        }
        return deadline;
    }

    private static IllegalStateException stopped(Exception cause) {
        return new IllegalStateException("the call deadlines are closed (the icsoc component is stopped)", cause);
    }

    /** Makes sure a sweep runs no later than {@code due}. */
    private synchronized void sweepBy(long due) {
        if (due - sweepAt >= 0) {
            return;
        }
        if (sweep != null) {
            sweep.cancel(false);
        }
        long number = ++sweepNumber;
        sweepAt = due;
        sweep = scheduler.schedule(() -> sweep(number), Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void sweep(long number) {
        long now = System.nanoTime();
        for (Deadline first; (first = firstOrNull()) != null && first.due - now <= 0; ) {
            first.end(Why.DUE);
        }
        synchronized (this) {
            if (number == sweepNumber) {
                sweepAt = Long.MAX_VALUE;
                sweep = null;
            }
            Deadline next = firstOrNull();
            if (next != null && !closed) {
                try {
                    sweepBy(next.due);
                } catch (RejectedExecutionException e) {
                    // the pool is shutting down: close() ends what is left
                }
            }
        }
    }

    private Deadline firstOrNull() {
        try {
            return pending.first();
        } catch (NoSuchElementException e) {
            // disarmed meanwhile
            return null;
        }
    }

    /** Refuses new deadlines and ends whatever is still in flight now rather than never. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (sweep != null) {
                sweep.cancel(false);
                sweep = null;
            }
        }
        for (Deadline d; (d = firstOrNull()) != null; ) {
            d.end(Why.STOPPED);
        }
    }
}

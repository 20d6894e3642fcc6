package io.github.camelicsoc.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.management.OperatingSystemMXBean;

/**
 * {@code concurrency} callers, each placing its next call as soon as its last one returned, for a fixed time: a closed
 * loop, so the concurrency is exact and the same for every contender. Every call's latency is kept.
 */
final class ClosedLoop {

    /** One contender at one concurrency for one stretch of time. */
    record Cell(String contender, int concurrency, int round, long calls, long errors, double seconds,
                long[] latencies, String firstError, long cpuNanos) {

        double callsPerSecond() {
            return calls / seconds;
        }

        /** This JVM's CPU time per call: what the contender costs, whatever else the machine is doing. */
        double cpuMicrosPerCall() {
            return cpuNanos / 1e3 / (calls + errors);
        }
    }

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ClosedLoop() {
    }

    static Cell run(CallContender contender, int concurrency, Duration length, int round) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        long[] errors = new long[concurrency];
        AtomicReference<String> firstError = new AtomicReference<>();
        long[] window = new long[2];
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            int me = i;
            Thread caller = new Thread(() -> {
                long[] mine = new long[4096];
                int n = 0;
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = window[0] + length.toNanos();
                for (long start = System.nanoTime(); start < end; start = System.nanoTime()) {
                    try {
                        contender.call();
                    } catch (Exception e) {
                        errors[me]++;
                        firstError.compareAndSet(null, e.toString());
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = System.nanoTime() - start;
                }
                latencies[me] = mine;
                counts[me] = n;
            }, "bench-caller-" + i);
            callers.add(caller);
            caller.start();
        }
        ready.await();
        long cpuBefore = OS.getProcessCpuTime();
        window[0] = System.nanoTime();
        go.countDown();
        for (Thread caller : callers) {
            caller.join();
        }
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        long cpu = OS.getProcessCpuTime() - cpuBefore;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        long failed = 0;
        for (int i = 0; i < concurrency; i++) {
            System.arraycopy(latencies[i], 0, all, at, counts[i]);
            at += counts[i];
            failed += errors[i];
        }
        return new Cell(contender.key(), concurrency, round, total - failed, failed, seconds, all, firstError.get(),
                cpu);
    }
}

package io.github.camelicsoc.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallDeadlinesTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void anArmedDeadlineExpiresOnceAndADisarmedOneNever() throws Exception {
        try (CallDeadlines deadlines = new CallDeadlines(scheduler)) {
            CountDownLatch expired = new CountDownLatch(1);
            AtomicInteger runs = new AtomicInteger();
            AtomicInteger disarmedRuns = new AtomicInteger();
            long start = System.nanoTime();
            deadlines.arm(200, why -> {
                runs.incrementAndGet();
                expired.countDown();
            });
            deadlines.arm(200, why -> disarmedRuns.incrementAndGet()).disarm();

            assertTrue(expired.await(5, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200), "not before its time");
            Thread.sleep(300);
            assertEquals(1, runs.get());
            assertEquals(0, disarmedRuns.get());
        }
    }

    @Test
    void closingEndsWhatIsStillInFlightAndRefusesNewDeadlines() {
        AtomicInteger runs = new AtomicInteger();
        List<CallDeadlines.Why> whys = new CopyOnWriteArrayList<>();
        CallDeadlines deadlines = new CallDeadlines(scheduler);
        deadlines.arm(60_000, why -> {
            runs.incrementAndGet();
            whys.add(why);
        });

        deadlines.close();

        assertEquals(1, runs.get());
        assertEquals(List.of(CallDeadlines.Why.STOPPED), whys, "an ended call says the component stopped");
        assertThrows(IllegalStateException.class, () -> deadlines.arm(1, why -> runs.incrementAndGet()));
    }

    @Test
    void deadlinesOfDifferentLengthsExpireInTheirOrderEachOnce() throws Exception {
        try (CallDeadlines deadlines = new CallDeadlines(scheduler)) {
            List<String> expired = new CopyOnWriteArrayList<>();
            CountDownLatch all = new CountDownLatch(3);
            deadlines.arm(600, why -> {
                expired.add("600 ms");
                all.countDown();
            });
            deadlines.arm(300, why -> {
                expired.add("300 ms");
                all.countDown();
            });
            deadlines.arm(50, why -> {
                expired.add("50 ms");
                all.countDown();
            });

            assertTrue(all.await(5, TimeUnit.SECONDS));
            Thread.sleep(100);
            assertEquals(List.of("50 ms", "300 ms", "600 ms"), expired);
        }
    }

    @Test
    void disarmedDeadlinesLeaveNoTaskPerCallInTheSchedulersQueue() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
        try {
            CallDeadlines deadlines = new CallDeadlines(pool);
            for (int i = 0; i < 1000; i++) {
                deadlines.arm(60_000, why -> {
                }).disarm();
            }

            assertTrue(pool.getQueue().size() <= 1, "at most the one sweep waits in the queue, not a task per call");
        } finally {
            pool.shutdownNow();
        }
    }
}

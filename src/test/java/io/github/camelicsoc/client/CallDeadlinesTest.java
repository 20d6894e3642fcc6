package io.github.camelicsoc.client;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallDeadlinesTest {

    @Test
    void anArmedDeadlineExpiresOnceAndADisarmedOneNever() throws Exception {
        try (CallDeadlines deadlines = new CallDeadlines()) {
            CountDownLatch expired = new CountDownLatch(1);
            AtomicInteger runs = new AtomicInteger();
            AtomicInteger disarmedRuns = new AtomicInteger();
            long start = System.nanoTime();
            deadlines.arm(200, () -> {
                runs.incrementAndGet();
                expired.countDown();
            });
            deadlines.arm(200, disarmedRuns::incrementAndGet).disarm();

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
        CallDeadlines deadlines = new CallDeadlines();
        deadlines.arm(60_000, runs::incrementAndGet);

        deadlines.close();

        assertEquals(1, runs.get());
        assertThrows(IllegalStateException.class, () -> deadlines.arm(1, runs::incrementAndGet));
    }
}

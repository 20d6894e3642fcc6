package io.github.camelicsoc;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bounded waits for the tests: every wait on a route, a simulator or a child process ends by itself.
 */
public final class Await {

    private static final long POLL_MILLIS = 20;

    /** Something to wait for; may throw, as a database query does. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** What a failed wait reports, computed when it fails so that it shows the state at that moment. */
    @FunctionalInterface
    public interface Description {
        String text() throws Exception;
    }

    private Await() {
    }

    /** Waits up to {@code seconds} for {@code condition}; false when it did not come true. */
    public static boolean within(int seconds, Condition condition) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /** Waits up to {@code seconds} for {@code condition}, failing with {@code what} when it does not come true. */
    public static void until(String what, int seconds, Condition condition) throws Exception {
        until(() -> "timed out after " + seconds + " s waiting for: " + what, seconds, condition);
    }

    /** Waits up to {@code seconds} for {@code condition}, failing with the description of the state it ended in. */
    public static void until(Description failure, int seconds, Condition condition) throws Exception {
        if (!within(seconds, condition)) {
            fail(failure.text());
        }
    }
}

package dev.mailfs.it;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting for what a mount, a server or a process does in its own time: asks again every 100 ms
 * (or as {@link #every} says) until the answer is there or the time is up.
 *
 * <pre>
 * Poll.within(Duration.ofSeconds(5)).until("the new message shows", () -&gt; emlCount(LIVE) == 2);
 * Shell.Result again = Poll.within(Duration.ofSeconds(15)).latest(() -&gt; Shell.run(mount, GREP), r -&gt; r.exitCode() == 0);
 * </pre>
 *
 * A condition or attempt may throw; what it throws fails the test at once.
 */
final class Poll {
    /** A condition that may throw, as asking a server does. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** An attempt that may throw. */
    @FunctionalInterface
    interface Attempt<T> {
        T get() throws Exception;
    }

    private final Duration limit;
    private final Duration interval;

    private Poll(Duration limit, Duration interval) {
        this.limit = limit;
        this.interval = interval;
    }

    static Poll within(Duration limit) {
        return new Poll(limit, Duration.ofMillis(100));
    }

    /** Asks this often instead: more often where a moment must not be missed, less where asking costs. */
    Poll every(Duration newInterval) {
        return new Poll(limit, newInterval);
    }

    /** Returns once {@code condition} holds; fails saying what was awaited when it does not in time. */
    void until(String what, Condition condition) {
        until(() -> what, condition);
    }

    /** Like {@link #until(String, Condition)}, with what was awaited (and what was seen) told only when it failed. */
    void until(Supplier<String> what, Condition condition) {
        if (!latest(condition::holds, Boolean::booleanValue)) {
            throw new AssertionError("not within " + limit.toSeconds() + " s: " + what.get());
        }
    }

    /**
     * Attempts until {@code good} accepts the result, and returns the last result, good or not, for
     * the test to assert on what it shows.
     */
    <T> T latest(Attempt<T> attempt, Predicate<? super T> good) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T result = attempted(attempt);
            if (good.test(result) || System.nanoTime() - deadline >= 0) {
                return result;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }

    private static <T> T attempted(Attempt<T> attempt) {
        try {
            return attempt.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

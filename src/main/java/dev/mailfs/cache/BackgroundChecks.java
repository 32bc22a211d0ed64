package dev.mailfs.cache;

import dev.mailfs.errors.MailfsException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Checks with the server of something held (a listing, the folder list), each on a thread of its
 * own: whoever asked waits a little for the answer, then takes what is held while the check goes on
 * (stale-while-revalidate). A server that hangs then holds up no look at what is held. One check
 * per key at a time; a look that finds one under way takes what is held at once.
 */
final class BackgroundChecks<K, V> implements AutoCloseable {
    private final Duration wait;
    private final ExecutorService threads;
    private final Map<K, CompletableFuture<V>> underWay = new ConcurrentHashMap<>();

    BackgroundChecks(String threadName, int threads, Duration wait) {
        this.wait = wait;
        this.threads = DaemonThreads.pool(threadName, threads);
    }

    /**
     * What {@code check} answers, if it does within the wait; else {@code held}. The check is
     * expected to keep what it learns where later looks find it.
     */
    V answerSoon(K key, V held, Supplier<V> check) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        if (underWay.putIfAbsent(key, mine) != null) {
            return held;
        }
        try {
            threads.execute(() -> {
                try {
                    V answer = check.get();
                    underWay.remove(key, mine); // before the answer: a look after it starts a check of its own
                    mine.complete(answer);
                } catch (Throwable e) {
                    underWay.remove(key, mine);
                    mine.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException closed) {
            underWay.remove(key, mine);
            return held;
        }
        try {
            return mine.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillChecking) {
            return held;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailfsException.Interrupted("waiting for the server to check " + key);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new CompletionException(e.getCause());
        }
    }

    /** Stops the checks under way; what they would have brought is asked for at the next look. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}

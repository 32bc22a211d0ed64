package dev.mailfs.cache;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The cache's thread pools: each belongs to one cache, which shuts it down when it is closed. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    /**
     * Up to {@code threads} threads named {@code name}, with an unbounded queue. Daemons, so that
     * they never hold the JVM up; an idle one ends after a while, so that a cache dropped without
     * being closed (a test's) does not keep its threads.
     */
    static ExecutorService pool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}

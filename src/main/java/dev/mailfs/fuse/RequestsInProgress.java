package dev.mailfs.fuse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests being answered, by the kernel's number for each (its {@code unique}), so that a
 * FUSE_INTERRUPT reaches the thread answering the request it names. The kernel sends one when the
 * process waiting for the answer gets a signal (Ctrl-C), and that process stays stuck until the
 * request is answered: the thread is interrupted, which closes a connection it reads from
 * (sockets are channels, see {@code AngusProperties}) and ends the waits mailfs makes
 * interruptible, and the request is answered EINTR ({@link ErrnoTable}).
 */
final class RequestsInProgress {
    private final Map<Long, Thread> threads = new ConcurrentHashMap<>();

    /** The current thread answers request {@code unique}. */
    void started(long unique) {
        threads.put(unique, Thread.currentThread());
    }

    /** The current thread has answered request {@code unique}: an interrupt that came for it meanwhile goes no further. */
    void finished(long unique) {
        threads.remove(unique);
        Thread.interrupted();
    }

    /** Interrupts the thread answering request {@code unique}; nothing when it was answered already. */
    void interrupt(long unique) {
        // Atomic with remove(unique) in finished: once that returns, the thread is not interrupted for it.
        threads.computeIfPresent(unique, (request, thread) -> {
            thread.interrupt();
            return thread;
        });
    }
}

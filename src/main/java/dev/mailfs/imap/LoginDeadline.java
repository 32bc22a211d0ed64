package dev.mailfs.imap;

import jakarta.mail.MessagingException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds a login as a whole: the TCP connect, the TLS handshake, the greeting and LOGIN together.
 * Angus waits for each answer up to the read timeout (a minute by default), so a server that takes
 * connections and then says nothing (a hung server, a captive portal) would hold up a mount, or an
 * operation that reconnects, for that long at each step. When the time is up the login's thread is
 * interrupted, which closes its connection: the store's sockets are channels
 * ({@link AngusProperties}).
 */
final class LoginDeadline implements AutoCloseable {
    /** What is timed. */
    interface Login {
        void run() throws MessagingException;
    }

    /** The login took longer than it may: nothing went wrong but the time. */
    static final class TooLong extends Exception {
        TooLong(Throwable cause) {
            super(cause);
        }
    }

    private final ScheduledExecutorService alarms = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "mailfs-login-deadline");
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code login}, interrupting it after {@code limit}. */
    void within(Duration limit, Login login) throws MessagingException, TooLong {
        Alarm alarm = new Alarm(Thread.currentThread());
        ScheduledFuture<?> scheduled = alarms.schedule(alarm::ring, Math.max(1, limit.toNanos()), TimeUnit.NANOSECONDS);
        try {
            login.run();
        } catch (MessagingException | RuntimeException e) {
            if (alarm.stop()) {
                throw new TooLong(e);
            }
            throw e;
        } finally {
            scheduled.cancel(false);
            if (alarm.stop()) {
                Thread.interrupted(); // ours, not the caller's: the interrupt that ended the login is spent
            }
        }
    }

    @Override
    public void close() {
        alarms.shutdownNow();
    }

    /** Interrupts its thread once, unless stopped first; says whether it did. */
    private static final class Alarm {
        private final Thread thread;
        private boolean stopped;
        private boolean rang;

        Alarm(Thread thread) {
            this.thread = thread;
        }

        synchronized void ring() {
            if (!stopped) {
                rang = true;
                thread.interrupt();
            }
        }

        /** No ringing from now on; whether it rang. */
        synchronized boolean stop() {
            stopped = true;
            return rang;
        }
    }
}

package dev.mailfs.imap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.ServerTraits;
import dev.mailfs.testing.InMemoryMailSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Going online by itself: with back-off while the server stays away, at once when it takes connections again. */
class OfflineUntilConnectedTest {
    private static final Duration FIRST_WAIT = Duration.ofMillis(200);
    private static final Duration PROBE_EVERY = Duration.ofMillis(20);

    private final AtomicBoolean up = new AtomicBoolean();
    private final AtomicInteger attempts = new AtomicInteger();
    private final Supplier<MailSource> connect = () -> {
        attempts.incrementAndGet();
        if (!up.get()) {
            throw new MailfsException.Unavailable("no route", null);
        }
        return new InMemoryMailSource();
    };

    private OfflineUntilConnected offline(java.util.function.BooleanSupplier takesConnections) {
        return new OfflineUntilConnected(connect, takesConnections, new ServerTraits(false, ""), "no route", FIRST_WAIT, PROBE_EVERY);
    }

    @Test
    void aServerThatTakesConnectionsAgainIsLoggedInToAtOnceNotAfterTheBackOff() throws Exception {
        OfflineUntilConnected mail = offline(up::get);
        try {
            Thread.sleep(1600); // attempts at 0.2, 0.6 and 1.4 s; the next one is due at 3.0 s
            assertFalse(mail.isOnline());
            up.set(true);
            long start = System.nanoTime();
            while (!mail.isOnline() && System.nanoTime() - start < Duration.ofSeconds(3).toNanos()) {
                Thread.sleep(10);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(mail.isOnline() && took.compareTo(Duration.ofMillis(500)) < 0, "online after " + took);
        } finally {
            mail.close();
        }
    }

    @Test
    void aServerThatTakesConnectionsButDoesNotLogInIsTriedOnlyAsTheBackOffSays() throws Exception {
        OfflineUntilConnected mail = offline(() -> true);
        try {
            Thread.sleep(1000);
            assertTrue(attempts.get() <= 2, attempts.get() + " attempts in a second");
        } finally {
            mail.close();
        }
    }
}

package dev.mailfs.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.Quota;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The mailbox's quota, asked for at most once a minute and in the background ({@link
 * BackgroundChecks}): df and file managers ask for it often (statfs), and a server that hangs must
 * not hold them up. Until the server first answers there is none.
 */
final class HeldQuota implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HeldQuota.class.getName());
    static final Duration LIFETIME = Duration.ofSeconds(60);

    private record Held(Optional<Quota> quota, long askedAt) {
    }

    private final MailSource server;
    private final Ticker ticker;
    private final BackgroundChecks<Boolean, Optional<Quota>> checks = new BackgroundChecks<>("mailfs-quota", 1, ListingCache.CHECK_WAIT);
    private volatile Held held;

    HeldQuota(MailSource server, Ticker ticker) {
        this.server = server;
        this.ticker = ticker;
    }

    Optional<Quota> get() {
        Held now = held;
        if (now != null && ticker.read() - now.askedAt() < LIFETIME.toNanos()) {
            return now.quota();
        }
        Optional<Quota> known = now == null ? Optional.empty() : now.quota();
        return checks.answerSoon(Boolean.TRUE, known, () -> ask(known));
    }

    private Optional<Quota> ask(Optional<Quota> known) {
        Optional<Quota> quota = known;
        try {
            quota = server.quota();
        } catch (MailfsException e) {
            LOG.fine(() -> "the quota: " + e.getMessage());
        }
        held = new Held(quota, ticker.read());
        return quota;
    }

    @Override
    public void close() {
        checks.close();
    }
}

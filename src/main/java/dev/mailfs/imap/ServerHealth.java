package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Whether the server answers. Once it did not (no answer within the timeout, or no connection to be
 * had), what needs it fails at once for a while instead of each operation waiting out a timeout of
 * its own; the first operation after that while tries the server again. The while doubles, up to a
 * minute, for as long as the server stays away. One log line when it goes away, one when it is back.
 */
final class ServerHealth {
    private static final Logger LOG = Logger.getLogger(ServerHealth.class.getName());
    static final Duration FIRST_WAIT = Duration.ofSeconds(2);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    private final String server;
    private final LongSupplier nanoClock;
    private Duration wait = Duration.ZERO;
    private long tryAgainAt;
    private String reason;

    ServerHealth(String server, LongSupplier nanoClock) {
        this.server = server;
        this.nanoClock = nanoClock;
    }

    /** Throws, without a word to the server, while it is taken to be away. */
    synchronized void checkAnswering(String what) {
        if (!wait.isZero() && nanoClock.getAsLong() - tryAgainAt < 0) {
            long seconds = Math.max(1, Duration.ofNanos(tryAgainAt - nanoClock.getAsLong()).toSeconds());
            throw new MailfsException.Unavailable(server + " is not answering (" + reason + "), so " + what
                    + " fails at once; it is tried again in " + seconds + " s", null);
        }
    }

    /** The server did not answer, or could not be reached: it is taken to be away for a while. */
    synchronized void notAnswering(String why) {
        holdOff(why, server + " is not answering (" + why + ")");
    }

    /**
     * The server asked us to slow down or refused us for a limit of the account ([THROTTLED],
     * [OVERQUOTA], too many connections): it is left alone for a while, as if it were away.
     */
    synchronized void limited(String said) {
        holdOff(said, server + " limits this account (" + said + ")");
    }

    private void holdOff(String why, String whatHappened) {
        boolean wasAnswering = wait.isZero();
        wait = wasAnswering ? FIRST_WAIT : longerWait(wait);
        tryAgainAt = nanoClock.getAsLong() + wait.toNanos();
        reason = why;
        if (wasAnswering) {
            LOG.warning(whatHappened + "; what needs it fails at once, and it is tried again in "
                    + wait.toSeconds() + " s, then less and less often");
        }
    }

    /** The server answered. */
    synchronized void answered() {
        if (!wait.isZero()) {
            LOG.info(server + " answers again");
            wait = Duration.ZERO;
        }
    }

    /** The wait after {@code wait}, while the server stays away: twice as long, up to {@link #LONGEST_WAIT}. */
    static Duration longerWait(Duration wait) {
        Duration doubled = wait.multipliedBy(2);
        return doubled.compareTo(LONGEST_WAIT) <= 0 ? doubled : LONGEST_WAIT;
    }
}

package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Whether the server answers. Once it did not (no answer within the timeout, or no connection to be
 * had), what needs it fails at once for a while instead of each operation waiting out a timeout of
 * its own; the first operation after that while tries the server again. The while doubles, up to a
 * minute, for as long as the server stays away; a probe in the background ends it as soon as the
 * server answers ({@link ImapConnection}). One log line when it goes away, one when it is back.
 */
final class ServerHealth {
    private static final Logger LOG = Logger.getLogger(ServerHealth.class.getName());
    static final Duration FIRST_WAIT = Duration.ofSeconds(2);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    /** How long mailfs does not log in after a server ended its sessions right after login, at first and at most. */
    static final Duration FIRST_LOGIN_WAIT = Duration.ofMinutes(2);
    static final Duration LONGEST_LOGIN_WAIT = Duration.ofMinutes(30);

    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(16);

    private final String server;
    private final LongSupplier nanoClock;

    // Guarded by this:
    /** How long each command waits before it is sent, for throttling; zero when there is none. */
    private Duration pause = Duration.ZERO;
    /** How long the server is left alone since it last did not answer; zero while it answers. */
    private Duration wait = Duration.ZERO;
    private long tryAgainAt;
    private String whatHappened;
    /** Whether it is away because it said it limits the account: then nothing asks it before the while is over. */
    private boolean limitedAccount;
    /** Whether it ends each session right after login: then nothing logs in before the while is over. */
    private boolean endsSessions;
    /** When it went away, as the clock on the wall says: for .mailfs/status. */
    private LocalTime awaySince;
    /** When it last answered, by {@link #nanoClock}; meaningful once {@link #hasAnswered}. */
    private long lastAnswer;
    private boolean hasAnswered;

    ServerHealth(String server, LongSupplier nanoClock) {
        this.server = server;
        this.nanoClock = nanoClock;
    }

    /** Throws, without a word to the server, while it is taken to be away. */
    synchronized void checkAnswering(String what) {
        if (!wait.isZero() && nanoClock.getAsLong() - tryAgainAt < 0) {
            long seconds = Math.max(1, Duration.ofNanos(tryAgainAt - nanoClock.getAsLong()).toSeconds());
            throw new MailfsException.HeldOff(whatHappened + ", so " + what
                    + " fails at once; it is tried again in " + seconds + " s");
        }
    }

    /** The server did not answer, or could not be reached: it is taken to be away for a while. */
    synchronized void notAnswering(String why) {
        holdOff(server + " is not answering (" + why + ")");
        limitedAccount = false;
    }

    /** Whether the server is taken to be away because it did not answer, so that a probe may find it back. */
    synchronized boolean isAwayToProbe() {
        return !wait.isZero() && !limitedAccount;
    }

    /**
     * An operation begun at {@code startedAt} (by the clock given) got no answer. If the server
     * answered another since, that timeout says nothing new (a check that hung while the network
     * was away, ending after it came back) and the server is not taken to be away.
     */
    synchronized void notAnswering(String why, long startedAt) {
        if (hasAnswered && lastAnswer - startedAt > 0) {
            return;
        }
        notAnswering(why);
    }

    /**
     * The server refused a command because it throttles the account or the account is over its
     * bandwidth ({@link ImapErrors#asksToWait}): it is left alone for a while, as if it were away.
     */
    synchronized void limited(String said) {
        holdOff(server + " limits this account (" + said + ")" + (ImapErrors.isOverBandwidth(said)
                ? ": Gmail allows IMAP about 2,500 MB of downloads a day, and blocks every mail program of the account for up to a day beyond it"
                : ""));
        limitedAccount = true;
    }

    /**
     * The server ended a session right after mailfs logged in (Gmail's "* BYE Session expired,
     * please login again" when it blocks an account): logging in again at once would only repeat
     * it, and logging in again and again is how an account gets locked. No login, and nothing asks
     * the server, for {@link #FIRST_LOGIN_WAIT}, twice as long each time it happens again, up to
     * {@link #LONGEST_LOGIN_WAIT}; one log line.
     */
    synchronized void endsSessionsAfterLogin(String said) {
        boolean first = !endsSessions;
        if (wait.isZero()) {
            awaySince = LocalTime.now().truncatedTo(ChronoUnit.SECONDS);
        }
        wait = wait.compareTo(FIRST_LOGIN_WAIT) < 0 ? FIRST_LOGIN_WAIT : doubled(wait, LONGEST_LOGIN_WAIT);
        tryAgainAt = nanoClock.getAsLong() + wait.toNanos();
        whatHappened = server + " ends each session right after login (" + said.strip() + ")";
        limitedAccount = true;
        endsSessions = true;
        if (first) {
            LOG.warning(whatHappened + "; mailfs does not log in again for " + wait.toMinutes() + " minutes, then less and less"
                    + " often while it goes on (logging in again and again is how Gmail comes to lock an account);"
                    + " what needs the server fails at once meanwhile");
        }
    }

    /** Throws, without logging in, while the server is taken to end each session right after login. */
    synchronized void checkMayLogIn() {
        if (endsSessions) {
            checkAnswering("logging in");
        }
    }

    private void holdOff(String whatHappened) {
        boolean wasAnswering = wait.isZero();
        if (wasAnswering) {
            awaySince = LocalTime.now().truncatedTo(ChronoUnit.SECONDS);
        }
        wait = wasAnswering ? FIRST_WAIT : longerWait(wait);
        tryAgainAt = nanoClock.getAsLong() + wait.toNanos();
        this.whatHappened = whatHappened;
        if (wasAnswering) {
            LOG.warning(whatHappened + "; what needs it fails at once, and it is tried again in "
                    + wait.toSeconds() + " s, then less and less often");
        }
    }

    /** "online", or since when and why the server is taken to be away: for .mailfs/status. */
    synchronized String state() {
        return wait.isZero() ? "online" : "not answering since " + awaySince + " (" + whatHappened + ")";
    }

    /** The server answered. */
    synchronized void answered() {
        lastAnswer = nanoClock.getAsLong();
        hasAnswered = true;
        if (!wait.isZero()) {
            LOG.info(server + " answers again");
            wait = Duration.ZERO;
        }
        endsSessions = false;
    }

    /**
     * The server answered but said it throttles this account (Gmail's "OK Success [THROTTLED]"):
     * each command waits a while before it is sent, 1 s and twice as long at each throttled answer,
     * up to {@link #LONGEST_PAUSE}, until an answer comes without it.
     */
    synchronized void throttled(String said) {
        boolean first = pause.isZero();
        pause = first ? FIRST_PAUSE : doubled(pause, LONGEST_PAUSE);
        if (first) {
            LOG.warning(server + " throttles this account (" + said.strip() + "); mailfs waits before each command, "
                    + pause.toSeconds() + " s and longer while it goes on");
        }
    }

    /** An answer without [THROTTLED]: commands go at full speed again. */
    synchronized void notThrottled() {
        if (!pause.isZero()) {
            pause = Duration.ZERO;
            LOG.info(server + " no longer throttles this account");
        }
    }

    /** How long each command waits now, for throttling (zero when there is none). */
    synchronized Duration currentPause() {
        return pause;
    }

    /** Waits as long as throttling asks before a command is sent; at once when there is none. */
    void pace() {
        Duration wait = currentPause();
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The wait after {@code wait}, while the server stays away: twice as long, up to {@link #LONGEST_WAIT}. */
    static Duration longerWait(Duration wait) {
        return doubled(wait, LONGEST_WAIT);
    }

    private static Duration doubled(Duration duration, Duration most) {
        Duration twice = duration.multipliedBy(2);
        return twice.compareTo(most) <= 0 ? twice : most;
    }
}

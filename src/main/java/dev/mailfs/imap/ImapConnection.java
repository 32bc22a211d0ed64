package dev.mailfs.imap;

import dev.mailfs.credentials.Secret;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderWatcher;
import dev.mailfs.mail.WatchedFolder;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * The IMAP account over Angus Mail: one store connection for LIST, a bounded pool of folders opened
 * read-only for fetches, and one reconnect-and-retry when a connection turns out to be broken.
 * Everything that talks to the server goes through {@link #withStore} or {@link #withFolder}, which
 * also keep {@link ServerHealth} up to date.
 */
final class ImapConnection implements AutoCloseable {
    // Under the facade's name, which is how the log has always shown these lines.
    private static final Logger LOG = Logger.getLogger(ImapMailSource.class.getName());
    private static final int ATTEMPTS = 2;
    /**
     * How many connections found dead when taken from the pool a call may meet on top of its
     * attempts: when the network drops every connection, the one in use and those lent to other
     * calls at that moment come back to the pool dead, one after another.
     */
    private static final int FOUND_CLOSED_AGAIN = 2;
    private static final Duration LONGEST_IDLE = Duration.ofMinutes(10);
    static final String GMAIL_EXTENSION = "X-GM-EXT-1";
    private static final String THROTTLED = "[THROTTLED]";
    static final Duration PROBE_EVERY = Duration.ofSeconds(2);

    private final ImapSettings settings;
    private final Secret secret;
    private final Session session;
    private final IMAPStore store;
    /** Where watches open their connections: see {@link AngusProperties#forWatching}. */
    private final IMAPStore watchStore;
    private final boolean gmail;
    private final FolderPool folders;
    private final ServerHealth health;
    private final DownloadBudget downloads;
    private final List<FolderWatch> watches = new CopyOnWriteArrayList<>();
    /** Held while a store logs in; whoever else needs to waits no longer than its own deadline. */
    private final ReentrantLock connecting = new ReentrantLock();
    private final LoginDeadline loginDeadline = new LoginDeadline();
    /** Asks a server taken to be away whether it answers again, every {@link #PROBE_EVERY}. */
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "mailfs-health-probe");
        thread.setDaemon(true);
        return thread;
    });

    /** A call on the store's own connection (LIST, STATUS, CREATE, …). */
    interface StoreCall<T> {
        T call() throws MessagingException;
    }

    /** A call on a folder opened from the pool. */
    interface FolderCall<T> {
        T call(IMAPFolder folder) throws MessagingException;
    }

    private ImapConnection(ImapSettings settings, Secret secret, boolean gmail) {
        this.settings = settings;
        this.secret = secret;
        this.gmail = gmail;
        this.session = Session.getInstance(AngusProperties.of(settings, gmail, secret.isOAuthToken()));
        this.session.setDebugOut(System.err); // stdout carries the one "mounted" line
        try {
            this.store = storeOf(session);
            Session watching = Session.getInstance(AngusProperties.forWatching(settings, gmail, secret.isOAuthToken()));
            watching.setDebugOut(System.err);
            this.watchStore = storeOf(watching);
        } catch (MessagingException e) {
            throw ImapErrors.translate(e, settings.describe());
        }
        this.folders = new FolderPool(store, settings.maxOpenFolders(gmail));
        store.addStoreListener(event -> {
            if (event.getMessageType() == IMAPStore.RESPONSE) {
                hearAnswer(event.getMessage());
            }
        });
        this.health = new ServerHealth(settings.describe(), System::nanoTime);
        long dailyDownloads = settings.dailyDownloads() != ImapSettings.DEFAULT_DAILY_DOWNLOADS ? settings.dailyDownloads()
                : gmail ? DownloadBudget.GMAIL_DEFAULT_BYTES : 0;
        this.downloads = new DownloadBudget(settings.downloadCounts(), dailyDownloads, Instant::now);
        probe.scheduleWithFixedDelay(this::probeIfAway, PROBE_EVERY.toMillis(), PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * While the server is taken to be away (see {@link ServerHealth}), a login if need be and a LIST
     * of INBOX, each within the connect timeout: when they are answered, operations go to the server
     * again at once, instead of failing at once until the back-off (up to a minute) is over.
     */
    private void probeIfAway() {
        if (!health.isAwayToProbe()) {
            return;
        }
        try {
            connect(store, System.nanoTime() + settings.connectTimeout().toNanos());
            loginDeadline.within(settings.connectTimeout(), () -> store.getFolder("INBOX").exists());
            health.answered();
        } catch (MessagingException | LoginDeadline.TooLong | RuntimeException stillAway) {
            LOG.fine(() -> "the server is still away: " + stillAway);
        }
    }

    /**
     * Connects and logs in, so that a wrong password or an unreachable server shows at once. A server
     * that offers Gmail's extension is logged in to again through Angus's gimap provider.
     */
    static ImapConnection open(ImapSettings settings, Secret secret) {
        ImapConnection plain = new ImapConnection(settings, secret, false);
        plain.reconnect();
        if (plain.withStore("its capabilities", () -> plain.store.hasCapability(GMAIL_EXTENSION))) {
            plain.close();
            ImapConnection gmail = new ImapConnection(settings, secret, true);
            gmail.reconnect();
            return gmail;
        }
        return plain;
    }

    ImapSettings settings() {
        return settings;
    }

    /** Gmail: folders are labels of one store of messages, each message known by its X-GM-MSGID. */
    /** Gmail's through {@link LenientGmailStore}, which reads its labels in every form. */
    private IMAPStore storeOf(Session of) throws MessagingException {
        String protocol = AngusProperties.protocol(settings, gmail);
        return gmail ? LenientGmailStore.of(of, protocol) : (IMAPStore) of.getStore(protocol);
    }

    boolean isGmail() {
        return gmail;
    }

    /** What mail this account downloaded lately, and what it may still (see {@link DownloadBudget}). */
    DownloadBudget downloads() {
        return downloads;
    }

    Session session() {
        return session;
    }

    IMAPStore store() {
        return store;
    }

    LinkedHashMap<String, String> statistics() {
        LinkedHashMap<String, String> statistics = new LinkedHashMap<>();
        statistics.put("server", settings.describe());
        statistics.put("state", health.state());
        statistics.put("downloaded", downloads.state());
        statistics.put("connections", folders.describe());
        return statistics;
    }

    /** Closes the open connections to {@code name} and the folders below it (none below when {@code separator} is 0). */
    void discardOpenFolders(String name, char separator) {
        folders.discardTree(name, separator);
    }

    /** IDLE on a connection of its own, renewed at half the read timeout (at most every 10 minutes). */
    WatchedFolder watch(String folder, FolderWatcher watcher) {
        Duration renewEvery = settings.readTimeout().dividedBy(2);
        FolderWatch watch = new FolderWatch(watchStore, folder, watcher,
                renewEvery.compareTo(LONGEST_IDLE) < 0 ? renewEvery : LONGEST_IDLE,
                () -> connect(watchStore, System.nanoTime() + settings.connectTimeout().plus(settings.readTimeout()).toNanos()));
        watches.add(watch);
        watch.start();
        return watch;
    }

    @Override
    public void close() {
        downloads.save();
        probe.shutdownNow();
        loginDeadline.close();
        watches.forEach(FolderWatch::close);
        folders.closeAll();
        for (IMAPStore each : List.of(store, watchStore)) {
            try {
                each.close();
            } catch (MessagingException e) {
                LOG.log(Level.FINE, "closing the store failed", e);
            }
        }
    }

    <T> T withFolder(String folderName, FolderCall<T> call) {
        return withFolder(folderName, false, call);
    }

    <T> T withWritableFolder(String folderName, FolderCall<T> call) {
        return withFolder(folderName, true, call);
    }

    private <T> T withFolder(String folderName, boolean writable, FolderCall<T> call) {
        return withStore(folderName, () -> {
            try (FolderPool.Lease lease = folders.acquire(folderName, writable)) {
                try {
                    return call.call(lease.folder());
                } catch (MessagingException e) {
                    if (ImapErrors.isConnectionLoss(e)) {
                        lease.discard();
                    } else if (!lease.folder().isOpen()) {
                        // Its connection broke while it sat idle in the pool: Angus then runs the command
                        // on the store's connection, where no folder is selected ("BAD No mailbox selected").
                        lease.discard();
                        throw new FoundClosed(lease.folder(), "the connection to " + folderName + " was lost: " + e.getMessage());
                    }
                    throw e;
                }
            }
        });
    }

    /**
     * Every OK, NO, BAD and BYE on any of the store's connections. A refused login of a new
     * connection ("Too many simultaneous connections") lowers the bound: Angus keeps only
     * "connection failure" of it in the exception. A tagged OK tells whether the server throttles us.
     */
    private void hearAnswer(String line) {
        String upper = line.toUpperCase(Locale.ROOT);
        if (ImapErrors.isTooManyConnections(line)) {
            folders.allowFewer(settings.describe());
        } else if (!line.startsWith("* ") && upper.contains(" OK")) {
            if (upper.contains(THROTTLED)) {
                health.throttled(line.substring(line.indexOf(' ') + 1));
            } else {
                health.notThrottled();
            }
        }
    }

    /**
     * Runs {@code call}; a connection lost meanwhile is made again and the call run once more. A
     * server that does not answer within the read timeout is not asked again at once (see
     * {@link ServerHealth}): that would only wait as long again.
     */
    <T> T withStore(String what, StoreCall<T> call) {
        long deadline = System.nanoTime() + settings.readTimeout().toNanos();
        int foundClosed = 0;
        boolean loggedInAgain = false;
        for (int attempt = 1; ; attempt++) {
            health.checkAnswering(what);
            health.pace();
            long started = System.nanoTime();
            try {
                T result = call.call();
                health.answered();
                return result;
            } catch (MessagingException e) {
                giveUpIfInterrupted(what);
                Optional<String> limit = ImapErrors.limit(e);
                if (limit.isPresent() && ImapErrors.isTooManyConnections(limit.get()) && attempt < ATTEMPTS) {
                    continue; // again: the refusal lowered the bound (hearAnswer), so a connection already open serves
                }
                if (limit.isPresent()) {
                    if (ImapErrors.asksToWait(limit.get())) {
                        health.limited(limit.get());
                    }
                    throw ImapErrors.translate(e, what);
                }
                if (ImapErrors.isTimeout(e)) {
                    health.notAnswering("no answer within " + settings.readTimeout().toSeconds() + " s", started);
                    throw new MailfsException.Unavailable(settings.describe() + " did not answer " + what + " within "
                            + settings.readTimeout().toSeconds() + " s", e);
                }
                if (e instanceof FoundClosed && foundClosed < FOUND_CLOSED_AGAIN) {
                    foundClosed++; // not an attempt of its own: it never reached the server
                }
                boolean endedAfterLogin = loggedInAgain && ImapErrors.serverSaidBye(e);
                if (endedAfterLogin) {
                    health.endsSessionsAfterLogin(ImapErrors.reason(e));
                }
                if (!ImapErrors.isConnectionLoss(e) || attempt == ATTEMPTS + foundClosed || endedAfterLogin) {
                    throw ImapErrors.translate(e, what);
                }
                LOG.info("connection to " + settings.describe() + " lost during " + what + " (" + ImapErrors.reason(e) + "); reconnecting");
                reconnectOrGiveUp(what, deadline);
                loggedInAgain = true;
            } catch (IllegalStateException e) {
                giveUpIfInterrupted(what);
                // Angus throws this when the store is not connected at all
                if (attempt == ATTEMPTS) {
                    throw new MailfsException.Unavailable("not connected to " + settings.describe(), e);
                }
                reconnectOrGiveUp(what, deadline);
            }
        }
    }

    /**
     * The process waiting for this gave up (Ctrl-C): the interrupt closed the connection in use,
     * which is no sign of the server's health, and nothing is tried again.
     */
    private static void giveUpIfInterrupted(String what) {
        if (Thread.currentThread().isInterrupted()) {
            throw new MailfsException.Interrupted(what);
        }
    }

    /**
     * Connects again for another attempt, when at least half the timeout is left of the
     * operation's: an operation then fails within 1.5 times the timeout, whatever its retries meet
     * (a connect that succeeds at once to a server that then sends no greeting, say).
     */
    private void reconnectOrGiveUp(String what, long deadline) {
        if (deadline - System.nanoTime() < settings.readTimeout().toNanos() / 2) {
            String why = "no answer within " + settings.readTimeout().toSeconds() + " s";
            health.notAnswering(why, deadline - settings.readTimeout().toNanos());
            throw new MailfsException.Unavailable(settings.describe() + " did not answer " + what + " within "
                    + settings.readTimeout().toSeconds() + " s, reconnecting included", null);
        }
        try {
            connect(store, deadline);
        } catch (MailfsException.Unavailable unreachable) {
            health.notAnswering(unreachable.getMessage());
            throw unreachable;
        }
    }

    /** Logs in if not connected; an expired OAuth2 token is fetched afresh once. */
    void reconnect() {
        connect(store, System.nanoTime() + settings.connectTimeout().plus(settings.readTimeout()).toNanos());
    }

    /** Logs {@code toConnect} in unless it is; waits for another thread doing so no later than {@code deadline}. */
    private void connect(IMAPStore toConnect, long deadline) {
        health.checkMayLogIn();
        try {
            if (!connecting.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new MailfsException.Unavailable("still connecting to " + settings.describe() + " after "
                        + settings.readTimeout().toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailfsException.Interrupted("connecting to " + settings.describe());
        }
        try {
            if (toConnect.isConnected()) {
                return;
            }
            if (toConnect == store) { // its sockets are channels, which an interrupt closes (see LoginDeadline)
                Duration limit = settings.connectTimeout();
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                loginDeadline.within(left.compareTo(limit) < 0 ? left : limit, () -> logIn(toConnect));
            } else {
                logIn(toConnect);
            }
        } catch (MessagingException e) {
            if (ImapErrors.serverSaidBye(e)) {
                health.endsSessionsAfterLogin(ImapErrors.reason(e));
            }
            throw ConnectionFailures.translate(e, settings);
        } catch (LoginDeadline.TooLong e) {
            throw new MailfsException.Unavailable("cannot reach the server: " + settings.host() + ":" + settings.port()
                    + " took the connection but did not finish logging in within " + settings.connectTimeout().toSeconds() + " s", e);
        } finally {
            connecting.unlock();
        }
    }

    /** Connects and logs in; an expired OAuth2 token is fetched afresh once. */
    private void logIn(IMAPStore toConnect) throws MessagingException {
        try {
            toConnect.connect(settings.host(), settings.port(), settings.user(), new String(secret.value()));
        } catch (AuthenticationFailedException rejected) {
            Optional<char[]> renewed = ImapErrors.limit(rejected).isPresent() ? Optional.empty() : secret.renew();
            if (renewed.isEmpty()) {
                throw rejected;
            }
            LOG.info("the server refused the token from " + secret.origin() + "; logging in with a fresh one");
            toConnect.connect(settings.host(), settings.port(), settings.user(), new String(renewed.get()));
        }
    }

    /** A pooled folder whose connection had died while it was idle: the command never reached the server. */
    private static final class FoundClosed extends FolderClosedException {
        FoundClosed(Folder folder, String message) {
            super(folder, message);
        }
    }
}

package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BatchOutcome;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderState;
import dev.mailfs.mail.FolderWatcher;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.Quota;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import dev.mailfs.mail.ServerTraits;
import dev.mailfs.mail.WatchedFolder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The account of a mount made while the server could not be reached, from what the disk store
 * holds. Until it is reached, whatever needs the server fails at once, saying since when mailfs is
 * offline; a thread logs in again after 2 s, twice as long each time up to a minute, and at once
 * when the server, which took no connection, takes one again (it is asked every 2 s, with a bare
 * TCP connect). From then on every call goes to the server (and the folders asked to be watched are
 * watched).
 */
public final class OfflineUntilConnected implements MailSource {
    private static final Logger LOG = Logger.getLogger(OfflineUntilConnected.class.getName());

    /** How often whether the server takes connections is asked while waiting to log in again. */
    static final Duration PROBE_EVERY = Duration.ofSeconds(2);

    private final Supplier<MailSource> connect;
    private final BooleanSupplier takesConnections;
    private final Duration firstWait;
    private final Duration probeEvery;
    private final ServerTraits traits;
    private final String offlineSince;
    private final String why;
    private final Thread connecting;
    /** Folders asked to be watched while offline: watched once online. */
    private final List<PendingWatch> watches = new CopyOnWriteArrayList<>();
    private volatile MailSource online;
    private volatile boolean closed;

    /**
     * @param connect logs in, or throws {@link MailfsException.Unavailable} (tried again) or another
     *     {@link MailfsException} (logged, and tried again at the longest wait)
     * @param takesConnections whether the server takes a TCP connection now (see {@link #takesConnections})
     * @param traits what kind of account the server kept when the disk store was written
     * @param why what went wrong at mount time
     */
    public OfflineUntilConnected(Supplier<MailSource> connect, BooleanSupplier takesConnections, ServerTraits traits, String why) {
        this(connect, takesConnections, traits, why, ServerHealth.FIRST_WAIT, PROBE_EVERY);
    }

    OfflineUntilConnected(Supplier<MailSource> connect, BooleanSupplier takesConnections, ServerTraits traits, String why,
                          Duration firstWait, Duration probeEvery) {
        this.connect = connect;
        this.takesConnections = takesConnections;
        this.firstWait = firstWait;
        this.probeEvery = probeEvery;
        this.traits = traits;
        this.offlineSince = LocalTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS).toString();
        this.why = why;
        this.connecting = new Thread(this::connectInTheBackground, "mailfs-offline");
        this.connecting.setDaemon(true);
        this.connecting.start();
    }

    /** Whether the server has been reached since the mount. */
    public boolean isOnline() {
        return online != null;
    }

    private void connectInTheBackground() {
        Duration wait = firstWait;
        boolean toldOfRefusal = false;
        while (!closed) {
            try {
                waitUntilDueOrTakingConnections(wait);
                MailSource server = connect.get();
                if (closed) {
                    server.close();
                    return;
                }
                online = server;
                LOG.info("the server answers again: online (offline since " + offlineSince + ")");
                watches.forEach(pending -> pending.start(server));
                return;
            } catch (InterruptedException e) {
                return;
            } catch (MailfsException.Unavailable stillAway) {
                wait = ServerHealth.longerWait(wait);
            } catch (RuntimeException refused) {
                if (!toldOfRefusal) {
                    LOG.warning("the server answers but refuses to log in (" + refused.getMessage() + "); still offline, trying again every "
                            + ServerHealth.LONGEST_WAIT.toSeconds() + " s");
                    toldOfRefusal = true;
                }
                wait = ServerHealth.LONGEST_WAIT;
            }
        }
    }

    /** Sleeps {@code wait}, or less if the server, which took no connection, takes one again meanwhile. */
    private void waitUntilDueOrTakingConnections(Duration wait) throws InterruptedException {
        long due = System.nanoTime() + wait.toNanos();
        boolean took = takesConnections.getAsBoolean();
        for (long left = wait.toNanos(); left > 0; left = due - System.nanoTime()) {
            Thread.sleep(Math.max(1, Math.min(probeEvery.toMillis(), TimeUnit.NANOSECONDS.toMillis(left))));
            boolean takes = takesConnections.getAsBoolean();
            if (takes && !took) {
                return;
            }
            took = takes;
        }
    }

    /** Whether {@code host} takes a TCP connection on {@code port} within 2 s: a server down or out of reach does not. */
    public static boolean takesConnections(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) PROBE_EVERY.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private MailSource server() {
        MailSource server = online;
        if (server == null) {
            throw new MailfsException.HeldOff("offline since " + offlineSince + " (" + why
                    + "); mailfs tries the server again by itself");
        }
        return server;
    }

    @Override
    public LinkedHashMap<String, String> statistics() {
        MailSource server = online;
        if (server != null) {
            return server.statistics();
        }
        LinkedHashMap<String, String> statistics = new LinkedHashMap<>();
        statistics.put("state", "offline since " + offlineSince + " (" + why + "), serving what the disk store holds");
        return statistics;
    }

    /** None while offline: df then shows what it shows without QUOTA. */
    @Override
    public Optional<Quota> quota() {
        MailSource server = online;
        return server == null ? Optional.empty() : server.quota();
    }

    @Override
    public boolean hasLabels() {
        MailSource server = online;
        return server == null ? traits.labels() : server.hasLabels();
    }

    /** Offline, no: nothing is promised that the server cannot be asked about. */
    @Override
    public boolean movesAtomically() {
        MailSource server = online;
        return server != null && server.movesAtomically();
    }

    @Override
    public String personalPrefix() {
        MailSource server = online;
        return server == null ? traits.personalPrefix() : server.personalPrefix();
    }

    @Override
    public WatchedFolder watch(String folder, FolderWatcher watcher) {
        MailSource server = online;
        if (server != null) {
            return server.watch(folder, watcher);
        }
        PendingWatch pending = new PendingWatch(folder, watcher);
        watches.add(pending);
        if (online != null) { // came online meanwhile, maybe before the list was read
            pending.start(online);
        }
        return pending;
    }

    /** A watch asked for while offline: begins once the server is reached. */
    private static final class PendingWatch implements WatchedFolder {
        private final String folder;
        private final FolderWatcher watcher;
        private volatile WatchedFolder started = WatchedFolder.NOT_WATCHED;
        private boolean begun;

        PendingWatch(String folder, FolderWatcher watcher) {
            this.folder = folder;
            this.watcher = watcher;
        }

        synchronized void start(MailSource server) {
            if (!begun) {
                begun = true;
                started = server.watch(folder, watcher);
            }
        }

        @Override
        public void askNow() {
            started.askNow();
        }
    }

    @Override
    public void close() {
        closed = true;
        connecting.interrupt();
        MailSource server = online;
        if (server != null) {
            server.close();
        }
    }

    // Everything else needs the server.

    @Override
    public List<FolderInfo> listFolders() {
        return server().listFolders();
    }

    @Override
    public FolderListing listMessages(String folder) {
        return server().listMessages(folder);
    }

    @Override
    public byte[] readBody(MessageRef message, long offset, int length) {
        return server().readBody(message, offset, length);
    }

    @Override
    public Map<Long, byte[]> readBodyStarts(String folder, long uidValidity, List<Long> uids, int length) {
        return server().readBodyStarts(folder, uidValidity, uids, length);
    }

    @Override
    public byte[] readBody(MessageRef message, long offset, int length, List<MessageRef> readAhead) {
        return server().readBody(message, offset, length, readAhead);
    }

    @Override
    public MessageRef identityOf(MessageRef message) {
        MailSource server = online;
        return server == null ? message : server.identityOf(message);
    }

    @Override
    public BodyPart readStructure(MessageRef message) {
        return server().readStructure(message);
    }

    @Override
    public Map<Long, BodyPart> readStructures(String folder, long uidValidity, List<Long> uids) {
        return server().readStructures(folder, uidValidity, uids);
    }

    @Override
    public byte[] readSection(MessageRef message, String section) {
        return server().readSection(message, section);
    }

    @Override
    public byte[] readSection(MessageRef message, String section, long offset, int length) {
        return server().readSection(message, section, offset, length);
    }

    @Override
    public boolean reportsExactSizes(MessageRef message) {
        return server().reportsExactSizes(message);
    }

    @Override
    public Optional<FolderState> folderState(String folder) {
        return server().folderState(folder);
    }

    @Override
    public FolderListing listChanges(FolderListing known, FolderState knownState, boolean flagsChanged) {
        return server().listChanges(known, knownState, flagsChanged);
    }

    @Override
    public void reopen(String folder) {
        MailSource server = online;
        if (server != null) {
            server.reopen(folder);
        }
    }

    @Override
    public List<SearchHits> search(SearchQuery query, Optional<String> mailbox) {
        return server().search(query, mailbox);
    }

    @Override
    public Optional<Long> move(MessageRef message, String toFolder) {
        return server().move(message, toFolder);
    }

    @Override
    public BatchOutcome moveAll(List<MessageRef> messages, String toFolder) {
        return server().moveAll(messages, toFolder);
    }

    @Override
    public BatchOutcome removeLabelAll(List<MessageRef> messages, String label) {
        return server().removeLabelAll(messages, label);
    }

    @Override
    public BatchOutcome expungeAll(List<MessageRef> messages) {
        return server().expungeAll(messages);
    }

    @Override
    public void expunge(MessageRef message) {
        server().expunge(message);
    }

    @Override
    public Optional<MessageRef> append(String folder, Path rfc822, Set<String> flags, Instant internalDate) {
        return server().append(folder, rfc822, flags, internalDate);
    }

    @Override
    public void changeLabels(MessageRef message, Set<String> add, Set<String> remove) {
        server().changeLabels(message, add, remove);
    }

    @Override
    public void removeLabel(MessageRef message, String label) {
        server().removeLabel(message, label);
    }

    @Override
    public void setFlags(MessageRef message, Set<String> flags) {
        server().setFlags(message, flags);
    }

    @Override
    public void createFolder(String name) {
        server().createFolder(name);
    }

    @Override
    public void deleteFolder(String name) {
        server().deleteFolder(name);
    }

    @Override
    public void renameFolder(String from, String to) {
        server().renameFolder(from, to);
    }
}

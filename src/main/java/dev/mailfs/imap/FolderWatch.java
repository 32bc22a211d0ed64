package dev.mailfs.imap;

import dev.mailfs.mail.FolderWatcher;
import dev.mailfs.mail.WatchedFolder;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageChangedListener;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * IDLE on one folder, over a connection of its own, for as long as the mount lives: the server tells
 * at once of messages added, expunged or flagged by other clients. IDLE is ended and begun again
 * every {@code renewEvery} with a NOOP in between, which keeps it well inside both the read timeout
 * (a silent connection is a dead one) and the ~29 minutes after which servers drop an IDLE. A lost
 * connection is made again with the backoff of {@link ServerHealth}, 2 s doubling to a minute; one
 * log line when the watch is lost, with the reason, and one when it is back.
 */
final class FolderWatch implements WatchedFolder, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FolderWatch.class.getName());

    private final IMAPStore store;
    private final String folderName;
    private final FolderWatcher watcher;
    private final Duration renewEvery;
    private final Runnable connectStore;
    private final Thread thread;
    private final ScheduledExecutorService renewer;
    private volatile boolean closed;
    private volatile IMAPFolder folder;
    private final AtomicBoolean asking = new AtomicBoolean();

    /**
     * @param connectStore logs the store in if it is not (it throws when it cannot); the watch's own
     *     connection is opened from the store
     */
    FolderWatch(IMAPStore store, String folderName, FolderWatcher watcher, Duration renewEvery, Runnable connectStore) {
        this.store = store;
        this.folderName = folderName;
        this.watcher = watcher;
        this.renewEvery = renewEvery;
        this.connectStore = connectStore;
        this.thread = new Thread(this::watch, "mailfs-idle-" + folderName);
        this.thread.setDaemon(true);
        this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread renewing = new Thread(runnable, "mailfs-idle-renew-" + folderName);
            renewing.setDaemon(true);
            return renewing;
        });
    }

    void start() {
        renewer.scheduleWithFixedDelay(this::renew, renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
        thread.start();
    }

    private void watch() {
        Duration backoff = ServerHealth.FIRST_WAIT;
        String lostBecause = null;
        while (!closed) {
            try {
                connectStore.run();
                if (!store.hasCapability("IDLE")) {
                    LOG.info(folderName + " is checked when used, not watched: the server does not offer IDLE");
                    watcher.notWatching(folderName);
                    break;
                }
                IMAPFolder opened = open();
                if (lostBecause != null) {
                    LOG.info("watching " + folderName + " again (IDLE)");
                    lostBecause = null;
                }
                backoff = ServerHealth.FIRST_WAIT;
                watcher.watching(folderName);
                while (!closed && opened.isOpen()) {
                    opened.idle(false); // returns when renew() or close() ends it
                }
            } catch (MessagingException | RuntimeException e) {
                if (closed) {
                    break;
                }
                watcher.notWatching(folderName);
                String reason = ImapErrors.reason(e);
                if (lostBecause == null) {
                    LOG.info("connection watching " + folderName + " lost (" + reason + "); reconnecting in " + backoff.toSeconds()
                            + " s, then less and less often; meanwhile " + folderName + " is checked when used");
                } else {
                    LOG.log(Level.FINE, "still not watching " + folderName + ": " + reason);
                }
                lostBecause = reason;
                closeQuietly();
                sleep(backoff);
                backoff = ServerHealth.longerWait(backoff);
            }
        }
        closeQuietly();
    }

    private IMAPFolder open() throws MessagingException {
        IMAPFolder opened = (IMAPFolder) store.getFolder(folderName);
        opened.addMessageCountListener(new MessageCountListener() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
                watcher.changed(folderName, false);
            }

            @Override
            public void messagesRemoved(MessageCountEvent e) {
                watcher.changed(folderName, false);
            }
        });
        opened.addMessageChangedListener((MessageChangedListener) (MessageChangedEvent e) -> watcher.changed(folderName, true));
        opened.open(Folder.READ_ONLY);
        folder = opened;
        return opened;
    }

    @Override
    public void askNow() {
        if (!closed && folder != null && asking.compareAndSet(false, true)) {
            try {
                renewer.execute(() -> {
                    try {
                        renew();
                    } finally {
                        asking.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                asking.set(false);
            }
        }
    }

    /**
     * Ends the IDLE under way and asks NOOP, which the server must answer within the read timeout
     * (and in whose answer a server tells what it held back); the watching thread begins IDLE again.
     */
    private void renew() {
        IMAPFolder watched = folder;
        if (watched == null || !watched.isOpen()) {
            return;
        }
        try {
            watched.doCommand(protocol -> {
                protocol.noop();
                return null;
            });
        } catch (MessagingException | RuntimeException e) {
            // the watching thread sees the connection fail too, and says so
            LOG.log(Level.FINE, "renewing IDLE on " + folderName + " failed", e);
        }
    }

    private void closeQuietly() {
        IMAPFolder watched = folder;
        folder = null;
        if (watched != null) {
            try {
                if (watched.isOpen()) {
                    watched.close(false);
                }
            } catch (MessagingException | RuntimeException e) {
                LOG.log(Level.FINE, "closing the watch on " + folderName + " failed", e);
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        renewer.shutdownNow();
        thread.interrupt();
        closeQuietly();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

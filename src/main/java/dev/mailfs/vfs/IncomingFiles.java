package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mime.IncomingMessageCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The files being copied into folders: the one kind of file that has an open handle. Each is
 * known by its handle until release, and by its path until the close that appends it, so that
 * stat of the name shows the file meanwhile. Safe for many threads.
 *
 * <p>The kernel does not always send the release: once a mount has answered a read, files it
 * creates get FLUSH and no RELEASE. So a copy also goes {@link #GRACE} after a close(2) that
 * appended or refused it, unless more was written meanwhile (a file written by several processes
 * in turn), and every copy goes at unmount ({@link #close}).
 */
final class IncomingFiles implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IncomingFiles.class.getName());
    private static final String SEEN = "\\Seen";
    static final Duration GRACE = Duration.ofSeconds(30);

    private final MailSource mail;
    private final Path directory;
    private final AtomicLong nextHandle = new AtomicLong(1);
    private final Map<Long, IncomingMessage> byHandle = new ConcurrentHashMap<>();
    private final Map<String, IncomingMessage> byPath = new ConcurrentHashMap<>();
    private final Duration grace;
    /** Its thread starts with the first copy and ends when idle: most filesystems here never get one. */
    private final ScheduledThreadPoolExecutor expiry = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "mailfs-incoming");
        thread.setDaemon(true);
        return thread;
    });

    /** @param directory the private directory where files wait until they are appended */
    IncomingFiles(MailSource mail, Path directory) {
        this(mail, directory, GRACE);
    }

    IncomingFiles(MailSource mail, Path directory, Duration grace) {
        this.mail = mail;
        this.directory = directory;
        this.grace = grace;
        expiry.setKeepAliveTime(grace.toMillis() + 1000, TimeUnit.MILLISECONDS);
        expiry.allowCoreThreadTimeOut(true);
    }

    /** The file being copied in under this name, until it is appended. */
    Optional<IncomingMessage> at(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    boolean isBeingCopiedIn(String path) {
        return byPath.containsKey(path);
    }

    /** How many are open, for the status file. */
    int open() {
        return byHandle.size();
    }

    /** A new file at {@code path}, to be appended to {@code mailbox}; returns its handle. */
    long create(String path, String mailbox) {
        IncomingMessage incoming = IncomingMessage.create(path, mailbox, directory);
        byPath.put(path, incoming);
        long handle = nextHandle.getAndIncrement();
        byHandle.put(handle, incoming);
        return handle;
    }

    void write(long handle, long offset, byte[] bytes) throws IOException {
        IncomingMessage incoming = byHandle.get(handle);
        if (incoming == null) {
            throw new MailfsException.AccessDenied("messages cannot be changed");
        }
        incoming.write(offset, bytes);
    }

    /**
     * close(2) of a file copied in: appends it, once, if it is a message. Its error is what close
     * returns to the tool, so a refused file fails the copy and nothing is appended.
     */
    void flush(long handle) throws IOException {
        IncomingMessage incoming = byHandle.get(handle);
        if (incoming == null) {
            return; // a file opened for reading: nothing to do
        }
        try {
            incoming.appendIfChanged(message -> {
                IncomingMessageCheck.Result check = IncomingMessageCheck.check(message.file());
                if (!check.isMessage()) {
                    throw new MailfsException.InvalidArgument(message.path() + ": " + check.problem().get());
                }
                return mail.append(message.mailbox(), message.file(), withoutDeleted(message.flags().orElse(Set.of(SEEN))),
                        check.date().orElse(Instant.now()));
            }, earlier -> earlier.ifPresentOrElse(mail::expunge, () -> LOG.warning(incoming.path()
                    + " was appended again after more writes; the server did not say (APPENDUID) which message"
                    + " the earlier version became, so it stays in " + incoming.mailbox())));
        } finally {
            // The name stood for the file until now: the message is in the folder under its own
            // name, or was refused. Writes through the handle still count, until release.
            byPath.remove(incoming.path(), incoming);
            incoming.closeChannel();
            long closedVersion = incoming.version();
            try {
                expiry.schedule(() -> forgetIfUnchanged(handle, incoming, closedVersion), grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException unmounting) {
                // close() discards it
            }
        }
    }

    private void forgetIfUnchanged(long handle, IncomingMessage incoming, long closedVersion) {
        if (incoming.unchangedSince(closedVersion) && byHandle.remove(handle, incoming)) {
            byPath.remove(incoming.path(), incoming);
            incoming.discard();
        }
    }

    /** At unmount: every copy still here goes. */
    @Override
    public void close() {
        expiry.shutdownNow();
        byHandle.values().forEach(IncomingMessage::discard);
        byHandle.clear();
        byPath.clear();
    }

    /** The end of a file copied in, after {@link #flush}: its temporary copy goes. */
    void release(long handle) {
        IncomingMessage incoming = byHandle.remove(handle);
        if (incoming != null) {
            byPath.remove(incoming.path(), incoming);
            incoming.discard();
        }
    }

    /**
     * A file copied in is meant to be there: a \\Deleted it carries (cp -a of mail marked deleted,
     * shown with --show-deleted) is not appended with it, or another program's expunge would take
     * it, and on Gmail the APPEND itself would delete it (Auto-Expunge).
     */
    private static Set<String> withoutDeleted(Set<String> flags) {
        return flags.stream().filter(flag -> !flag.equalsIgnoreCase(MessageNode.DELETED)).collect(java.util.stream.Collectors.toSet());
    }
}

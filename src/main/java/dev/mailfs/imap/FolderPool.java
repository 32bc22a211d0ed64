package dev.mailfs.imap;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Keeps a bounded number of folders open, least recently used first out. Every open folder holds a
 * connection of its own, and servers limit how many one account may have. One folder may be open
 * on several connections, so that reads of it (a reader and its read-ahead) run in parallel; when
 * every connection is busy, callers share one. Folders are opened read-only (EXAMINE), so that
 * reading cannot change them, until a change needs them read-write.
 *
 * <p>A folder is lent out with a {@link Lease} and is never closed while a lease is out: a folder
 * that must go (evicted, reopened writable, broken) is retired and closed by its last lease. Opening
 * happens outside the pool's lock, so one slow SELECT does not hold up other folders.
 */
final class FolderPool {
    private static final Logger LOG = Logger.getLogger(FolderPool.class.getName());
    /** Refusals this soon after the bound went down answer connections asked for before: they lower it no further. */
    private static final Duration REFUSALS_OF_ONE_EPISODE = Duration.ofSeconds(5);

    /** One open folder and how many callers are using it. */
    private static final class Entry {
        final IMAPFolder folder;
        // kept here: asking the folder waits for whatever command it runs
        final String name;
        final boolean writable;
        // Guarded by the pool:
        int leases;
        boolean retired;

        Entry(String name, IMAPFolder folder, boolean writable) {
            this.name = name;
            this.folder = folder;
            this.writable = writable;
        }

        boolean serves(boolean needWritable) {
            return writable || !needWritable;
        }
    }

    /** The right to use an open folder until closed. */
    final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean closed; // guarded by the pool

        private Lease(Entry entry) {
            this.entry = entry;
        }

        IMAPFolder folder() {
            return entry.folder;
        }

        /**
         * The folder's connection broke: nobody gets it again, and it is closed when free. The
         * idle ones most likely broke with it (a network that drops one drops all), so they go
         * too: the retry that follows must not land on one of them.
         */
        void discard() {
            synchronized (FolderPool.this) {
                retire(entry);
                for (Entry other : new ArrayList<>(open)) {
                    if (other.leases == 0) {
                        retire(other);
                    }
                }
            }
            closeRetiredIdle();
        }

        @Override
        public void close() {
            boolean closeNow;
            synchronized (FolderPool.this) {
                if (closed) {
                    return;
                }
                closed = true;
                entry.leases--;
                closeNow = entry.retired && entry.leases == 0;
                FolderPool.this.notifyAll();
            }
            if (closeNow) {
                closeQuietly(entry.folder);
            }
            evictIdle();
        }
    }

    private final Store store;

    // Guarded by this pool, which is also what callers waiting for a free connection wait on:
    private int maxOpen;
    /** Connections being opened now, outside the lock: counted in the bound with those open. */
    private int opening;
    private long loweredAt = System.nanoTime() - REFUSALS_OF_ONE_EPISODE.toNanos();
    /** Least recently used first. */
    private final List<Entry> open = new ArrayList<>();
    /** Retired folders that no lease uses any more, closed outside the lock. */
    private final List<IMAPFolder> toClose = new ArrayList<>();

    FolderPool(Store store, int maxOpen) {
        this.store = store;
        this.maxOpen = maxOpen;
    }

    /**
     * The server refused one more connection: from now on no more are opened than are open now
     * (at least one), so that the account's other connections are left their room.
     *
     * @return whether the bound went down (false when no more are open than it allows already, or
     *         when it went down moments ago: one episode, one log line)
     */
    synchronized boolean allowFewer(String server) {
        long now = System.nanoTime();
        int fewer = Math.max(1, open.size());
        if (fewer >= maxOpen || now - loweredAt < REFUSALS_OF_ONE_EPISODE.toNanos()) {
            // Lowered already: readers in parallel asked for several connections before the first refusal came.
            return false;
        }
        LOG.warning(server + " allows no more connections: mailfs keeps at most " + fewer
                + " open to folders from now on (was " + maxOpen + ")");
        maxOpen = fewer;
        loweredAt = now;
        return true;
    }

    /** Connections to folders: how many are in use by an operation, open, and allowed. */
    synchronized String describe() {
        long inUse = open.stream().filter(e -> e.leases > 0).count();
        return inUse + " in use, " + open.size() + " open, at most " + maxOpen + " (plus one for the folder list)";
    }

    /**
     * The folder, open (read-write when asked): an idle connection to it, else a new one while the
     * bound allows, else a busy one to share. Waits only when no connection to it is open at all and
     * none may be opened.
     */
    Lease acquire(String name, boolean writable) throws MessagingException {
        synchronized (this) {
            while (true) {
                List<Entry> serving = open.stream().filter(e -> e.name.equals(name) && e.serves(writable)).toList();
                Entry idle = serving.stream().filter(e -> e.leases == 0).findFirst().orElse(null);
                if (idle != null) {
                    return lend(idle);
                }
                if (open.size() + opening < maxOpen) {
                    break; // open one more
                }
                Entry idleOldest = open.stream().filter(e -> e.leases == 0).findFirst().orElse(null);
                if (idleOldest != null) {
                    // Closed before the new one opens, which takes over its connection: the server
                    // never sees one more than the bound (Gmail refuses the 16th).
                    retire(idleOldest);
                    break;
                }
                if (!serving.isEmpty()) {
                    return lend(serving.stream().min((a, b) -> Integer.compare(a.leases, b.leases)).orElseThrow());
                }
                if (open.stream().anyMatch(e -> e.name.equals(name))) {
                    break; // open read-only only: a change needs it read-write now
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MessagingException("interrupted while waiting for a free connection");
                }
            }
            opening++;
        }
        closeRetiredIdle();
        IMAPFolder folder = (IMAPFolder) store.getFolder(name);
        try {
            folder.open(writable ? Folder.READ_WRITE : Folder.READ_ONLY);
        } catch (MessagingException | RuntimeException e) {
            synchronized (this) {
                opening--;
                notifyAll();
            }
            throw e;
        }
        Lease lease;
        synchronized (this) {
            opening--;
            Entry fresh = new Entry(name, folder, writable);
            open.add(fresh);
            lease = lend(fresh);
        }
        evictIdle();
        return lease;
    }

    /** Call holding the lock. */
    private Lease lend(Entry entry) {
        entry.leases++;
        open.remove(entry);
        open.add(entry); // most recently used last
        return new Lease(entry);
    }

    /** Forgets a folder and every folder below it, before it is renamed or deleted. */
    void discardTree(String name, char delimiter) {
        synchronized (this) {
            for (Entry entry : new ArrayList<>(open)) {
                String entryName = entry.name;
                if (entryName.equals(name) || (delimiter != 0 && entryName.startsWith(name + delimiter))) {
                    retire(entry);
                }
            }
        }
        closeRetiredIdle();
    }

    void closeAll() {
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(open);
            open.clear();
        }
        all.forEach(entry -> closeQuietly(entry.folder));
    }

    /** Takes an entry out of the pool; it is closed once no lease uses it. Call holding the lock. */
    private void retire(Entry entry) {
        entry.retired = true;
        open.remove(entry);
        if (entry.leases == 0) {
            toClose.add(entry.folder);
        }
    }

    /** Closes the least recently used idle folders beyond the bound, outside the lock. */
    private void evictIdle() {
        synchronized (this) {
            List<Entry> idleOldestFirst = open.stream().filter(e -> e.leases == 0).toList();
            int excess = open.size() - maxOpen;
            for (int i = 0; i < excess && i < idleOldestFirst.size(); i++) {
                retire(idleOldestFirst.get(i));
            }
        }
        closeRetiredIdle();
    }

    private void closeRetiredIdle() {
        List<IMAPFolder> closing;
        synchronized (this) {
            closing = new ArrayList<>(toClose);
            toClose.clear();
        }
        closing.forEach(FolderPool::closeQuietly);
    }

    private static void closeQuietly(IMAPFolder folder) {
        try {
            if (folder.isOpen()) {
                folder.close(false);
            }
        } catch (MessagingException | RuntimeException e) {
            LOG.log(Level.FINE, "closing " + folder.getFullName() + " failed", e);
            try {
                folder.forceClose();
            } catch (MessagingException | RuntimeException ignored) {
                // the connection is gone either way
            }
        }
    }
}

package dev.mailfs.imap;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Keeps a bounded number of folders open, most recently used first. Every open folder holds a
 * connection of its own, and servers limit how many one account may have. Folders are opened
 * read-only (EXAMINE), so that reading cannot change them, until a change needs them read-write.
 *
 * <p>A folder is lent out with a {@link Lease} and is never closed while a lease is out: a folder
 * that must go (evicted, reopened writable, broken) is retired and closed by its last lease. Opening
 * happens outside the pool's lock, so one slow SELECT does not hold up other folders.
 */
final class FolderPool {
    private static final Logger LOG = Logger.getLogger(FolderPool.class.getName());

    /** One open folder and how many callers are using it. */
    private static final class Entry {
        final IMAPFolder folder;
        final boolean writable; // kept here: asking the folder waits for whatever command it runs
        int leases;
        boolean retired;

        Entry(IMAPFolder folder, boolean writable) {
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
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        IMAPFolder folder() {
            return entry.folder;
        }

        /** The folder's connection broke: nobody gets it again, and it is closed when free. */
        void discard() {
            synchronized (FolderPool.this) {
                retire(entry);
            }
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
    private final int maxOpen;
    private final Map<String, Entry> open = new LinkedHashMap<>(16, 0.75f, true);
    /** Retired folders that no lease uses any more, closed outside the lock. */
    private final List<IMAPFolder> toClose = new ArrayList<>();

    FolderPool(Store store, int maxOpen) {
        this.store = store;
        this.maxOpen = maxOpen;
    }

    /** Connections to folders: how many are in use by an operation, open, and allowed. */
    synchronized String describe() {
        long inUse = open.values().stream().filter(e -> e.leases > 0).count();
        return inUse + " in use, " + open.size() + " open, at most " + maxOpen + " (one per folder, plus one for the folder list)";
    }

    /**
     * The folder, open (read-write when asked); opens it if need be. When every pooled folder is in
     * use, waits for one to be free rather than open more connections than the server allows.
     */
    Lease acquire(String name, boolean writable) throws MessagingException {
        synchronized (this) {
            while (true) {
                Entry entry = open.get(name);
                if (entry != null && entry.serves(writable)) {
                    entry.leases++;
                    return new Lease(entry);
                }
                if (open.size() < maxOpen || open.values().stream().anyMatch(e -> e.leases == 0) || entry != null) {
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MessagingException("interrupted while waiting for a free connection");
                }
            }
        }
        IMAPFolder folder = (IMAPFolder) store.getFolder(name);
        folder.open(writable ? Folder.READ_WRITE : Folder.READ_ONLY);
        Lease lease;
        synchronized (this) {
            Entry entry = open.get(name);
            if (entry != null && entry.serves(writable)) {
                entry.leases++; // another thread opened it meanwhile: use theirs
                lease = new Lease(entry);
            } else {
                if (entry != null) {
                    retire(entry); // a read-only one, replaced by a writable one
                }
                Entry fresh = new Entry(folder, writable);
                fresh.leases++;
                open.put(name, fresh);
                folder = null;
                lease = new Lease(fresh);
            }
        }
        if (folder != null) {
            closeQuietly(folder);
        }
        evictIdle();
        return lease;
    }

    /** Forgets a folder and every folder below it, before it is renamed or deleted. */
    void discardTree(String name, char delimiter) {
        synchronized (this) {
            for (Entry entry : new ArrayList<>(open.values())) {
                String entryName = entry.folder.getFullName();
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
            all = new ArrayList<>(open.values());
            open.clear();
        }
        all.forEach(entry -> closeQuietly(entry.folder));
    }

    /** Takes an entry out of the pool; it is closed once no lease uses it. Call holding the lock. */
    private void retire(Entry entry) {
        entry.retired = true;
        open.values().remove(entry);
        if (entry.leases == 0) {
            toClose.add(entry.folder);
        }
    }

    /** Closes the least recently used idle folders beyond the bound, outside the lock. */
    private void evictIdle() {
        synchronized (this) {
            List<Entry> idleOldestFirst = open.values().stream().filter(e -> e.leases == 0).toList();
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

package dev.mailfs.imap;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.util.ArrayList;
import java.util.Iterator;
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
 */
final class FolderPool {
    private static final Logger LOG = Logger.getLogger(FolderPool.class.getName());

    private final Store store;
    private final int maxOpen;
    private final Map<String, IMAPFolder> open = new LinkedHashMap<>(16, 0.75f, true);

    FolderPool(Store store, int maxOpen) {
        this.store = store;
        this.maxOpen = maxOpen;
    }

    /** The folder, open; opens it (and closes the least recently used) if need be. */
    IMAPFolder acquire(String name, boolean writable) throws MessagingException {
        List<IMAPFolder> evicted = new ArrayList<>();
        IMAPFolder folder;
        synchronized (this) {
            folder = open.get(name);
            if (folder == null || !folder.isOpen() || (writable && folder.getMode() != Folder.READ_WRITE)) {
                if (folder != null) {
                    evicted.add(folder);
                }
                folder = (IMAPFolder) store.getFolder(name);
                folder.open(writable ? Folder.READ_WRITE : Folder.READ_ONLY);
                open.put(name, folder);
            }
            Iterator<IMAPFolder> oldestFirst = open.values().iterator();
            while (open.size() > maxOpen) {
                evicted.add(oldestFirst.next());
                oldestFirst.remove();
            }
        }
        evicted.forEach(FolderPool::closeQuietly);
        return folder;
    }

    /** Forgets a folder whose connection broke, so the next acquire opens it afresh. */
    void discard(String name) {
        IMAPFolder folder;
        synchronized (this) {
            folder = open.remove(name);
        }
        if (folder != null) {
            closeQuietly(folder);
        }
    }

    /** Forgets a folder and every folder below it, before it is renamed or deleted. */
    void discardTree(String name, char delimiter) {
        List<IMAPFolder> gone = new ArrayList<>();
        synchronized (this) {
            open.entrySet().removeIf(entry -> {
                boolean below = entry.getKey().equals(name) || (delimiter != 0 && entry.getKey().startsWith(name + delimiter));
                if (below) {
                    gone.add(entry.getValue());
                }
                return below;
            });
        }
        gone.forEach(FolderPool::closeQuietly);
    }

    void closeAll() {
        List<IMAPFolder> all;
        synchronized (this) {
            all = new ArrayList<>(open.values());
            open.clear();
        }
        all.forEach(FolderPool::closeQuietly);
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

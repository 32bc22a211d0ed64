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
 * Keeps a bounded number of folders open read-only (EXAMINE), most recently used first. Every open
 * folder holds a connection of its own, and servers limit how many one account may have.
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

    /** The folder, opened read-only; opens it (and closes the least recently used) if need be. */
    IMAPFolder acquire(String name) throws MessagingException {
        List<IMAPFolder> evicted = new ArrayList<>();
        IMAPFolder folder;
        synchronized (this) {
            folder = open.get(name);
            if (folder == null || !folder.isOpen()) {
                folder = (IMAPFolder) store.getFolder(name);
                folder.open(Folder.READ_ONLY);
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

package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * Creates, deletes and renames folders on the store's connection. Each is retried once after a lost
 * connection, and an attempt whose answer was lost with it counts as done when its effect is there.
 */
final class FolderChanges {
    /** Where Gmail puts a folder whose name it reserves. */
    private static final String GMAIL_RESERVED_PREFIX = "[Imap]/";

    private final ImapConnection connection;

    FolderChanges(ImapConnection connection) {
        this.connection = connection;
    }

    void createFolder(String name) {
        IMAPStore store = connection.store();
        boolean[] attempted = {false};
        connection.withStore("creating " + name, () -> {
            Folder folder = store.getFolder(name);
            if (folder.exists()) {
                if (attempted[0]) {
                    return null; // created in an attempt whose answer was lost
                }
                throw new MailfsException.AlreadyExists(name);
            }
            attempted[0] = true;
            // The protocol's CREATE, not Folder.create, which answers a NO with false and drops the server's words.
            ((IMAPFolder) folder).doCommand(protocol -> {
                protocol.create(name);
                return null;
            });
            if (connection.isGmail() && !folder.exists()) {
                undoRenamedByGmail(name);
            }
            return null;
        });
    }

    /**
     * Gmail answers OK to a CREATE of a name it reserves and makes "[Imap]/name" instead: the mkdir
     * would succeed and its directory not be there. What it made is deleted again (it is new and
     * empty), and the mkdir refused, saying why.
     */
    private void undoRenamedByGmail(String name) throws MessagingException {
        Folder instead = connection.store().getFolder(GMAIL_RESERVED_PREFIX + name);
        if (instead.exists()) {
            ((IMAPFolder) instead).doCommand(protocol -> {
                protocol.delete(instead.getFullName());
                return null;
            });
        }
        throw new MailfsException.InvalidArgument("Gmail reserves the name " + name + " and would have made "
                + GMAIL_RESERVED_PREFIX + name + " instead; choose another name");
    }

    void deleteFolder(String name) {
        IMAPStore store = connection.store();
        boolean[] attempted = {false};
        connection.withStore("deleting " + name, () -> {
            Folder folder = store.getFolder(name);
            if (attempted[0] && !folder.exists()) {
                return null; // deleted in an attempt whose answer was lost
            }
            attempted[0] = true;
            connection.discardOpenFolders(name, folder.getSeparator());
            // Servers delete a folder with its messages; only an empty one may go (checked just before).
            if ((folder.getType() & Folder.HOLDS_MESSAGES) != 0 && folder.getMessageCount() > 0) {
                throw new MailfsException.NotEmpty(name + " holds messages");
            }
            ((IMAPFolder) folder).doCommand(protocol -> {
                protocol.delete(name);
                return null;
            });
            return null;
        });
    }

    void renameFolder(String from, String to) {
        IMAPStore store = connection.store();
        boolean[] attempted = {false};
        connection.withStore("renaming " + from, () -> {
            Folder folder = store.getFolder(from);
            Folder target = store.getFolder(to);
            if (target.exists()) {
                if (attempted[0] && !folder.exists()) {
                    return null; // renamed in an attempt whose answer was lost
                }
                throw new MailfsException.AlreadyExists(to);
            }
            attempted[0] = true;
            connection.discardOpenFolders(from, folder.getSeparator());
            ((IMAPFolder) folder).doCommand(protocol -> {
                protocol.rename(from, to);
                return null;
            });
            return null;
        });
    }
}

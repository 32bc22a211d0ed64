package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import java.util.Optional;

/**
 * "X/" beside "X.eml": the message's decoded text and attachments (see {@link MessageDirectory}),
 * worked out only when listed (one BODYSTRUCTURE).
 */
final class MessageDirectoryNode extends MessageNode {

    MessageDirectoryNode(String path, MountedAccount account, FolderView view, int position) {
        super(path, account, view, position);
    }

    @Override
    FileAttributes getattr() {
        return FileAttributes.directory(meta().internalDate());
    }

    @Override
    void list(EntrySink into) {
        account.readAhead().askForStructuresAhead(view, position);
        account.directoryOf(ref(), meta()).listInto(account.hiddenParts().unhidden(path, "", into));
    }

    /**
     * rmdir: refused as on a local disk while the directory shows anything (it always holds
     * body.txt), so that {@code rmdir INBOX/*}, a common way to tidy up empty directories, deletes
     * nothing. Once {@code rm -r X} has unlinked everything in it (which only hides the names, see
     * {@link HiddenParts}), the message is deleted as {@code rm X.eml} would.
     */
    @Override
    void removeDirectory() {
        MessageRef message = ref();
        MessageMeta meta = meta();
        if (!account.hiddenParts().allHidden(path, "", account.directoryOf(message, meta))) {
            throw new MailfsException.NotEmpty(path + " (a message's directory: rm -r it, or rm its .eml, to delete the message)");
        }
        try {
            account.delete(message);
        } catch (RuntimeException refused) {
            account.hiddenParts().forget(path); // the message stays, and shows all it holds again
            throw refused;
        }
        gone(meta, Optional.empty());
    }

    @Override
    FolderNode asFolderForChange(String notAFolder) {
        throw noChangesInsideAMessage(path);
    }
}

package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;

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
        new MessageDirectory(account.contents().layout(ref())).listInto(into);
    }

    /**
     * rmdir of a message's directory is refused as on a local disk: it is never empty (body.txt).
     * It deleted the message once, and {@code rmdir INBOX/*}, a common way to tidy up empty
     * directories, sent every message of the folder to Trash. {@code rm X.eml} deletes.
     */
    @Override
    void removeDirectory() {
        throw new MailfsException.NotEmpty(path + " (a message's directory; rm its .eml to delete the message)");
    }

    @Override
    FolderNode asFolderForChange(String notAFolder) {
        throw noChangesInsideAMessage(path);
    }
}

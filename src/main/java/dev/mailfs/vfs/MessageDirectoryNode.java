package dev.mailfs.vfs;

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

    /** rmdir of a message's directory deletes the message, as rm of its .eml does. */
    @Override
    void removeDirectory() {
        account.delete(ref());
    }

    @Override
    FolderNode asFolderForChange(String notAFolder) {
        throw noChangesInsideAMessage(path);
    }
}

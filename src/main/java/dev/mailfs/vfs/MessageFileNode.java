package dev.mailfs.vfs;

import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import java.nio.ByteBuffer;
import java.util.Optional;

/** "X.eml": the message as the server has it, read in pieces as they are asked for. */
final class MessageFileNode extends MessageNode {

    MessageFileNode(String path, MountedAccount account, FolderView view, int position) {
        super(path, account, view, position);
    }

    /** On Gmail its X-GM-MSGID is its inode, and each folder that shows it a link. */
    @Override
    FileAttributes getattr() {
        MessageMeta meta = meta();
        FileAttributes file = FileAttributes.file(meta.size(), meta.internalDate());
        return meta.gmail()
                .map(gmail -> file.withInode(gmail.messageId(), account.folderTree().labels().folderCount(gmail, ref().folder())))
                .orElse(file);
    }

    /** A read from the start has the next messages fetched with it when the folder is read in order (grep -r). */
    @Override
    int read(long offset, ByteBuffer into) {
        long size = meta().size();
        if (offset >= size || !into.hasRemaining()) {
            return 0;
        }
        int wanted = (int) Math.min(into.remaining(), size - offset);
        MessageRef message = ref();
        byte[] bytes = offset == 0 ? account.mail().readBody(message, offset, wanted, account.readAhead().messagesAhead(view, position))
                : account.mail().readBody(message, offset, wanted);
        int n = Math.min(bytes.length, wanted);
        into.put(bytes, 0, n);
        return n;
    }

    /** rm: to the Trash folder, or deleted for good in Trash or with --delete=expunge. */
    @Override
    void remove() {
        MessageMeta meta = meta();
        account.delete(ref());
        gone(meta, Optional.empty());
    }
}

package dev.mailfs.vfs;

import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import java.util.Arrays;
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
    byte[] read(long offset, int length) {
        long size = meta().size();
        if (offset >= size || length <= 0) {
            return new byte[0];
        }
        int wanted = (int) Math.min(length, size - offset);
        MessageRef message = ref();
        byte[] bytes = offset == 0 ? account.mail().readBody(message, offset, wanted, account.readAhead().messagesAhead(view, position))
                : account.mail().readBody(message, offset, wanted);
        return bytes.length <= wanted ? bytes : Arrays.copyOf(bytes, wanted);
    }

    /** rm: to the Trash folder, or deleted for good in Trash or with --delete=expunge. */
    @Override
    void remove() {
        MessageMeta meta = meta();
        account.delete(ref());
        gone(meta, Optional.empty());
    }
}

package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mime.DecodedFile;
import java.nio.ByteBuffer;

/**
 * A file in a message's directory, at any depth of enclosed messages: body.txt, body.html, an
 * attachment, or an enclosed message's .eml. Decoded when read; it changes as little as the message.
 */
final class PartFileNode extends PartNode {
    private final MountedAccount account;
    private final MessageRef message;
    private final MessageMeta meta;
    /** Which of the message's parts, decoded how: any entry but an enclosed message's directory. */
    private final MessageDirectory.Entry entry;

    PartFileNode(String path, String messageDirectory, MountedAccount account, MessageRef message, MessageMeta meta,
                 MessageDirectory.Entry entry) {
        super(path, messageDirectory, account.hiddenParts());
        this.account = account;
        this.message = message;
        this.meta = meta;
        this.entry = entry;
    }

    @Override
    FileAttributes getattr() {
        return FileAttributes.file(content().size(), meta.internalDate());
    }

    @Override
    int read(long offset, ByteBuffer into) {
        return content().read(offset, into);
    }

    /** rm: the name is hidden, nothing changes on the server (see {@link HiddenParts}). */
    @Override
    void remove() {
        hidden.hide(messageDirectory, relative);
    }

    /** The decoded file, as read lately (see {@link MountedAccount#recentPart}). */
    private DecodedFile content() {
        return account.recentPart(path, () -> {
            if (entry instanceof MessageDirectory.BodyText text) {
                return account.contents().bodyText(message, text.layout(), text.withHeader());
            } else if (entry instanceof MessageDirectory.BodyHtml html) {
                return account.contents().bodyHtml(message, html.layout());
            } else if (entry instanceof MessageDirectory.PartFile file) {
                return account.contents().part(message, file.part());
            }
            throw new MailfsException.IsADirectory("message " + message.uid() + " part");
        });
    }
}

package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.MessageMeta;

/** The directory of a message enclosed in another ("name/" beside "name.eml"), at any depth: its text and attachments. */
final class EnclosedMessageNode extends PartNode {
    /** The message it is enclosed in, whose date it shows. */
    private final MessageMeta outer;
    private final MessageDirectory directory;

    EnclosedMessageNode(String path, String messageDirectory, HiddenParts hidden, MessageMeta outer, MessageDirectory directory) {
        super(path, messageDirectory, hidden);
        this.outer = outer;
        this.directory = directory;
    }

    @Override
    FileAttributes getattr() {
        return FileAttributes.directory(outer.internalDate());
    }

    @Override
    void list(EntrySink into) {
        directory.listInto(hidden.unhidden(messageDirectory, relative, into));
    }

    /** rm -r's rmdir, once its files are unlinked: hidden as they are; refused while it shows any. */
    @Override
    void removeDirectory() {
        if (!hidden.allHidden(messageDirectory, relative, directory)) {
            throw new MailfsException.NotEmpty(path);
        }
        hidden.hide(messageDirectory, relative);
    }
}

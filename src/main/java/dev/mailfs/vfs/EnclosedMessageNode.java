package dev.mailfs.vfs;

import dev.mailfs.mail.MessageMeta;

/** The directory of a message enclosed in another ("name/" beside "name.eml"), at any depth: its text and attachments. */
final class EnclosedMessageNode extends PartNode {
    /** The message it is enclosed in, whose date it shows. */
    private final MessageMeta outer;
    private final MessageDirectory directory;

    EnclosedMessageNode(String path, MessageMeta outer, MessageDirectory directory) {
        super(path);
        this.outer = outer;
        this.directory = directory;
    }

    @Override
    FileAttributes getattr() {
        return FileAttributes.directory(outer.internalDate());
    }

    @Override
    void list(EntrySink into) {
        directory.listInto(into);
    }
}

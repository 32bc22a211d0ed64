package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import java.nio.ByteBuffer;

/**
 * A message's other name just after the message was deleted or moved through one of its names (see
 * {@link Tombstones}): the second half of {@code rm -r} or {@code mv} succeeds on it as already
 * done, and nothing else can be done with it.
 */
final class TombstoneNode extends Node {
    private final Tombstones.Tombstone tombstone;
    private final Tombstones tombstones;

    TombstoneNode(Tombstones.Tombstone tombstone, Tombstones tombstones) {
        super(tombstone.path());
        this.tombstone = tombstone;
        this.tombstones = tombstones;
    }

    /** As the name showed it before, so that what the kernel remembers of it stays true. */
    @Override
    FileAttributes getattr() {
        return tombstone.directory() ? FileAttributes.directory(tombstone.meta().internalDate())
                : FileAttributes.file(tombstone.meta().size(), tombstone.meta().internalDate());
    }

    @Override
    void list(EntrySink into) {
        if (!tombstone.directory()) {
            super.list(into);
        }
    }

    @Override
    int read(long offset, ByteBuffer into) {
        if (tombstone.directory()) {
            return super.read(offset, into);
        }
        throw new MailfsException.NotFound(whatHappened());
    }

    /** rm of X.eml after its directory took the message. */
    @Override
    void remove() {
        if (tombstone.directory()) {
            super.remove();
        }
        tombstones.bury(tombstone);
    }

    /** rm -r's rmdir of X after X.eml took the message. */
    @Override
    void removeDirectory() {
        if (!tombstone.directory()) {
            super.removeDirectory();
        }
        tombstones.bury(tombstone);
    }

    /** mv's second name into the folder the first one took the message to. */
    @Override
    void renameTo(String to, PathResolver paths) {
        if (tombstone.movedTo().isEmpty() || !tombstone.movedTo().get().equals(PathResolver.parentOf(to))) {
            throw new MailfsException.NotFound(whatHappened());
        }
        tombstones.bury(tombstone);
    }

    private String whatHappened() {
        return path + ": the message was " + tombstone.movedTo().map(folder -> "moved to " + folder).orElse("deleted") + " a moment ago";
    }
}

package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import java.time.Instant;

/** "/.mailfs": mailfs's own files, beside the folders (no folder name starts with a dot). */
final class StatusDirectoryNode extends Node {
    private final Instant mountedAt;

    StatusDirectoryNode(String path, Instant mountedAt) {
        super(path);
        this.mountedAt = mountedAt;
    }

    @Override
    FileAttributes getattr() {
        return FileAttributes.directory(mountedAt);
    }

    @Override
    void list(EntrySink into) {
        into.add(StatusFile.NAME, false, 0);
    }

    @Override
    void removeDirectory() {
        throw new MailfsException.AccessDenied(path + " is mailfs's own");
    }
}

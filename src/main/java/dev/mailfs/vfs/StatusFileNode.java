package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import java.nio.ByteBuffer;
import java.time.Instant;

/** "/.mailfs/status": connections and caches, made afresh each time the kernel asks for its size. */
final class StatusFileNode extends Node {
    private final StatusFile status;

    StatusFileNode(String path, StatusFile status) {
        super(path);
        this.status = status;
    }

    @Override
    FileAttributes getattr() {
        // The kernel asks for the size before it reads: the read that follows serves this report.
        return FileAttributes.file(status.renderAfresh().length, Instant.now());
    }

    @Override
    int read(long offset, ByteBuffer into) {
        return read(status.latest(), offset, into);
    }

    @Override
    void openForWriting() {
        throw new MailfsException.AccessDenied(path + " is mailfs's own status");
    }

    @Override
    void remove() {
        throw new MailfsException.AccessDenied(path + " is mailfs's own status");
    }
}

package dev.mailfs.mime;

import dev.mailfs.cache.DiskBodyStore;
import dev.mailfs.mail.MessageRef;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Small decoded parts kept in the disk store beside the message's chunks, so that a part decoded
 * once is read back rather than decoded again when memory has let it go: a second grep -r, or one
 * after a restart, decodes nothing and asks the server nothing. They are written on a thread of
 * their own, off the reader's path; past a budget of bytes waiting, a part is not kept (it is only
 * decoded again). Without a disk store (--cache-size 0) nothing is kept.
 */
final class KeptParts implements AutoCloseable {
    private static final long MAX_PENDING_BYTES = 16L << 20;

    private final Optional<DiskBodyStore> store;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mailfs-part-writer");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong pendingBytes = new AtomicLong();

    KeptParts(Optional<DiskBodyStore> store) {
        this.store = store;
    }

    /** The part as kept, else decoded by {@code decode} and then kept. */
    byte[] get(MessageRef identity, String name, Supplier<byte[]> decode) {
        Optional<byte[]> kept = store.flatMap(disk -> disk.readDecoded(identity, name));
        if (kept.isPresent()) {
            return kept.get();
        }
        byte[] decoded = decode.get();
        store.ifPresent(disk -> keepLater(disk, identity, name, decoded));
        return decoded;
    }

    private void keepLater(DiskBodyStore disk, MessageRef identity, String name, byte[] decoded) {
        if (pendingBytes.addAndGet(decoded.length) > MAX_PENDING_BYTES) {
            pendingBytes.addAndGet(-decoded.length);
            return;
        }
        try {
            writer.execute(() -> {
                try {
                    disk.keepDecoded(identity, name, decoded);
                } finally {
                    pendingBytes.addAndGet(-decoded.length);
                }
            });
        } catch (RejectedExecutionException closed) {
            pendingBytes.addAndGet(-decoded.length);
        }
    }

    /** Writes what is waiting (for a few seconds at most) and takes nothing more. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

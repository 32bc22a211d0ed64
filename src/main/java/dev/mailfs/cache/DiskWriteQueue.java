package dev.mailfs.cache;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * What goes to the disk store (chunks, listings), written on one thread of its own, off the
 * reader's path: several threads creating files in one directory at once cost much more kernel
 * time than one doing it alone. Every file is written to a temporary file and renamed, so a write
 * cut short (the process killed) leaves nothing that is ever served.
 */
final class DiskWriteQueue implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DiskWriteQueue.class.getName());
    private static final long MAX_PENDING_CHUNK_BYTES = 32L << 20;
    private static final long WAIT_MINUTES = 1;

    private final ExecutorService writer = DaemonThreads.pool("mailfs-disk-writer", 1);
    /** The bytes of the chunks queued and not written yet. */
    private final AtomicLong pendingChunkBytes = new AtomicLong();

    /**
     * Writes a chunk of {@code length} bytes through {@code write}, queued. When the queue is over
     * its budget, the caller (a loader) writes itself, which slows fetching down to what the disk
     * takes rather than dropping what a restart should find.
     */
    void writeChunk(int length, Runnable write) {
        if (pendingChunkBytes.addAndGet(length) > MAX_PENDING_CHUNK_BYTES) {
            pendingChunkBytes.addAndGet(-length);
            write.run();
            return;
        }
        if (!queue(() -> {
            try {
                write.run();
            } finally {
                pendingChunkBytes.addAndGet(-length);
            }
        })) {
            pendingChunkBytes.addAndGet(-length);
        }
    }

    /**
     * Queues {@code write}, whatever the budget. Once closed, it is dropped: what it would have
     * kept is fetched from the server again next time. Returns whether it was queued.
     */
    boolean queue(Runnable write) {
        try {
            writer.execute(write);
            return true;
        } catch (RejectedExecutionException closed) {
            LOG.fine("not written to the disk store: it is closed");
            return false;
        }
    }

    /** Waits (up to a minute) until what was queued is written. */
    void awaitWritten() {
        try {
            writer.submit(() -> { }).get(WAIT_MINUTES, TimeUnit.MINUTES);
        } catch (RejectedExecutionException closed) {
            // nothing more is written
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warning("the disk store did not finish writing: " + e);
        }
    }

    /** Writes what is queued (waiting up to a minute), takes nothing more, and ends the writer thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(WAIT_MINUTES, TimeUnit.MINUTES)) {
                LOG.warning("the disk store did not finish writing within a minute; what it lacks is fetched again next time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.mailfs.mime;

import dev.mailfs.errors.MailfsException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A decoded file while it is being written: its writer appends, and readers read what is written
 * so far, or wait for more (when they may read before the end) or for the end. Once kept in its
 * place it is read from there.
 */
final class GrowingFile {
    private final Path temporary;
    /** The writer's: readers open their own, so that one interrupted (which closes it) harms no one else. */
    private final FileChannel channel;
    /**
     * The size the file will have, when known (-1 if not): then readers may read before the writer
     * is done, and a read up to the end need not wait for more than there will be.
     */
    private final long expectedSize;

    // Guarded by this object's monitor.
    private long written;
    private boolean complete;
    private Path kept;
    private RuntimeException failure;

    GrowingFile(Path temporary, long expectedSize) throws IOException {
        this.temporary = temporary;
        this.channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
        this.expectedSize = expectedSize;
    }

    /** What the writer writes to: each write is readable once it returns. */
    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                grew(length);
            }
        };
    }

    /** The writer wrote every byte, and found them good: readers need wait no more. */
    synchronized void complete() {
        complete = true;
        notifyAll();
    }

    /** The writer is done: every byte is on the disk, and the file is in its place. */
    void kept(Path place) {
        synchronized (this) {
            kept = place;
            notifyAll();
        }
        closeChannel();
    }

    /** The writer failed: readers waiting get {@code why}, and the file is gone. */
    void failed(RuntimeException why) {
        synchronized (this) {
            failure = why;
            notifyAll();
        }
        closeChannel();
    }

    /** Forces what was written to the disk, before the file is put in its place. */
    void force() throws IOException {
        channel.force(false);
    }

    /** The file in its place, once the writer is done. */
    Path awaitKept() {
        synchronized (this) {
            while (kept == null) {
                awaitChange();
            }
            return kept;
        }
    }

    /**
     * Up to what {@code into} has room for at {@code offset}, once written, put into it: how many
     * bytes; -1 once the file is in its place (read it there).
     */
    int read(long offset, ByteBuffer into) throws IOException {
        synchronized (this) {
            while (kept == null && !complete && !(expectedSize >= 0 && written >= Math.min(offset + into.remaining(), expectedSize))) {
                awaitChange();
            }
            if (kept != null) {
                return -1;
            }
        }
        try (FileChannel reader = FileChannel.open(temporary, StandardOpenOption.READ)) {
            return readFully(reader, offset, into);
        } catch (NoSuchFileException keptOrFailedMeanwhile) {
            return -1;
        }
    }

    /** Reads into {@code into} until it is full or the file ends; how many bytes. */
    static int readFully(FileChannel channel, long offset, ByteBuffer into) throws IOException {
        int start = into.position();
        for (int n; into.hasRemaining() && (n = channel.read(into, offset + into.position() - start)) > 0; ) {
            // until full, or the end of what there is
        }
        return into.position() - start;
    }

    private synchronized void grew(long length) {
        written += length;
        notifyAll();
    }

    /** Waits for the writer to write more, finish or fail; holds this object's monitor. */
    private void awaitChange() {
        if (failure != null) {
            throw failure;
        }
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailfsException.Interrupted("waiting for a part being decoded");
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // only read from here on, through the kept file
        }
    }
}

package dev.mailfs.vfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;

/**
 * A file being copied into a folder. Its bytes go to a private temporary file, never the heap;
 * when it is closed they are appended to the folder as a message, once.
 */
final class IncomingMessage {
    private final String path;
    private final String mailbox;
    private final Path file;
    private final FileChannel channel;
    private volatile boolean changedSinceAppend = true;
    private volatile Optional<Set<String>> flags = Optional.empty();

    private IncomingMessage(String path, String mailbox, Path file, FileChannel channel) {
        this.path = path;
        this.mailbox = mailbox;
        this.file = file;
        this.channel = channel;
    }

    static IncomingMessage create(String path, String mailbox, Path directory) {
        try {
            Path file = Files.createTempFile(directory, "incoming-", ".eml");
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new IncomingMessage(path, mailbox, file, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store an incoming message in " + directory, e);
        }
    }

    String path() {
        return path;
    }

    String mailbox() {
        return mailbox;
    }

    Path file() {
        return file;
    }

    synchronized void write(long offset, byte[] bytes) throws IOException {
        channel.write(ByteBuffer.wrap(bytes), offset);
        changedSinceAppend = true;
    }

    synchronized void truncate(long size) throws IOException {
        channel.truncate(size);
        changedSinceAppend = true;
    }

    long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Flags set on the file before it was closed (cp --preserve=xattr from another mailfs folder). */
    void setFlags(Set<String> flags) {
        this.flags = Optional.of(Set.copyOf(flags));
    }

    Optional<Set<String>> flags() {
        return flags;
    }

    /** True when there is something to append that was not appended yet. */
    boolean needsAppend() {
        return changedSinceAppend;
    }

    void appended() {
        changedSinceAppend = false;
    }

    void discard() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.mailfs.vfs;

import dev.mailfs.mail.MessageRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * A file being copied into a folder. Its bytes go to a private temporary file, never the heap.
 * Each close(2) after new writes appends what the file holds then; the version appended before is
 * removed, so that a file written by several processes in turn ends as one message. Between a
 * close(2) and the next write the file holds no descriptor.
 */
final class IncomingMessage {
    private final String path;
    private final String mailbox;
    private final Path file;
    /** Null between a close(2) and the next write. */
    private FileChannel channel;
    private long version = 1;
    private long appendedVersion;
    private Optional<MessageRef> appendedAs = Optional.empty();
    private Optional<Set<String>> flags = Optional.empty();

    private IncomingMessage(String path, String mailbox, Path file, FileChannel channel) {
        this.path = path;
        this.mailbox = mailbox;
        this.file = file;
        this.channel = channel;
    }

    static IncomingMessage create(String path, String mailbox, Path directory) {
        try {
            // systemd-tmpfiles may have cleaned the directory out from under a long-running mount.
            if (Files.notExists(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
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
        open().write(ByteBuffer.wrap(bytes), offset);
        version++;
    }

    synchronized void truncate(long size) throws IOException {
        open().truncate(size);
        version++;
    }

    synchronized long size() {
        try {
            return channel != null && channel.isOpen() ? channel.size() : Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether nothing was written since the last close(2) was handled. */
    synchronized boolean unchangedSince(long closedVersion) {
        return version == closedVersion;
    }

    synchronized long version() {
        return version;
    }

    /** The channel, opened again if a close(2) or an interrupted write (Ctrl-C closes the channel it lands in) closed it. */
    private FileChannel open() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return channel;
    }

    /** Lets go of the descriptor until the next write. */
    synchronized void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // reopened at the next write, if one comes
            }
            channel = null;
        }
    }

    /** Flags set on the file before it was closed (cp --preserve=xattr from another mailfs folder). */
    synchronized void setFlags(Set<String> flags) {
        this.flags = Optional.of(Set.copyOf(flags));
    }

    synchronized Optional<Set<String>> flags() {
        return flags;
    }

    /** Appends the file's current content; returns the new message when the server tells. */
    interface Appender {
        Optional<MessageRef> append(IncomingMessage message) throws IOException;
    }

    /** Removes the version an earlier close(2) appended (empty: the server did not say which it became). */
    interface Replaced {
        void remove(Optional<MessageRef> earlier);
    }

    /** Appends the current content if it changed since the last append; writes wait meanwhile. */
    synchronized void appendIfChanged(Appender appender, Replaced replaced) throws IOException {
        if (version == appendedVersion) {
            return;
        }
        Optional<MessageRef> appended = appender.append(this);
        if (appendedVersion != 0) {
            replaced.remove(appendedAs);
        }
        appendedAs = appended;
        appendedVersion = version;
    }

    void discard() {
        closeChannel();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

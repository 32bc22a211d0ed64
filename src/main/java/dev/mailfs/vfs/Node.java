package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * What a path stands for, and what each file operation does there. Each kind of node does what it
 * can and refuses the rest with the error the caller is to see; the refusals here are the ones
 * most kinds share. {@link PathResolver} makes a node for each operation: it holds what the path
 * meant at that moment.
 */
abstract class Node {
    /** The path as the operation named it; errors name it too. */
    final String path;

    Node(String path) {
        this.path = path;
    }

    /** What stat shows; inode 0 leaves the number to {@link InodeNumbers}. */
    abstract FileAttributes getattr();

    /** The entries of a directory, without "." and "..", until {@code into} wants no more. */
    void list(EntrySink into) {
        throw new MailfsException.NotADirectory(path);
    }

    /**
     * Up to {@code into.remaining()} bytes at {@code offset}, put into {@code into}: how many; fewer
     * at the end of the file, none past it.
     */
    int read(long offset, ByteBuffer into) {
        throw new MailfsException.IsADirectory(path);
    }

    /** open(2) for writing: nothing that exists can be written; this says why. */
    void openForWriting() {
        throw new MailfsException.AccessDenied("messages cannot be changed: " + path);
    }

    /** unlink(2). */
    void remove() {
        throw new MailfsException.IsADirectory(path);
    }

    /** rmdir(2). */
    void removeDirectory() {
        throw new MailfsException.NotADirectory(path);
    }

    /** rename(2) to {@code to}, whose folder {@code paths} finds. */
    void renameTo(String to, PathResolver paths) {
        throw new MailfsException.AccessDenied(path + " is part of a message");
    }

    /**
     * This directory as the folder something is made in or moved into.
     *
     * @param notAFolder what the error says when this is no folder (nor a message's directory, which says so)
     */
    FolderNode asFolderForChange(String notAFolder) {
        throw new MailfsException.NotPermitted(notAFolder);
    }

    /** Its extended attributes by name: only a message has any. */
    Map<String, byte[]> extendedAttributes() {
        return Map.of();
    }

    /** setfattr: only a message has attributes to set. */
    void setExtendedAttribute(String name, byte[] value) {
        throw new MailfsException.AccessDenied("only messages have attributes to set: " + path);
    }

    /** What a read of {@code content} at {@code offset} returns. */
    /** {@link #read} of a file whose bytes are {@code content}. */
    static int read(byte[] content, long offset, ByteBuffer into) {
        if (offset >= content.length) {
            return 0;
        }
        int n = (int) Math.min(into.remaining(), content.length - offset);
        into.put(content, (int) offset, n);
        return n;
    }

    /** The refusal of every change inside a message's directory, at any depth. */
    static MailfsException noChangesInsideAMessage(String path) {
        return new MailfsException.AccessDenied("a message's directory cannot be changed: " + path);
    }
}

package dev.mailfs.vfs;

import dev.mailfs.mail.MailSource;
import java.nio.charset.StandardCharsets;

/**
 * Whether this filesystem numbers its inodes itself (mount with use_ino): on Gmail, where a
 * message's file in every label's folder is one file, as hard links are. Such a file has its
 * X-GM-MSGID as its number; every other node a hash of its path (FNV-1a, 64 bits) with the top
 * bit set, which no X-GM-MSGID has.
 */
final class InodeNumbers {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private final MailSource mail;

    InodeNumbers(MailSource mail) {
        this.mail = mail;
    }

    boolean numbered() {
        return mail.hasLabels();
    }

    /** The inode number of a directory, for its "." entry: 0 when libfuse numbers them. */
    long ofDirectory(String path) {
        return numbered() ? ofPath(path) : 0;
    }

    /** The node's attributes with the number of its path, when it has none of its own and this filesystem numbers them. */
    FileAttributes numbered(String path, FileAttributes attributes) {
        return numbered() && attributes.inode() == 0 ? attributes.withInode(ofPath(path), attributes.links()) : attributes;
    }

    /**
     * With inodes of our own, every entry needs its number (readdir skips an entry numbered 0): a
     * message's file has its X-GM-MSGID, given by its folder's listing; the rest are numbered by path.
     */
    EntrySink numberingIn(String directory, EntrySink into) {
        if (!numbered()) {
            return into;
        }
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        return (name, isDirectory, inode) -> into.add(name, isDirectory, inode != 0 ? inode : ofPath(prefix + name));
    }

    static long ofPath(String path) {
        long hash = OFFSET_BASIS;
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        return hash | Long.MIN_VALUE;
    }
}

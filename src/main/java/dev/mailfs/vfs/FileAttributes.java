package dev.mailfs.vfs;

import java.time.Instant;

/**
 * What {@code stat} shows for a node.
 *
 * @param mode  permission bits only (0600 files, 0700 directories: the mounting user's alone)
 * @param inode the inode number to show, or 0 to leave it to libfuse
 * @param links the link count: 1, or for a Gmail message's file the folders that show it
 */
public record FileAttributes(boolean directory, long size, Instant modified, int mode, long inode, int links) {
    public static final int FILE_MODE = 0600;
    public static final int DIRECTORY_MODE = 0700;

    static FileAttributes directory(Instant modified) {
        return new FileAttributes(true, 0, modified, DIRECTORY_MODE, 0, 1);
    }

    static FileAttributes file(long size, Instant modified) {
        return new FileAttributes(false, size, modified, FILE_MODE, 0, 1);
    }

    /** The same node shown with this inode number and link count. */
    FileAttributes withInode(long newInode, int newLinks) {
        return new FileAttributes(directory, size, modified, mode, newInode, newLinks);
    }
}

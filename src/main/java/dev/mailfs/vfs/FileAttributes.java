package dev.mailfs.vfs;

import java.time.Instant;

/**
 * What {@code stat} shows for a node.
 *
 * @param mode permission bits only (0600 files, 0700 directories: the mounting user's alone)
 */
public record FileAttributes(boolean directory, long size, Instant modified, int mode) {
    public static final int FILE_MODE = 0600;
    public static final int DIRECTORY_MODE = 0700;

    static FileAttributes directory(Instant modified) {
        return new FileAttributes(true, 0, modified, DIRECTORY_MODE);
    }

    static FileAttributes file(long size, Instant modified) {
        return new FileAttributes(false, size, modified, FILE_MODE);
    }
}

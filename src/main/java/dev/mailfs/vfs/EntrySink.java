package dev.mailfs.vfs;

/** Receives a directory's entries in order; returns false to be given no more (the kernel's buffer is full). */
@FunctionalInterface
public interface EntrySink {
    /** @param inode the entry's inode number, as getattr gives it; 0 when libfuse numbers them */
    boolean add(String name, boolean directory, long inode);
}

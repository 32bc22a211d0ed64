package dev.mailfs.vfs;

import java.nio.charset.StandardCharsets;

/** Inode numbers made from paths: FNV-1a, 64 bits, with the top bit set. */
final class PathInodes {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private PathInodes() {
    }

    static long of(String path) {
        long hash = OFFSET_BASIS;
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        return hash | Long.MIN_VALUE;
    }
}

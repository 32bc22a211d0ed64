package dev.mailfs.cache;

/** A chunk's bytes in memory, and whether a reader got to their end (see {@link BodyCache#forgetIfReadThrough}). */
final class ChunkBytes {
    final byte[] bytes;
    volatile boolean readThrough;

    ChunkBytes(byte[] bytes) {
        this.bytes = bytes;
    }
}

package dev.mailfs.mime;

import java.util.Arrays;

/**
 * A file of a message's directory (body.txt, an attachment), decoded: its exact size, and its bytes
 * by offset. A small one is held in memory; a large one is a file on disk, decoded when first read
 * (see {@link PartFiles}), and its size may be known before that.
 */
public interface DecodedFile {
    /** The number of bytes {@link #read} gives in all. */
    long size();

    /** Up to {@code length} bytes at {@code offset}; fewer at the end, none past it. */
    byte[] read(long offset, int length);

    static DecodedFile of(byte[] bytes) {
        return new InMemory(bytes);
    }

    /** A small decoded file, whole. */
    record InMemory(byte[] bytes) implements DecodedFile {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public byte[] read(long offset, int length) {
            if (offset >= bytes.length || length <= 0) {
                return new byte[0];
            }
            return Arrays.copyOfRange(bytes, (int) offset, (int) Math.min(bytes.length, offset + length));
        }
    }
}

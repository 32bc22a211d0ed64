package dev.mailfs.mime;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A file of a message's directory (body.txt, an attachment), decoded: its exact size, and its bytes
 * by offset. A small one is held in memory; a large one is a file on disk, decoded when first read
 * (see {@link PartFiles}), and its size may be known before that.
 */
public interface DecodedFile {
    /** The number of bytes {@link #read} gives in all. */
    long size();

    /** Up to {@code into.remaining()} bytes at {@code offset}, put into {@code into}: how many; fewer at the end, none past it. */
    int read(long offset, ByteBuffer into);

    /** {@link #read(long, ByteBuffer)}, as an array of the bytes read. */
    default byte[] read(long offset, int length) {
        ByteBuffer into = ByteBuffer.allocate(Math.max(0, length));
        int n = read(offset, into);
        return n == into.capacity() ? into.array() : Arrays.copyOf(into.array(), n);
    }

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
        public int read(long offset, ByteBuffer into) {
            if (offset >= bytes.length) {
                return 0;
            }
            int n = (int) Math.min(into.remaining(), bytes.length - offset);
            into.put(bytes, (int) offset, n);
            return n;
        }
    }
}

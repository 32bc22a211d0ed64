package dev.mailfs.mime;

import java.io.InputStream;
import java.util.Random;

/** Serves bytes in pieces of random small sizes, as a network stream may, to hit every boundary. */
final class PieceByPieceStream extends InputStream {
    private static final int[] SIZES = {1, 1, 2, 3, 4, 5, 7, 13, 64, 77, 1000, 4097};

    private final byte[] bytes;
    private final Random random;
    private int position;
    private boolean closed;

    PieceByPieceStream(byte[] bytes, long seed) {
        this.bytes = bytes;
        this.random = new Random(seed);
    }

    @Override
    public int read() {
        return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position == bytes.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, SIZES[random.nextInt(SIZES.length)]), bytes.length - position);
        System.arraycopy(bytes, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }
}

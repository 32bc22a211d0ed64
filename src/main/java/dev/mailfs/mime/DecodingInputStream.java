package dev.mailfs.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** The decoded bytes of a raw stream, decoded a piece at a time: memory stays a few dozen KiB whatever the length. */
final class DecodingInputStream extends InputStream {
    /** How many raw bytes one read of raw asks for. */
    static final int PIECE = 16 * 1024;

    private final InputStream raw;
    private final ChunkDecoder decoder;
    private final byte[] piece = new byte[PIECE];
    /** Decoded bytes of the last piece; those in [position, limit) are not read yet. */
    private final byte[] decoded;
    private int position;
    private int limit;
    /** Whether raw ended and the decoder has written its last bytes. */
    private boolean finished;

    DecodingInputStream(InputStream raw, ChunkDecoder decoder) {
        this.raw = raw;
        this.decoder = decoder;
        this.decoded = new byte[decoder.maxOutput(PIECE)];
    }

    @Override
    public int read() throws IOException {
        return fill() ? decoded[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position == limit && !finished && len >= decoded.length) {
            return readDirectly(b, off); // decode straight into the caller's buffer, saving a copy
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(decoded, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return limit - position;
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    /** Decodes the next piece into b, which has room for it; -1 at the end. */
    private int readDirectly(byte[] b, int off) throws IOException {
        int written = 0;
        while (written == 0) {
            int n = raw.read(piece);
            if (n < 0) {
                finished = true;
                written = decoder.finish(b, off);
                return written == 0 ? -1 : written;
            }
            written = decoder.decode(piece, 0, n, b, off);
        }
        return written;
    }

    /** Decodes pieces until there are decoded bytes to read; false at the end. */
    private boolean fill() throws IOException {
        while (position == limit) {
            if (finished) {
                return false;
            }
            int n = raw.read(piece);
            position = 0;
            if (n < 0) {
                limit = decoder.finish(decoded, 0);
                finished = true;
            } else {
                limit = decoder.decode(piece, 0, n, decoded, 0);
            }
        }
        return true;
    }
}

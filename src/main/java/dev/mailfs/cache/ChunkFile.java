package dev.mailfs.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The format of one chunk on disk: "MFS1", the length and the CRC32C of the bytes, then the bytes.
 * Without an fsync a crash can leave a file whose data never reached the disk (zeros, or cut
 * short); the header tells such a file from a good one.
 */
final class ChunkFile {
    static final int HEADER_BYTES = 12;
    private static final int MAGIC = 0x4d465331;

    private ChunkFile() {
    }

    static void write(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(bytes.length).putInt(crc(bytes)).flip();
        ByteBuffer body = ByteBuffer.wrap(bytes);
        ByteBuffer[] buffers = {header, body};
        while (header.hasRemaining() || body.hasRemaining()) {
            channel.write(buffers);
        }
    }

    /** The bytes, or empty if the file is not an intact chunk of at most {@code maxLength} bytes. */
    static Optional<byte[]> read(FileChannel channel, int maxLength) throws IOException {
        long length = channel.size() - HEADER_BYTES;
        if (length < 0 || length > maxLength) {
            return Optional.empty();
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        byte[] bytes = new byte[(int) length];
        ByteBuffer body = ByteBuffer.wrap(bytes);
        ByteBuffer[] buffers = {header, body};
        while (header.hasRemaining() || body.hasRemaining()) {
            if (channel.read(buffers) < 0) {
                return Optional.empty();
            }
        }
        header.flip();
        boolean intact = header.getInt() == MAGIC && header.getInt() == length && header.getInt() == crc(bytes);
        return intact ? Optional.of(bytes) : Optional.empty();
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}

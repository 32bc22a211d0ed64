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
    /**
     * Bytes moved per system call. A heap buffer goes through a direct one of its size, which Java
     * keeps for the thread: a megabyte each for some 25 threads, where 64 KiB do as well.
     */
    private static final int SLICE_BYTES = 64 << 10;

    private ChunkFile() {
    }

    static void write(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(bytes.length).putInt(crc(bytes)).flip();
        writeAll(channel, header);
        writeAll(channel, bytes);
    }

    /** Writes all of {@code bytes}: a file of the disk store written whole or not at all. */
    static void writeAll(FileChannel channel, byte[] bytes) throws IOException {
        for (int offset = 0; offset < bytes.length; offset += SLICE_BYTES) {
            writeAll(channel, ByteBuffer.wrap(bytes, offset, Math.min(SLICE_BYTES, bytes.length - offset)));
        }
    }

    private static void writeAll(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
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
        if (!readAll(channel, header) || !readAll(channel, bytes)) {
            return Optional.empty();
        }
        header.flip();
        boolean intact = header.getInt() == MAGIC && header.getInt() == length && header.getInt() == crc(bytes);
        return intact ? Optional.of(bytes) : Optional.empty();
    }

    /** Fills {@code bytes}; false when the file ends first. */
    private static boolean readAll(FileChannel channel, byte[] bytes) throws IOException {
        for (int offset = 0; offset < bytes.length; offset += SLICE_BYTES) {
            if (!readAll(channel, ByteBuffer.wrap(bytes, offset, Math.min(SLICE_BYTES, bytes.length - offset)))) {
                return false;
            }
        }
        return true;
    }

    /** False when the file ends first. */
    private static boolean readAll(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}

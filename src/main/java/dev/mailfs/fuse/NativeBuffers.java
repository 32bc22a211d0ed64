package dev.mailfs.fuse;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import jnr.ffi.Pointer;

/** libfuse's buffers as ByteBuffers, so that files read from disk go straight into them, never through the heap. */
final class NativeBuffers {
    private NativeBuffers() {
    }

    /** The first {@code size} bytes of {@code buffer}, as a view of its memory (libfuse's buffers are always native). */
    static ByteBuffer of(Pointer buffer, long size) {
        int capacity = (int) Math.min(size, Integer.MAX_VALUE);
        if (buffer.isDirect()) {
            return MemoryIO.getInstance().newDirectByteBuffer(buffer.address(), capacity);
        }
        throw new IllegalArgumentException("not a native buffer: " + buffer);
    }
}

package dev.mailfs.fuse;

import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * The bit-fields of libfuse 2.9's {@code struct fuse_file_info}, which jnr-fuse maps as single
 * bytes at the wrong offsets (its own source says so). On 64-bit Linux the struct is
 * {@code int flags; unsigned long fh_old; int writepage;} then the bit-fields in the 32-bit word
 * at offset 20, {@code direct_io} first.
 */
final class FileInfoBits {
    private static final int BIT_FIELDS_OFFSET = 20;
    private static final int DIRECT_IO = 1;

    private FileInfoBits() {
    }

    /** Reads and writes of this open file go to the filesystem, never through the page cache. */
    static void setDirectIo(FuseFileInfo fi) {
        Pointer memory = Struct.getMemory(fi);
        memory.putInt(BIT_FIELDS_OFFSET, memory.getInt(BIT_FIELDS_OFFSET) | DIRECT_IO);
    }
}

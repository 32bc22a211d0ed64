package dev.mailfs.fuse;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.vfs.FileAttributes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import dev.mailfs.vfs.MailFilesystem;
import java.util.List;
import jnr.constants.platform.Errno;
import jnr.ffi.Pointer;
import jnr.ffi.types.dev_t;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.uid_t;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.struct.FuseOperations;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The thin adapter from FUSE callbacks to {@link MailFilesystem}. Every callback catches everything
 * and answers with an errno (jnr-fuse would otherwise swallow the exception and say EIO unlogged).
 */
final class MailFuse extends FuseStubFS {
    /**
     * What readdir tells of each entry: only its kind (libfuse takes d_type from st_mode), so that
     * grep -r and find need no lookup to know a message's directory from its file. In native
     * memory, once: libfuse copies what it needs.
     */
    private static final FileStat DIRECTORY_KIND = kind(FileStat.S_IFDIR);
    private static final FileStat FILE_KIND = kind(FileStat.S_IFREG);
    private static final int O_ACCMODE = 03;
    private static final int O_RDONLY = 0;
    /** The block size statfs reports. */
    private static final int BLOCK = 4096;
    private static final int O_TRUNC = 01000;

    private final MailFilesystem fs;
    private final KernelCache kernelCache;
    private final long ownerUid;
    private final long ownerGid;

    MailFuse(MailFilesystem fs, KernelCache kernelCache, long ownerUid, long ownerGid) {
        this.fs = fs;
        this.kernelCache = kernelCache;
        this.ownerUid = ownerUid;
        this.ownerGid = ownerGid;
    }

    @FunctionalInterface
    private interface Callback {
        int run() throws Exception;
    }

    private static int guard(String operation, String path, Callback callback) {
        try {
            return callback.run();
        } catch (Throwable failure) {
            return ErrnoTable.toErrno(operation, path, failure);
        }
    }

    @Override
    protected String getFSName() {
        return "mailfs";
    }

    /** The callbacks as libfuse takes them. */
    FuseOperations operations() {
        return fuseOperations;
    }

    /** The command line libfuse parses: as jnr-fuse's own mount builds it (foreground, then our options). */
    String[] commandLine(Path mountPoint, String[] options) {
        List<String> args = new ArrayList<>(List.of(getFSName(), "-f", mountPoint.toAbsolutePath().toString()));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    @Override
    public int getattr(String path, FileStat stat) {
        return guard("getattr", path, () -> {
            FileAttributes attributes = fs.getattr(path);
            stat.st_mode.set((attributes.directory() ? FileStat.S_IFDIR : FileStat.S_IFREG) | attributes.mode());
            stat.st_nlink.set(attributes.links()); // 1 is "unknown" for directories, so find does not skip any
            if (attributes.inode() != 0) {
                stat.st_ino.set(attributes.inode());
            }
            stat.st_size.set(attributes.size());
            stat.st_uid.set(ownerUid);
            stat.st_gid.set(ownerGid);
            setTime(stat.st_mtim, attributes);
            setTime(stat.st_ctim, attributes);
            setTime(stat.st_atim, attributes);
            return 0;
        });
    }

    private static void setTime(Timespec time, FileAttributes attributes) {
        time.tv_sec.set(attributes.modified().getEpochSecond());
        time.tv_nsec.set(attributes.modified().getNano());
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
        return guard("readdir", path, () -> {
            if (!fs.numbersInodes()) {
                filter.apply(buf, ".", DIRECTORY_KIND, 0);
                filter.apply(buf, "..", DIRECTORY_KIND, 0);
                fs.list(path, (name, directory, inode) -> filter.apply(buf, name, directory ? DIRECTORY_KIND : FILE_KIND, 0) == 0);
                return 0;
            }
            // With inodes of our own, an entry numbered 0 is skipped by readdir(3). libfuse copies
            // each entry at once, so two structs serve the whole listing.
            FileStat directoryEntry = kind(FileStat.S_IFDIR);
            FileStat fileEntry = kind(FileStat.S_IFREG);
            directoryEntry.st_ino.set(fs.directoryInode(path));
            filter.apply(buf, ".", directoryEntry, 0);
            int slash = path.lastIndexOf('/');
            directoryEntry.st_ino.set(fs.directoryInode(slash <= 0 ? "/" : path.substring(0, slash)));
            filter.apply(buf, "..", directoryEntry, 0);
            fs.list(path, (name, directory, inode) -> {
                FileStat entry = directory ? directoryEntry : fileEntry;
                entry.st_ino.set(inode);
                return filter.apply(buf, name, entry, 0) == 0;
            });
            return 0;
        });
    }

    /**
     * ENOSYS for reading, on purpose: the kernel then opens every file itself from now on, keeping
     * its pages (FOPEN_KEEP_CACHE), and never sends OPEN or RELEASE again (Linux 3.14+, "no_open").
     * That is two requests fewer per file a grep reads. Reads come by path, and files being copied
     * in are made by {@link #create}, which still has a handle. An open for writing before the
     * kernel knows says why it is refused; after, writes to an existing file fail in write(2).
     */
    @Override
    public int open(String path, FuseFileInfo fi) {
        return guard("open", path, () -> {
            int flags = fi.flags.get();
            boolean forWriting = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) != 0;
            if (!forWriting) {
                return -Errno.ENOSYS.intValue();
            }
            fs.openForWriting(path);
            return 0;
        });
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return guard("read", path, () -> {
            int n = fs.read(path, offset, NativeBuffers.of(buf, size));
            if (fs.changesBetweenReads(path)) {
                kernelCache.forgetAfterThisRequest(); // so that the next read asks again
            }
            return n;
        });
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        return guard("release", path, () -> {
            fs.release(fi.fh.get());
            return 0;
        });
    }

    @Override
    public int statfs(String path, Statvfs stbuf) {
        return guard("statfs", path, () -> {
            // Mail has no blocks to count: the quota where the server has one, else an empty filesystem
            // (which file managers take as "size unknown" and copy anyway).
            stbuf.f_bsize.set(BLOCK);
            stbuf.f_frsize.set(BLOCK);
            stbuf.f_namemax.set(255);
            fs.space().ifPresent(space -> {
                stbuf.f_blocks.set(space.totalBytes() / BLOCK);
                stbuf.f_bfree.set(space.freeBytes() / BLOCK);
                stbuf.f_bavail.set(space.freeBytes() / BLOCK);
            });
            return 0;
        });
    }

    // Changes to the mailbox.

    @Override
    public int mkdir(String path, @mode_t long mode) {
        return guard("mkdir", path, () -> {
            fs.mkdir(path);
            return 0;
        });
    }

    @Override
    public int rmdir(String path) {
        return guard("rmdir", path, () -> {
            fs.rmdir(path);
            return 0;
        });
    }

    @Override
    public int unlink(String path) {
        return guard("unlink", path, () -> {
            fs.unlink(path);
            return 0;
        });
    }

    @Override
    public int rename(String oldpath, String newpath) {
        return guard("rename", oldpath, () -> {
            fs.rename(oldpath, newpath);
            return 0;
        });
    }

    @Override
    public int create(String path, @mode_t long mode, FuseFileInfo fi) {
        return guard("create", path, () -> {
            long handle = fs.create(path);
            fi.fh.set(handle);
            kernelCache.created(handle, path.substring(path.lastIndexOf('/') + 1));
            return 0;
        });
    }

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return guard("write", path, () -> {
            byte[] bytes = new byte[(int) size];
            buf.get(0, bytes, 0, bytes.length);
            fs.write(fi.fh.get(), offset, bytes);
            return bytes.length;
        });
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        return guard("flush", path, () -> {
            try {
                fs.flush(fi.fh.get());
            } finally {
                kernelCache.forgetCreated(fi.fh.get());
            }
            return 0;
        });
    }

    @Override
    public int truncate(String path, @off_t long size) {
        return guard("truncate", path, () -> {
            fs.truncate(path, size);
            return 0;
        });
    }

    @Override
    public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
        return truncate(path, size);
    }

    @Override
    public int chmod(String path, @mode_t long mode) {
        return guard("chmod", path, () -> setAttributes(path));
    }

    @Override
    public int chown(String path, @uid_t long uid, @gid_t long gid) {
        return guard("chown", path, () -> setAttributes(path));
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        return guard("utimens", path, () -> setAttributes(path));
    }

    private int setAttributes(String path) {
        fs.setAttributes(path);
        return 0;
    }

    @Override
    public int mknod(String path, @mode_t long mode, @dev_t long rdev) {
        return guard("mknod", path, () -> notPermitted(path));
    }

    @Override
    public int symlink(String oldpath, String newpath) {
        return guard("symlink", newpath, () -> notPermitted(newpath));
    }

    @Override
    public int link(String oldpath, String newpath) {
        return guard("link", newpath, () -> notPermitted(newpath));
    }

    private static int notPermitted(String path) {
        throw new MailfsException.NotPermitted("mail folders hold messages only: " + path);
    }

    // Extended attributes: user.mail.from, .to, .subject, .date, .message-id, .flags.

    @Override
    public int getxattr(String path, String name, Pointer value, @size_t long size) {
        return guard("getxattr", path, () -> copyOut(fs.attribute(path, name), value, size));
    }

    @Override
    public int listxattr(String path, Pointer list, @size_t long size) {
        return guard("listxattr", path, () -> {
            ByteArrayOutputStream names = new ByteArrayOutputStream();
            for (String name : fs.attributes(path).keySet()) {
                names.writeBytes(name.getBytes(StandardCharsets.UTF_8));
                names.write(0);
            }
            return copyOut(names.toByteArray(), list, size);
        });
    }

    @Override
    public int setxattr(String path, String name, Pointer value, @size_t long size, int flags) {
        return guard("setxattr", path, () -> {
            byte[] bytes = new byte[(int) size];
            value.get(0, bytes, 0, bytes.length);
            fs.setAttribute(path, name, bytes);
            return 0;
        });
    }

    @Override
    public int removexattr(String path, String name) {
        return guard("removexattr", path, () -> {
            fs.setAttribute(path, name, new byte[0]);
            return 0;
        });
    }

    private static FileStat kind(int mode) {
        jnr.ffi.Runtime runtime = jnr.ffi.Runtime.getSystemRuntime();
        FileStat stat = FileStat.of(jnr.ffi.Memory.allocateDirect(runtime, jnr.ffi.Struct.size(new FileStat(runtime))));
        stat.st_mode.set(mode);
        return stat;
    }

    /** Size 0 asks how long the value is; a buffer too small for it is ERANGE. */
    private static int copyOut(byte[] bytes, Pointer buffer, long size) {
        if (size == 0) {
            return bytes.length;
        }
        if (size < bytes.length) {
            return -Errno.ERANGE.intValue();
        }
        buffer.put(0, bytes, 0, bytes.length);
        return bytes.length;
    }
}

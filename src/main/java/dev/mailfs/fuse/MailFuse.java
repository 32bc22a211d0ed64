package dev.mailfs.fuse;

import dev.mailfs.vfs.FileAttributes;
import dev.mailfs.vfs.MailFilesystem;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.types.dev_t;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.uid_t;
import ru.serce.jnrfuse.FuseFillDir;
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
    private static final int O_ACCMODE = 03;
    private static final int O_RDONLY = 0;
    private static final int O_TRUNC = 01000;

    private final MailFilesystem fs;
    private final long ownerUid;
    private final long ownerGid;

    MailFuse(MailFilesystem fs, long ownerUid, long ownerGid) {
        this.fs = fs;
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

    @Override
    public int getattr(String path, FileStat stat) {
        return guard("getattr", path, () -> {
            FileAttributes attributes = fs.getattr(path);
            stat.st_mode.set((attributes.directory() ? FileStat.S_IFDIR : FileStat.S_IFREG) | attributes.mode());
            stat.st_nlink.set(1); // "unknown" for directories, so find does not skip any
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
            List<String> entries = fs.readdir(path);
            filter.apply(buf, ".", null, 0);
            filter.apply(buf, "..", null, 0);
            for (String entry : entries) {
                if (filter.apply(buf, entry, null, 0) != 0) {
                    break; // the kernel's buffer is full
                }
            }
            return 0;
        });
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        return guard("open", path, () -> {
            int flags = fi.flags.get();
            boolean forWriting = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) != 0;
            fi.fh.set(fs.open(path, forWriting));
            return 0;
        });
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return guard("read", path, () -> {
            byte[] bytes = fs.read(fi.fh.get(), offset, (int) Math.min(size, Integer.MAX_VALUE));
            buf.put(0, bytes, 0, bytes.length);
            return bytes.length;
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
            // Mail has no blocks to count: report an empty filesystem so that df works.
            stbuf.f_bsize.set(4096);
            stbuf.f_frsize.set(4096);
            stbuf.f_namemax.set(255);
            return 0;
        });
    }

    // Everything below changes the mailbox, which this version refuses.

    @Override
    public int mkdir(String path, @mode_t long mode) {
        return guard("mkdir", path, () -> refuse(path));
    }

    @Override
    public int rmdir(String path) {
        return guard("rmdir", path, () -> refuse(path));
    }

    @Override
    public int unlink(String path) {
        return guard("unlink", path, () -> refuse(path));
    }

    @Override
    public int rename(String oldpath, String newpath) {
        return guard("rename", oldpath, () -> refuse(oldpath));
    }

    @Override
    public int create(String path, @mode_t long mode, FuseFileInfo fi) {
        return guard("create", path, () -> refuse(path));
    }

    @Override
    public int mknod(String path, @mode_t long mode, @dev_t long rdev) {
        return guard("mknod", path, () -> refuse(path));
    }

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return guard("write", path, () -> refuse(path));
    }

    @Override
    public int truncate(String path, @off_t long size) {
        return guard("truncate", path, () -> refuse(path));
    }

    @Override
    public int chmod(String path, @mode_t long mode) {
        return guard("chmod", path, () -> refuse(path));
    }

    @Override
    public int chown(String path, @uid_t long uid, @gid_t long gid) {
        return guard("chown", path, () -> refuse(path));
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        return guard("utimens", path, () -> refuse(path));
    }

    @Override
    public int symlink(String oldpath, String newpath) {
        return guard("symlink", newpath, () -> refuse(newpath));
    }

    @Override
    public int link(String oldpath, String newpath) {
        return guard("link", newpath, () -> refuse(newpath));
    }

    private int refuse(String path) {
        fs.refuseWrite(path);
        return 0;
    }
}

package dev.mailfs.bench;

import com.sun.security.auth.module.UnixSystem;
import dev.mailfs.fuse.MountTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jnr.ffi.Pointer;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import sun.misc.Signal;

/**
 * The floor: a do-nothing jnr-fuse filesystem serving files of given names and sizes from memory,
 * mounted with the same options as mailfs, so the benchmark can tell the cost of the binding itself.
 *
 * <p>Usage: {@code FloorFs MOUNTPOINT MANIFEST}, MANIFEST being lines {@code relative/path<TAB>size}
 * (UTF-8). A file's content is a first line naming its path, then "The quick brown fox ..." lines
 * up to its size, made per read from a repeating pattern. Prints {@code floor: mounted at MOUNTPOINT}
 * once the mount answers; unmounts and exits 0 on SIGTERM or SIGINT. Run with
 * {@code -Dfile.encoding=UTF-8 -Dsun.jnu.encoding=UTF-8}.
 */
public final class FloorFs extends FuseStubFS {
    private static final byte[] LINE =
            "The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs.\n"
                    .getBytes(StandardCharsets.US_ASCII);
    /** LINE repeated past one maximal read (128 KiB), so any read is one copy starting inside the first LINE. */
    private static final byte[] PATTERN = new byte[LINE.length * (131072 / LINE.length + 2)];

    static {
        for (int i = 0; i < PATTERN.length; i += LINE.length) {
            System.arraycopy(LINE, 0, PATTERN, i, LINE.length);
        }
    }

    private final Map<String, Long> files = new HashMap<>();          // "/INBOX/a.eml" -> size
    private final Map<String, List<String>> dirs = new HashMap<>();   // "/INBOX" -> child names
    private final long uid;
    private final long gid;
    private final long mtime = System.currentTimeMillis() / 1000;

    private FloorFs(Path manifest) throws IOException {
        UnixSystem me = new UnixSystem();
        uid = me.getUid();
        gid = me.getGid();
        dirs.put("/", new ArrayList<>());
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            int tab = line.lastIndexOf('\t');
            if (tab > 0) {
                String path = "/" + line.substring(0, tab);
                if (files.put(path, Long.parseLong(line.substring(tab + 1).trim())) == null) {
                    addToParent(path);
                }
            }
        }
    }

    private void addToParent(String path) {
        int slash = path.lastIndexOf('/');
        String parent = slash == 0 ? "/" : path.substring(0, slash);
        List<String> children = dirs.get(parent);
        if (children == null) {
            children = new ArrayList<>();
            dirs.put(parent, children);
            addToParent(parent);
        }
        children.add(path.substring(slash + 1));
    }

    /** The first line: "Subject: PATH" and a newline. */
    private static byte[] header(String path) {
        return ("Subject: " + path + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int getattr(String path, FileStat stat) {
        Long size = files.get(path);
        if (size != null) {
            stat.st_mode.set(FileStat.S_IFREG | 0600);
            stat.st_nlink.set(1);
            stat.st_size.set(size);
        } else if (dirs.containsKey(path)) {
            stat.st_mode.set(FileStat.S_IFDIR | 0700);
            stat.st_nlink.set(2);
        } else {
            return -ErrorCodes.ENOENT();
        }
        stat.st_uid.set(uid);
        stat.st_gid.set(gid);
        stat.st_mtim.tv_sec.set(mtime);
        return 0;
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        List<String> children = dirs.get(path);
        if (children == null) {
            return files.containsKey(path) ? -ErrorCodes.ENOTDIR() : -ErrorCodes.ENOENT();
        }
        filler.apply(buf, ".", null, 0);
        filler.apply(buf, "..", null, 0);
        for (String name : children) {
            if (filler.apply(buf, name, null, 0) != 0) {
                break;
            }
        }
        return 0;
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        if (!files.containsKey(path)) {
            return dirs.containsKey(path) ? -ErrorCodes.EISDIR() : -ErrorCodes.ENOENT();
        }
        return 0;
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        Long length = files.get(path);
        if (length == null) {
            return -ErrorCodes.ENOENT();
        }
        int n = (int) Math.max(0, Math.min(size, length - offset));
        byte[] header = header(path);
        int done = 0;
        if (offset < header.length) { // the first line
            done = Math.min(n, header.length - (int) offset);
            buf.put(0, header, (int) offset, done);
        }
        if (done < n) { // the repeating lines after it
            int start = (int) ((offset + done - header.length) % LINE.length);
            buf.put(done, PATTERN, start, n - done);
        }
        return n;
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        return 0;
    }

    @Override
    public int statfs(String path, Statvfs stbuf) {
        return 0; // libfuse hands us a zeroed struct
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: FloorFs MOUNTPOINT MANIFEST");
            System.exit(2);
        }
        Path mountPoint = Path.of(args[0]).toAbsolutePath().normalize();
        FloorFs fs = new FloorFs(Path.of(args[1]));
        String[] options = {"-o", "fsname=floor,subtype=floor,auto_unmount,default_permissions,noatime,kernel_cache,"
                + "attr_timeout=5,entry_timeout=5,negative_timeout=5,max_read=131072"};
        Thread loop = new Thread(() -> fs.mount(mountPoint, true, false, options), "fuse-loop");
        loop.start();

        for (Signal signal : List.of(new Signal("TERM"), new Signal("INT"))) {
            Signal.handle(signal, s -> {
                try {
                    new ProcessBuilder("fusermount", "-u", "-z", mountPoint.toString()).inheritIO().start().waitFor();
                    loop.join(5000);
                } catch (Exception e) {
                    System.err.println("floor: unmount failed: " + e);
                }
                System.exit(0);
            });
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!answers(mountPoint)) {
            if (!loop.isAlive() || System.nanoTime() > deadline) {
                System.err.println("floor: could not mount " + mountPoint);
                System.exit(1);
            }
            Thread.sleep(20);
        }
        System.out.println("floor: mounted at " + mountPoint);
        System.out.flush();
        loop.join();
    }

    private static boolean answers(Path mountPoint) {
        if (!"fuse.floor".equals(MountTable.typeAt(mountPoint))) {
            return false;
        }
        try {
            Files.readAttributes(mountPoint, BasicFileAttributes.class);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

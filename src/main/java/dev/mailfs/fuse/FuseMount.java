package dev.mailfs.fuse;

import com.sun.security.auth.module.UnixSystem;
import dev.mailfs.vfs.MailFilesystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One mounted {@link MailFilesystem}: mounts on a thread of its own, reports ready only once the
 * kernel answers a stat of the root through it, and unmounts cleanly.
 */
public final class FuseMount {
    private static final Logger LOG = Logger.getLogger(FuseMount.class.getName());
    public static final String FS_TYPE = "fuse.mailfs";
    /**
     * Java threads that may answer the kernel's requests (one at a time unless a request is slow,
     * see {@link FuseLoop}). Reads that wait for the server hold one each, so there are more than
     * the IMAP connections, leaving room for ls and stat meanwhile.
     */
    static final int WORKER_THREADS = 16;
    /**
     * How long the kernel may answer lookups and stats of a name itself before asking us again. A
     * message's name, size and date never change, so this can be long: a second grep -r within it
     * costs no lookup at all. A message removed elsewhere still stats for up to this long, but its
     * name is gone from listings and opening it says ENOENT.
     */
    public static final Duration KERNEL_CACHE_TIMEOUT = Duration.ofSeconds(60);
    /** How long the kernel may remember that a name does not exist: short, for mail that arrives. */
    public static final Duration NEGATIVE_CACHE_TIMEOUT = Duration.ofSeconds(5);

    private final MailFuse fuse;
    private final KernelCache kernelCache;
    private final Path mountPoint;
    private final CompletableFuture<Void> loopEnded = new CompletableFuture<>();

    private FuseMount(MailFuse fuse, KernelCache kernelCache, Path mountPoint) {
        this.fuse = fuse;
        this.kernelCache = kernelCache;
        this.mountPoint = mountPoint;
    }

    /**
     * Mounts and waits until the mount answers, or throws {@link MountFailedException} with a
     * message fit for the user, leaving nothing mounted.
     *
     * @param source shown as the device in {@code mount}, e.g. "alice@imap.example.com"
     */
    public static FuseMount mount(MailFilesystem fs, Path mountPoint, String source, Duration readyTimeout) {
        checkMountPoint(mountPoint);
        UnixSystem me = new UnixSystem();
        KernelCache kernelCache = new KernelCache();
        MailFuse fuse = new MailFuse(fs, kernelCache, me.getUid(), me.getGid());
        FuseMount mount = new FuseMount(fuse, kernelCache, mountPoint.toAbsolutePath().normalize());
        mount.start(options(source, fs.numbersInodes()));
        mount.awaitReady(readyTimeout);
        return mount;
    }

    /** Refuses a mount point that is missing, not a directory, not empty or already mounted. */
    public static void checkMountPoint(Path mountPoint) {
        String mounted = MountTable.typeAt(mountPoint);
        if (FS_TYPE.equals(mounted) && isDead(mountPoint)) {
            // A mailfs that was killed leaves "Transport endpoint is not connected" behind.
            LOG.info("removing the stale mount at " + mountPoint + " left by a mailfs that ended");
            fusermount(mountPoint);
            mounted = MountTable.typeAt(mountPoint);
        }
        if (FS_TYPE.equals(mounted)) {
            throw new MountFailedException(mountPoint + " is already mounted by a mailfs that is running (fusermount -u "
                    + mountPoint + " to unmount it)");
        }
        if (mounted != null) {
            throw new MountFailedException(mountPoint + " is already a mount point (fusermount -u " + mountPoint + " to remove it)");
        }
        if (!Files.isDirectory(mountPoint)) {
            throw new MountFailedException("mount point " + mountPoint + " is not a directory");
        }
        try (var entries = Files.list(mountPoint)) {
            if (entries.findAny().isPresent()) {
                throw new MountFailedException("mount point " + mountPoint + " is not empty");
            }
        } catch (IOException e) {
            throw new MountFailedException("cannot read mount point " + mountPoint + ": " + e.getMessage());
        }
    }

    /** @param ownInodes the filesystem gives every node's inode number (use_ino) */
    static String[] options(String source, boolean ownInodes) {
        long seconds = KERNEL_CACHE_TIMEOUT.toSeconds();
        String fsname = source.replaceAll("[,\\s\\\\]", "_");
        List<String> options = new java.util.ArrayList<>(List.of(
                "fsname=mailfs:" + fsname,
                "subtype=mailfs",
                "auto_unmount",        // the kernel drops the mount even if we are killed
                "default_permissions", // the kernel enforces our 0600/0700 modes
                "noatime",
                "kernel_cache",        // a name always serves the same bytes, so page-cache them
                "attr_timeout=" + seconds,
                "entry_timeout=" + seconds,
                "negative_timeout=" + NEGATIVE_CACHE_TIMEOUT.toSeconds(),
                "max_read=131072"));
        if (ownInodes) {
            options.add("use_ino"); // a Gmail message has one inode in every label's folder
        }
        return new String[] {"-o", String.join(",", options)};
    }

    private void start(String[] options) {
        Thread loop = new Thread(() -> {
            try {
                if (FuseLoop.run(fuse.operations(), fuse.commandLine(mountPoint, options), WORKER_THREADS, kernelCache) != 0) {
                    throw new IllegalStateException("libfuse could not mount or serve " + mountPoint);
                }
                loopEnded.complete(null);
            } catch (Throwable failure) {
                loopEnded.completeExceptionally(failure);
            }
        }, "fuse-loop");
        loop.setDaemon(true);
        loop.start();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (loopEnded.isDone()) {
                throw new MountFailedException("could not mount " + mountPoint + ": " + loopFailure());
            }
            if (FS_TYPE.equals(MountTable.typeAt(mountPoint)) && answers()) {
                return;
            }
            sleep(Duration.ofMillis(20));
        }
        unmount();
        throw new MountFailedException("the mount at " + mountPoint + " did not answer within " + timeout.toSeconds() + " s");
    }

    private boolean answers() {
        try {
            Files.readAttributes(mountPoint, "unix:mode");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private String loopFailure() {
        try {
            loopEnded.getNow(null);
            return "the FUSE loop ended at once";
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause.getMessage();
        }
    }

    public Path mountPoint() {
        return mountPoint;
    }

    /** Blocks until the filesystem is unmounted, by {@link #unmount()} or from outside (fusermount -u). */
    public void awaitUnmounted() {
        try {
            loopEnded.handle((ok, failure) -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unmounts (lazily, so that a busy shell inside does not keep it) and waits for the FUSE loop to end. */
    public void unmount() {
        if (MountTable.typeAt(mountPoint) != null) {
            fusermount(mountPoint);
        }
        try {
            loopEnded.handle((ok, failure) -> null).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warning("the FUSE loop did not end after unmounting " + mountPoint);
        }
    }

    private static boolean isDead(Path mountPoint) {
        try {
            Files.readAttributes(mountPoint, "unix:mode");
            return false;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("Transport endpoint is not connected");
        }
    }

    private static void fusermount(Path mountPoint) {
        try {
            Process fusermount = new ProcessBuilder("fusermount", "-u", "-z", mountPoint.toString())
                    .redirectErrorStream(true).start();
            String said = new String(fusermount.getInputStream().readAllBytes()).strip();
            if (fusermount.waitFor() != 0) {
                LOG.warning("fusermount -u " + mountPoint + " failed: " + said);
            }
        } catch (IOException e) {
            LOG.warning("cannot run fusermount: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountFailedException("interrupted while mounting");
        }
    }
}

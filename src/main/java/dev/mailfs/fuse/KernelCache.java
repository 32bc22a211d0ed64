package dev.mailfs.fuse;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * Tells the kernel to forget what it keeps of a file. Files are opened by the kernel without asking
 * us (see {@link MailFuse#open}), so it keeps the pages of every file it reads and opens any name
 * it remembers: a file whose bytes change (the status) is forgotten after each read of it, and the
 * name of a file copied in once it is closed.
 */
final class KernelCache {
    private static final Logger LOG = Logger.getLogger(KernelCache.class.getName());

    /** libfuse 2.9's notification, public API since 2.8. */
    public interface LibFuseNotify {
        int fuse_lowlevel_notify_inval_inode(Pointer chan, long node, long offset, long length);

        int fuse_lowlevel_notify_inval_entry(Pointer chan, long parent, byte[] name, long length);
    }

    /** Loaded on first use: unit tests of the adapter never notify. */
    private static final class Lib {
        static final LibFuseNotify FUSE = LibraryLoader.create(LibFuseNotify.class).failImmediately().load("fuse");
    }

    /**
     * The kernel takes the file's page locks to drop them, and the page being read stays locked
     * until our answer to that read: so the notification cannot be sent from the read itself.
     */
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "kernel-cache");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Pointer chan;
    /** Files being copied in, by handle: the directory (the node CREATE came to) and the name. */
    private final Map<Long, Created> created = new ConcurrentHashMap<>();

    private record Created(long directory, byte[] name) {
    }

    /** Between mounting and unmounting: the channel to the kernel. */
    void attach(Pointer chan) {
        Objects.requireNonNull(Lib.FUSE); // loaded now: loading takes longer than the next read of the status
        this.chan = chan;
    }

    /** At unmount: nothing is left to forget, and the notifier's thread ends. */
    void detach() {
        chan = null;
        notifier.shutdown();
    }

    /** After the answer to the request being served now, drop the pages and attributes of its file. */
    void forgetAfterThisRequest() {
        long node = FuseLoop.currentNode();
        notify(to -> Lib.FUSE.fuse_lowlevel_notify_inval_inode(to, node, 0, 0), "file " + node);
    }

    /** While answering CREATE: the file {@code handle} was made under {@code name} in the request's directory. */
    void created(long handle, String name) {
        created.put(handle, new Created(FuseLoop.currentNode(), name.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * While answering the FLUSH of the file copied in as {@code handle}, before close(2) returns: it
     * was appended under the message's own name, or refused. Either way its name is gone, and the
     * kernel, which opens files without asking (see {@link MailFuse#open}), must not open it again
     * from what it remembers. Done at once, so that the next command sees the folder as it is; the
     * kernel takes the directory's lock for it, which is safe outside lookups and changes in that
     * directory (libfuse's rule for this notification).
     */
    void forgetCreated(long handle) {
        Created file = created.remove(handle);
        if (file != null) {
            answer(chan == null ? 0 : Lib.FUSE.fuse_lowlevel_notify_inval_entry(chan, file.directory(), file.name(), file.name().length),
                    "a name in directory " + file.directory());
        }
    }

    private void notify(ToIntFunction<Pointer> notification, String what) {
        try {
            notifier.execute(() -> {
                Pointer to = chan;
                if (to != null) {
                    answer(notification.applyAsInt(to), what);
                }
            });
        } catch (RejectedExecutionException unmounted) {
            // detached meanwhile: the kernel keeps nothing of an unmounted file system
        }
    }

    private static void answer(int result, String what) {
        if (result != 0 && result != -2) { // -ENOENT: the kernel had already forgotten it
            LOG.fine("the kernel would not forget " + what + ": errno " + -result);
        }
    }
}

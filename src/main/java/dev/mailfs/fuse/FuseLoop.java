package dev.mailfs.fuse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;
import ru.serce.jnrfuse.struct.FuseOperations;

/**
 * libfuse 2's request loop, run by Java threads instead of libfuse's own.
 *
 * <p>Why: a callback into Java on a thread that is not attached to the JVM is attached for the
 * call and detached after, and jffi keeps a thread attached only after its 1,000th call
 * (THREAD_ATTACH_THRESHOLD). libfuse's {@code fuse_loop_mt} starts threads of its own, so a
 * fresh mount paid an attach and a detach, each making a new java.lang.Thread, on most of its
 * first requests: a large part of a first {@code grep -r} (the figures are in bench/README.md).
 * Java threads are attached from the start. This is libfuse's {@code fuse_session_loop}
 * (fuse_loop.c) on each of them, between {@code fuse_setup} and {@code fuse_teardown} as in
 * {@code fuse_main_real}.
 */
final class FuseLoop {
    private static final Logger LOG = Logger.getLogger(FuseLoop.class.getName());
    private static final int EINTR = 4;

    /** The few libfuse 2 functions this needs, all public API of libfuse 2.9. */
    public interface LibFuseLoop {
        Pointer fuse_setup(int argc, String[] argv, FuseOperations op, long opSize, PointerByReference mountpoint,
                           IntByReference multithreaded, Pointer userData);

        void fuse_teardown(Pointer fuse, Pointer mountpoint);

        Pointer fuse_get_session(Pointer fuse);

        Pointer fuse_session_next_chan(Pointer session, Pointer chan);

        long fuse_chan_bufsize(Pointer chan);

        int fuse_chan_recv(PointerByReference chan, Pointer buf, long size);

        void fuse_session_process(Pointer session, Pointer buf, long length, Pointer chan);

        int fuse_session_exited(Pointer session);

        void fuse_session_exit(Pointer session);
    }

    private static final LibFuseLoop LIB = LibraryLoader.create(LibFuseLoop.class).failImmediately().load("fuse");
    /** Where {@code struct fuse_in_header} holds the request's opcode, number and node; its size. */
    private static final int OPCODE_OFFSET = 4;
    private static final int UNIQUE_OFFSET = 8;
    private static final int NODE_OFFSET = 16;
    private static final int HEADER_SIZE = 40;
    /** The kernel asks to give up a request: its body is the number of that request. */
    private static final int FUSE_INTERRUPT = 36;
    /** Per worker thread: the node of the request it is answering. */
    private static final ThreadLocal<long[]> CURRENT_NODE = ThreadLocal.withInitial(() -> new long[1]);

    private FuseLoop() {
    }

    /**
     * Mounts (as fuse_main_real would, {@code args} being its command line), serves with up to
     * {@code threads} Java threads until unmounted, then tears down.
     *
     * @return 0 when it was unmounted, non-zero when it could not mount or serve
     */
    static int run(FuseOperations operations, String[] args, int threads, KernelCache kernelCache) {
        PointerByReference mountpoint = new PointerByReference();
        Pointer fuse = LIB.fuse_setup(args.length, args, operations, Struct.size(operations), mountpoint, new IntByReference(), null);
        if (fuse == null) {
            return 1;
        }
        Pointer session = LIB.fuse_get_session(fuse);
        Pointer chan = LIB.fuse_session_next_chan(session, null);
        kernelCache.attach(chan);
        boolean served = new Workers(session, chan, LIB.fuse_chan_bufsize(chan), threads).serve();
        kernelCache.detach();
        LIB.fuse_teardown(fuse, mountpoint.getValue());
        return served ? 0 : 1;
    }

    /** The kernel's number for the file of the request this thread is answering. */
    static long currentNode() {
        return CURRENT_NODE.get()[0];
    }

    /**
     * One thread at a time is the reader: it takes a request from the kernel, answers it, takes the
     * next. Answering on the thread that read the request, again and again, is what makes a
     * single-threaded loop fast: a loop whose threads all wait in read(2) hands each request to
     * another thread, which made grep -r slower (bench/README.md). A request that takes longer
     * than {@link #SLOW} (a read that waits for the server) must not hold up the others: a watchdog
     * then makes another thread the reader, and the slow one, when done, waits to be the reader
     * again.
     */
    private static final class Workers {
        static final long SLOW = TimeUnit.MILLISECONDS.toNanos(2);
        private static final long IDLE = TimeUnit.SECONDS.toNanos(1);

        private final Pointer session;
        private final Pointer chan;
        private final long bufferSize;
        private final int threads;
        /** The right to read the next request: one holder at a time. */
        private final Semaphore readerRole = new Semaphore(0);
        private final AtomicReference<Request> current = new AtomicReference<>();
        private final RequestsInProgress inProgress = new RequestsInProgress();
        private volatile boolean ended;
        private volatile boolean failed;
        private volatile Thread watchdog;
        private volatile boolean watchdogAsleep;

        Workers(Pointer session, Pointer chan, long bufferSize, int threads) {
            this.session = session;
            this.chan = chan;
            this.bufferSize = bufferSize;
            this.threads = threads;
        }

        /** A request being answered by the reader; the watchdog may take its role away. */
        private static final class Request {
            final long started = System.nanoTime();
            /** 0 running, 1 finished by its thread, 2 its thread lost the reader role meanwhile. */
            final AtomicInteger state = new AtomicInteger();
        }

        boolean serve() {
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread worker = new Thread(this::work, "fuse-worker-" + i);
                worker.setDaemon(true);
                workers.add(worker);
            }
            watchdog = new Thread(this::watch, "fuse-watchdog");
            watchdog.setDaemon(true);
            workers.forEach(Thread::start);
            watchdog.start();
            readerRole.release(); // the first reader
            for (Thread worker : workers) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    end();
                }
            }
            end();
            return !failed;
        }

        private void work() {
            Pointer buffer = Memory.allocateDirect(Runtime.getSystemRuntime(), (int) bufferSize);
            while (!ended) {
                readerRole.acquireUninterruptibly();
                if (ended) {
                    return;
                }
                boolean stillReader = true;
                while (stillReader && !ended) {
                    stillReader = readAndAnswer(buffer);
                }
            }
        }

        /** Answers one request; false when this thread is no longer the reader. */
        private boolean readAndAnswer(Pointer buffer) {
            if (LIB.fuse_session_exited(session) != 0) {
                end();
                return false;
            }
            PointerByReference from = new PointerByReference(chan);
            int received = LIB.fuse_chan_recv(from, buffer, bufferSize);
            if (received == -EINTR) {
                return true;
            }
            if (received <= 0) { // 0: unmounted
                if (received < 0) {
                    LOG.warning("reading from /dev/fuse failed: errno " + -received);
                    failed = true;
                }
                end();
                return false;
            }
            if (buffer.getInt(OPCODE_OFFSET) == FUSE_INTERRUPT) {
                // Handled here alone: libfuse 2 would only mark its own record of the request, and
                // keep the interrupt in a list forever when that request was already answered.
                inProgress.interrupt(buffer.getLong(HEADER_SIZE));
                return true;
            }
            long unique = buffer.getLong(UNIQUE_OFFSET);
            CURRENT_NODE.get()[0] = buffer.getLong(NODE_OFFSET);
            Request request = new Request();
            current.set(request);
            if (watchdogAsleep) {
                LockSupport.unpark(watchdog);
            }
            inProgress.started(unique);
            try {
                LIB.fuse_session_process(session, buffer, received, from.getValue());
            } finally {
                inProgress.finished(unique);
            }
            return request.state.compareAndSet(0, 1);
        }

        /** Hands the reader role on when the reader has been busy with one request for too long. */
        private void watch() {
            long idleSince = System.nanoTime();
            while (!ended) {
                Request request = current.get();
                long now = System.nanoTime();
                if (request != null && request.state.get() == 0) {
                    idleSince = now;
                    if (now - request.started > SLOW && request.state.compareAndSet(0, 2)) {
                        readerRole.release();
                    }
                }
                if (now - idleSince > IDLE) {
                    watchdogAsleep = true;
                    // Only if no request came meanwhile; one that comes after sees watchdogAsleep.
                    if (current.compareAndSet(request, null)) {
                        LockSupport.park(this);
                    }
                    watchdogAsleep = false;
                    idleSince = System.nanoTime();
                } else {
                    LockSupport.parkNanos(this, SLOW / 2);
                }
            }
        }

        private void end() {
            if (!ended) {
                ended = true;
                LIB.fuse_session_exit(session);
                readerRole.release(threads); // whoever waits to be the reader: stop
                LockSupport.unpark(watchdog);
            }
        }
    }
}

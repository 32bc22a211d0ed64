package dev.mailfs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy that delays every byte by a fixed time in each direction, for a network round trip
 * where the kernel has no netem. Bandwidth is not limited: what is read in a burst is written in a
 * burst, ONE_WAY_MILLIS later.
 *
 * <p>Usage: {@code LatencyProxy LISTEN_PORT TARGET_HOST TARGET_PORT ONE_WAY_MILLIS} (listens on
 * 127.0.0.1; port 0 picks a free one). Prints {@code proxy listening on PORT}, then runs until killed.
 */
public final class LatencyProxy {
    /** A chunk of bytes and when to write it; no bytes means the reading side has closed. */
    private record Chunk(long deliverAt, byte[] bytes) {}

    /** Chunks in flight per direction; a full queue stops the reader, so TCP backpressure still works. */
    private static final int QUEUE_CHUNKS = 4096;

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: LatencyProxy LISTEN_PORT TARGET_HOST TARGET_PORT ONE_WAY_MILLIS");
            System.exit(2);
        }
        String targetHost = args[1];
        int targetPort = Integer.parseInt(args[2]);
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[3]));
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 128, InetAddress.getLoopbackAddress())) {
            System.out.println("proxy listening on " + server.getLocalPort());
            System.out.flush();
            while (true) {
                Socket client = server.accept();
                start("proxy-connect", () -> connect(client, targetHost, targetPort, delayNanos));
            }
        }
    }

    private static void connect(Socket client, String host, int port, long delayNanos) {
        Socket target;
        try {
            target = new Socket(host, port);
            target.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            System.err.println("proxy: cannot connect to " + host + ":" + port + ": " + e);
            closeQuietly(client);
            return;
        }
        pipe(client, target, delayNanos);
        pipe(target, client, delayNanos);
    }

    /** Starts the reader and the writer of one direction, from {@code in} to {@code out}. */
    private static void pipe(Socket in, Socket out, long delayNanos) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
        start("proxy-read", () -> {
            byte[] buffer = new byte[65536];
            try {
                InputStream input = in.getInputStream(); // not closed here: the writer closes after the delay
                for (int n; (n = input.read(buffer)) >= 0; ) {
                    queue.put(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException | InterruptedException e) {
                // closed by either side: end this direction below
            }
            try {
                queue.put(new Chunk(System.nanoTime() + delayNanos, new byte[0]));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        start("proxy-write", () -> {
            try {
                OutputStream output = out.getOutputStream();
                while (true) {
                    Chunk chunk = queue.take();
                    for (long wait; (wait = chunk.deliverAt() - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait);
                    }
                    if (chunk.bytes().length == 0) {
                        break;
                    }
                    output.write(chunk.bytes());
                }
            } catch (IOException | InterruptedException e) {
                // the other side went away
            }
            closeQuietly(in);
            closeQuietly(out);
            queue.clear(); // a reader blocked on a full queue gets room to see the close and finish
        });
    }

    private static void start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}

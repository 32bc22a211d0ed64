package dev.mailfs.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The byte pump the test proxies share: a listener whose every connection is relayed to a server on
 * this machine, one daemon thread per direction, both sockets closed when either direction ends.
 * What crosses is the proxy's to say: {@link TcpProxy} {@link #copy copies} bytes and counts them,
 * {@link FaultProxy} reads IMAP framing and injects faults.
 */
final class Relay implements AutoCloseable {
    /** The two sockets of one relayed connection. */
    record Sides(Socket client, Socket server) {
    }

    /** One direction: reads from one side and writes to the other until a side closes. */
    @FunctionalInterface
    interface Direction {
        void run() throws IOException, InterruptedException;
    }

    /** What a connection does: its two directions, and what to do once it is closed. */
    record Traffic(Direction clientToServer, Direction serverToClient, Runnable closed) {
    }

    /** Makes the traffic of a new connection. */
    @FunctionalInterface
    interface TrafficOf {
        Traffic of(Sides sides) throws IOException;
    }

    /** Sees each chunk a {@link #copy} passes on, before it is written. */
    @FunctionalInterface
    interface Tap {
        void seen(byte[] bytes, int length);
    }

    private final ServerSocket listener;
    private final int serverPort;
    private final TrafficOf trafficOf;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();

    /** Relays what comes to {@code listener} to {@code serverPort} on the loopback address. */
    Relay(ServerSocket listener, int serverPort, String name, TrafficOf trafficOf) {
        this.listener = listener;
        this.serverPort = serverPort;
        this.trafficOf = trafficOf;
        daemon(name + "-accept", this::acceptLoop);
    }

    /** A listener on an ephemeral loopback port. */
    static ServerSocket loopbackListener() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Closes every connection made so far, as a network failure would; new ones still get through. */
    void cutAll() {
        links.forEach(Link::close);
    }

    @Override
    public void close() {
        closeQuietly(listener);
        cutAll();
    }

    /** Copies bytes as they come until {@code from} ends, showing each chunk to {@code tap} first. */
    static void copy(InputStream from, OutputStream to, Tap tap) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = from.read(buffer)) > 0; ) {
            tap.seen(buffer, n);
            to.write(buffer, 0, n);
            to.flush();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            Socket server = null;
            try {
                server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                Sides sides = new Sides(client, server);
                Link link = new Link(sides, trafficOf.of(sides));
                links.add(link);
                daemon("relay-to-server", () -> link.pump(link.traffic.clientToServer()));
                daemon("relay-to-client", () -> link.pump(link.traffic.serverToClient()));
            } catch (IOException e) {
                closeQuietly(client);
                if (server != null) {
                    closeQuietly(server);
                }
            }
        }
    }

    /** One relayed connection. */
    private final class Link {
        private final Sides sides;
        private final Traffic traffic;
        private final AtomicBoolean closed = new AtomicBoolean();

        Link(Sides sides, Traffic traffic) {
            this.sides = sides;
            this.traffic = traffic;
        }

        void pump(Direction direction) {
            try {
                direction.run();
            } catch (IOException | InterruptedException e) {
                // a side closed, or the connection was cut
            } finally {
                close();
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                links.remove(this);
                closeQuietly(sides.client());
                closeQuietly(sides.server());
                traffic.closed().run();
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}

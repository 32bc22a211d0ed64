package dev.mailfs.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy between mailfs and a plain-text IMAP server that counts what crosses it:
 * the bytes the server sent and the command lines the client sent. Tests use it to prove how
 * much a file operation costs on the wire.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicLong serverBytes = new AtomicLong();
    private final ByteArrayOutputStream clientText = new ByteArrayOutputStream();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    TcpProxy(int targetPort) throws IOException {
        this(targetPort, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** The same, answering on {@code listener} (a TLS one, say: see {@link TlsFront}). */
    TcpProxy(int targetPort, ServerSocket listener) {
        this.targetPort = targetPort;
        this.listener = listener;
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Bytes the server has sent to the client so far. */
    long serverBytes() {
        return serverBytes.get();
    }

    /** Every command line the client has sent so far (literals included as text). */
    List<String> clientLines() {
        String text;
        synchronized (clientText) {
            text = clientText.toString(StandardCharsets.UTF_8);
        }
        return new ArrayList<>(List.of(text.split("\r\n")));
    }

    /** Drops every connection made so far, as a network failure would; new ones still get through. */
    void cutAll() {
        List<Socket> current = new ArrayList<>(sockets);
        sockets.removeAll(current);
        current.forEach(TcpProxy::closeQuietly);
    }

    void reset() {
        serverBytes.set(0);
        synchronized (clientText) {
            clientText.reset();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                pipe(client.getInputStream(), server.getOutputStream(), true);
                pipe(server.getInputStream(), client.getOutputStream(), false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(InputStream from, OutputStream to, boolean fromClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n; (n = from.read(buffer)) > 0; ) {
                    if (fromClient) {
                        synchronized (clientText) {
                            clientText.write(buffer, 0, n);
                        }
                    } else {
                        serverBytes.addAndGet(n);
                    }
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException ignored) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pipe");
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

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(TcpProxy::closeQuietly);
    }
}

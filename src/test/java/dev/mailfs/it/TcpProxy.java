package dev.mailfs.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy between mailfs and a plain-text IMAP server that counts what crosses it:
 * the bytes the server sent and the command lines the client sent. Tests use it to prove how
 * much a file operation costs on the wire.
 */
final class TcpProxy implements AutoCloseable {
    private final Relay relay;
    private final AtomicLong serverBytes = new AtomicLong();
    private final ByteArrayOutputStream clientText = new ByteArrayOutputStream();

    TcpProxy(int targetPort) throws IOException {
        this(targetPort, Relay.loopbackListener());
    }

    /** The same, answering on {@code listener} (a TLS one, say: see {@link TlsFront}). */
    TcpProxy(int targetPort, ServerSocket listener) {
        this.relay = new Relay(listener, targetPort, "proxy", sides -> new Relay.Traffic(
                () -> Relay.copy(sides.client().getInputStream(), sides.server().getOutputStream(), this::clientSent),
                () -> Relay.copy(sides.server().getInputStream(), sides.client().getOutputStream(), (bytes, n) -> serverBytes.addAndGet(n)),
                () -> { }));
    }

    int port() {
        return relay.port();
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
        relay.cutAll();
    }

    void reset() {
        serverBytes.set(0);
        synchronized (clientText) {
            clientText.reset();
        }
    }

    private void clientSent(byte[] bytes, int length) {
        synchronized (clientText) {
            clientText.write(bytes, 0, length);
        }
    }

    @Override
    public void close() {
        relay.close();
    }
}

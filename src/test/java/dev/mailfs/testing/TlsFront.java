package dev.mailfs.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * TLS in front of a plain-text test server on this machine, with a self-signed certificate for
 * 127.0.0.1 made by openssl: what imaps clients (and Angus's gimap provider, which speaks nothing
 * else) need to reach it.
 */
public final class TlsFront implements AutoCloseable {
    private static final String STORE_PASSWORD = "test-only";

    private final int backendPort;
    private final Path certificatePem;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private TlsFront(int backendPort, Path certificatePem, ServerSocket listener) {
        this.backendPort = backendPort;
        this.certificatePem = certificatePem;
        this.listener = listener;
    }

    /** Listens on 127.0.0.1 (an ephemeral port) and passes every connection on to {@code backendPort}. */
    public static TlsFront start(int backendPort, Path directory) throws Exception {
        Path key = directory.resolve("tls-key.pem");
        Path certificate = directory.resolve("tls-cert.pem");
        Path keyStore = directory.resolve("tls.p12");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.toString(), "-out", certificate.toString()));
        run(List.of("openssl", "pkcs12", "-export", "-inkey", key.toString(), "-in", certificate.toString(),
                "-out", keyStore.toString(), "-passout", "pass:" + STORE_PASSWORD));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        ServerSocket listener = context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TlsFront front = new TlsFront(backendPort, certificate, listener);
        Thread acceptor = new Thread(front::acceptLoop, "tls-front-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return front;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The certificate clients are to trust (--trust-cert). */
    public Path certificatePem() {
        return certificatePem;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                sockets.add(client);
                sockets.add(backend);
                pump(client, backend);
                pump(backend, client);
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    /** Copies one direction until it ends, then closes both sides. */
    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // one side went away: the other goes too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tls-front-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        sockets.forEach(TlsFront::closeQuietly);
    }
}

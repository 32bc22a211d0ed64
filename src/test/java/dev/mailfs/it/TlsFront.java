package dev.mailfs.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * TLS in front of a plain-text test server on this machine, with a self-signed certificate for
 * 127.0.0.1 made by openssl: what imaps clients (and Angus's gimap provider, which speaks nothing
 * else) need to reach it. A {@link TcpProxy} on a TLS socket.
 */
final class TlsFront implements AutoCloseable {
    private static final String STORE_PASSWORD = "test-only";

    private final TcpProxy proxy;
    private final Path certificatePem;

    private TlsFront(TcpProxy proxy, Path certificatePem) {
        this.proxy = proxy;
        this.certificatePem = certificatePem;
    }

    /** Listens on 127.0.0.1 (an ephemeral port) and passes every connection on to {@code backendPort}. */
    static TlsFront start(int backendPort, Path directory) throws Exception {
        Path key = directory.resolve("tls-key.pem");
        Path certificate = directory.resolve("tls-cert.pem");
        Path keyStore = directory.resolve("tls.p12");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.toString(), "-out", certificate.toString()));
        run(List.of("openssl", "pkcs12", "-export", "-inkey", key.toString(), "-in", certificate.toString(),
                "-out", keyStore.toString(), "-passout", "pass:" + STORE_PASSWORD));
        return new TlsFront(proxyWith(backendPort, keyStore, STORE_PASSWORD), certificate);
    }

    /** The same with the key and certificate of a PKCS12 key store (see {@link TestCertificates}). */
    static TlsFront start(int backendPort, Path keyStore, String password) throws Exception {
        return new TlsFront(proxyWith(backendPort, keyStore, password), null);
    }

    private static TcpProxy proxyWith(int backendPort, Path keyStore, String password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, password.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return new TcpProxy(backendPort, context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    int port() {
        return proxy.port();
    }

    /** The certificate clients are to trust (--trust-cert). */
    Path certificatePem() {
        return certificatePem;
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
        proxy.close();
    }
}

package dev.mailfs.imap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust: the system's certificate authorities, plus the certificates of a PEM file when the
 * user names one (a self-signed server). Host names are checked separately, by Angus Mail and the
 * JDK. The chain each server showed is kept for the thread that connected, so that a refusal can
 * say what the certificate is ({@link ConnectionFailures}).
 */
final class TrustedCertificates {
    private static final ThreadLocal<X509Certificate[]> LAST_CHAIN = new ThreadLocal<>();

    private TrustedCertificates() {
    }

    /** @param extraPem certificates trusted besides the system's, if any */
    static SSLSocketFactory socketFactory(Optional<Path> extraPem) {
        try {
            X509TrustManager system = trustManager(null);
            X509TrustManager trust = extraPem.isEmpty() ? new Recording(system, null)
                    : new Recording(trustManager(keyStoreOf(extraPem.get())), system);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use certificate file " + extraPem.orElseThrow() + ": " + e.getMessage(), e);
        }
    }

    /** The server certificate the current thread was last shown, if any. */
    static Optional<X509Certificate> lastServerCertificate() {
        X509Certificate[] chain = LAST_CHAIN.get();
        return chain == null || chain.length == 0 ? Optional.empty() : Optional.of(chain[0]);
    }

    private static KeyStore keyStoreOf(Path pem) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no PEM certificate in it");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("trusted-" + i++, certificate);
        }
        return store;
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    /**
     * Trusts a server chain that the user's certificates ({@code first}) or the system's
     * ({@code second}, if any) trust, and keeps it for the thread. When neither does, the user's
     * verdict is the one told (an expired certificate of the user's own authority, say), not the
     * system's "unable to find valid certification path", which would hide it.
     */
    private record Recording(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            LAST_CHAIN.set(chain.clone());
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException refused) {

                if (second == null) {
                    throw refused;
                }
                try {
                    second.checkServerTrusted(chain, authType);
                } catch (CertificateException alsoRefused) {
                    refused.addSuppressed(alsoRefused);
                    throw refused;
                }
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            (second == null ? first : second).checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
            if (second != null) {
                all.addAll(List.of(second.getAcceptedIssuers()));
            }
            return all.toArray(X509Certificate[]::new);
        }
    }
}

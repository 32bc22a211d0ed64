package dev.mailfs.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates for tests, made with the JDK's keytool: an authority of its own, and server
 * certificates it signs for given names and dates (expired ones too, which openssl 3.0 cannot
 * backdate). Key stores are PKCS12 with {@link #PASSWORD}.
 */
final class TestCertificates {
    static final String PASSWORD = "test-only";

    private final Path directory;
    private final Path authority;

    private TestCertificates(Path directory) {
        this.directory = directory;
        this.authority = directory.resolve("authority.p12");
    }

    /** A new authority, "mailfs test authority", in {@code directory}. */
    static TestCertificates authorityIn(Path directory) throws Exception {
        TestCertificates certificates = new TestCertificates(directory);
        certificates.keytool("-genkeypair", "-alias", "authority", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=mailfs test authority", "-ext", "bc:c", "-validity", "30", "-keystore", certificates.authority.toString());
        certificates.keytool("-exportcert", "-rfc", "-alias", "authority", "-keystore", certificates.authority.toString(),
                "-file", certificates.authorityPem().toString());
        return certificates;
    }

    /** The authority's certificate, for --trust-cert. */
    Path authorityPem() {
        return directory.resolve("authority.pem");
    }

    /**
     * A server's key store: its key, and a certificate the authority signed for {@code names}
     * (keytool's SAN syntax: "dns:localhost,ip:127.0.0.1"), valid from {@code startDays} days
     * from now (negative: in the past) for {@code validityDays} days.
     */
    Path server(String file, String names, int startDays, int validityDays) throws Exception {
        Path keys = directory.resolve(file + ".p12");
        Path request = directory.resolve(file + ".csr");
        Path signed = directory.resolve(file + ".pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + file,
                "-keystore", keys.toString());
        keytool("-certreq", "-alias", "server", "-keystore", keys.toString(), "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "authority", "-keystore", authority.toString(), "-infile", request.toString(),
                "-outfile", signed.toString(), "-ext", "SAN=" + names, "-startdate", (startDays >= 0 ? "+" : "") + startDays + "d",
                "-validity", String.valueOf(validityDays));
        keytool("-importcert", "-noprompt", "-alias", "authority", "-file", authorityPem().toString(), "-keystore", keys.toString());
        keytool("-importcert", "-alias", "server", "-file", signed.toString(), "-keystore", keys.toString());
        return keys;
    }

    private void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}

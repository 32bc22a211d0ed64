package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount that cannot log in says why in one line a user can act on, with no Java exception
 * names: a certificate for other names, an expired one, one no authority here signed, a refused
 * connection, TLS to a plain-text port, a refused login.
 */
class ConnectionErrorsIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "connection-Errors-3";
    private static final Pattern JAVA_NAMES = Pattern.compile("[A-Za-z]+(Exception|Error)\\b|java\\.|javax\\.|sun\\.");

    @TempDir
    Path tmp;
    private ProxiedSampleServer server;
    private TestCertificates certificates;
    private final List<TlsFront> fronts = new ArrayList<>();

    @BeforeEach
    void server() throws Exception {
        FuseRequirement.check();
        server = ProxiedSampleServer.start(USER, PASSWORD, account -> { });
        certificates = TestCertificates.authorityIn(Files.createDirectory(tmp.resolve("certificates")));
    }

    @AfterEach
    void stop() throws Exception {
        for (TlsFront front : fronts) {
            front.close();
        }
        server.close();
    }

    /** TLS in front of the server, with a certificate of the test authority for these names and dates. */
    private int tlsPort(String names, int startDays, int validityDays) throws Exception {
        TlsFront front = TlsFront.start(server.proxy().port(), certificates.server("server-" + fronts.size(), names, startDays, validityDays),
                TestCertificates.PASSWORD);
        fronts.add(front);
        return front.port();
    }

    /** The one line a failed mount printed. */
    private String failedMount(String password, String... options) throws Exception {
        Path mountPoint = Files.createDirectories(tmp.resolve("mnt"));
        Path passwordFile = Files.writeString(tmp.resolve("password"), password + "\n");
        List<String> args = new ArrayList<>(List.of("mount", "--host", "127.0.0.1", "--user", USER,
                "--password-command", "cat " + passwordFile, "--cache-size", "0", "--timeout", "5"));
        args.addAll(List.of(options));
        args.add(mountPoint.toString());
        try (MailfsProcess process = MailfsProcess.start(mountPoint, args)) {
            assertEquals(1, process.awaitExit(Duration.ofSeconds(30)), process.stderr());
            List<String> lines = process.stderr().lines().toList();
            assertEquals(1, lines.size(), process.stderr());
            String line = lines.get(0);
            assertTrue(line.startsWith("mailfs: "), line);
            assertFalse(JAVA_NAMES.matcher(line).find(), "Java's names in: " + line);
            return line;
        }
    }

    @Test
    void aCertificateOfTheAuthorityGivenWithTrustCertMounts() throws Exception {
        int port = tlsPort("dns:localhost,ip:127.0.0.1", 0, 30);
        Path mountPoint = Files.createDirectories(tmp.resolve("mnt"));
        Path passwordFile = Files.writeString(tmp.resolve("password"), PASSWORD + "\n");
        try (MailfsProcess process = MailfsProcess.start(mountPoint, List.of("mount", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--user", USER, "--password-command", "cat " + passwordFile, "--cache-size", "0", "--security", "tls",
                "--trust-cert", certificates.authorityPem().toString(), mountPoint.toString()))) {
            process.awaitReady(Duration.ofSeconds(60));
            assertTrue(Shell.ok(mountPoint, "ls").contains("INBOX"));
            process.signal("TERM");
            assertEquals(0, process.awaitExit(Duration.ofSeconds(20)), process.stderr());
        }
    }

    @Test
    void aCertificateForOtherNamesSaysWhichAndForWhatHost() throws Exception {
        int port = tlsPort("dns:mail.example.test", 0, 30);
        String said = failedMount(PASSWORD, "--port", String.valueOf(port), "--security", "tls",
                "--trust-cert", certificates.authorityPem().toString());
        assertTrue(said.contains("is for mail.example.test, not for 127.0.0.1"), said);
    }

    @Test
    void anExpiredCertificateSaysSoAndWhen() throws Exception {
        int port = tlsPort("dns:localhost,ip:127.0.0.1", -60, 30);
        String said = failedMount(PASSWORD, "--port", String.valueOf(port), "--security", "tls",
                "--trust-cert", certificates.authorityPem().toString());
        assertTrue(said.contains("expired on 20"), said);
    }

    @Test
    void aCertificateOfAnUnknownAuthoritySaysHowToTrustIt() throws Exception {
        int port = tlsPort("dns:localhost,ip:127.0.0.1", 0, 30);
        String said = failedMount(PASSWORD, "--port", String.valueOf(port), "--security", "tls");
        assertTrue(said.contains("not signed by an authority this machine trusts"), said);
        assertTrue(said.contains("openssl s_client -connect 127.0.0.1:" + port) && said.contains("--trust-cert"), said);
        assertTrue(said.contains("issued by CN=mailfs test authority"), said);
    }

    /**
     * A server that takes the connection and then says nothing (a hung server, a captive portal):
     * the greeting and the login count against the 15 s connect timeout, not the minute each answer
     * may take once logged in.
     */
    @Test
    void aServerThatSendsNoGreetingFailsTheMountWithinTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread taker = new Thread(() -> {
                List<java.net.Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            taker.setDaemon(true);
            taker.start();
            Path mountPoint = Files.createDirectories(tmp.resolve("mnt"));
            Path passwordFile = Files.writeString(tmp.resolve("password"), PASSWORD + "\n");
            long start = System.nanoTime();
            try (MailfsProcess process = MailfsProcess.start(mountPoint, List.of("mount", "--host", "127.0.0.1", "--port",
                    String.valueOf(silent.getLocalPort()), "--user", USER, "--password-command", "cat " + passwordFile,
                    "--cache-size", "0", "--security", "none", mountPoint.toString()))) {
                assertEquals(1, process.awaitExit(Duration.ofSeconds(50)), process.stderr());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(took.compareTo(Duration.ofSeconds(25)) < 0, "the mount failed after " + took);
                assertTrue(process.stderr().contains("did not finish logging in within 15 s"), process.stderr());
            }
        }
    }

    @Test
    void aRefusedConnectionSaysSo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String said = failedMount(PASSWORD, "--port", String.valueOf(closedPort), "--security", "none");
        assertTrue(said.contains("refused the connection"), said);
    }

    @Test
    void tlsToAPlainTextPortSaysSo() throws Exception {
        String said = failedMount(PASSWORD, "--port", String.valueOf(server.proxy().port()), "--security", "tls");
        assertTrue(said.contains("does not speak TLS"), said);
    }

    /** --security starttls against a server that does not offer it: refused, never plain text, and the password is not sent. */
    @Test
    void starttlsToAServerWithoutItRefusesAndSendsNoPassword() throws Exception {
        String said = failedMount(PASSWORD, "--port", String.valueOf(server.proxy().port()), "--security", "starttls");
        assertTrue(said.contains("does not offer STARTTLS"), said);
        assertTrue(server.proxy().clientCommands().stream().noneMatch(c -> c.matches("(?i)\\S+ (LOGIN|AUTHENTICATE).*")),
                server.proxy().clientCommands().toString());
    }

    @Test
    void aRefusedLoginSaysSo() throws Exception {
        String said = failedMount("not-" + PASSWORD, "--port", String.valueOf(server.proxy().port()), "--security", "none");
        assertTrue(said.contains("login failed"), said);
    }
}

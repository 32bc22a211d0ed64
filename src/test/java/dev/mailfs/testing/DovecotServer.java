package dev.mailfs.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Dovecot IMAP server on 127.0.0.1, run in the foreground from a private config so it never
 * touches /etc/dovecot or the system service.
 *
 * <p>As root, the master runs as root, internal processes as {@code dovecot}/{@code dovenull} and
 * the mail user is {@code nobody} (Dovecot refuses uid 0 for mail). Otherwise everything runs as
 * the current user.
 */
public final class DovecotServer implements AutoCloseable {

    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Test-pw";
    /** The user's storage quota. */
    public static final long QUOTA_BYTES = 10L << 30;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    // Unix socket paths are limited to 108 bytes; the longest Dovecot socket under base_dir is
    // "token-login/imap-urlauth", so keep base_dir itself short.
    private static final int MAX_BASE_DIR_LENGTH = 80;

    private final Path base;
    private final boolean ownsBase;
    private final Path config;
    private final int port;
    private final int plainPort;
    /** Who owns the mail: the files {@link #deliver} puts in the Maildir must be theirs. */
    private final String mailUser;
    private final String mailGroup;
    private UserPrincipal mailOwner;
    private GroupPrincipal mailOwnerGroup;
    private int delivered;
    private Process process;
    private final Thread shutdownHook;
    private boolean closed;

    private DovecotServer(Path base, boolean ownsBase, Path config, int port, int plainPort, String mailUser, String mailGroup,
                          Process process) {
        this.base = base;
        this.ownsBase = ownsBase;
        this.config = config;
        this.port = port;
        this.plainPort = plainPort;
        this.mailUser = mailUser;
        this.mailGroup = mailGroup;
        this.process = process;
        // A test that never closes the server must not leave a Dovecot running after the JVM exits.
        this.shutdownHook = new Thread(this::close, "dovecot-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static boolean isInstalled() {
        return executable() != null;
    }

    /** Skips the calling test when Dovecot is missing, or fails it on CI (see {@link Requirement}). */
    public static void assumeAvailable() {
        Requirement.require(isInstalled(), "dovecot", "Debian package dovecot-imapd");
    }

    public static DovecotServer start(Path workDir) throws Exception {
        return start(workDir, "");
    }

    /**
     * A server whose user's folders live under {@code personalPrefix} ("INBOX." as on Cyrus and
     * Courier, whose hierarchy delimiter is then "."); "" for Dovecot's usual "/" and no prefix.
     */
    public static DovecotServer start(Path workDir, String personalPrefix) throws Exception {
        Path dovecot = executable();
        if (dovecot == null) {
            throw new IllegalStateException("dovecot is not installed");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path base = workDir.toAbsolutePath().resolve("dovecot");
        boolean ownsBase = false;
        if ((root && !traversableByOthers(workDir.toAbsolutePath()))
                || base.resolve("run").toString().length() > MAX_BASE_DIR_LENGTH) {
            // The mail user (nobody) and the auth process (dovecot) must reach their files, and a
            // JUnit @TempDir is 0700; use a world-traversable directory of our own instead.
            base = Files.createTempDirectory(Path.of("/tmp"), "mailfs-dovecot-");
            ownsBase = true;
        } else {
            Files.createDirectories(base);
        }
        chmod(base, "rwxr-xr-x");

        Path home = base.resolve("home");
        Path userHome = home.resolve(USER);
        Files.createDirectories(userHome);
        chmod(home, "rwxr-xr-x");
        Files.createDirectories(base.resolve("run"));
        Files.createDirectories(base.resolve("state"));

        String mailUser = root ? "nobody" : System.getProperty("user.name");
        String mailGroup = root ? "nogroup" : run(List.of("id", "-gn"), base).strip();
        if (root) {
            UserPrincipalLookupService lookup = userHome.getFileSystem().getUserPrincipalLookupService();
            chown(userHome, lookup.lookupPrincipalByName(mailUser), lookup.lookupPrincipalByGroupName(mailGroup));
        }

        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", base.resolve("key.pem").toString(), "-out", base.resolve("cert.pem").toString()), base);
        chmod(base.resolve("key.pem"), "rw-------");
        chmod(base.resolve("cert.pem"), "rw-r--r--");

        Path passwd = base.resolve("passwd");
        Files.writeString(passwd, USER + ":{PLAIN}" + PASSWORD + "\n");
        chmod(passwd, "rw-r--r--"); // read by the auth process, which runs as default_internal_user

        int port = freePort();
        int plainPort = freePort();
        while (plainPort == port) {
            plainPort = freePort();
        }
        Path config = base.resolve("dovecot.conf");
        Files.writeString(config, config(base, root, mailUser, mailGroup, port, plainPort, personalPrefix));

        Process process = launch(dovecot, base, config);
        DovecotServer server = new DovecotServer(base, ownsBase, config, port, plainPort, mailUser, mailGroup, process);
        try {
            server.awaitReady();
        } catch (Exception | Error e) {
            String logs = server.logTail();
            server.close();
            throw new IllegalStateException("Dovecot did not start: " + e + "\n" + logs, e);
        }
        return server;
    }

    private static Process launch(Path dovecot, Path base, Path config) throws IOException {
        return new ProcessBuilder(dovecot.toString(), "-F", "-c", config.toString())
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("dovecot.out").toFile()))
                .start();
    }

    /** Stops Dovecot, every connection with it, and starts it again on the same ports and mail. */
    public synchronized void restart() throws Exception {
        stopProcess();
        awaitPortsClosed();
        process = launch(executable(), base, config);
        awaitReady();
    }

    public String host() {
        return "localhost";
    }

    public int port() {
        return port;
    }

    public int plainPort() {
        return plainPort;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public Path certificatePem() {
        return base.resolve("cert.pem");
    }

    public Path maildir() {
        return base.resolve("home").resolve(USER).resolve("Maildir");
    }

    /**
     * Puts a copy of the message in {@code file} straight into a folder's Maildir, as a delivery
     * agent does (made if missing; "INBOX" is the Maildir itself): much faster than APPEND for big
     * mail. Dovecot finds it the next time the folder is opened.
     */
    public void deliver(String folder, Path file) throws IOException {
        deliver(folder, Files.size(file), inTmp -> Files.copy(file, inTmp));
    }

    /** The same for a message in memory. */
    public void deliver(String folder, byte[] message) throws IOException {
        deliver(folder, message.length, inTmp -> Files.write(inTmp, message));
    }

    private interface MessageWriter {
        void writeTo(Path file) throws IOException;
    }

    private synchronized void deliver(String folder, long size, MessageWriter message) throws IOException {
        Path dir = folder.equals("INBOX") ? maildir() : maildir().resolve(folder);
        for (String sub : List.of("tmp", "new", "cur")) {
            createOwnedDirectories(dir.resolve(sub));
        }
        String name = (System.currentTimeMillis() / 1000) + ".M" + (++delivered) + "P" + ProcessHandle.current().pid()
                + ".mailfs-test,S=" + size;
        Path inTmp = dir.resolve("tmp").resolve(name);
        message.writeTo(inTmp);
        giveToMailUser(inTmp);
        Files.move(inTmp, dir.resolve("new").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Makes a folder (made if missing, as {@link #deliver} does) one the user may only list and
     * read: an access list of "lr" for its owner, as a shared folder's often is.
     */
    public synchronized void readOnly(String folder) throws IOException {
        Path dir = maildir().resolve(folder);
        for (String sub : List.of("tmp", "new", "cur")) {
            createOwnedDirectories(dir.resolve(sub));
        }
        Path acl = dir.resolve("dovecot-acl");
        Files.writeString(acl, "owner lr\n");
        giveToMailUser(acl);
    }

    /** Like {@link Files#createDirectories}, each directory made owned by the mail user. */
    private void createOwnedDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createOwnedDirectories(dir.getParent());
        Files.createDirectory(dir);
        giveToMailUser(dir);
    }

    private void giveToMailUser(Path path) throws IOException {
        if (mailOwner == null) { // looked up once: thousands of small messages are delivered at times
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            mailOwner = lookup.lookupPrincipalByName(mailUser);
            mailOwnerGroup = lookup.lookupPrincipalByGroupName(mailGroup);
        }
        chown(path, mailOwner, mailOwnerGroup);
    }

    private static void chown(Path path, UserPrincipal user, GroupPrincipal group) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    /** Stops Dovecot and waits until both ports are closed. A base dir outside workDir is deleted. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to run; it stops the process itself
        }
        stopProcess();
        awaitPortsClosed();
        if (ownsBase) {
            deleteRecursively(base);
        }
    }

    private static String config(Path base, boolean root, String mailUser, String mailGroup, int port, int plainPort,
                                 String personalPrefix) {
        String internalUser = root ? "dovecot" : mailUser;
        String internalGroup = root ? "dovecot" : mailGroup;
        String loginUser = root ? "dovenull" : mailUser;
        StringBuilder conf = new StringBuilder();
        conf.append("""
                protocols = imap
                listen = 127.0.0.1
                # Several mounts of one user run at once in the tests; the default allows 10 connections.
                mail_max_userip_connections = 100
                instance_name = mailfs-test
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                info_log_path = %1$s/dovecot-info.log
                default_internal_user = %2$s
                default_internal_group = %3$s
                default_login_user = %4$s
                ssl = yes
                ssl_cert = <%1$s/cert.pem
                ssl_key = <%1$s/key.pem
                auth_mechanisms = plain login
                disable_plaintext_auth = no
                passdb {
                  driver = passwd-file
                  args = %1$s/passwd
                }
                userdb {
                  driver = static
                  args = uid=%5$s gid=%6$s home=%1$s/home/%%u
                }
                mail_location = maildir:~/Maildir:LAYOUT=fs
                # A quota (df shows it) and access lists (a folder can be made read-only: readOnly()).
                mail_plugins = $mail_plugins quota acl
                protocol imap {
                  mail_plugins = $mail_plugins imap_quota imap_acl
                }
                plugin {
                  quota = count:User quota
                  quota_rule = *:storage=%9$dK
                  quota_vsizes = yes
                  acl = vfile
                }
                namespace inbox {
                  inbox = yes
                  separator = %10$s
                  prefix = %11$s
                  mailbox Drafts {
                    special_use = \\Drafts
                  }
                  mailbox Junk {
                    special_use = \\Junk
                  }
                  mailbox Trash {
                    special_use = \\Trash
                  }
                  mailbox Sent {
                    special_use = \\Sent
                  }
                }
                # The default 256 MB is too little for a folder of a million messages (bench/).
                service imap {
                  vsz_limit = 2G
                }
                service imap-login {
                  inet_listener imap {
                    port = %7$d
                  }
                  inet_listener imaps {
                    port = %8$d
                    ssl = yes
                  }
                }
                """.formatted(base, internalUser, internalGroup, loginUser, mailUser, mailGroup, plainPort, port, QUOTA_BYTES >> 10,
                personalPrefix.isEmpty() ? "/" : personalPrefix.substring(personalPrefix.length() - 1), personalPrefix));
        // chroot() needs root; without it these services die at startup and logins are refused.
        if (!root) {
            for (String service : List.of("imap-login", "imap-urlauth-login", "anvil", "ipc", "old-stats",
                    "aggregator", "director")) {
                conf.append("service ").append(service).append(" {\n  chroot =\n}\n");
            }
        }
        return conf.toString();
    }

    /** Waits until the IMAPS port completes a TLS handshake and sends a greeting, and the plain port greets. */
    private void awaitReady() throws Exception {
        SSLSocketFactory tls = trustingOnly(certificatePem());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dovecot exited with status " + process.exitValue());
            }
            try {
                try (SSLSocket socket = (SSLSocket) tls.createSocket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                    socket.setSoTimeout(2000);
                    socket.startHandshake();
                    expectGreeting(socket.getInputStream());
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), plainPort), 1000);
                    socket.setSoTimeout(2000);
                    expectGreeting(socket.getInputStream());
                }
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("timed out after " + START_TIMEOUT.toSeconds() + " s", last);
    }

    private static void expectGreeting(InputStream in) throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
        if (line == null || !line.startsWith("* OK")) {
            throw new IOException("unexpected greeting: " + line);
        }
    }

    /** A socket factory trusting exactly the given PEM certificate. */
    static SSLSocketFactory trustingOnly(Path certificatePem) throws Exception {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certificatePem)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("dovecot", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private synchronized void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        try {
            // "dovecot stop" signals the master via base_dir/master.pid; the master then stops its children.
            run(List.of(executable().toString(), "-c", config.toString(), "stop"), base);
        } catch (Exception e) {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void awaitPortsClosed() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!accepting(port) && !accepting(plainPort)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("Dovecot ports " + port + "/" + plainPort + " still open after stop");
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private String logTail() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("dovecot.out", "dovecot.log", "dovecot-info.log")) {
            Path file = base.resolve(name);
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                out.append("--- ").append(file).append('\n');
                lines.subList(Math.max(0, lines.size() - 30), lines.size())
                        .forEach(line -> out.append(line).append('\n'));
            } catch (IOException e) {
                out.append("--- ").append(file).append(": ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    private static Path executable() {
        Path fixed = Path.of("/usr/sbin/dovecot");
        if (Files.isExecutable(fixed)) {
            return fixed;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "dovecot"))) {
                return Path.of(dir, "dovecot");
            }
        }
        return null;
    }

    private static boolean traversableByOthers(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void chmod(Path path, String permissions) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    /** Runs a short command, returning its output; fails with that output on a non-zero exit. */
    private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + output);
        }
        return output;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: it is a temporary directory
        }
    }
}

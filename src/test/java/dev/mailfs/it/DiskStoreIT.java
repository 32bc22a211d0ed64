package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Message bodies kept on disk: a restarted mount reads them without asking the server. */
class DiskStoreIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "disk-Store-42";
    /**
     * A read of message bytes (UID FETCH n (BODY.PEEK[]<offset.length>), alone or pipelined); not
     * the check of the server's sizes, which reads two bytes where a message should end.
     */
    private static final String BODY_READ = "BODY\\.PEEK\\[\\]<\\d+\\.\\d{3,}>";
    /** Every message in INBOX, in a stable order, as checksums: what a reader gets. */
    private static final String CHECKSUMS = "md5sum INBOX/*.eml";
    /** Every message's directory and its body.txt: what a message read before shows. */
    private static final String TEXTS = "ls INBOX/*/ && md5sum INBOX/*/body.txt";

    @TempDir
    Path tmp;
    private Path cacheHome;
    private ProxiedSampleServer server;
    private FaultProxy proxy;

    @BeforeEach
    void server() throws Exception {
        FuseRequirement.check();
        server = ProxiedSampleServer.start(USER, PASSWORD, account -> account.append("INBOX", TestMail.large(3 << 20))); // several 1 MiB chunks
        proxy = server.proxy();
        cacheHome = tmp.resolve("cache");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MailfsProcess mount(Path mountPoint, String... options) throws Exception {
        Path passwordFile = Files.writeString(tmp.resolve("password"), PASSWORD + "\n");
        List<String> args = new ArrayList<>(List.of("mount", "--host", "127.0.0.1", "--port", String.valueOf(proxy.port()),
                "--user", USER, "--security", "none", "--password-command", "cat " + passwordFile));
        args.addAll(List.of(options));
        args.add(mountPoint.toString());
        MailfsProcess process = MailfsProcess.start(mountPoint, List.of(), args, Map.of("XDG_CACHE_HOME", cacheHome.toString()));
        process.awaitReady(Duration.ofSeconds(60));
        return process;
    }

    private static void unmount(MailfsProcess process) throws Exception {
        process.signal("TERM");
        assertEquals(0, process.awaitExit(Duration.ofSeconds(20)), process.stderr());
    }

    private long bodyReadsSince(int commandIndex) {
        List<String> commands = proxy.clientCommands();
        return commands.subList(commandIndex, commands.size()).stream().filter(c -> c.matches(".*" + BODY_READ + ".*")).count();
    }

    @Test
    void aRestartedMountReadsBodiesFromDiskWithoutAskingTheServer() throws Exception {
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        String checksums;
        try (MailfsProcess first = mount(mountPoint)) {
            Shell.ok(mountPoint, "ls INBOX > /dev/null");
            int before = proxy.clientCommands().size();
            checksums = Shell.ok(mountPoint, CHECKSUMS);
            assertTrue(bodyReadsSince(before) > 0, "the first mount reads from the server: " + proxy.clientCommands());
            unmount(first);
            assertFalse(first.stderr().contains("disk store"), first.stderr());
        }

        // From here on, a read of message bytes that reaches the server fails.
        proxy.refuse(BODY_READ, "bodies must come from the disk store");
        int atRestart = proxy.clientCommands().size();
        try (MailfsProcess second = mount(mountPoint)) {
            Shell.ok(mountPoint, "ls INBOX > /dev/null");
            int before = proxy.clientCommands().size();
            Shell.Result reread = Shell.run(mountPoint, CHECKSUMS);
            Shell.Result grep = Shell.run(mountPoint, "grep -rl --include='*.eml' --exclude-dir='*)' Message-ID INBOX | wc -l");

            assertEquals(0, bodyReadsSince(before), "body reads sent after the restart: " + proxy.clientCommands().subList(before,
                    proxy.clientCommands().size()));
            assertEquals(0, reread.exitCode(), reread.err());
            assertEquals(checksums, reread.out(), "the same bytes as before the restart");
            assertEquals(String.valueOf(checksums.lines().count()), grep.out().strip(), "grep -r finds every message: " + grep.err());
            // The listing kept on disk is checked and brought up to date, not fetched whole again
            // (with GreenMail, whose sizes are wrong, that would even download every message).
            List<String> atStart = proxy.clientCommands().subList(atRestart, before);
            assertTrue(atStart.stream().anyMatch(c -> c.contains("STATUS INBOX")), atStart.toString());
            assertTrue(atStart.stream().noneMatch(c -> c.matches(".*UID FETCH 1:\\* \\(UID (RFC822\\.SIZE|INTERNALDATE).*")),
                    "the whole listing was fetched again: " + atStart);
            unmount(second);
        }
    }

    /**
     * A laptop that mounts with no network: the folder list, listings and bodies an earlier mount
     * kept are served; what needs the server fails at once; the mount goes online by itself.
     */
    @Test
    void aMountWhileTheServerCannotBeReachedServesTheDiskStoreAndGoesOnlineByItself() throws Exception {
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        String checksums;
        String texts;
        try (MailfsProcess first = mount(mountPoint)) {
            checksums = Shell.ok(mountPoint, CHECKSUMS);
            texts = Shell.ok(mountPoint, TEXTS);
            unmount(first);
        }

        proxy.blackHole(); // connections are accepted, and never greeted
        try (MailfsProcess offline = mount(mountPoint, "--timeout", "3")) {
            assertTrue(offline.stderr().contains("mounting offline from what the disk store holds"), offline.stderr());
            assertEquals(checksums, Shell.ok(mountPoint, CHECKSUMS), "listings and bodies from the disk store");
            assertEquals(texts, Shell.ok(mountPoint, TEXTS), () -> "the messages' directories too: structures are kept with the bodies" + offline.stderr());
            assertTrue(Shell.ok(mountPoint, "cat .mailfs/status").contains("state: offline since"));

            long start = System.nanoTime();
            Shell.Result mkdir = Shell.run(mountPoint, "mkdir Made-offline");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(mkdir.exitCode() != 0 && mkdir.err().contains("Input/output error"), mkdir.toString());
            assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "a change while offline fails at once, not after " + took);

            proxy.clearFaults();
            Poll.within(Duration.ofSeconds(60)).every(Duration.ofMillis(500)).until(() -> "online again: " + offline.stderr(),
                    () -> Shell.ok(mountPoint, "cat .mailfs/status").contains("state: online"));
            Poll.within(Duration.ofSeconds(10)).every(Duration.ofMillis(200)).until(() -> "mkdir once online: " + offline.stderr(),
                    () -> Shell.run(mountPoint, "mkdir Made-online").exitCode() == 0);
            assertTrue(offline.stderr().contains("online"), offline.stderr());
            assertEquals(checksums, Shell.ok(mountPoint, CHECKSUMS));
            unmount(offline);
        }
    }

    @Test
    void theCacheDirectoryAndEverythingInItIsPrivate() throws Exception {
        Path root = cacheHome.resolve("mailfs");
        // A cache directory that was open to everyone is made private before any mail goes in.
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        try (MailfsProcess process = mount(mountPoint)) {
            Shell.ok(mountPoint, CHECKSUMS);
            unmount(process);
        }

        assertEquals("700", Shell.ok(tmp, "stat -c %a " + Shell.quote(root.toString())).strip());
        assertTrue(Integer.parseInt(Shell.ok(tmp, "find " + Shell.quote(root.toString()) + " -type f | wc -l").strip()) > 0,
                "bodies were written");
        assertEquals("", Shell.ok(tmp, "find " + Shell.quote(root.toString()) + " -type d ! -perm 700"), "directories other than 0700");
        assertEquals("", Shell.ok(tmp, "find " + Shell.quote(root.toString()) + " -type f ! -perm 600"), "files other than 0600");
        assertEquals("", Shell.ok(tmp, "find " + Shell.quote(root.toString()) + " -name '*.tmp'"), "temporary files left behind");
    }

    @Test
    void cacheSizeZeroWritesNothing() throws Exception {
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        try (MailfsProcess process = mount(mountPoint, "--cache-size", "0")) {
            Shell.ok(mountPoint, CHECKSUMS);
            unmount(process);
        }
        assertFalse(Files.exists(cacheHome.resolve("mailfs")), "no cache directory");

        try (MailfsProcess again = mount(mountPoint, "--cache-size", "0")) {
            Shell.ok(mountPoint, "ls INBOX > /dev/null");
            int before = proxy.clientCommands().size();
            Shell.ok(mountPoint, CHECKSUMS);
            assertTrue(bodyReadsSince(before) > 0, "without a store, bodies come from the server again");
            unmount(again);
        }
    }

    @Test
    void aBadCacheSizeIsAUsageError() throws Exception {
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        List<String> args = List.of("mount", "--host", "127.0.0.1", "--user", USER, "--security", "none",
                "--password-command", "echo never-used", "--cache-size", "lots", mountPoint.toString());
        try (MailfsProcess process = MailfsProcess.start(mountPoint, List.of(), args, Map.of("XDG_CACHE_HOME", cacheHome.toString()))) {
            assertEquals(2, process.awaitExit(Duration.ofSeconds(30)));
            assertTrue(process.stderr().strip().startsWith("mailfs: --cache-size: 'lots' is not a size"), process.stderr());
        }
    }
}

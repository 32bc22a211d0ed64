package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.mailfs.fuse.MountTable;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mount contract over an in-process GreenMail, plus what a counting proxy and the CLI's lifecycle show. */
class GreenMailMountIT extends MountContract {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55word";

    private GreenMail greenMail;
    private TcpProxy proxy;

    @Override
    ImapAccount startServer(Path workDir) throws Exception {
        greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        greenMail.setUser(USER + "@localhost", USER, PASSWORD);
        proxy = new TcpProxy(greenMail.getImap().getPort());
        return ImapAccount.plain(greenMail.getImap().getPort(), USER, PASSWORD);
    }

    @Override
    List<String> mountCommand(Path mountPoint) throws Exception {
        return mountArgs(proxy.port(), PASSWORD, mountPoint);
    }

    private List<String> mountArgs(int port, String password, Path mountPoint) throws Exception {
        return List.of("mount", "--host", "127.0.0.1", "--port", String.valueOf(port), "--user", USER,
                "--security", "none", "--password-command", passwordCommand(password), mountPoint.toString());
    }

    @Override
    void stopServer() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    /**
     * GreenMail's quirk, in its own words: RFC822.SIZE is the length of the body alone. mailfs
     * notices on the first listing and measures sizes instead (the contract's size tests pass).
     */
    @Test
    void greenMailReportsTheBodyLengthAsRfc822Size() throws Exception {
        byte[] message = TestMail.withNeedle();
        try (RawImap imap = new RawImap(greenMail.getImap().getPort())) {
            assertTrue(imap.greeting().startsWith("* OK IMAP4rev1 Server GreenMail"), imap.greeting());
            imap.send("LOGIN " + USER + " " + PASSWORD);
            imap.send("EXAMINE Work.Projects");
            String uid = imap.uidOf("Contains the needle");
            String fetch = imap.send("UID FETCH " + uid + " (RFC822.SIZE)").get(0);
            int bodyLength = message.length - new String(message, StandardCharsets.UTF_8).indexOf("\r\n\r\n") - 4;
            assertTrue(fetch.matches("\\* \\d+ FETCH \\(RFC822\\.SIZE " + (bodyLength - 2) + " UID " + uid + "\\)"),
                    "GreenMail answered: " + fetch + " for a message of " + message.length + " bytes");
        }
    }

    /**
     * GreenMail's other quirk: asked for an enclosed message/rfc822 part (BODY[2], 614 bytes here),
     * it sends 44 bytes of something else; asked for a section inside it, it fails. mailfs checks
     * each section against its BODYSTRUCTURE size and then cuts it out of the whole message (the
     * contract's attachment tests pass).
     */
    @Test
    void greenMailCannotServeAnEnclosedMessageAsASection() throws Exception {
        try (RawImap imap = new RawImap(greenMail.getImap().getPort())) {
            imap.send("LOGIN " + USER + " " + PASSWORD);
            imap.send("EXAMINE " + TRICKY);
            String uid = imap.uidOf("Tricky: nested");
            List<String> enclosed = imap.send("UID FETCH " + uid + " (BODY.PEEK[2])");
            assertTrue(enclosed.get(0).endsWith("BODY[2] {44}"), "GreenMail answered: " + enclosed);
            List<String> inside = imap.send("UID FETCH " + uid + " (BODY.PEEK[2.1])");
            String last = inside.get(inside.size() - 1);
            assertTrue(last.contains(" NO ") && last.contains("ClassCastException"), "GreenMail answered: " + inside);
        }
    }

    /**
     * GreenMail's SEARCH quirk, in its own words: FROM matches only the whole address, where RFC 3501
     * asks for any part of it; HEADER From matches a part. So search folders ask for either (the
     * contract's search tests pass).
     */
    @Test
    void greenMailMatchesFromOnlyAgainstTheWholeAddress() throws Exception {
        try (RawImap imap = new RawImap(greenMail.getImap().getPort())) {
            imap.send("LOGIN " + USER + " " + PASSWORD);
            imap.send("EXAMINE " + SOUGHT);
            assertEquals("* SEARCH", imap.send("UID SEARCH FROM \"zebedee\"").get(0));
            assertTrue(imap.send("UID SEARCH FROM \"" + ZEBEDEE + "\"").get(0).matches("\\* SEARCH \\d+ \\d+"));
            assertTrue(imap.send("UID SEARCH HEADER From \"zebedee\"").get(0).matches("\\* SEARCH \\d+ \\d+"));
        }
    }

    @Test
    void otherUsersCannotEnterTheMount() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(Shell.ok(workDir, "id -un").strip()), "needs root to act as another user");
        // Open the way to the mount point, so that only the mount itself can say no.
        Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Shell.Result asNobody = Shell.run(workDir, "runuser -u nobody -- ls " + Shell.quote(mount.toString()));
        assertTrue(asNobody.exitCode() != 0 && asNobody.err().contains("Permission denied"), asNobody.err());
        assertTrue(Shell.ok(workDir, "ls " + Shell.quote(mount.toString())).contains("INBOX"), "its owner still can");
    }

    @Test
    void sigtermUnmountsAndExitsZero() throws Exception {
        Path mountPoint = newMountPoint();
        try (MailfsProcess process = MailfsProcess.start(mountPoint, mountCommand(mountPoint))) {
            process.awaitReady(Duration.ofSeconds(60));
            assertEquals("fuse.mailfs", MountTable.typeAt(mountPoint));
            Shell.ok(mountPoint, "ls INBOX > /dev/null");
            process.signal("TERM");
            assertEquals(0, process.awaitExit(Duration.ofSeconds(20)), process.stderr());
            assertNull(MountTable.typeAt(mountPoint), "nothing left mounted");
            assertEquals(1, process.stdout().lines().filter(l -> l.contains(" mounted at ")).count(), process.stdout());
        }
    }

    @Test
    void sigintUnmountsAndExitsZero() throws Exception {
        Path mountPoint = newMountPoint();
        try (MailfsProcess process = MailfsProcess.start(mountPoint, mountCommand(mountPoint))) {
            process.awaitReady(Duration.ofSeconds(60));
            process.signal("INT");
            assertEquals(0, process.awaitExit(Duration.ofSeconds(20)), process.stderr());
            assertNull(MountTable.typeAt(mountPoint));
        }
    }

    @Test
    void fusermountFromOutsideEndsTheDaemonWithZero() throws Exception {
        Path mountPoint = newMountPoint();
        try (MailfsProcess process = MailfsProcess.start(mountPoint, mountCommand(mountPoint))) {
            process.awaitReady(Duration.ofSeconds(60));
            Shell.ok(workDir, "fusermount -u " + Shell.quote(mountPoint.toString()));
            assertEquals(0, process.awaitExit(Duration.ofSeconds(20)), process.stderr());
            assertNull(MountTable.typeAt(mountPoint));
        }
    }

    @Test
    void wrongPasswordIsOneClearLineAndNoMount() throws Exception {
        Path mountPoint = newMountPoint();
        try (MailfsProcess process = MailfsProcess.start(mountPoint, mountArgs(greenMail.getImap().getPort(), "wrong-password", mountPoint))) {
            assertEquals(1, process.awaitExit(Duration.ofSeconds(30)));
            assertOneErrorLine(process, "login failed");
            assertNull(MountTable.typeAt(mountPoint));
        }
    }

    @Test
    void unreachableServerIsOneClearLineAndNoMount() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path mountPoint = newMountPoint();
        try (MailfsProcess process = MailfsProcess.start(mountPoint, mountArgs(closedPort, PASSWORD, mountPoint))) {
            assertEquals(1, process.awaitExit(Duration.ofSeconds(30)));
            assertOneErrorLine(process, "cannot reach");
            assertNull(MountTable.typeAt(mountPoint));
        }
    }

    @Test
    void nonEmptyMountPointIsRefused() throws Exception {
        Path mountPoint = newMountPoint();
        Files.writeString(mountPoint.resolve("precious.txt"), "keep me");
        try (MailfsProcess process = MailfsProcess.start(mountPoint, mountCommand(mountPoint))) {
            assertEquals(1, process.awaitExit(Duration.ofSeconds(30)));
            assertOneErrorLine(process, "not empty");
            assertEquals("keep me", Files.readString(mountPoint.resolve("precious.txt")));
        }
    }

    @Test
    void aSecondMountOnAMountInUseSaysSoAndLeavesTheFirstAlone() throws Exception {
        Path mountPoint = newMountPoint();
        try (MailfsProcess first = MailfsProcess.start(mountPoint, mountCommand(mountPoint))) {
            first.awaitReady(Duration.ofSeconds(60));
            Process second = new ProcessBuilder(MailfsProcess.command(mountCommand(mountPoint))).start();
            assertTrue(second.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the second mailfs exited");
            String err = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, second.exitValue(), err);
            assertTrue(err.startsWith("mailfs: ") && err.contains("already mounted") && err.lines().count() == 1, err);
            assertTrue(Shell.ok(mountPoint, "ls").contains("INBOX"), "the first mount still answers");
        }
    }

    @Test
    void plaintextLoginToAnotherHostIsRefused() throws Exception {
        Path mountPoint = newMountPoint();
        List<String> args = List.of("mount", "--host", "imap.example.com", "--user", USER, "--security", "none",
                "--password-command", "echo never-used", mountPoint.toString());
        try (MailfsProcess process = MailfsProcess.start(mountPoint, args)) {
            assertEquals(2, process.awaitExit(Duration.ofSeconds(30)));
            assertOneErrorLine(process, "in clear");
        }
    }

    @Test
    void thePasswordAppearsInNoArgvAndNoOutput() throws Exception {
        Path mountPoint = newMountPoint();
        try (MailfsProcess process = MailfsProcess.start(mountPoint, mountCommand(mountPoint))) {
            process.awaitReady(Duration.ofSeconds(60));
            Shell.ok(mountPoint, "cat INBOX/*.eml INBOX/*/* > /dev/null");
            String argv = new String(Files.readAllBytes(Path.of("/proc/" + process.pid() + "/cmdline")), StandardCharsets.UTF_8);
            assertTrue(argv.contains("mount"), argv);
            assertFalse(argv.contains(PASSWORD), "argv holds the password");
            String environ = new String(Files.readAllBytes(Path.of("/proc/" + process.pid() + "/environ")), StandardCharsets.UTF_8);
            assertFalse(environ.contains(PASSWORD), "the environment holds the password");
            process.signal("TERM");
            process.awaitExit(Duration.ofSeconds(20));
            assertFalse(process.stdout().contains(PASSWORD) || process.stderr().contains(PASSWORD), "output holds the password");
        }
    }

    @Test
    void verboseShowsTheImapConversationButNotTheLogin() throws Exception {
        Path mountPoint = newMountPoint();
        List<String> args = new java.util.ArrayList<>(mountCommand(mountPoint));
        args.add(1, "--verbose");
        try (MailfsProcess process = MailfsProcess.start(mountPoint, args)) {
            process.awaitReady(Duration.ofSeconds(60));
            Shell.ok(mountPoint, "ls INBOX > /dev/null");
            process.signal("TERM");
            assertEquals(0, process.awaitExit(Duration.ofSeconds(20)));
            assertTrue(process.stderr().contains("UID FETCH 1:*"), "the protocol is traced");
            assertFalse(process.stderr().contains(PASSWORD), "but the login is not");
            assertFalse(process.stdout().contains("FETCH"), "stdout keeps only the ready line: " + process.stdout());
        }
    }

    @Test
    void theWrongPasswordIsNotEchoedEither() throws Exception {
        Path mountPoint = newMountPoint();
        try (MailfsProcess process = MailfsProcess.start(mountPoint, mountArgs(greenMail.getImap().getPort(), "Wr0ng-guess-123", mountPoint))) {
            process.awaitExit(Duration.ofSeconds(30));
            assertFalse(process.stderr().contains("Wr0ng-guess-123"), process.stderr());
        }
    }

    private static void assertOneErrorLine(MailfsProcess process, String mentions) {
        List<String> lines = process.stderr().lines().toList();
        assertEquals(1, lines.size(), "stderr: " + process.stderr());
        assertTrue(lines.get(0).startsWith("mailfs: ") && lines.get(0).contains(mentions), lines.get(0));
    }

    /** No storage quota on the server: df shows an empty filesystem, which file managers take as "size unknown". */
    @Test
    void dfWithoutAQuotaShowsAnEmptyFilesystem() throws Exception {
        Thread.sleep(1000); // a quota learnt in the background would show by now
        assertEquals("0 0 0", sh("df -B1 --output=size,used,avail . | tail -1").strip().replaceAll("\\s+", " "));
    }
}

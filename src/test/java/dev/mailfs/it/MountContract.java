package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.cli.demo.SampleMailbox;
import dev.mailfs.fuse.MountTable;
import jakarta.mail.Folder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every server must look like through a real mount, checked with the tools people use. Each
 * server's test class starts its server and says how to mount it; the mail in it is the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MountContract {
    static final String HOSTILE = "Hostile";
    static final String LARGE = "Large";
    static final int LARGE_SIZE = 30 << 20;

    protected Path workDir;
    protected Path mount;
    protected MailfsProcess mailfs;
    protected ImapAccount account;
    private Map<String, Set<Long>> seenBeforeMounting;

    /** Starts the server in {@code workDir} and returns a client connected to it. */
    abstract ImapAccount startServer(Path workDir) throws Exception;

    /** The mailfs command line that mounts this server at {@code mountPoint}. */
    abstract List<String> mountCommand(Path mountPoint) throws Exception;

    abstract void stopServer() throws Exception;

    @BeforeAll
    void mountFilledServer() throws Exception {
        FuseRequirement.check();
        workDir = Files.createTempDirectory("mailfs-it-");
        account = startServer(workDir);
        SampleMailbox.appendTo(account.store());
        for (byte[] message : TestMail.hostile()) {
            account.append(HOSTILE, message);
        }
        account.append("Work/Projects", TestMail.withNeedle());
        account.append(LARGE, TestMail.large(LARGE_SIZE));
        seenBeforeMounting = account.seenUids();
        mount = Files.createDirectory(workDir.resolve("mnt"));
        mailfs = MailfsProcess.start(mount, mountCommand(mount));
        mailfs.awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    void unmountAndStop() throws Exception {
        if (mailfs != null) {
            mailfs.close();
        }
        if (account != null) {
            account.close();
        }
        stopServer();
    }

    /** A --password-command that prints this password from a private file, as users set it up. */
    String passwordCommand(String password) throws Exception {
        Path passwordFile = Files.createTempFile(workDir, "password", "");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(passwordFile, password + "\n");
        return "cat " + passwordFile;
    }

    Path newMountPoint() throws Exception {
        return Files.createTempDirectory(workDir, "mnt-");
    }

    String sh(String commandLine) {
        return Shell.ok(mount, commandLine);
    }

    @Test
    void mountIsAMailfsFilesystemOnlyForItsUser() {
        assertEquals("fuse.mailfs", MountTable.typeAt(mount));
        assertEquals("700 " + Shell.ok(mount, "id -un").strip(), sh("stat -c '%a %U' .").strip());
        assertTrue(sh("mount").contains("mailfs:"), "mount shows the fsname");
    }

    @Test
    void everyFolderIsADirectory() throws Exception {
        Set<String> expected = new TreeSet<>();
        for (String folder : account.messageCounts().keySet()) {
            for (int slash = folder.indexOf('/'); slash > 0; slash = folder.indexOf('/', slash + 1)) {
                expected.add(folder.substring(0, slash));
            }
            expected.add(folder);
        }
        Set<String> directories = new TreeSet<>(Shell.run(mount, "find . -mindepth 1 -type d -printf '%P\\n'").lines());
        assertEquals(expected, directories);
        assertTrue(directories.contains("Entwürfe"), "non-ASCII folder names show as Unicode");
        assertTrue(directories.contains("Work/Projects"), "nested folders nest");
    }

    @Test
    void everyMessageIsOneEmlFile() throws Exception {
        int total = 0;
        for (Map.Entry<String, Integer> folder : account.messageCounts().entrySet()) {
            String count = sh("find " + Shell.quote(folder.getKey()) + " -maxdepth 1 -type f -name '*.eml' | wc -l").strip();
            assertEquals(String.valueOf(folder.getValue()), count, "messages in " + folder.getKey());
            total += folder.getValue();
        }
        assertEquals(String.valueOf(total), sh("find . -type f | wc -l").strip());
        assertTrue(total > 30, "the test mailbox is not empty");
    }

    @Test
    void statSizeEqualsTheBytesEveryReadReturns() {
        String mismatches = sh("find . -type f -print0 | while IFS= read -r -d '' f; do "
                + "s=$(stat -c %s \"$f\"); w=$(wc -c < \"$f\"); [ \"$s\" = \"$w\" ] || echo \"$f: stat $s, read $w\"; done");
        assertEquals("", mismatches);
        assertEquals(String.valueOf(TestMail.withNeedle().length), sh("stat -c %s Work/Projects/*needle*").strip(),
                "the size is the message's, whatever the server says");
        assertEquals(String.valueOf(TestMail.large(LARGE_SIZE).length), sh("wc -c < " + LARGE + "/*.eml").strip());
    }

    @Test
    void mtimeIsTheInternalDate() throws Exception {
        Folder folder = account.folder("Work/Projects");
        folder.open(Folder.READ_ONLY);
        List<Long> internalDates = new ArrayList<>();
        try {
            for (var message : folder.getMessages()) {
                internalDates.add(message.getReceivedDate().getTime() / 1000);
            }
        } finally {
            folder.close(false);
        }
        List<Long> mtimes = Shell.run(mount, "stat -c %Y Work/Projects/*.eml").lines().stream().map(Long::parseLong).sorted().toList();
        assertEquals(internalDates.stream().sorted().toList(), mtimes);
    }

    @Test
    void grepFindsTheNeedleOnlyWhereItIs() {
        Shell.Result grep = Shell.run(mount, "grep -rl " + TestMail.NEEDLE + " .");
        List<String> hits = grep.lines();
        assertEquals(1, hits.size(), "hits: " + hits + " " + grep.err());
        assertTrue(hits.get(0).startsWith("./Work/Projects/2024-03-06 "), hits.get(0));
        assertTrue(hits.get(0).contains("Contains the needle"), hits.get(0));
        assertEquals(List.of(), Shell.run(mount, "grep -rl never-anywhere-9f8e7d .").lines());
    }

    @Test
    void readingEveryFileLeavesSeenUnset() throws Exception {
        sh("find . -type f -exec cat {} + > /dev/null");
        assertEquals(seenBeforeMounting, account.seenUids());
        assertNotEquals(0, seenBeforeMounting.values().stream().mapToInt(Set::size).sum(), "some messages start \\Seen");
    }

    @Test
    void hostileSubjectsGiveSafeDistinctNames() {
        List<String> names = Shell.run(mount, "ls -1 " + HOSTILE).lines();
        assertEquals(TestMail.hostile().size(), names.size(), "names: " + names);
        assertEquals(names.size(), new TreeSet<>(names).size());
        for (String name : names) {
            assertTrue(name.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d\\.\\d\\d .+ \\([0-9a-f]{8}( \\d+)?\\)\\.eml"), name);
            assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
            assertFalse(name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x202E), name);
        }
        assertTrue(names.stream().anyMatch(n -> n.contains(" (no subject) ")), "empty subjects are named");
        assertTrue(names.stream().anyMatch(n -> n.contains(" _._.._etc_passwd ")), "slashes cannot make paths: " + names);
    }

    @Test
    void writesAreRefusedAndChangeNothing() throws Exception {
        Map<String, Integer> before = account.messageCounts();
        for (String write : List.of("mkdir NewFolder", "touch INBOX/new.eml", "rm -f INBOX/*Welcome*.eml",
                "mv INBOX/*Welcome*.eml Work/", "rmdir Sent", "echo x >> INBOX/*Welcome*.eml")) {
            Shell.Result result = Shell.run(mount, write);
            assertNotEquals(0, result.exitCode(), write);
            assertTrue(result.err().contains("Read-only file system"), write + ": " + result.err());
        }
        assertEquals(before, account.messageCounts());
    }

    @Test
    void missingNamesAreNotFound() {
        Shell.Result result = Shell.run(mount, "stat INBOX/nothing.eml NoSuchFolder");
        assertEquals(2, result.err().lines().filter(l -> l.contains("No such file or directory")).count(), result.err());
    }

    @Test
    void dfAnswers() {
        assertTrue(sh("df -P .").contains("mailfs:"));
    }
}

package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.cli.demo.SampleMailbox;
import dev.mailfs.fuse.MountTable;
import dev.mailfs.testing.Requirement;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    static final String TRICKY = "Tricky";
    static final String BIG = "Big";
    /** Changed by another client while mounted; holds one message between tests. */
    static final String LIVE = "Live";
    /** Where another client files a message away from the watched INBOX. */
    static final String FILED = "Filed";
    /** Deleted and made again by another client, its messages in another order: a new UIDVALIDITY. */
    static final String REMADE = "Remade";
    /** Holds a message that stays, after which one is added and expunged by another client while open. */
    static final String GOING = "Going";
    /** Where search folders find mail from Zebedee, in two folders. */
    static final String SOUGHT = "Sought";
    static final String SOUGHT_TOO = "SoughtToo";
    static final String ZEBEDEE = "Zebedee Quux <zebedee@example.net>";
    /** Holds a message whose sender and subject are RFC 2047 words in its header. */
    static final String ENCODED = "Encoded";
    static final byte[] FIRST = TestMail.message("First of two", "<first@test.mailfs.dev>", "Fri, 8 Mar 2024 10:00:00 +0000",
            "The first one.\n");
    static final byte[] SECOND = TestMail.message("Second of two", "<second@test.mailfs.dev>", "Fri, 8 Mar 2024 11:00:00 +0000",
            "The second one, a little longer.\n");

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
        for (TrickyMail.Case tricky : TrickyMail.all()) {
            account.append(TRICKY, tricky.raw());
        }
        account.append(BIG, TrickyMail.largeAttachment().raw());
        account.append(LIVE, TestMail.message("Already here", "<here@test.mailfs.dev>", "Fri, 8 Mar 2024 08:00:00 +0000", "Hello.\n"));
        account.append(GOING, TestMail.message("Stays", "<stays@test.mailfs.dev>", "Fri, 8 Mar 2024 13:00:00 +0000",
                "Staying, staying, stayed.\n".repeat(150_000)));
        account.append(REMADE, FIRST);
        account.append(REMADE, SECOND);
        account.append(FILED, TestMail.message("Filed long ago", "<filed@test.mailfs.dev>", "Fri, 8 Mar 2024 07:00:00 +0000", "Hello.\n"));
        account.append(SOUGHT, TestMail.from(ZEBEDEE, "Quarterly figures", "<figures@test.mailfs.dev>", "Mon, 1 Apr 2024 09:00:00 +0000",
                "The apricot-7731 numbers.\n"));
        account.append(SOUGHT, TestMail.from(ZEBEDEE, "Lunch on Friday", "<lunch@test.mailfs.dev>", "Mon, 1 Apr 2024 10:00:00 +0000",
                "Noon?\n"));
        account.append(SOUGHT, TestMail.message("Quarterly figures, a draft", "<draft@test.mailfs.dev>", "Mon, 1 Apr 2024 11:00:00 +0000",
                "Not from Zebedee.\n"));
        account.append(SOUGHT_TOO, TestMail.from(ZEBEDEE, "Quarterly figures, the copy", "<copy@test.mailfs.dev>",
                "Mon, 1 Apr 2024 12:00:00 +0000", "The damson-7731 numbers.\n"));
        account.append(ENCODED, TestMail.from("=?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.com>",
                "=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_Z=C3=BCrich?=", "<gruss@test.mailfs.dev>", "Tue, 2 Apr 2024 09:00:00 +0000", "Bis bald.\n"));
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
        WorkDirectory.delete(workDir);
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
        // Message directories ("… (1a2b3c4d)") are left out: every one of them ends in ")". So is mailfs's own.
        expected.add(".mailfs");
        expected.add(".search");
        Set<String> directories = new TreeSet<>(Shell.run(mount, "find . -mindepth 1 -type d ! -name '*)' ! -path '*)/*' -printf '%P\\n'").lines());
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
        assertEquals(String.valueOf(total), sh("find . -type f -name '*.eml' ! -path '*)/*' | wc -l").strip());
        assertEquals(String.valueOf(total), sh("find . -mindepth 2 -type d -name '*)' ! -path '*)/*' | wc -l").strip(),
                "each message has its directory");
        assertTrue(total > 30, "the test mailbox is not empty");
    }

    @Test
    void statSizeEqualsTheBytesEveryReadReturns() {
        // .mailfs/status is made afresh at each open, so its size is only a snapshot.
        String mismatches = sh("find . -path ./.mailfs -prune -o -type f -print0 | while IFS= read -r -d '' f; do "
                + "s=$(stat -c %s \"$f\"); w=$(wc -c < \"$f\"); [ \"$s\" = \"$w\" ] || echo \"$f: stat $s, read $w\"; done");
        assertEquals("", mismatches);
        assertEquals(String.valueOf(TestMail.withNeedle().length), sh("stat -c %s Work/Projects/*needle*.eml").strip(),
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
        String message = "./" + mount.relativize(messageDirectory("Work/Projects", "Contains the needle"));
        assertEquals(Set.of(message + ".eml", message + "/body.txt"), Set.copyOf(grep.lines()),
                "the message and its body.txt, nothing else: " + grep.err());
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
        List<String> names = Shell.run(mount, "ls -1 " + HOSTILE + " | grep '\\.eml$'").lines();
        assertEquals(TestMail.hostile().size(), names.size(), "names: " + names);
        assertEquals(names.size(), new TreeSet<>(names).size());
        for (String name : names) {
            assertTrue(name.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d\\.\\d\\d .+ \\([0-9a-f]{8}( u\\d+)?\\)\\.eml"), name);
            assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
            assertFalse(name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x202E), name);
        }
        assertTrue(names.stream().anyMatch(n -> n.contains(" (no subject) ")), "empty subjects are named");
        assertTrue(names.stream().anyMatch(n -> n.contains(" _._.._etc_passwd ")), "slashes cannot make paths: " + names);
    }

    /** grep -r finds a sender and a subject the .eml has only in RFC 2047 words: body.txt starts with them decoded. */
    @Test
    void grepFindsTheDecodedSenderAndSubjectInBodyTxt() {
        String message = "./" + ENCODED + "/" + mount.resolve(ENCODED).relativize(messageDirectory(ENCODED, "Grüße aus Zürich"));
        assertEquals(List.of(message + "/body.txt"), Shell.run(mount, "grep -rl 'Jörg Müller' ./" + ENCODED).lines());
        assertEquals(List.of(message + "/body.txt"), Shell.run(mount, "grep -rl 'Grüße aus Zürich' ./" + ENCODED).lines());
        assertEquals("From: Jörg Müller <joerg@example.com>\nTo: alice@example.org\nDate: Tue, 2 Apr 2024 09:00:00 +0000\nSubject: Grüße aus Zürich\n\nBis bald.\n",
                sh("cat " + Shell.quote(message + "/body.txt")));
    }

    @Test
    void missingNamesAreNotFound() {
        Shell.Result result = Shell.run(mount, "stat INBOX/nothing.eml NoSuchFolder");
        assertEquals(2, result.err().lines().filter(l -> l.contains("No such file or directory")).count(), result.err());
    }

    /**
     * The kernel keeps the pages of every file it reads (mailfs never opens files for reading),
     * so the status is forgotten by the kernel after each read of it: the second report must show
     * the read of a message in between (O_DIRECT, so that it reaches mailfs whatever is cached).
     */
    @Test
    void statusIsAFreshReportAtEachRead() throws InterruptedException {
        String first = sh("cat .mailfs/status");
        assertTrue(first.contains("\nconnections: "), first);
        assertTrue(first.contains("\nbodies in memory: "), first);
        assertTrue(first.contains("\nfiles being copied in: 0\n"), first);
        sh("for f in INBOX/*.eml; do dd if=\"$f\" of=/dev/null iflag=direct bs=4096 count=1 status=none; break; done");
        // The kernel is told to forget the report just after it was read, not before cat returns.
        Poll.within(Duration.ofSeconds(2)).until("the read in between is counted", () -> !sh("cat .mailfs/status").equals(first));
        assertEquals("-rw-------", sh("stat -c %A .mailfs/status").strip());
        assertTrue(sh("ls -a").lines().anyMatch(".mailfs"::equals));
        assertTrue(Shell.run(mount, "rm .mailfs/status").err().contains("Permission denied"));
    }

    /**
     * A listing held longer than 2 s is checked with STATUS (and, without CONDSTORE, every flag
     * fetched), so another client's changes show within 5 s in a folder that is not watched.
     */
    @Test
    void mailAnotherClientAddsOrRemovesShowsWithinFiveSeconds() throws Exception {
        Requirement.command("getfattr", "attr");
        assertEquals(1, emlCount(LIVE));
        String arrived = "<arrived@test.mailfs.dev>";
        account.append(LIVE, TestMail.message("Arrived meanwhile", arrived, "Fri, 8 Mar 2024 09:00:00 +0000", "Hello.\n"));
        Poll.within(Duration.ofSeconds(5)).until("the new message shows", () -> emlCount(LIVE) == 2);
        account.remove(LIVE, arrived);
        Poll.within(Duration.ofSeconds(5)).until("the removed one goes", () -> emlCount(LIVE) == 1);

        String here = Shell.quote(LIVE + "/" + emlWith(LIVE, "Already here").orElseThrow());
        account.flag(LIVE, "<here@test.mailfs.dev>", Flags.Flag.FLAGGED);
        Poll.within(Duration.ofSeconds(5)).until("a flag set elsewhere shows in user.mail.flags",
                () -> Shell.run(mount, "getfattr -n user.mail.flags --only-values " + here).out().contains("\\Flagged"));
    }

    /**
     * INBOX is watched (IDLE): what another client does there shows without asking, flags too, which
     * a server without CONDSTORE (GreenMail) would otherwise leave unseen until the listing expires.
     */
    @Test
    void whatAnotherClientDoesInTheWatchedInboxShowsWithinFiveSecondsFlagsToo() throws Exception {
        Requirement.command("getfattr", "attr");
        String id = "<watched@test.mailfs.dev>";
        String subject = "Watched arrival";
        account.append("INBOX", TestMail.message(subject, id, "Sat, 9 Mar 2024 09:00:00 +0000", "Hello.\n"));
        Poll.within(Duration.ofSeconds(5)).until("the new message shows", () -> emlWith("INBOX", subject).isPresent());
        String file = Shell.quote("INBOX/" + emlWith("INBOX", subject).orElseThrow());
        assertTrue(sh("cat " + file).contains("Message-ID: " + id), "and is that message");
        assertFalse(sh("getfattr -n user.mail.flags --only-values " + file).contains("\\Flagged"));

        account.flag("INBOX", id, Flags.Flag.FLAGGED);
        // Shell.run: getfattr can crash when an empty value grows between its two calls (size, then value)
        Poll.within(Duration.ofSeconds(5)).until("a flag set elsewhere shows in user.mail.flags",
                () -> Shell.run(mount, "getfattr -n user.mail.flags --only-values " + file).out().contains("\\Flagged"));

        account.move("INBOX", id, FILED);
        Poll.within(Duration.ofSeconds(5)).until("filed away elsewhere, it leaves INBOX and shows in the folder it went to",
                () -> emlWith("INBOX", subject).isEmpty() && emlWith(FILED, subject).isPresent());
        assertTrue(sh("cat " + Shell.quote(FILED + "/" + emlWith(FILED, subject).orElseThrow())).contains("Message-ID: " + id));
    }

    /**
     * Another client deletes a folder and makes it again with the same messages in the other order:
     * each UID now stands for the other message. Every read of a name, at any moment, gives that
     * name's message or fails, never the other one; after a few seconds it gives its own.
     */
    @Test
    void aFolderMadeAgainUnderItsNameServesEachNameItsOwnMessage() throws Exception {
        String first = Shell.quote(REMADE + "/" + emlWith(REMADE, "First of two").orElseThrow());
        String second = Shell.quote(REMADE + "/" + emlWith(REMADE, "Second of two").orElseThrow());
        assertTrue(sh("cat " + first).contains("<first@test.mailfs.dev>"));
        assertTrue(sh("cat " + second).contains("<second@test.mailfs.dev>"));

        account.remake(REMADE, SECOND, FIRST);
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        boolean firstRead = false;
        boolean secondRead = false;
        String lastErrors = "";
        while (System.nanoTime() < deadline) {
            // O_DIRECT: past the kernel's page cache, to what mailfs serves now
            Shell.Result one = Shell.run(mount, "dd iflag=direct bs=65536 status=none if=" + first);
            Shell.Result two = Shell.run(mount, "dd iflag=direct bs=65536 status=none if=" + second);
            assertFalse(one.out().contains("<second@test.mailfs.dev>"), "the first name served the second message");
            assertFalse(two.out().contains("<first@test.mailfs.dev>"), "the second name served the first message");
            firstRead = one.exitCode() == 0 && one.out().contains("<first@test.mailfs.dev>");
            secondRead = two.exitCode() == 0 && two.out().contains("<second@test.mailfs.dev>");
            lastErrors = one.err() + two.err();
            Thread.sleep(200);
        }
        assertTrue(firstRead && secondRead, "each name reads its own message again: " + lastErrors + mailfs.stderr());
    }

    /**
     * Another client expunges a message while a shell holds it open, its start read: the rest fails
     * to read with a clear error (no hang, never the bytes of the message after it, which took its
     * sequence number), and its name leaves the listing within 5 s.
     */
    @Test
    void aMessageExpungedElsewhereWhileOpenFailsToReadCleanlyAndLeavesTheListing() throws Exception {
        // 3 MB, new to the mount (no other test read it into a cache): most of it is not read before it goes
        account.append(GOING, TestMail.message("Expunged while open", "<going@test.mailfs.dev>", "Fri, 8 Mar 2024 12:00:00 +0000",
                "Going, going, gone.\n".repeat(150_000)));
        Poll.within(Duration.ofSeconds(5)).until("the new message shows", () -> emlWith(GOING, "Expunged while open").isPresent());
        String name = emlWith(GOING, "Expunged while open").orElseThrow();
        Path opened = workDir.resolve("opened");
        Path expunged = workDir.resolve("expunged");
        Path rest = workDir.resolve("rest");
        Process reader = new ProcessBuilder("bash", "-c", "exec 3< " + Shell.quote(GOING + "/" + name)
                + "; head -c 1000 <&3 > /dev/null; touch " + opened
                + "; while [ ! -e " + expunged + " ]; do sleep 0.1; done; cat <&3 > " + rest)
                .directory(mount.toFile()).start();
        Poll.within(Duration.ofSeconds(10)).until("the reader opened the message", () -> Files.exists(opened));

        account.remove(GOING, "<going@test.mailfs.dev>");
        Poll.within(Duration.ofSeconds(5)).until("its name goes", () -> emlWith(GOING, "Expunged while open").isEmpty());
        Files.createFile(expunged);
        assertTrue(reader.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the read did not hang");
        String err = new String(reader.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, reader.exitValue(), "the rest of a message that is gone cannot be read");
        assertTrue(err.contains("No such file or directory") || err.contains("Input/output error"), err);
        String read = Files.readString(rest, StandardCharsets.ISO_8859_1);
        assertFalse(read.contains("Staying"), "another message's bytes were served");
        assertTrue(emlWith(GOING, "Stays").isPresent());
    }

    private Optional<String> emlWith(String folder, String subject) {
        return sh("ls " + folder).lines().filter(name -> name.endsWith(".eml") && name.contains(subject)).findFirst();
    }

    private int emlCount(String folder) {
        return (int) sh("ls " + folder).lines().filter(name -> name.endsWith(".eml")).count();
    }

    /** ls -l asks every file for security.selinux unless told once that no such attributes exist. */
    @Test
    void attributesOutsideTheUserNamespaceAreNotSupported() {
        Requirement.command("getfattr", "attr");
        Shell.Result result = Shell.run(mount, "for f in INBOX/*.eml; do getfattr -n security.selinux \"$f\"; break; done");
        assertTrue(result.err().contains("Operation not supported"), result.err());
    }

    @Test
    void dfAnswers() {
        assertTrue(sh("df -P .").contains("mailfs:"));
    }

    /** The directory beside the one message in {@code folder} whose subject is {@code subject}. */
    Path messageDirectory(String folder, String subject) {
        List<String> matches = Shell.run(mount.resolve(folder), "ls -1").lines().stream()
                .filter(name -> !name.endsWith(".eml") && name.contains(" " + subject + " ("))
                .toList();
        assertEquals(1, matches.size(), "the message " + subject + " in " + folder + ": " + matches);
        return mount.resolve(folder).resolve(matches.get(0));
    }

    static String subjectOf(TrickyMail.Case tricky) {
        return tricky.key().equals("no-headers") ? "(no subject)" : "Tricky: " + tricky.key();
    }

    @Test
    void everyFileOfBrokenAndTrickyMailReads() {
        Shell.Result cat = Shell.run(mount, "find " + TRICKY + " " + BIG + " -type f -exec cat {} + > /dev/null");
        assertEquals(0, cat.exitCode(), cat.err());
        assertEquals("", cat.err());
    }

    @Test
    void attachmentsAreTheDecodedOriginals() throws Exception {
        for (TrickyMail.Case tricky : TrickyMail.all()) {
            Path directory = messageDirectory(TRICKY, subjectOf(tricky));
            for (TrickyMail.Expected expected : tricky.files()) {
                Path file = directory.resolve(expected.name());
                assertTrue(Files.isRegularFile(file), tricky.key() + ": no " + expected.name() + " in " + Shell.run(directory, "ls").lines());
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected.content(), Files.readAllBytes(file),
                        tricky.key() + ": " + expected.name());
            }
        }
    }

    @Test
    void aTwentyMegabyteAttachmentIsExact() throws Exception {
        TrickyMail.Expected big = TrickyMail.largeAttachment().files().get(0);
        assertEquals("big.bin", big.name());
        Path file = messageDirectory(BIG, subjectOf(TrickyMail.largeAttachment())).resolve(big.name());
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(big.content()));
        assertEquals(expected + "  -", sh("sha256sum < " + Shell.quote(mount.relativize(file).toString())).strip());
        assertEquals(String.valueOf(big.content().length), sh("stat -c %s " + Shell.quote(mount.relativize(file).toString())).strip());
    }

    @Test
    void grepFindsWordsHiddenByTheirEncodingInBodyTxt() {
        for (TrickyMail.Case tricky : TrickyMail.all()) {
            String bodyTxt = mount.relativize(messageDirectory(TRICKY, subjectOf(tricky)).resolve("body.txt")).toString();
            for (String word : tricky.bodyWords()) {
                List<String> hits = Shell.run(mount, "grep -rlF -- " + Shell.quote(word) + " " + TRICKY).lines();
                assertTrue(hits.contains(bodyTxt), tricky.key() + ": grep -r " + word + " found " + hits);
            }
        }
    }

    @Test
    void nothingInsideAMessageResolvesOutsideTheMount() {
        assertEquals("", sh("find " + TRICKY + " -type l"), "no symbolic links");
        String outside = sh("find " + TRICKY + " -mindepth 1 -exec realpath -s {} + | grep -v '^" + mount + "/" + TRICKY + "/' || true");
        assertEquals("", outside);
        for (String name : Shell.run(mount, "find " + TRICKY + " -mindepth 2 -printf '%f\\n'").lines()) {
            assertFalse(name.equals(".") || name.equals("..") || name.startsWith(".") || name.startsWith("-")
                    || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || name.getBytes(StandardCharsets.UTF_8).length > 255, name);
        }
    }

    /** Nothing can be made or written in a message's directory (an rm there only hides a name for rm -r: see WritesContract). */
    @Test
    void messageDirectoriesAreReadOnly() {
        Path directory = messageDirectory("Work/Projects", "Contains the needle");
        String relative = Shell.quote(mount.relativize(directory).toString());
        for (String write : List.of("touch " + relative + "/new.txt", "echo x >> " + relative + "/body.txt")) {
            Shell.Result result = Shell.run(mount, write);
            assertTrue(result.exitCode() != 0 && result.err().contains("Permission denied"), write + ": " + result.err());
        }
    }

    /**
     * A search folder (by sender and subject, over every folder) shows exactly the messages that
     * match, under their names in their own folders, which read the same; grep -r works through
     * it; mail that starts matching later shows after the search runs again; rm through it is
     * refused; it outlives a restart of mailfs; rmdir forgets it.
     */
    @Test
    void aSearchFolderShowsWhatItsQueryFindsUnderTheirOwnNames() throws Exception {
        String query = "from:zebedee subject:quarterly";
        String search = ".search/" + query;
        try {
            sh("mkdir " + Shell.quote(search));
            assertTrue(sh("ls -a .search").lines().anyMatch(query::equals));
            String figures = emlWith(SOUGHT, "Quarterly figures (").orElseThrow();
            String copy = emlWith(SOUGHT_TOO, "Quarterly figures, the copy").orElseThrow();
            assertEquals(Set.of(figures, copy), emlsIn(search), "exactly the matches, named as in their folders");
            sh("cmp " + Shell.quote(search + "/" + figures) + " " + Shell.quote(SOUGHT + "/" + figures));
            assertEquals(sh("ls " + Shell.quote(SOUGHT_TOO + "/" + copy.replace(".eml", ""))),
                    sh("ls " + Shell.quote(search + "/" + copy.replace(".eml", ""))), "the same parts");

            String found = "./" + figures.replace(".eml", "");
            assertEquals(Set.of(found + ".eml", found + "/body.txt"),
                    Set.copyOf(Shell.run(mount.resolve(search), "grep -rl apricot-7731 .").lines()), "grep -r finds the text");

            Shell.Result rm = Shell.run(mount, "rm " + Shell.quote(search + "/" + figures));
            assertTrue(rm.exitCode() != 0 && rm.err().contains("Read-only file system"), rm.err());
            Shell.Result mv = Shell.run(mount, "mv " + Shell.quote(search + "/" + copy) + " " + FILED + "/");
            assertTrue(mv.exitCode() != 0 && mv.err().contains("Read-only file system"), mv.err());
            assertTrue(account.messageIds(SOUGHT).contains("<figures@test.mailfs.dev>"), "still on the server");
            assertTrue(account.messageIds(SOUGHT_TOO).contains("<copy@test.mailfs.dev>"), "still on the server");

            account.append(SOUGHT, TestMail.from(ZEBEDEE, "Quarterly figures, late", "<late@test.mailfs.dev>",
                    "Tue, 2 Apr 2024 09:00:00 +0000", "Late.\n"));
            Poll.within(Duration.ofSeconds(15)).until(() -> "mail that matches later shows: " + emlsIn(search), () -> emlsIn(search).size() == 3);
            assertEquals(emlWith(SOUGHT, "Quarterly figures, late"), emlsIn(search).stream().filter(n -> n.contains(", late")).findFirst());

            Path again = newMountPoint();
            try (MailfsProcess restarted = MailfsProcess.start(again, mountCommand(again))) {
                restarted.awaitReady(Duration.ofSeconds(60));
                assertEquals(emlsIn(search), Set.copyOf(Shell.run(again, "ls " + Shell.quote(search) + " | grep '\\.eml$'").lines()),
                        "a restarted mailfs has the search folder");
            }
        } finally {
            account.remove(SOUGHT, "<late@test.mailfs.dev>");
            Shell.run(mount, "rmdir " + Shell.quote(search));
        }
        assertFalse(sh("ls -a .search").lines().anyMatch(query::equals), "rmdir forgets it");
        assertTrue(emlWith(SOUGHT, "Quarterly figures (").isPresent(), "and nothing else");
    }

    /** The other keys, each in one folder (in:, nested ones written with '>'), against what that folder holds. */
    @Test
    void searchKeysBeyondSenderAndSubjectFindWhatTheyShould() {
        Map<String, Set<String>> expected = Map.of(
                "has:attachment in:INBOX", Set.of(emlWith("INBOX", "Your invoice INV-2025-0042").orElseThrow()),
                "is:unread in:Work>Projects", Set.of(emlWith("Work/Projects", "New logo draft").orElseThrow(),
                        emlWith("Work/Projects", "Contains the needle").orElseThrow()),
                "subject:Grüße in:INBOX", Set.of(emlWith("INBOX", "Grüße aus München").orElseThrow()),
                "since:2000-01-01 -subject:kickoff in:Sent", Set.of(emlWith("Sent", "Re: Welcome to mailfs").orElseThrow()),
                "before:2000-01-01 in:Sent", Set.of());
        for (Map.Entry<String, Set<String>> search : expected.entrySet()) {
            String directory = ".search/" + search.getKey();
            try {
                sh("mkdir " + Shell.quote(directory));
                assertEquals(search.getValue(), emlsIn(directory), search.getKey());
            } finally {
                Shell.run(mount, "rmdir " + Shell.quote(directory));
            }
        }
    }

    @Test
    void aQueryThatDoesNotParseIsRefusedWithInvalidArgumentAndNothingIsMade() {
        Shell.Result bad = Shell.run(mount, "mkdir " + Shell.quote(".search/colour:red"));
        assertTrue(bad.exitCode() != 0 && bad.err().contains("Invalid argument"), bad.err());
        assertFalse(sh("ls -a .search").lines().anyMatch("colour:red"::equals));
        assertTrue(mailfs.stderr().contains("no such key colour:"), "the log says what is wrong: " + mailfs.stderr());
    }

    private Set<String> emlsIn(String directory) {
        return Set.copyOf(Shell.run(mount, "ls " + Shell.quote(directory)).lines().stream().filter(name -> name.endsWith(".eml")).toList());
    }
}

package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.testing.Requirement;
import dev.mailfs.testing.gmail.GmailServer;
import dev.mailfs.testing.gmail.SystemFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gmail through a real mount, against {@link GmailServer}, which behaves as Google documents Gmail's
 * IMAP: each row of the README's Gmail table, one identity per message, and Gmail's limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GmailMountIT {
    private static final String USER = "alice@gmail.com";
    private static final String PASSWORD = "app-password-1234";
    private static final String ALL_MAIL = "[Gmail]/All Mail";
    private static final String TRASH = "[Gmail]/Trash";
    private static final Instant ARRIVED = Instant.parse("2024-03-08T09:00:00Z");
    private static final AtomicInteger MESSAGES = new AtomicInteger();
    /** Mail delivered or changed on the server shows in the mount within this. */
    private static final Duration SHOWS_WITHIN = Duration.ofSeconds(10);

    private Path workDir;
    private GmailServer gmail;
    private Path mount;
    private MailfsProcess mailfs;
    private final List<TlsFront> fronts = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    void mountGmail() throws Exception {
        FuseRequirement.check();
        workDir = Files.createTempDirectory("mailfs-gmail-it-");
        gmail = GmailServer.start(USER, PASSWORD);
        // The labels the tests use exist before the mount, as a user's do (the folder list is held for a minute).
        deliver("Seed", "\\Inbox", "Work", "Travel", "Personal", "Throttled", "AfterBye", "BatchFrom", "BatchTo", "BatchOff");
        mount = Files.createDirectory(workDir.resolve("mnt"));
        mailfs = start(gmail, mount);
    }

    @AfterEach
    void serverAsByDefault() {
        gmail.setAppendDeduplicates(false);
        gmail.setAutoExpunge(false);
        gmail.setLastFolderExpunge(GmailServer.LastFolderExpunge.ARCHIVE);
        gmail.setSelectedLabelLeftOut(false);
        gmail.setReservedNames(Set.of());
    }

    @AfterAll
    void unmountAndStop() throws Exception {
        if (mailfs != null) {
            mailfs.close();
        }
        for (TlsFront tls : fronts) {
            tls.close();
        }
        if (gmail != null) {
            gmail.close();
        }
        WorkDirectory.delete(workDir);
    }

    /** Mounts through TLS, as Gmail is reached (and Angus's gimap provider speaks nothing else). */
    private MailfsProcess start(GmailServer server, Path mountPoint, String... options) throws Exception {
        Path passwordFile = Files.createTempFile(workDir, "password", "");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(passwordFile, PASSWORD + "\n");
        return start(server, mountPoint, List.of("--password-command", "cat " + passwordFile), options);
    }

    private MailfsProcess start(GmailServer server, Path mountPoint, List<String> credentials, String... options) throws Exception {
        TlsFront tls = TlsFront.start(server.port(), Files.createTempDirectory(workDir, "tls-"));
        fronts.add(tls);
        List<String> arguments = new java.util.ArrayList<>(List.of("mount", "--host", "127.0.0.1", "--port",
                String.valueOf(tls.port()), "--user", USER, "--security", "tls", "--trust-cert", tls.certificatePem().toString()));
        arguments.addAll(credentials);
        arguments.addAll(List.of(options));
        arguments.add(mountPoint.toString());
        MailfsProcess process = MailfsProcess.start(mountPoint, arguments);
        process.awaitReady(Duration.ofSeconds(60));
        return process;
    }

    /** A message of its own for each test, so that the tests do not depend on each other's order. */
    private long deliver(String subject, String... labels) {
        return deliver(gmail, subject, "A message about " + subject + ".\n", labels);
    }

    private static long deliver(GmailServer server, String subject, String body, String... labels) {
        int n = MESSAGES.incrementAndGet();
        byte[] raw = message(subject, "<gmail-" + n + "@test.mailfs.dev>", body);
        return server.deliver(raw, ARRIVED.plusSeconds(n), labels);
    }

    /** A message as the tests send it: this subject, Message-ID and body, of 8 March 2024. */
    private static byte[] message(String subject, String messageId, String body) {
        return TestMail.message(subject, messageId, "Fri, 8 Mar 2024 09:00:00 +0000", body);
    }

    private String sh(String commandLine) {
        return Shell.ok(mount, commandLine);
    }

    /** The message's file name in a folder, found by the X-GM-MSGID in hex that ends it; null when it is not there. */
    private String nameIn(String folder, long messageId) {
        String id = "(" + Long.toHexString(messageId) + ").eml";
        return sh("ls " + Shell.quote(folder)).lines().filter(name -> name.endsWith(id)).findFirst().orElse(null);
    }

    /**
     * The message's path in a folder, waiting for it to show there: mail delivered after the mount
     * shows once the server tells of it (IDLE) or the next check finds it, within seconds.
     */
    private String path(String folder, long messageId) {
        String name = Poll.within(SHOWS_WITHIN).every(Duration.ofMillis(200)).latest(() -> nameIn(folder, messageId), Objects::nonNull);
        assertTrue(name != null, "message " + Long.toHexString(messageId) + " is not in " + folder + ": " + sh("ls " + Shell.quote(folder)));
        return Shell.quote(folder + "/" + name);
    }

    /** The log says this once, however many operations it concerns; it may come a moment after them. */
    private static void assertLoggedOnce(MailfsProcess process, String words) {
        eventually("the log says " + words, () -> process.stderr().contains(words));
        assertEquals(1, process.stderr().lines().filter(line -> line.contains(words)).count(), process.stderr());
    }

    private static void eventually(String what, Poll.Condition condition) {
        Poll.within(SHOWS_WITHIN).every(Duration.ofMillis(200)).until(what, condition);
    }

    // --- one identity per message ----------------------------------------------------------------

    @ParameterizedTest(name = "the selected folder's label left out: {0}")
    @ValueSource(booleans = {false, true})
    void aMessageInThreeLabelsHasOneNameAndOneInodeAndIsDownloadedOnce(boolean selectedLabelLeftOut) {
        gmail.setSelectedLabelLeftOut(selectedLabelLeftOut);
        String needle = "gmail-needle-" + MESSAGES.get();
        long tiny = deliver(gmail, "Tiny", "x\n", "\\Inbox", "Work", "Travel"); // the size check reads the smallest
        long report = deliver(gmail, "Three labels", (needle + " and some text.\n").repeat(6000), "\\Inbox", "Work", "Travel");
        assertNotEquals(tiny, report);

        path("INBOX", report);
        String name = nameIn("INBOX", report);
        assertTrue(name.endsWith(" (" + Long.toHexString(report) + ").eml"), name);
        for (String folder : List.of("Work", "Travel", ALL_MAIL)) {
            assertEquals(Shell.quote(folder + "/" + name), path(folder, report), "the same name in " + folder);
        }
        String inode = Long.toUnsignedString(report);
        for (String folder : List.of("INBOX", "Work", "Travel", ALL_MAIL)) {
            assertEquals(inode + " 4", sh("stat -c '%i %h' " + path(folder, report)).strip(),
                    folder + ": one inode, and a link for each of INBOX, Work, Travel and All Mail");
        }
        assertEquals(4, sh("find . -samefile " + path("INBOX", report)).lines().count(), "find -samefile finds it in every folder");
        assertTrue(sh("ls -a INBOX").lines().toList().containsAll(List.of(".", "..")), "readdir(3) skips no entry numbered 0");

        sh("cat " + path("INBOX", report) + " > /dev/null && grep -rl " + needle + " INBOX > /dev/null");
        long once = gmail.bodyBytesSent(report);
        assertTrue(once > 0);
        sh("cat " + path("Work", report) + " " + path("Travel", report) + " " + path(ALL_MAIL, report) + " > /dev/null");
        assertTrue(sh("grep -rl " + needle + " Work Travel").contains(name));
        assertEquals(once, gmail.bodyBytesSent(report), "read in four folders, downloaded once");
        sh("cmp " + path("INBOX", report) + " " + path("Travel", report));
    }

    @ParameterizedTest(name = "the selected folder's label left out: {0}")
    @ValueSource(booleans = {false, true})
    void labelsAndThreadIdAreAttributesAndSettingLabelsMovesTheMessageBetweenFolders(boolean selectedLabelLeftOut) throws Exception {
        gmail.setSelectedLabelLeftOut(selectedLabelLeftOut);
        Requirement.command("getfattr", "attr");
        long message = deliver("Relabelled", "\\Inbox", "Work");
        String file = path("INBOX", message);
        assertEquals("\\Inbox, Work", sh("getfattr --only-values -n user.mail.labels " + file));
        assertTrue(sh("getfattr --only-values -n user.mail.thread-id " + file).matches("\\d+"));

        sh("setfattr -n user.mail.labels -v 'Work, Travel' " + file);
        assertEquals(Set.of("Work", "Travel"), gmail.labelsOf(message));
        eventually("it shows in Travel", () -> nameIn("Travel", message) != null);
        eventually("it leaves INBOX", () -> nameIn("INBOX", message) == null);
        assertEquals("Travel, Work", sh("getfattr --only-values -n user.mail.labels " + path("Work", message)));
    }

    @Test
    void aLabelThatIsNotGmailsIsRefusedAndNothingChanges() {
        long message = deliver("Wrongly labelled", "Work");
        Shell.Result refused = Shell.run(mount, "setfattr -n user.mail.labels -v '\\Bogus' " + path("Work", message));
        assertNotEquals(0, refused.exitCode());
        assertEquals(Set.of("Work"), gmail.labelsOf(message));
    }

    /** What getfattr shows of a label with a comma, written back with setfattr, changes no label (it was "Smith" and "John"). */
    @ParameterizedTest(name = "the selected folder's label left out: {0}")
    @ValueSource(booleans = {false, true})
    void labelsWithACommaSurviveGetfattrThenSetfattr(boolean selectedLabelLeftOut) {
        gmail.setSelectedLabelLeftOut(selectedLabelLeftOut);
        long message = deliver("Labelled with a comma", "Smith, John", "Work");
        String value = Shell.ok(mount, "getfattr --only-values -n user.mail.labels " + path("Work", message));
        assertTrue(value.contains("\"Smith, John\""), value);
        sh("setfattr -n user.mail.labels -v " + Shell.quote(value) + " " + path("Work", message));
        assertEquals(Set.of("Smith, John", "Work"), gmail.labelsOf(message));
    }

    /** Gmail acts on \\Deleted at once (Auto-Expunge): setfattr may not send it, and nothing changes. */
    @Test
    void deletedCannotBeSetWhereGmailWouldActOnItAtOnce() {
        long message = deliver("Not to be deleted by a flag", "Work");
        Shell.Result refused = Shell.run(mount, "setfattr -n user.mail.flags -v '\\Seen \\Deleted' " + path("Work", message));
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains("Operation not permitted"), refused.err());
        assertEquals(Set.of("Work"), gmail.labelsOf(message));
        assertFalse(Shell.run(mount, "getfattr --only-values -n user.mail.flags " + path("Work", message)).out().contains("Deleted"));
    }

    // --- the README's Gmail table, row by row ------------------------------------------------------

    @Test
    void mvBetweenLabelsFoldersReplacesTheLabel() throws Exception {
        long message = deliver("Moved between labels", "Work");
        sh("mv " + path("Work", message) + " Personal/");
        assertTrue(nameIn("Personal", message) != null, "shown in Personal when mv returns");
        eventually("labelled Personal only", () -> gmail.labelsOf(message).equals(Set.of("Personal")));
        eventually("it leaves Work", () -> nameIn("Work", message) == null);
        eventually("it is still in All Mail", () -> nameIn(ALL_MAIL, message) != null);
    }

    /**
     * The message is already in All Mail, under the same inode: mv refuses as for two hard links of
     * one file, and nothing changes. rm in INBOX is how to archive.
     */
    @Test
    void mvIntoAFolderThatShowsTheMessageAlreadyIsRefusedAsForAHardLink() {
        long message = deliver("Already in All Mail", "\\Inbox", "Work");
        Shell.Result refused = Shell.run(mount, "mv " + path("INBOX", message) + " " + Shell.quote(ALL_MAIL + "/"));
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains("are the same file"), refused.err());
        assertEquals(Set.of("\\Inbox", "Work"), gmail.labelsOf(message));
    }

    // Whether X-GM-LABELS holds the selected folder's own label is disputed: the tests of labels run
    // both ways. Whether Gmail merges an APPEND of a Message-ID it holds into that message is uncertain: each
    // copy test runs with the test server doing so and not.

    @ParameterizedTest(name = "APPEND de-duplicates: {0}")
    @ValueSource(booleans = {false, true})
    void cpIntoAnotherLabelsFolderAddsTheLabelWithoutASecondMessage(boolean appendDeduplicates) throws Exception {
        gmail.setAppendDeduplicates(appendDeduplicates);
        long message = deliver("Copied to a label " + appendDeduplicates, "Work");
        int before = gmail.messageCount();
        sh("cp " + path("Work", message) + " Travel/");
        assertEquals(Set.of("Work", "Travel"), gmail.labelsOf(message));
        assertEquals(before, gmail.messageCount(), "no second message");
        eventually("it shows in Travel under its own name", () -> nameIn("Travel", message) != null);
        assertTrue(nameIn("Work", message) != null);
    }

    @ParameterizedTest(name = "APPEND de-duplicates: {0}")
    @ValueSource(booleans = {false, true})
    void cpIntoTrashOfAMessageTheAccountHoldsIsRefusedAndItKeepsItsLabels(boolean appendDeduplicates) throws Exception {
        gmail.setAppendDeduplicates(appendDeduplicates);
        long message = deliver("Copied to Trash " + appendDeduplicates, "\\Inbox", "Work");
        int before = gmail.messageCount();
        Shell.Result refused = Shell.run(mount, "cp " + path("Work", message) + " " + Shell.quote(TRASH + "/"));
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains("File exists"), refused.err());
        assertEquals(Set.of("\\Inbox", "Work"), gmail.labelsOf(message), "a copy in Trash would have taken the original out of its labels");
        assertFalse(gmail.isInTrash(message));
        assertEquals(before, gmail.messageCount());
        eventually("the log says why", () -> mailfs.stderr().contains("Gmail already has this message"));
    }

    @ParameterizedTest(name = "APPEND de-duplicates: {0}")
    @ValueSource(booleans = {false, true})
    void anEditedCopyWithTheSameMessageIdIsRefusedAndTheMessageKeepsItsBytes(boolean appendDeduplicates) throws Exception {
        gmail.setAppendDeduplicates(appendDeduplicates);
        int n = MESSAGES.incrementAndGet();
        String messageId = "<edited-" + n + "@test.mailfs.dev>";
        long message = gmail.deliver(message("Edited " + n, messageId, "The first version.\n"), ARRIVED, "Work");
        Path edited = workDir.resolve("edited-" + n + ".eml");
        Files.write(edited, message("Edited " + n, messageId, "The second version, longer.\n"));
        String original = sh("cat " + path("Work", message));
        int before = gmail.messageCount();
        Shell.Result refused = Shell.run(mount, "cp " + Shell.quote(edited.toString()) + " Travel/");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains("File exists"), refused.err());
        assertEquals(before, gmail.messageCount());
        assertEquals(Set.of("Work"), gmail.labelsOf(message));
        assertEquals(original, sh("cat " + path("Work", message)));
        eventually("the log says why", () -> mailfs.stderr().contains("a different message with the Message-ID"));
    }

    @ParameterizedTest(name = "APPEND de-duplicates: {0}")
    @ValueSource(booleans = {false, true})
    void cpOutOfTrashIntoALabelsFolderRestoresTheMessageWithThatLabel(boolean appendDeduplicates) throws Exception {
        gmail.setAppendDeduplicates(appendDeduplicates);
        int n = MESSAGES.incrementAndGet();
        long message = gmail.deliverToTrash(message("Restored " + n, "<restored-" + n + "@test.mailfs.dev>", "Back from Trash.\n"), ARRIVED);
        int before = gmail.messageCount();
        sh("cp " + path(TRASH, message) + " Work/");
        assertEquals(Set.of("Work"), gmail.labelsOf(message));
        assertFalse(gmail.isInTrash(message));
        assertEquals(before, gmail.messageCount(), "no second message");
    }

    /**
     * Issue 22 on Gmail: mv of many between labels' folders is one UID MOVE of a set (after the
     * first), rm of many in a label's folder one UID STORE -X-GM-LABELS of a set; each message ends
     * with the labels it should have, and nothing else changes.
     */
    @Test
    void manyMovedBetweenLabelsOrTakenOffALabelAreSentTogether() {
        List<Long> moved = new ArrayList<>();
        List<Long> unlabelled = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            moved.add(deliver("Moved together " + i, "BatchFrom"));
            unlabelled.add(deliver("Unlabelled together " + i, "\\Inbox", "BatchOff"));
        }
        int before = gmail.commandsReceived().size();
        sh("mv BatchFrom/*together*.eml BatchTo/");
        sh("rm BatchOff/*together*.eml");
        assertEquals("", sh("ls BatchFrom BatchOff | grep 'together.*\\.eml$' || true"), "gone from both at once");
        eventually("each moved label", () -> moved.stream().allMatch(m -> gmail.labelsOf(m).equals(Set.of("BatchTo"))));
        eventually("each left the label", () -> unlabelled.stream().allMatch(m -> gmail.labelsOf(m).equals(Set.of("\\Inbox"))));
        List<String> commands = gmail.commandsReceived().subList(before, gmail.commandsReceived().size());
        assertTrue(commands.stream().anyMatch(c -> c.matches("(?i)UID MOVE \\S*[:,]\\S* .*BatchTo.*")), commands.toString());
        assertTrue(commands.stream().anyMatch(c -> c.matches("(?i)UID STORE \\S*[:,]\\S* -X-GM-LABELS.*BatchOff.*")), commands.toString());
        assertTrue(commands.stream().filter(c -> c.matches("(?i)UID (MOVE|STORE) .*")).count() <= 10, commands.toString());
        assertTrue(moved.stream().allMatch(gmail::exists) && unlabelled.stream().allMatch(gmail::exists), "nothing deleted");
    }

    @Test
    void rmInALabelsFolderTakesOnlyThatLabelOffAndInInboxArchives() throws Exception {
        long message = deliver("Unlabelled by rm", "\\Inbox", "Work");
        sh("rm " + path("Work", message));
        assertEquals(null, nameIn("Work", message), "gone from Work when rm returns");
        // An rm in Work just before (another test's) makes this one of a burst, sent a moment later.
        eventually("only Work taken off", () -> gmail.labelsOf(message).equals(Set.of("\\Inbox")));
        sh("rm " + path("INBOX", message));
        eventually("archived", () -> gmail.labelsOf(message).isEmpty());
        assertTrue(gmail.exists(message) && !gmail.isInTrash(message), "archived, not deleted");
        eventually("it is still in All Mail", () -> nameIn(ALL_MAIL, message) != null);
    }

    @Test
    void rmInStarredUnstars() {
        long message = deliver("Unstarred by rm", "\\Inbox", "\\Starred");
        sh("rm " + path("[Gmail]/Starred", message));
        eventually("unstarred", () -> gmail.labelsOf(message).equals(Set.of("\\Inbox")));
        assertFalse(gmail.flagsOf(message).contains("\\Flagged"), "\\Starred and \\Flagged are one on Gmail");
    }

    @Test
    void rmInSentMailImportantAndDraftsTakesOnlyTheirSystemLabelOff() {
        long message = deliver("Sent, important, draft", "\\Sent", "\\Important", "\\Draft", "Work");
        sh("rm " + path("[Gmail]/Sent Mail", message));
        sh("rm " + path("[Gmail]/Important", message));
        sh("rm " + path("[Gmail]/Drafts", message));
        eventually("only Work left", () -> gmail.labelsOf(message).equals(Set.of("Work")));
        assertTrue(gmail.exists(message) && !gmail.isInTrash(message));
    }

    @Test
    void rmInAllMailMovesToTrashAndRmInTrashDeletesForGood() throws Exception {
        long message = deliver("Trashed by rm", "\\Inbox", "Work");
        sh("rm " + path(ALL_MAIL, message));
        eventually("in Trash", () -> gmail.isInTrash(message)); // made a moment later if another rm came just before
        assertEquals(Set.of(), gmail.labelsOf(message));
        eventually("it shows in Trash", () -> nameIn(TRASH, message) != null);
        eventually("it leaves Work", () -> nameIn("Work", message) == null);
        sh("rm " + path(TRASH, message));
        eventually("deleted for good", () -> !gmail.exists(message));
    }

    /**
     * Gmail's Auto-Expunge (on by default) and its setting for a message expunged from its last
     * visible folder decide what a \\Deleted does; mailfs's rm must mean the same under each.
     */
    @ParameterizedTest(name = "Auto-Expunge {0}, last folder: {1}")
    @org.junit.jupiter.params.provider.MethodSource("expungeSettings")
    void rmMeansTheSameWhateverTheAccountsExpungeSettings(boolean autoExpunge, GmailServer.LastFolderExpunge lastFolder) throws Exception {
        gmail.setAutoExpunge(autoExpunge);
        gmail.setLastFolderExpunge(lastFolder);
        long message = deliver("Expunge settings " + autoExpunge + " " + lastFolder, "\\Inbox", "Work");
        sh("rm " + path("Work", message));
        eventually("only Work taken off", () -> gmail.labelsOf(message).equals(Set.of("\\Inbox")));
        sh("rm " + path("INBOX", message));
        eventually("archived", () -> gmail.labelsOf(message).isEmpty());
        assertTrue(gmail.exists(message) && !gmail.isInTrash(message), "archived: neither trashed nor deleted");
        sh("rm " + path(ALL_MAIL, message));
        // Each case's rm in All Mail follows the last one's within seconds: a burst, sent a moment later.
        eventually("in Trash", () -> gmail.isInTrash(message));
        sh("rm " + path(TRASH, message));
        eventually("deleted for good", () -> !gmail.exists(message));
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> expungeSettings() {
        return java.util.stream.Stream.of(false, true).flatMap(auto -> java.util.Arrays.stream(GmailServer.LastFolderExpunge.values())
                .map(last -> org.junit.jupiter.params.provider.Arguments.of(auto, last)));
    }

    @Test
    void rmInSpamDeletesForGood() {
        int n = MESSAGES.incrementAndGet();
        long message = gmail.deliverToSpam(message("Spam", "<spam-" + n + "@test.mailfs.dev>", "Buy now.\n"), ARRIVED);
        sh("rm " + path("[Gmail]/Spam", message));
        eventually("deleted for good", () -> !gmail.exists(message));
    }

    @Test
    void labelsAreMadeRenamedAndRemovedWithMkdirMvAndRmdir() throws Exception {
        sh("mkdir Receipts");
        long message = deliver("Filed in a new label", "Receipts");
        eventually("the new label's folder shows its message", () -> nameIn("Receipts", message) != null);
        sh("mv Receipts Invoices");
        eventually("the label is renamed, with its message", () -> nameIn("Invoices", message) != null);
        assertEquals(Set.of("Invoices"), gmail.labelsOf(message));
        sh("rm " + path("Invoices", message) + " && rmdir Invoices");
        eventually("the folder is gone", () -> !sh("ls").lines().toList().contains("Invoices"));
        assertTrue(gmail.exists(message));
    }

    @Test
    void specialFoldersAreFoundByTheirAttributeNotTheirName() throws Exception {
        try (GmailServer german = GmailServer.start(USER, PASSWORD, SystemFolders.german())) {
            long message = deliver(german, "Auf Deutsch", "Hallo.\n", "\\Inbox");
            Path germanMount = Files.createDirectory(workDir.resolve("mnt-de"));
            try (MailfsProcess process = start(german, germanMount)) {
                String allMail = "[Google Mail]/Alle Nachrichten";
                String name = Shell.ok(germanMount, "ls " + Shell.quote(allMail)).lines()
                        .filter(n -> n.endsWith("(" + Long.toHexString(message) + ").eml")).findFirst().orElseThrow();
                Shell.ok(germanMount, "rm " + Shell.quote(allMail + "/" + name));
                assertTrue(german.isInTrash(message), "moved to [Google Mail]/Papierkorb, the folder marked \\Trash");
                Shell.ok(germanMount, "test -d " + Shell.quote("[Google Mail]/Papierkorb"));
            }
        }
    }

    @Test
    void withTrashHiddenRmInAllMailIsRefusedAndALabelNamedLikeATrashIsLeftAlone() throws Exception {
        try (GmailServer hidden = GmailServer.start(USER, PASSWORD, SystemFolders.english().withoutTrash())) {
            long message = deliver(hidden, "Nowhere to go", "Kept.\n", "\\Inbox", "Work");
            deliver(hidden, "A label like a Trash", "Kept too.\n", "Deleted Items", "Trash");
            Path hiddenMount = Files.createDirectory(workDir.resolve("mnt-no-trash"));
            try (MailfsProcess process = start(hidden, hiddenMount)) {
                String name = Shell.ok(hiddenMount, "ls " + Shell.quote(ALL_MAIL)).lines()
                        .filter(n -> n.endsWith("(" + Long.toHexString(message) + ").eml")).findFirst().orElseThrow();
                Shell.Result refused = Shell.run(hiddenMount, "rm " + Shell.quote(ALL_MAIL + "/" + name));
                assertNotEquals(0, refused.exitCode());
                assertTrue(refused.err().contains("Operation not permitted"), refused.err());
                assertEquals(Set.of("\\Inbox", "Work"), hidden.labelsOf(message), "not moved into a label called Trash or Deleted Items");
                eventually("the log says why", () -> process.stderr().contains("does not show its Trash over IMAP"));
                Shell.ok(hiddenMount, "rm INBOX/" + Shell.quote(Shell.ok(hiddenMount, "ls INBOX | grep -F " + Long.toHexString(message) + " | grep '\\.eml$'").strip()));
                assertEquals(Set.of("Work"), hidden.labelsOf(message), "rm in a label's folder needs no Trash");
            }
        }
    }

    @Test
    void labelsWrittenBareAsGooglesDocumentationShowsThemAreRead() throws Exception {
        try (GmailServer bare = GmailServer.start(USER, PASSWORD)) {
            bare.setBareLabels(true);
            long message = deliver(bare, "Bare labels", "Read.\n", "\\Inbox", "\\Important", "Work");
            Path bareMount = Files.createDirectory(workDir.resolve("mnt-bare"));
            try (MailfsProcess process = start(bare, bareMount)) {
                Shell.Result listed = Shell.run(bareMount, "ls INBOX");
                assertEquals(0, listed.exitCode(), listed.err() + process.stderr());
                String name = listed.out().lines()
                        .filter(n -> n.endsWith("(" + Long.toHexString(message) + ").eml")).findFirst().orElseThrow();
                assertEquals("\\Important, \\Inbox, Work",
                        Shell.ok(bareMount, "getfattr --only-values -n user.mail.labels INBOX/" + Shell.quote(name)).strip());
                Shell.ok(bareMount, "test -f Work/" + Shell.quote(name));
                long later = deliver(bare, "Bare labels later", "Read too.\n", "\\Inbox", "\\Starred");
                eventually("a message that came later, its labels read too", () ->
                        Shell.ok(bareMount, "ls INBOX").contains(Long.toHexString(later)));
                assertFalse(process.stderr().contains("OutOfMemoryError"), process.stderr());
            }
        }
    }

    /** The token command gives an expired token first, as a cached one is, then a fresh one. */
    @Test
    void anExpiredXoauth2TokenIsRenewedAndTheMountComesUpWithinTheConnectTimeout() throws Exception {
        try (GmailServer oauth = GmailServer.start(USER, PASSWORD)) {
            long message = deliver(oauth, "Token", "Renewed.\n", "\\Inbox");
            Path calls = workDir.resolve("token-calls");
            Path command = workDir.resolve("token-command.sh");
            Files.writeString(command, "echo call >> " + Shell.quote(calls.toString()) + "\n"
                    + "if [ $(wc -l < " + Shell.quote(calls.toString()) + ") -eq 1 ]; then echo expired-token; else echo " + PASSWORD + "; fi\n");
            Path oauthMount = Files.createDirectory(workDir.resolve("mnt-oauth"));
            long started = System.nanoTime();
            try (MailfsProcess process = start(oauth, oauthMount, List.of("--token-command", "sh " + command), "--timeout", "10")) {
                assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0,
                        "mounted after " + Duration.ofNanos(System.nanoTime() - started));
                assertTrue(Shell.ok(oauthMount, "ls INBOX").contains(Long.toHexString(message)));
                assertEquals(2, Files.readAllLines(calls).size(), "the token asked for once more");
                assertTrue(process.stderr().contains("logging in with a fresh one"), process.stderr());
            }
        }
    }

    @Test
    void withAllMailHiddenACopyIntoTrashIsRefusedAndRmStillTakesLabelsOff() throws Exception {
        try (GmailServer hidden = GmailServer.start(USER, PASSWORD, SystemFolders.english().withoutAllMail())) {
            hidden.setAppendDeduplicates(true);
            long message = deliver(hidden, "No All Mail", "Kept.\n", "\\Inbox", "Work");
            Path hiddenMount = Files.createDirectory(workDir.resolve("mnt-no-all-mail"));
            try (MailfsProcess process = start(hidden, hiddenMount)) {
                String name = Shell.ok(hiddenMount, "ls Work | grep '\\.eml$'").strip();
                Shell.Result refused = Shell.run(hiddenMount, "cp Work/" + Shell.quote(name) + " " + Shell.quote(TRASH + "/"));
                assertNotEquals(0, refused.exitCode());
                assertTrue(refused.err().contains("Operation not permitted"), refused.err());
                assertEquals(Set.of("\\Inbox", "Work"), hidden.labelsOf(message), "not merged into Trash");
                eventually("the log says why", () -> process.stderr().contains("does not show All Mail over IMAP"));
                Shell.ok(hiddenMount, "rm Work/" + Shell.quote(name));
                assertEquals(Set.of("\\Inbox"), hidden.labelsOf(message));
            }
        }
    }

    @Test
    void mkdirOfANameGmailReservesIsRefusedAndLeavesNothingBehind() {
        gmail.setReservedNames(Set.of("Chats"));
        Shell.Result refused = Shell.run(mount, "mkdir Chats");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains("Invalid argument"), refused.err());
        assertFalse(gmail.folderNames().contains("[Imap]/Chats"), gmail.folderNames().toString());
        eventually("the log says why", () -> mailfs.stderr().contains("Gmail reserves the name Chats"));
        sh("mkdir Chats2 && rmdir Chats2"); // other names as ever
    }

    @Test
    void inBritishEnglishRmInAllMailMovesToTheBin() throws Exception {
        try (GmailServer british = GmailServer.start(USER, PASSWORD, SystemFolders.british())) {
            long message = deliver(british, "Binned", "Gone.\n", "\\Inbox");
            Path britishMount = Files.createDirectory(workDir.resolve("mnt-gb"));
            try (MailfsProcess process = start(british, britishMount)) {
                String name = Shell.ok(britishMount, "ls " + Shell.quote(ALL_MAIL)).lines()
                        .filter(n -> n.endsWith("(" + Long.toHexString(message) + ").eml")).findFirst().orElseThrow();
                Shell.ok(britishMount, "rm " + Shell.quote(ALL_MAIL + "/" + name));
                assertTrue(british.isInTrash(message), "moved to [Gmail]/Bin, the folder marked \\Trash");
            }
        }
    }

    // --- search folders ----------------------------------------------------------------------------

    @Test
    void aSearchFolderAsksGmailWithXGmRawAndShowsEachMatchOnceUnderItsOwnName() throws Exception {
        String boundary = "b-" + MESSAGES.incrementAndGet();
        String withAttachment = "From: Zebedee <zebedee@example.org>\r\nTo: alice@gmail.com\r\nSubject: Invoice attached\r\n"
                + "Date: Fri, 8 Mar 2024 09:00:00 +0000\r\nMessage-ID: <" + boundary + "@test.mailfs.dev>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary + "\r\n"
                + "Content-Type: text/plain\r\n\r\nSee attached.\r\n--" + boundary + "\r\n"
                + "Content-Type: application/pdf; name=invoice.pdf\r\nContent-Disposition: attachment; filename=invoice.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--" + boundary + "--\r\n";
        long match = gmail.deliver(withAttachment.getBytes(java.nio.charset.StandardCharsets.UTF_8), ARRIVED, "Work", "Travel");
        long other = deliver("Invoice without attachment", "Work");
        path("Work", match);
        String name = nameIn("Work", match);

        sh("mkdir '.search/from:zebedee has:attachment'");
        String found = sh("ls '.search/from:zebedee has:attachment'");
        assertEquals(Set.of(name, name.replace(".eml", "")), Set.copyOf(found.lines().toList()), "one message, though it has two labels");
        assertTrue(gmail.commandsReceived().stream().anyMatch(c -> c.contains("X-GM-RAW")), "asked as Gmail search");
        sh("cmp " + Shell.quote(".search/from:zebedee has:attachment/" + name) + " " + path("Travel", match));
        assertTrue(sh("ls " + Shell.quote(".search/from:zebedee has:attachment/" + name.replace(".eml", ""))).contains("invoice.pdf"));
        assertEquals(null, nameIn(".search/from:zebedee has:attachment", other));
        sh("rmdir '.search/from:zebedee has:attachment'");
        assertEquals("", sh("ls .search").strip());
    }

    // --- limits ------------------------------------------------------------------------------------

    /** Its own server, allowing four connections: the folder list's, the watch's, and two for folders. */
    @Test
    void aRefusedConnectionLowersTheBoundWithOneLogLineAndReadingGoesOn() throws Exception {
        try (GmailServer limited = GmailServer.start(USER, PASSWORD)) {
            List<String> labels = List.of("Limit1", "Limit2", "Limit3", "Limit4");
            for (String label : labels) {
                deliver(limited, "Read under a limit in " + label, "Under a limit.\n", label);
            }
            limited.setMaxConnections(4);
            Path limitedMount = Files.createDirectory(workDir.resolve("mnt-limited"));
            try (MailfsProcess process = start(limited, limitedMount)) {
                String found = Shell.ok(limitedMount, "for f in " + String.join(" ", labels)
                        + "; do (grep -rl 'Under a limit' $f > /dev/null &) ; done; wait;"
                        + " grep -rl 'Under a limit' " + String.join(" ", labels) + " | grep -c '.eml$'");
                assertEquals("4", found.strip(), "every folder read, on the connections Gmail allows");
                assertEquals(1, process.stderr().lines().filter(l -> l.contains("allows no more connections")).count(), process.stderr());
            }
        }
    }

    @Test
    void aThrottledAccountIsAskedMoreSlowlyWithOneLogLineUntilItIsNoLonger() throws Exception {
        long message = deliver("Read while throttled", "Throttled");
        gmail.throttleNextCommands(2, Duration.ofMillis(100));
        sh("cat " + path("Throttled", message) + " > /dev/null");
        sh("ls Throttled > /dev/null; ls INBOX > /dev/null; ls Throttled > /dev/null");
        eventually("throttling is over and said so", () -> mailfs.stderr().contains("no longer throttles"));
        assertEquals(1, mailfs.stderr().lines().filter(l -> l.contains("throttles this account (")).count(), mailfs.stderr());
    }

    @Test
    void aServerThatEndsEachSessionRightAfterLoginIsNotLoggedInToAgainAndAgain() throws Exception {
        try (GmailServer blocking = GmailServer.start(USER, PASSWORD)) {
            for (int i = 0; i < 20; i++) {
                deliver(blocking, "Blocked " + i, "Read while blocked.\n", "Blocked");
            }
            Path blockingMount = Files.createDirectory(workDir.resolve("mnt-blocked"));
            try (MailfsProcess process = start(blocking, blockingMount)) {
                Shell.ok(blockingMount, "ls Blocked > /dev/null");
                blocking.setByeAfterLogin("Session expired, please login again");
                blocking.byeNow("Session expired, please login again");
                long before = blocking.loginCount();
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < until) { // a grep -r, over and over: each file needs the server
                    Shell.run(blockingMount, "cat Blocked/*.eml > /dev/null; ls INBOX > /dev/null");
                }
                long logins = blocking.loginCount() - before;
                assertTrue(logins <= 4, logins + " logins in 10 s to a server that ends each session right after login");
                assertLoggedOnce(process, "ends each session right after login");
            }
        }
    }

    @Test
    void onceTheDailyDownloadBudgetIsSpentReadsFailAtOnceWithOneLogLineAndWhatWasReadStillReads() throws Exception {
        try (GmailServer limited = GmailServer.start(USER, PASSWORD)) {
            String body = "A line of a long message, to make it weigh.\n".repeat(10_000); // 440 KB
            for (int i = 0; i < 6; i++) {
                deliver(limited, "Heavy " + i, body, "Heavy");
            }
            Path limitedMount = Files.createDirectory(workDir.resolve("mnt-budget"));
            try (MailfsProcess process = start(limited, limitedMount, "--daily-download-limit", "1M")) {
                // Newest first: not in the folder's order, so that no read-ahead brings the next ones along.
                List<String> names = Shell.ok(limitedMount, "ls Heavy | grep '\\.eml$'").lines().sorted(java.util.Comparator.reverseOrder()).toList();
                assertEquals(6, names.size());
                List<String> read = new java.util.ArrayList<>();
                List<String> refused = new java.util.ArrayList<>();
                for (String name : names) { // 2.6 MB in all, 440 KB a read
                    Shell.Result cat = Shell.run(limitedMount, "cat Heavy/" + Shell.quote(name) + " > /dev/null");
                    (cat.exitCode() == 0 ? read : refused).add(name + ": " + cat.err());
                }
                assertTrue(!read.isEmpty() && !refused.isEmpty(), "read " + read + ", refused " + refused + "; "
                        + Shell.ok(limitedMount, "cat .mailfs/status"));
                assertTrue(refused.stream().allMatch(line -> line.contains("Input/output error")), refused.toString());
                String first = read.get(0).substring(0, read.get(0).indexOf(": "));
                Shell.ok(limitedMount, "cat Heavy/" + Shell.quote(first) + " > /dev/null"); // read before: from the cache
                String status = Shell.ok(limitedMount, "cat .mailfs/status");
                assertTrue(status.contains("MB in the last 24 hours (budget 1 MB)"), status);
                assertLoggedOnce(process, "daily download budget is spent");
            }
        }
    }

    @Test
    void overGmailsBandwidthReadsFailAtOnceWithOneLogLineNamingTheDailyLimitAndGoOnAfterwards() throws Exception {
        try (GmailServer over = GmailServer.start(USER, PASSWORD)) {
            for (int i = 0; i < 6; i++) {
                deliver(over, "Over " + i, "Refused for a while.\n", "Over");
            }
            Path overMount = Files.createDirectory(workDir.resolve("mnt-over"));
            try (MailfsProcess process = start(over, overMount)) {
                List<String> names = Shell.ok(overMount, "ls Over | grep '\\.eml$'").lines().sorted(java.util.Comparator.reverseOrder()).toList();
                over.setOverBandwidth(true);
                for (String name : names.subList(1, names.size())) {
                    Shell.Result refused = Shell.run(overMount, "cat Over/" + Shell.quote(name) + " > /dev/null");
                    assertNotEquals(0, refused.exitCode());
                }
                assertLoggedOnce(process, "limits this account");
                assertTrue(process.stderr().lines().anyMatch(line -> line.contains("limits this account") && line.contains("2,500 MB")),
                        process.stderr());
                over.setOverBandwidth(false);
                eventually("read again once Gmail allows it", () ->
                        Shell.run(overMount, "cat Over/" + Shell.quote(names.get(0)) + " > /dev/null").exitCode() == 0);
            }
        }
    }

    @Test
    void aServerThatSaysByeIsConnectedToAgain() throws Exception {
        long message = deliver("Read after BYE", "AfterBye");
        sh("ls AfterBye > /dev/null");
        gmail.byeNow();
        eventually("read again without a remount", () -> Shell.run(mount, "cat " + path("AfterBye", message) + " > /dev/null").exitCode() == 0);
    }
}

package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.testing.Requirement;
import jakarta.mail.Flags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * What each file operation does on the server, checked on the server after the tools people use
 * ran through a real mount. The mount talks to the server through a {@link FaultProxy}, so that
 * tests can make the server refuse or the network fail half-way. Each test works in folders of its
 * own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WritesContract {
    protected Path workDir;
    protected Path mount;
    protected ImapAccount account;
    protected FaultProxy proxy;
    MailfsProcess mailfs;
    private String prefix;

    /** Starts the server in {@code workDir}, returns a client connected to it. */
    abstract ImapAccount startServer(Path workDir) throws Exception;

    /** The server's plain-text IMAP port, for the proxy. */
    abstract int plainPort();

    abstract String user();

    abstract String password();

    abstract void stopServer() throws Exception;

    @BeforeAll
    void mountThroughTheProxy() throws Exception {
        FuseRequirement.check();
        workDir = Files.createTempDirectory("mailfs-writes-");
        account = startServer(workDir);
        account.folder("Trash");
        proxy = new FaultProxy(plainPort());
        mount = Files.createDirectory(workDir.resolve("mnt"));
        mailfs = start(mount);
    }

    MailfsProcess start(Path mountPoint, String... options) throws Exception {
        Path passwordFile = Files.createTempFile(workDir, "password", "");
        Files.writeString(passwordFile, password() + "\n");
        List<String> args = new ArrayList<>(List.of("mount", "--host", "127.0.0.1", "--port", String.valueOf(proxy.port()),
                "--user", user(), "--security", "none", "--password-command", "cat " + passwordFile));
        args.addAll(List.of(options));
        args.add(mountPoint.toString());
        MailfsProcess process = MailfsProcess.start(mountPoint, args);
        process.awaitReady(Duration.ofSeconds(60));
        return process;
    }

    @AfterAll
    void unmountAndStop() throws Exception {
        if (mailfs != null) {
            mailfs.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (account != null) {
            account.close();
        }
        stopServer();
        WorkDirectory.delete(workDir);
    }

    @AfterEach
    void noFaultsLeft() {
        proxy.clearFaults();
    }

    /** A new folder of this test's own, so that tests do not see each other's mail. */
    String folder(TestInfo test, String name) throws Exception {
        if (prefix == null || !test.getTestMethod().get().getName().equals(prefix)) {
            prefix = test.getTestMethod().get().getName();
        }
        String folder = prefix + "-" + name;
        sh("mkdir " + q(folder)); // through the mount, which lists folders again at once
        return folder;
    }

    static byte[] message(String id, String subject) {
        return TestMail.message(subject, "<" + id + "@writes.mailfs.dev>", "Fri, 1 Mar 2024 09:00:00 +0000", "body of " + id + "\n");
    }

    static String messageId(String id) {
        return "<" + id + "@writes.mailfs.dev>";
    }

    /** The name of the one .eml in a folder of the mount. */
    String onlyMessage(String folder) {
        List<String> names = Shell.run(mount.resolve(folder), "ls -1 | grep '\\.eml$'").lines();
        assertEquals(1, names.size(), folder + ": " + names);
        return names.get(0);
    }

    String sh(String commandLine) {
        return Shell.ok(mount, commandLine);
    }

    static String q(String s) {
        return Shell.quote(s);
    }

    // ---- mv --------------------------------------------------------------------------------

    /**
     * Each folder is open on connections of its own: one that has not yet been told of a message
     * moved in through another must still read it, and move it on.
     */
    /**
     * A folder the user may not write (a shared folder with an ACL of "lr", say): each change the
     * server refuses fails with the errno its response code says, and the log line has its words.
     */
    @Test
    void theServersRefusalsReachTheToolsAsTheErrnosTheySay(TestInfo test) throws Exception {
        String folder = folder(test, "shared");
        String other = folder(test, "other");
        account.append(folder, message("acl1", "Read only"));
        String name = onlyMessage(folder);
        Path file = workDir.resolve("refused.eml");
        Files.write(file, message("acl2", "Refused"));
        Map<String, String> refusedWith = new LinkedHashMap<>();
        proxy.refuse("^CREATE ", "[NOPERM] Permission denied to create");
        refusedWith.put("mkdir " + q(folder + "/Sub"), "Permission denied");
        proxy.refuse("^RENAME ", "[CANNOT] Cannot rename this folder");
        refusedWith.put("mv " + q(other) + " " + q(other + "-renamed"), "Operation not permitted");
        proxy.refuse("^UID (MOVE|COPY) ", "[NOPERM] Permission denied to move");
        refusedWith.put("mv " + q(folder + "/" + name) + " " + q(other) + "/", "Permission denied");
        refusedWith.put("rm " + q(folder + "/" + name), "Permission denied");
        proxy.refuse("^UID STORE ", "[NOPERM] Permission denied to flag");
        refusedWith.put("setfattr -n user.mail.flags -v '\\Flagged' " + q(folder + "/" + name), "Permission denied");
        proxy.refuse("^APPEND ", "[OVERQUOTA] Quota exceeded");
        refusedWith.put("cp " + q(file.toString()) + " " + q(folder) + "/", "Disk quota exceeded");
        for (Map.Entry<String, String> refused : refusedWith.entrySet()) {
            Shell.Result result = Shell.run(mount, refused.getKey());
            assertNotEquals(0, result.exitCode(), refused.getKey());
            assertTrue(result.err().contains(refused.getValue()), refused.getKey() + ": " + result.err());
        }
        proxy.clearFaults();
        assertEquals(List.of(messageId("acl1")), account.messageIds(folder), "nothing changed");
        assertTrue(mailfs.stderr().contains("[NOPERM] Permission denied to create"), "the log has the server's words: " + mailfs.stderr());
        assertTrue(mailfs.stderr().contains("[CANNOT] Cannot rename this folder"), mailfs.stderr());
    }

    @Test
    void aMessageMovedBackAndForthReadsAfterEachMove(TestInfo test) throws Exception {
        String a = folder(test, "a");
        String b = folder(test, "b");
        account.append(a, message("mv-loop", "Round trip"));
        String name = onlyMessage(a);
        for (int i = 0; i < 3; i++) {
            for (String[] step : List.of(new String[] {a, b}, new String[] {b, a})) {
                sh("ls " + q(step[1]) + " > /dev/null");
                sh("mv " + q(step[0] + "/" + name) + " " + q(step[1]) + "/");
                assertTrue(sh("cat " + q(step[1] + "/" + name)).contains("body of mv-loop"), "round " + i + " into " + step[1]);
            }
        }
        awaitOnServer(a, List.of(messageId("mv-loop"))); // moves in a row are sent a moment later
        assertEquals(List.of(), account.messageIds(b));
    }

    /** What a test does with a daemon of its own, mounted beside the shared one. */
    @FunctionalInterface
    interface FreshMountUse {
        void run(MailfsProcess fresh, Path freshMount) throws Exception;
    }

    /** Runs {@code use} on a daemon of its own (for what depends on what a daemon has learned, or on a fault at its start), then unmounts it. */
    void onAFreshMount(FreshMountUse use) throws Exception {
        MailfsProcess fresh = start(Files.createDirectory(workDir.resolve("mnt-" + prefix)));
        try {
            use.run(fresh, fresh.mountPoint());
        } finally {
            fresh.close();
        }
    }

    /** The command a move sends to look whether the message is there before moving it. */
    private static final String LOOK_FIRST = "\\S+ UID FETCH \\d+ \\(UID\\)";

    @Test
    void mvMovesTheMessageOnTheServerAndKeepsItsName(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        account.append(from, message("mv1", "Move me"));
        String name = onlyMessage(from);
        sh("ls " + q(to) + " > /dev/null"); // the destination's listing is cached: mv must update it
        sh("mv " + q(from + "/" + name) + " " + q(to) + "/");
        assertEquals(List.of(), account.messageIds(from));
        assertEquals(List.of(messageId("mv1")), account.messageIds(to));
        assertEquals(name, onlyMessage(to), "same name in the new folder, shown at once");
        assertEquals("", sh("ls " + q(from)), "gone from the old folder at once");
        assertTrue(sh("cat " + q(to + "/" + name)).contains("body of mv1"));
    }

    /** Issue 22: once a move has said what it moved (COPYUID), a move is one UID MOVE, nothing asked before it. */
    @Test
    void afterAMoveThatSaidWhatItMovedEachMoveIsOneCommand(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        account.append(from, message("one1", "First to move"));
        account.append(from, message("one2", "Second to move"));
        onAFreshMount((fresh, freshMount) -> {
            Shell.ok(freshMount, "mv " + q(from) + "/*First*.eml " + q(to) + "/");
            int before = proxy.clientCommands().size();
            Shell.ok(freshMount, "mv " + q(from) + "/*Second*.eml " + q(to) + "/");
            awaitOnServer(to, List.of(messageId("one1"), messageId("one2"))); // the second of two in a row is sent a moment later
            List<String> commands = proxy.clientCommands().subList(before, proxy.clientCommands().size());
            assertEquals(1, commands.stream().filter(c -> c.matches("\\S+ UID MOVE .*")).count(), commands.toString());
            assertFalse(commands.stream().anyMatch(c -> c.matches(LOOK_FIRST)), "nothing looked up first: " + commands);
        });
        assertEquals(List.of(), account.messageIds(from));
        assertEquals(List.of(messageId("one1"), messageId("one2")), account.messageIds(to));
    }

    /**
     * A server whose moves never say what they moved (no COPYUID): each move looks first, and each
     * message moves once. One at a time: without COPYUID the destination is listed again to show
     * the message, and a moment may pass before it does (mv of several files stats each one where
     * it went, and can fail there: a known gap on such servers).
     */
    @Test
    void movesOfAServerThatNeverSaysWhatItMovedMoveEachMessageOnce(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        account.append(from, message("silent1", "First said nothing"));
        account.append(from, message("silent2", "Second said nothing"));
        proxy.hideCopyUid();
        onAFreshMount((fresh, freshMount) -> {
            Shell.Result result = Shell.run(freshMount, "for f in " + q(from) + "/*.eml; do mv \"$f\" " + q(to) + "/ || exit 1; done");
            assertEquals(0, result.exitCode(), result.err() + fresh.stderr());
            Poll.within(Duration.ofSeconds(10)).until("both shown where they went",
                    () -> Shell.run(freshMount, "ls " + q(to) + " | grep -c 'said nothing.*\\.eml$'").out().strip().equals("2"));
        });
        assertEquals(List.of(), account.messageIds(from));
        assertEquals(List.of(messageId("silent1"), messageId("silent2")), account.messageIds(to).stream().sorted().toList());
        assertTrue(proxy.clientCommands().stream().filter(c -> c.matches(LOOK_FIRST)).count() >= 2, "each move looked first");
    }

    /**
     * A message another client moved away meanwhile: a lone mv fails with "No such file", and
     * nothing moves. (One of several moves in a row is promised before it is sent: see
     * {@link #aMessageAnotherClientMovedAwayDuringABurstOfMovesStaysWhereThatClientPutIt}.)
     */
    @Test
    void mvOfAMessageAnotherClientMovedAwayMeanwhileFailsAndMovesNothing(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        String first = folder(test, "first");
        String elsewhere = folder(test, "elsewhere");
        account.append(from, message("gone1", "First moved here"));
        account.append(from, message("gone2", "Second moved elsewhere"));
        onAFreshMount((fresh, freshMount) -> {
            Shell.ok(freshMount, "mv " + q(from) + "/*First*.eml " + q(first) + "/"); // the server's moves say what they moved
            String second = Shell.ok(freshMount, "ls " + q(from) + " | grep '\\.eml$'").strip();
            account.move(from, messageId("gone2"), elsewhere);
            Shell.Result result = Shell.run(freshMount, "mv " + q(from + "/" + second) + " " + q(to) + "/");
            assertNotEquals(0, result.exitCode());
            assertTrue(result.err().contains("No such file or directory"), result.err());
        });
        assertEquals(List.of(messageId("gone1")), account.messageIds(first));
        assertEquals(List.of(), account.messageIds(to));
        assertEquals(List.of(messageId("gone2")), account.messageIds(elsewhere));
    }

    /**
     * In a burst of moves, one of them of a message another client moved away meanwhile: mv was told
     * it moved, and the message is where the other client put it, not in two folders, with a log line.
     */
    @Test
    void aMessageAnotherClientMovedAwayDuringABurstOfMovesStaysWhereThatClientPutIt(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        String elsewhere = folder(test, "elsewhere");
        List<String> ids = appendMany(from, "Burst", 6);
        sh("ls " + q(from) + " " + q(to) + " > /dev/null");
        proxy.hold("^UID MOVE \\S*[:,]"); // the batch waits: the other client moves one meanwhile
        sh("mv " + q(from) + "/*.eml " + q(to) + "/");
        account.move(from, messageId("Burst4"), elsewhere);
        proxy.clearFaults();
        List<String> moved = new ArrayList<>(ids);
        moved.remove(messageId("Burst4"));
        Poll.within(Duration.ofSeconds(20)).until(() -> "the others moved: " + mailfs.stderr(),
                () -> account.messageIds(from).isEmpty() && account.messageIds(to).size() >= 5);
        awaitOnServer(to, moved);
        assertEquals(List.of(messageId("Burst4")), account.messageIds(elsewhere));
        Poll.within(Duration.ofSeconds(20)).until("the mount shows five in " + to, () -> emlCount(to) == 5);
    }

    // ---- many at once (issue 22) ----------------------------------------------------------------

    /** Appends {@code count} messages "NAME i" (UIDs 1..count in a new folder), returns their Message-IDs in that order. */
    List<String> appendMany(String folder, String name, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            account.append(folder, message(name + i, name + " " + i));
            ids.add(messageId(name + i));
        }
        return ids;
    }

    /** Waits until the server holds exactly {@code ids} in {@code folder}, each once. */
    void awaitOnServer(String folder, List<String> ids) {
        List<String> wanted = ids.stream().sorted().toList();
        Poll.within(Duration.ofSeconds(20)).until(() -> folder + " on the server holds " + wanted,
                () -> account.messageIds(folder).stream().sorted().toList().equals(wanted));
    }

    int emlCount(String folder) {
        return Shell.ok(mount.resolve(folder), "ls -1").lines().filter(name -> name.endsWith(".eml")).toList().size();
    }

    private static final String BATCH_MOVE = "\\S+ UID MOVE \\S*[:,]\\S* .*";

    /**
     * Issue 22: mv of many messages in one command. Each rename after the first is promised (written
     * to the journal) and shown at once, and the server gets them together: a few UID MOVEs of sets.
     */
    @Test
    void mvOfManyMessagesShowsThemMovedAtOnceAndTheServerGetsThemInAFewCommands(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        List<String> ids = appendMany(from, "Many", 16);
        sh("ls " + q(to) + " " + q(from) + " > /dev/null");
        int before = proxy.clientCommands().size();
        sh("mv " + q(from) + "/*.eml " + q(to) + "/");
        assertEquals(16, emlCount(to), "all shown where they went when mv returns");
        assertEquals(0, emlCount(from));
        awaitOnServer(to, ids);
        assertEquals(List.of(), account.messageIds(from));
        List<String> commands = proxy.clientCommands().subList(before, proxy.clientCommands().size());
        long moves = commands.stream().filter(c -> c.matches("\\S+ UID MOVE .*")).count();
        assertTrue(moves <= 8, "sent together, not one by one: " + moves + " UID MOVEs");
        assertTrue(commands.stream().anyMatch(c -> c.matches(BATCH_MOVE)), commands.toString());
        assertTrue(sh("cat " + q(to) + "/*Many\\ 13*.eml").contains("body of Many13"), "each reads where it went");
    }

    /** rm of many messages: each shown gone at once, all in Trash on the server a moment later, each once. */
    @Test
    void rmOfManyMessagesShowsThemGoneAtOnceAndMovesThemToTrashTogether(TestInfo test) throws Exception {
        String folder = folder(test, "many");
        List<String> ids = appendMany(folder, "Bin", 10);
        sh("rm " + q(folder) + "/*.eml");
        assertEquals(0, emlCount(folder));
        Poll.within(Duration.ofSeconds(20)).until("all in Trash", () -> account.messageIds("Trash").containsAll(ids));
        assertEquals(List.of(), account.messageIds(folder));
        assertEquals(ids.size(), account.messageIds("Trash").stream().filter(ids::contains).count(), "each once");
    }

    /** The connection is cut right after a batch's UID MOVE reached the server: each message moves once. */
    @Test
    void aConnectionCutAfterABatchReachedTheServerStillMovesEachMessageOnce(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        List<String> ids = appendMany(from, "Cut", 8);
        sh("ls " + q(to) + " " + q(from) + " > /dev/null");
        proxy.cutAfter("^UID MOVE \\S*[:,]");
        sh("mv " + q(from) + "/*.eml " + q(to) + "/");
        awaitOnServer(to, ids);
        assertEquals(List.of(), account.messageIds(from));
        Poll.within(Duration.ofSeconds(20)).until("the mount shows them all where they went", () -> emlCount(to) == 8 && emlCount(from) == 0);
    }

    /**
     * The server refuses one message of a batch: the batch is refused, those it may have moved stay
     * moved, the rest are moved one by one, and the refused one is shown back where it was, with a
     * log line that has the server's words.
     */
    @Test
    void aBatchTheServerRefusesForOneMessageMovesTheOthersAndShowsThatOneBack(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        List<String> ids = appendMany(from, "Refused", 10);
        sh("ls " + q(to) + " " + q(from) + " > /dev/null");
        proxy.refuse("^UID MOVE (\\S*[:,]\\S*|7) ", "[CANNOT] Not message 7");
        Shell.run(mount, "mv " + q(from) + "/*.eml " + q(to) + "/"); // fails for 7 if it went first, alone
        List<String> moved = new ArrayList<>(ids);
        moved.remove(messageId("Refused7"));
        awaitOnServer(to, moved);
        assertEquals(List.of(messageId("Refused7")), account.messageIds(from));
        Poll.within(Duration.ofSeconds(20)).until("shown back where it is", () -> emlCount(from) == 1 && emlCount(to) == 9);
        assertTrue(mailfs.stderr().contains("[CANNOT] Not message 7"), mailfs.stderr());
    }

    /**
     * kill -9 of the daemon while its batch waits for the server's answer (and the server then makes
     * it), and while more wait in the journal: the next start makes what was promised, each once.
     */
    @Test
    void killDashNineWhileABatchIsOnItsWayLosesNoMoveAndDoublesNone(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        List<String> ids = appendMany(from, "Killed", 8);
        Path first = Files.createDirectory(workDir.resolve("mnt-killed-" + prefix));
        MailfsProcess killed = start(first);
        try {
            Shell.ok(first, "ls " + q(to) + " " + q(from) + " > /dev/null");
            proxy.hold("^UID MOVE \\S*[:,]");
            Shell.ok(first, "mv " + q(from) + "/*.eml " + q(to) + "/");
            killed.signal("KILL");
            killed.awaitExit(Duration.ofSeconds(10));
        } finally {
            killed.close();
        }
        proxy.clearFaults(); // the held batch reaches the server now, its answer to a daemon that is gone
        onAFreshMount((fresh, freshMount) -> {
            awaitOnServer(to, ids);
            assertEquals(List.of(), account.messageIds(from));
            Poll.within(Duration.ofSeconds(20)).until("the new daemon shows them where they are",
                    () -> Shell.ok(freshMount.resolve(to), "ls -1").lines().filter(n -> n.endsWith(".eml")).count() == 8);
        });
    }

    @Test
    void mvOfTheMessagesDirectoryMovesTheMessage(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        account.append(from, message("mv2", "Move my directory"));
        String directory = onlyMessage(from).replaceFirst("\\.eml$", "");
        sh("mv " + q(from + "/" + directory) + " " + q(to) + "/");
        assertEquals(List.of(), account.messageIds(from));
        assertEquals(List.of(messageId("mv2")), account.messageIds(to));
    }

    @Test
    void renamingAMessageWithinItsFolderIsRefused(TestInfo test) throws Exception {
        String folder = folder(test, "here");
        account.append(folder, message("mv3", "Stay"));
        Shell.Result result = Shell.run(mount, "mv " + q(folder + "/" + onlyMessage(folder)) + " " + q(folder + "/other.eml"));
        assertNotEquals(0, result.exitCode());
        assertTrue(result.err().contains("Operation not permitted"), result.err());
        assertEquals(List.of(messageId("mv3")), account.messageIds(folder));
    }

    @Test
    void aMoveTheServerRefusesLeavesTheMessageWhereItWas(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        account.append(from, message("mv4", "Over quota"));
        String name = onlyMessage(from);
        proxy.refuse("^UID (MOVE|COPY) ", "[OVERQUOTA] quota exceeded");
        Shell.Result result = Shell.run(mount, "mv " + q(from + "/" + name) + " " + q(to) + "/");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.err().contains("Disk quota exceeded"), result.err());
        proxy.clearFaults();
        assertEquals(List.of(messageId("mv4")), account.messageIds(from));
        assertEquals(List.of(), account.messageIds(to));
        assertEquals(name, onlyMessage(from), "the mount still works and still shows it");
    }

    @Test
    void aConnectionLostBetweenCopyAndExpungeStillEndsInOneMove(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        account.append(from, message("mv5", "Cut in the middle"));
        account.append(from, message("mv5-other", "Flagged deleted by someone else"));
        // Another message flagged \Deleted must not be expunged along with ours.
        account.flag(from, messageId("mv5-other"), Flags.Flag.DELETED);
        String name = Shell.run(mount.resolve(from), "ls -1 | grep 'Cut in the middle' | grep '\\.eml$'").out().strip();
        proxy.hideCapability("MOVE");
        proxy.cutAfter("^UID COPY ");
        onAFreshMount((fresh, freshMount) -> {
            Shell.Result result = Shell.run(freshMount, "mv " + q(from + "/" + name) + " " + q(to) + "/");
            assertEquals(0, result.exitCode(), result.err() + fresh.stderr());
        });
        assertTrue(proxy.clientCommands().stream().anyMatch(c -> c.matches("\\S+ UID COPY .*")), "the fallback was used");
        assertEquals(List.of(messageId("mv5")), account.messageIds(to));
        assertEquals(List.of(messageId("mv5-other")), account.messageIds(from), "only our message was expunged");
    }

    @Test
    void aMoveIntoAFolderThatDoesNotExistFailsAndKeepsTheMessage(TestInfo test) throws Exception {
        String from = folder(test, "from");
        account.append(from, message("mv6", "Nowhere to go"));
        Shell.Result result = Shell.run(mount, "mv " + q(from + "/" + onlyMessage(from)) + " NoSuchFolder/");
        assertNotEquals(0, result.exitCode());
        assertEquals(List.of(messageId("mv6")), account.messageIds(from));
    }

    @Test
    void withoutUidplusTheSourceIsOnlyFlaggedNotExpunged(TestInfo test) throws Exception {
        String from = folder(test, "from");
        String to = folder(test, "to");
        account.append(from, message("mv7", "No UIDPLUS"));
        account.append(from, message("mv7-other", "Deleted by another client"));
        account.flag(from, messageId("mv7-other"), Flags.Flag.DELETED);
        proxy.hideCapability("MOVE");
        proxy.hideCapability("UIDPLUS");
        MailfsProcess fresh = start(Files.createDirectory(workDir.resolve("mnt-" + prefix)));
        try {
            String name = Shell.run(fresh.mountPoint().resolve(from), "ls -1 | grep 'No UIDPLUS' | grep '\\.eml$'").out().strip();
            int commandsBefore = proxy.clientCommands().size();
            Shell.ok(fresh.mountPoint(), "mv " + q(from + "/" + name) + " " + q(to) + "/");
            assertEquals(List.of(messageId("mv7")), account.messageIds(to));
            List<String> sent = proxy.clientCommands().subList(commandsBefore, proxy.clientCommands().size());
            assertTrue(sent.stream().noneMatch(c -> c.matches("\\S+ (UID )?EXPUNGE.*")), "no EXPUNGE of any kind: " + sent);
            account.withMessage(from, messageId("mv7"), m -> {
                assertTrue(m.isSet(Flags.Flag.DELETED), "flagged \\Deleted in the source");
                return null;
            });
            assertTrue(account.messageIds(from).contains(messageId("mv7-other")), "the other \\Deleted message is still there");
            assertTrue(fresh.stderr().contains("has no UIDPLUS"), "the log says so: " + fresh.stderr());
        } finally {
            fresh.close();
        }
    }

    // ---- rm --------------------------------------------------------------------------------

    @Test
    void withDeleteExpungeRmDeletesForGoodAtOnce(TestInfo test) throws Exception {
        String folder = folder(test, "here");
        account.append(folder, message("rm3", "Gone at once"));
        MailfsProcess expunging = start(Files.createDirectory(workDir.resolve("mnt-" + prefix)), "--delete=expunge");
        try {
            String name = Shell.run(expunging.mountPoint().resolve(folder), "ls -1 | grep '\\.eml$'").out().strip();
            Shell.ok(expunging.mountPoint(), "rm " + q(folder + "/" + name));
        } finally {
            expunging.close();
        }
        assertEquals(List.of(), account.messageIds(folder));
        assertFalse(account.messageIds("Trash").contains(messageId("rm3")), "not in Trash either");
    }


    @Test
    void rmMovesToTrashAndRmInTrashDeletesForGood(TestInfo test) throws Exception {
        String folder = folder(test, "here");
        account.append(folder, message("rm1", "Delete me"));
        String name = onlyMessage(folder);
        sh("rm " + q(folder + "/" + name));
        assertEquals(List.of(), account.messageIds(folder));
        assertTrue(account.messageIds("Trash").contains(messageId("rm1")));
        sh("rm " + q("Trash/" + name));
        assertFalse(account.messageIds("Trash").contains(messageId("rm1")), "deleted for good");
        assertFalse(Shell.run(mount, "ls Trash").out().contains(name));
    }

    /** rmdir of every directory, to tidy up the empty ones, as on a local disk: nothing is deleted. */
    @Test
    void rmdirOfTheMessagesDirectoriesIsNotEmptyAndDeletesNothing(TestInfo test) throws Exception {
        String folder = folder(test, "tidy");
        for (int i = 0; i < 3; i++) {
            account.append(folder, message("tidy" + i, "Tidy " + i));
        }
        int inTrash = account.messageIds("Trash").size();
        Shell.Result rmdir = Shell.run(mount, "rmdir " + q(folder) + "/*/");
        assertTrue(rmdir.exitCode() != 0, rmdir.toString());
        assertEquals(3, rmdir.err().lines().filter(line -> line.contains("Directory not empty")).count(), rmdir.err());
        assertEquals(3, account.messageIds(folder).size(), "every message is still there");
        assertEquals(inTrash, account.messageIds("Trash").size(), "and none went to Trash");
    }

    @Test
    void rmOfAPartAloneChangesNothingOnTheServer(TestInfo test) throws Exception {
        String folder = folder(test, "here");
        account.append(folder, message("rm2", "Keep my body"));
        String directory = onlyMessage(folder).replaceFirst("\\.eml$", "");
        sh("rm " + q(folder + "/" + directory + "/body.txt"));
        assertEquals(List.of(messageId("rm2")), account.messageIds(folder));
        assertTrue(Shell.run(mount, "ls " + q(folder)).out().contains(directory), "the message is where it was");
    }

    /** A message with a text, an attachment and a forwarded message: its directory holds a directory. */
    static byte[] messageWithParts(String id, String subject) {
        return ("From: Alice <alice@example.com>\r\nDate: Fri, 1 Mar 2024 09:00:00 +0000\r\nSubject: " + subject
                + "\r\nMessage-ID: " + messageId(id) + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n"
                + "--b\r\nContent-Type: application/pdf; name=plan.pdf\r\nContent-Disposition: attachment; filename=plan.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
                + "--b\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=fwd.eml\r\n\r\n"
                + "From: Bob <bob@example.com>\r\nSubject: Earlier\r\n\r\nThe earlier one.\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A folder of three messages, one with an attachment and a forwarded message in it. */
    String folderOfThree(TestInfo test, String name) throws Exception {
        String folder = folder(test, name);
        account.append(folder, message(name + "1", "First " + name));
        account.append(folder, messageWithParts(name + "2", "Second " + name));
        account.append(folder, message(name + "3", "Third " + name));
        return folder;
    }

    /** rm -r of one message's directory deletes that message, as rm of its .eml would, and exits 0. */
    @Test
    void rmDashROfAMessagesDirectoryDeletesTheMessage(TestInfo test) throws Exception {
        String folder = folderOfThree(test, "dir");
        String second = Shell.run(mount.resolve(folder), "ls -1 | grep '^.* Second dir ([0-9a-f]*)$'").out().strip();
        sh("rm -r " + q(folder + "/" + second));
        assertEquals(List.of(messageId("dir1"), messageId("dir3")), account.messageIds(folder));
        assertTrue(account.messageIds("Trash").contains(messageId("dir2")));
        assertFalse(Shell.run(mount, "ls " + q(folder)).out().contains("Second"), "neither name is listed");
    }

    /**
     * What a file manager does to delete a selection of X/ and X.eml: each file in X/ depth first
     * (GIO, one call each), X/ itself, then X.eml: the message once to Trash, every call succeeds.
     */
    @Test
    void aFileManagersDeleteOfBothNamesDeletesTheMessageOnce(TestInfo test) throws Exception {
        Requirement.command("gio", "libglib2.0-bin");
        String folder = folderOfThree(test, "fm");
        int inTrash = account.messageIds("Trash").size();
        String second = Shell.run(mount.resolve(folder), "ls -1 | grep ' Second fm ([0-9a-f]*)$'").out().strip();
        Shell.ok(mount.resolve(folder), "find " + q(second) + " -depth -print0 | xargs -0 -n1 gio remove && gio remove " + q(second + ".eml"));
        assertEquals(List.of(messageId("fm1"), messageId("fm3")), account.messageIds(folder));
        assertEquals(inTrash + 1, account.messageIds("Trash").size());
    }

    /**
     * rm -r and rm -rf of a folder, after a find that made the kernel remember every message's
     * directory: every message once to Trash, the folder deleted, exit 0.
     */
    @Test
    void rmDashROfAFolderDeletesItsMessagesAndTheFolder(TestInfo test) throws Exception {
        int inTrash = account.messageIds("Trash").size();
        String first = folderOfThree(test, "r");
        Shell.ok(mount, "find " + q(first) + " -type f > /dev/null");
        sh("rm -r " + q(first));
        String second = folderOfThree(test, "rf");
        sh("rm -rf " + q(second));

        assertFalse(account.folderExists(first));
        assertFalse(account.folderExists(second));
        assertEquals(inTrash + 6, account.messageIds("Trash").size(), "each message once in Trash");
        assertFalse(Files.exists(mount.resolve(first)));
    }

    @Test
    void withDeleteExpungeRmDashRDeletesTheFolderAndItsMessagesForGood(TestInfo test) throws Exception {
        int inTrash = account.messageIds("Trash").size();
        String folder = folderOfThree(test, "gone");
        MailfsProcess expunging = start(Files.createDirectory(workDir.resolve("mnt-" + prefix)), "--delete=expunge");
        try {
            String second = Shell.run(expunging.mountPoint().resolve(folder), "ls -1 | grep ' Second gone ([0-9a-f]*)$'").out().strip();
            Shell.ok(expunging.mountPoint(), "rm -r " + q(folder + "/" + second));
            assertEquals(List.of(messageId("gone1"), messageId("gone3")), account.messageIds(folder));
            Shell.ok(expunging.mountPoint(), "rm -rf " + q(folder));
        } finally {
            expunging.close();
        }
        assertFalse(account.folderExists(folder));
        assertEquals(inTrash, account.messageIds("Trash").size(), "nothing went to Trash");
    }

    /** True duplicates (one message appended three times): a loop over their names deletes each once, none renamed meanwhile. */
    @Test
    void aLoopOverDuplicatesNamesRemovesEachOnce(TestInfo test) throws Exception {
        String folder = folder(test, "dup");
        for (int i = 0; i < 3; i++) {
            account.append(folder, message("dup", "Same"));
        }
        int inTrash = account.messageIds("Trash").size();
        List<String> names = Shell.run(mount.resolve(folder), "ls -1 | grep '\\.eml$'").lines();
        assertEquals(3, names.size(), names.toString());
        // The plain name (the first of them) first, then the others by the names they had.
        Shell.ok(mount.resolve(folder), "ls -1r | grep '\\.eml$' | while read -r f; do rm -- \"$f\" || exit 1; ls > /dev/null; done");
        // The second and third rm follow the first at once: sent together a moment later.
        Poll.within(Duration.ofSeconds(20)).until("all three in Trash", () -> account.messageIds("Trash").size() == inTrash + 3);
        assertEquals(List.of(), account.messageIds(folder));
    }

    /** Mail another program flagged \\Deleted: hidden; with --show-deleted shown, and setfattr takes the flag off. */
    @Test
    void mailMarkedDeletedElsewhereShowsWithShowDeletedAndCanBeBroughtBack(TestInfo test) throws Exception {
        String folder = folder(test, "marked");
        account.append(folder, message("marked", "Marked elsewhere"));
        account.flag(folder, messageId("marked"), Flags.Flag.DELETED);
        Poll.within(Duration.ofSeconds(10)).until("the mount hides it", () -> !Shell.run(mount, "ls " + q(folder)).out().contains("Marked"));

        MailfsProcess showing = start(Files.createDirectory(workDir.resolve("mnt-" + prefix)), "--show-deleted");
        try {
            Path shown = showing.mountPoint().resolve(folder);
            String name = Shell.run(shown, "ls -1 | grep '\\.eml$'").out().strip();
            assertTrue(name.contains("Marked elsewhere"), name);
            assertTrue(Shell.ok(shown, "getfattr --only-values -n user.mail.flags " + q(name)).contains("\\Deleted"));
            Shell.ok(shown, "setfattr -n user.mail.flags -v '\\Seen' " + q(name));
        } finally {
            showing.close();
        }
        account.withMessage(folder, messageId("marked"), m -> {
            assertFalse(m.isSet(Flags.Flag.DELETED));
            return null;
        });
        Poll.within(Duration.ofSeconds(10)).until("the mount shows it again", () -> Shell.run(mount, "ls " + q(folder)).out().contains("Marked"));
    }

    /**
     * rm uses the Trash the folder list shows: another mail program takes Trash away and makes
     * "Deleted Items", and within seconds rm puts mail there, not in the Trash that was.
     */
    @Test
    void rmFollowsTheTrashOfTheFolderListAsAnotherProgramChangesIt(TestInfo test) throws Exception {
        String folder = folder(test, "here");
        account.append(folder, message("tr1", "To the new trash"));
        String name = onlyMessage(folder);
        String away = "Trash-" + prefix;
        account.store().getFolder("Trash").renameTo(account.store().getFolder(away));
        account.folder("Deleted Items");
        try {
            Poll.within(Duration.ofSeconds(10)).every(Duration.ofMillis(500)).until("ls shows the new Trash",
                    () -> Shell.run(mount, "ls").lines().contains("Deleted Items") && !Shell.run(mount, "ls").lines().contains("Trash"));
            sh("rm " + q(folder + "/" + name));
            assertEquals(List.of(messageId("tr1")), account.messageIds("Deleted Items"));
            assertFalse(account.messageIds(away).contains(messageId("tr1")), "not in the Trash that was");
        } finally {
            account.store().getFolder("Deleted Items").delete(true);
            account.store().getFolder(away).renameTo(account.store().getFolder("Trash"));
            Poll.within(Duration.ofSeconds(10)).every(Duration.ofMillis(500)).until("ls shows Trash again, for the tests that follow",
                    () -> Shell.run(mount, "ls").lines().contains("Trash") && !Shell.run(mount, "ls").lines().contains("Deleted Items"));
        }
    }

    /** mv of a glob that names both X.eml and X/ moves the message once and exits 0. */
    @Test
    void mvOfAGlobMatchingBothNamesMovesTheMessageOnce(TestInfo test) throws Exception {
        String from = folderOfThree(test, "glob");
        String to = folder(test, "to");
        sh("mv " + q(from) + "/*Second* " + q(to) + "/");
        sh("mv " + q(from) + "/*Third*.eml " + q(from) + "/*Third*\\) " + q(to) + "/"); // the file first
        awaitOnServer(to, List.of(messageId("glob2"), messageId("glob3"))); // the second of two moves in a row is sent a moment later
        assertEquals(List.of(messageId("glob1")), account.messageIds(from));
        assertEquals(4, Shell.run(mount, "ls " + q(to)).lines().size(), Shell.run(mount, "ls " + q(to)).out());
    }

    // ---- cp in -------------------------------------------------------------------------------

    @Test
    void cpAppendsTheFileAsAMessageWithItsDateAsInternalDate(TestInfo test) throws Exception {
        String folder = folder(test, "in");
        Path file = workDir.resolve("copied.eml");
        byte[] bytes = message("cp1", "Copied in");
        Files.write(file, bytes);
        sh("cp " + q(file.toString()) + " " + q(folder) + "/");
        assertEquals(List.of(messageId("cp1")), account.messageIds(folder));
        account.withMessage(folder, messageId("cp1"), m -> {
            assertEquals(java.time.Instant.parse("2024-03-01T09:00:00Z"), m.getReceivedDate().toInstant(), "INTERNALDATE from Date:");
            assertTrue(m.isSet(Flags.Flag.SEEN), "copied-in mail is mail the user has read");
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            m.writeTo(raw);
            assertTrue(raw.toString(StandardCharsets.UTF_8).contains("body of cp1"));
            return null;
        });
        assertTrue(onlyMessage(folder).contains("Copied in"), "ls shows it under its mail name");
    }

    /**
     * Once a mount has answered a read, the kernel sends FLUSH and no RELEASE for the files it
     * creates: a copy must not wait for one. Each lets go of its descriptor when closed, and nothing
     * copied in stays in /tmp after the unmount.
     */
    @Test
    void filesCopiedInKeepNoDescriptorAndNoCopyStaysAfterTheUnmount(TestInfo test) throws Exception {
        String folder = folder(test, "in");
        Path mountPoint = Files.createDirectory(workDir.resolve("mnt-copies"));
        Path files = Files.createDirectory(workDir.resolve("copies"));
        for (int i = 0; i < 40; i++) {
            Files.write(files.resolve("copy-" + i + ".eml"), message("copy" + i, "Copy " + i));
        }
        MailfsProcess own = start(mountPoint);
        try {
            Shell.ok(mountPoint, "cp " + q(files.resolve("copy-0.eml").toString()) + " " + q(folder) + "/");
            Shell.ok(mountPoint, "cat " + q(folder) + "/*.eml > /dev/null"); // a read: from here on no RELEASE comes
            long before = descriptors(own.pid());

            Shell.ok(mountPoint, "cp " + q(files.toString()) + "/copy-[1-9]*.eml " + q(folder) + "/");
            assertEquals(40, account.messageIds(folder).size());
            long after = descriptors(own.pid());
            assertTrue(after - before < 10, "descriptors went from " + before + " to " + after + " for 39 files copied in");
            Path incoming = incomingDirectoryOf(own.pid());
            assertTrue(Files.isDirectory(incoming));
        } finally {
            own.signal("TERM");
            assertEquals(0, own.awaitExit(Duration.ofSeconds(20)), own.stderr());
            own.close();
        }
        assertTrue(incomingDirectoriesOf(own.pid()).isEmpty(), "left in /tmp: " + incomingDirectoriesOf(own.pid()));
    }

    private static long descriptors(long pid) throws IOException {
        try (Stream<Path> open = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return open.count();
        }
    }

    private static Path incomingDirectoryOf(long pid) throws IOException {
        List<Path> directories = incomingDirectoriesOf(pid);
        assertEquals(1, directories.size(), directories.toString());
        return directories.get(0);
    }

    private static List<Path> incomingDirectoriesOf(long pid) throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(path -> path.getFileName().toString().startsWith("mailfs-incoming-" + pid + "-")).toList();
        }
    }

    @Test
    void cpKeepsTheFlagsOfAMessageCopiedWithItsAttributes(TestInfo test) throws Exception {
        Requirement.command("setfattr", "attr");
        String from = folder(test, "from");
        String to = folder(test, "to");
        account.append(from, message("cp2", "Unread and flagged"));
        String name = onlyMessage(from);
        sh("setfattr -n user.mail.flags -v '\\Flagged' " + q(from + "/" + name));
        sh("cp --preserve=xattr " + q(from + "/" + name) + " " + q(to) + "/");
        account.withMessage(to, messageId("cp2"), m -> {
            assertTrue(m.isSet(Flags.Flag.FLAGGED));
            assertFalse(m.isSet(Flags.Flag.SEEN), "the unread state came along");
            return null;
        });
        assertEquals(List.of(messageId("cp2")), account.messageIds(from), "a copy, not a move");
    }

    @Test
    void aFileWrittenByOneProcessAfterAnotherEndsAsOneWholeMessage(TestInfo test) throws Exception {
        String folder = folder(test, "in");
        // Every process in the group closes its copy of the descriptor: close(2), and so an append, each time.
        sh("{ printf 'From: a@example.org\\r\\nSubject: Written in turns\\r\\nMessage-ID: " + messageId("turns")
                + "\\r\\n\\r\\n'; echo first part; (echo second part); echo last part; } > " + q(folder + "/turns.eml"));
        assertEquals(List.of(messageId("turns")), account.messageIds(folder), "one message, not one per close");
        account.withMessage(folder, messageId("turns"), m -> {
            String body = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(body.contains("first part") && body.contains("last part"), body);
            return null;
        });
    }

    @Test
    void readersInMoreFoldersThanArePooledAndAMoveAtOnceAllSucceed(TestInfo test) throws Exception {
        List<String> folders = new ArrayList<>();
        for (int f = 0; f < 7; f++) {
            String folder = folder(test, "f" + f);
            folders.add(folder);
            for (int m = 0; m < 4; m++) {
                account.append(folder, message("busy-" + f + "-" + m, "Busy " + f + " " + m));
            }
        }
        String moving = Shell.run(mount.resolve(folders.get(0)), "ls -1 | grep 'Busy 0 0' | grep '\\.eml$'").out().strip();
        StringBuilder all = new StringBuilder();
        folders.forEach(f -> all.append(' ').append(q(f)));
        // Every message but the one that moves meanwhile: that one may go before cat gets to it.
        Shell.Result result = Shell.run(mount, "(find" + all + " -maxdepth 1 -name '*.eml' ! -name '*Busy 0 0*' -print0"
                + " | xargs -0 -P 8 -n 1 cat > /dev/null) & "
                + "mv " + q(folders.get(0) + "/" + moving) + " " + q(folders.get(6)) + "/; mv_status=$?; wait $!; read_status=$?; "
                + "echo $mv_status $read_status");
        assertEquals("0 0", result.out().strip(), result.err());
        assertFalse(account.messageIds(folders.get(0)).contains(messageId("busy-0-0")));
        assertTrue(account.messageIds(folders.get(6)).contains(messageId("busy-0-0")));
    }

    @Test
    void filesThatAreNotMessagesAreRefusedAndNothingIsAppended(TestInfo test) throws Exception {
        String folder = folder(test, "in");
        Path junk = workDir.resolve("junk.txt");
        Files.writeString(junk, "just some words\nno header here\n");
        Path empty = workDir.resolve("empty.eml");
        Files.write(empty, new byte[0]);
        Path binary = workDir.resolve("binary.bin");
        Files.write(binary, new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3, '\n', 0});
        for (Path file : List.of(junk, empty, binary)) {
            Shell.Result result = Shell.run(mount, "cp " + q(file.toString()) + " " + q(folder) + "/");
            assertNotEquals(0, result.exitCode(), file + " was accepted");
            assertTrue(result.err().contains("Invalid argument"), result.err());
        }
        assertEquals(List.of(), account.messageIds(folder));
        assertEquals("", sh("ls " + q(folder)));
    }

    @Test
    void anAppendTheServerRefusesFailsTheCopyAndAppendsNothing(TestInfo test) throws Exception {
        String folder = folder(test, "in");
        Path file = workDir.resolve("refused.eml");
        Files.write(file, message("cp3", "Refused"));
        proxy.refuse("^APPEND ", "[OVERQUOTA] quota exceeded");
        Shell.Result result = Shell.run(mount, "cp " + q(file.toString()) + " " + q(folder) + "/");
        assertNotEquals(0, result.exitCode());
        proxy.clearFaults();
        assertEquals(List.of(), account.messageIds(folder));
        sh("cp " + q(file.toString()) + " " + q(folder) + "/");
        assertEquals(List.of(messageId("cp3")), account.messageIds(folder), "the mount still works");
    }

    @Test
    void aLargeFileIsStreamedNotHeldInMemory(TestInfo test) throws Exception {
        String folder = folder(test, "in");
        Path file = workDir.resolve("large.eml");
        Files.write(file, TestMail.large(40 << 20));
        Path smallHeap = Files.createDirectory(workDir.resolve("mnt-small-heap"));
        MailfsProcess small = startWithJvmOptions(smallHeap, "-Xmx48m");
        try {
            Shell.Result result = Shell.run(smallHeap, "cp " + q(file.toString()) + " " + q(folder) + "/");
            assertEquals(0, result.exitCode(), result.err() + small.stderr());
        } finally {
            small.close();
        }
        assertEquals(List.of("<large@test.mailfs.dev>"), account.messageIds(folder));
    }

    MailfsProcess startWithJvmOptions(Path mountPoint, String jvmOption) throws Exception {
        Path passwordFile = Files.createTempFile(workDir, "password", "");
        Files.writeString(passwordFile, password() + "\n");
        MailfsProcess process = MailfsProcess.start(mountPoint, List.of(jvmOption), List.of("mount", "--host", "127.0.0.1",
                "--port", String.valueOf(proxy.port()), "--user", user(), "--security", "none",
                "--password-command", "cat " + passwordFile, mountPoint.toString()));
        process.awaitReady(Duration.ofSeconds(60));
        return process;
    }

    // ---- folders ------------------------------------------------------------------------------

    /** A folder another mail program makes shows at an ls within seconds, not after a minute. */
    @Test
    void aFolderMadeElsewhereShowsWithinSeconds(TestInfo test) throws Exception {
        String name = test.getTestMethod().get().getName() + "-elsewhere";
        sh("ls > /dev/null"); // the folder list is fresh now
        account.folder(name).getFullName(); // made on the server, not through the mount
        long start = System.nanoTime();
        Poll.within(Duration.ofSeconds(10)).every(Duration.ofMillis(500))
                .until("ls shows " + name, () -> Shell.run(mount, "ls").lines().contains(name));
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertTrue(seconds <= 7, "shown after " + seconds + " s"); // 5 s of lifetime, then the look that renews it
    }

    @Test
    void mkdirRmdirAndMvOfFoldersAreCreateDeleteAndRename(TestInfo test) throws Exception {
        String top = test.getTestMethod().get().getName();
        sh("mkdir " + q(top));
        sh("mkdir " + q(top + "/Sub"));
        assertTrue(account.folderExists(top) && account.folderExists(top + "/Sub"));
        account.append(top + "/Sub", message("dir1", "In a folder"));
        Shell.Result notEmpty = Shell.run(mount, "rmdir " + q(top + "/Sub"));
        assertTrue(notEmpty.err().contains("Directory not empty"), notEmpty.err());
        assertTrue(account.folderExists(top + "/Sub"));
        sh("mv " + q(top) + " " + q(top + "-renamed"));
        assertFalse(account.folderExists(top));
        assertEquals(List.of(messageId("dir1")), account.messageIds(top + "-renamed/Sub"), "children follow");
        assertEquals(1, Shell.run(mount, "ls " + q(top + "-renamed/Sub") + " | grep -c '\\.eml$'").lines().size());
        sh("mkdir " + q(top + "-renamed/Empty"));
        sh("rmdir " + q(top + "-renamed/Empty"));
        assertFalse(account.folderExists(top + "-renamed/Empty"));
        Shell.Result hidden = Shell.run(mount, "mkdir .hidden");
        assertTrue(hidden.err().contains("Operation not permitted"), hidden.err());
    }

    // ---- attributes and writes into messages ------------------------------------------------------

    @Test
    void attributesShowTheHeadersAndTheFlagsCanBeSet(TestInfo test) throws Exception {
        Requirement.command("getfattr", "attr");
        String folder = folder(test, "here");
        account.append(folder, message("x1", "Attributes"));
        String file = q(folder + "/" + onlyMessage(folder));
        String dump = sh("getfattr -d " + file);
        assertTrue(dump.contains("user.mail.subject=\"Attributes\""), dump);
        assertTrue(dump.contains("user.mail.from=\"Tester <tester@example.org>\""), dump);
        assertTrue(dump.contains("user.mail.to=\"alice@example.org\""), dump);
        assertTrue(dump.contains("user.mail.message-id=\"" + messageId("x1") + "\""), dump);
        assertTrue(dump.contains("user.mail.date=\"2024-03-01T09:00:00Z\""), dump);
        sh("setfattr -n user.mail.flags -v '\\Seen \\Flagged' " + file);
        account.withMessage(folder, messageId("x1"), m -> {
            assertTrue(m.isSet(Flags.Flag.SEEN) && m.isSet(Flags.Flag.FLAGGED), "stored on the server");
            return null;
        });
        assertTrue(sh("getfattr -n user.mail.flags --only-values " + file).contains("\\Flagged \\Seen"));
        Shell.Result invalid = Shell.run(mount, "setfattr -n user.mail.flags -v '(bad' " + file);
        assertTrue(invalid.err().contains("Invalid argument"), invalid.err());
        Shell.Result readOnly = Shell.run(mount, "setfattr -n user.mail.subject -v 'new' " + file);
        assertTrue(readOnly.err().contains("Permission denied"), readOnly.err());
    }

    @Test
    void writingIntoAMessageIsRefused(TestInfo test) throws Exception {
        String folder = folder(test, "here");
        account.append(folder, message("w1", "Immutable"));
        String file = q(folder + "/" + onlyMessage(folder));
        for (String write : List.of("echo x >> " + file, ": > " + file, "truncate -s 0 " + file)) {
            Shell.Result result = Shell.run(mount, write);
            assertTrue(result.err().contains("Permission denied"), write + ": " + result.err());
        }
        account.withMessage(folder, messageId("w1"), m -> {
            assertTrue(m.getSize() > 0);
            return null;
        });
    }

    // ---- file managers -------------------------------------------------------------------------

    @Test
    void gioTrashIsRefusedWithoutAHiddenTrashAndGioMoveMoves(TestInfo test) throws Exception {
        Requirement.command("gio", "libglib2.0-bin");
        String from = folder(test, "from");
        String to = folder(test, "to");
        account.append(from, message("g1", "File manager"));
        String name = onlyMessage(from);
        Shell.Result trash = Shell.run(mount, "gio trash " + q(from + "/" + name));
        assertNotEquals(0, trash.exitCode());
        assertEquals("", sh("ls -A | grep '^\\.' | grep -vx -e .mailfs -e .search || true"), "no hidden trash directory inside the mount");
        assertEquals(List.of(messageId("g1")), account.messageIds(from), "nothing happened to the message");
        sh("gio move " + q(from + "/" + name) + " " + q(to + "/"));
        assertEquals(List.of(messageId("g1")), account.messageIds(to));
        assertEquals(List.of(), account.messageIds(from));
    }

    // ---- --read-only ----------------------------------------------------------------------------

    @Test
    void aReadOnlyMountRefusesEveryWriteWithErofs(TestInfo test) throws Exception {
        Requirement.command("setfattr", "attr");
        String folder = folder(test, "here");
        account.append(folder, message("ro1", "Read only"));
        Path readOnly = Files.createDirectory(workDir.resolve("mnt-read-only"));
        MailfsProcess process = start(readOnly, "--read-only");
        try {
            String name = q(folder + "/" + Shell.run(readOnly.resolve(folder), "ls -1 | grep '\\.eml$'").out().strip());
            Path file = workDir.resolve("ro.eml");
            Files.write(file, message("ro2", "Not appended"));
            for (String write : List.of("rm " + name, "mv " + name + " Trash/", "mkdir NewFolder", "cp " + q(file.toString()) + " " + q(folder),
                    "setfattr -n user.mail.flags -v '\\Seen' " + name, "rmdir " + q(folder))) {
                Shell.Result result = Shell.run(readOnly, write);
                assertTrue(result.err().contains("Read-only file system"), write + ": " + result.err());
            }
            assertEquals(List.of(messageId("ro1")), account.messageIds(folder));
        } finally {
            process.close();
        }
    }
}

package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mime.MessageContents;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.MailRequest.ListMessages;
import dev.mailfs.testing.MailRequest.ReadBody;
import dev.mailfs.testing.MailRequest.ReadSection;
import dev.mailfs.testing.MailRequest.ReadStructures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailFilesystemTest {
    private static final Instant MOUNTED_AT = Instant.parse("2024-06-01T12:00:00Z");

    /** Adds a message from Alice, its listing entry as given rather than read from the few header fields it has. */
    static MessageRef addMessage(InMemoryMailSource mail, String folder, long uid, Instant internalDate, Instant sent, String subject,
            String messageId, String raw) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        return mail.add(folder, new MessageMeta(uid, bytes.length, internalDate, Optional.ofNullable(sent), subject,
                "Alice <alice@example.com>", "", messageId, Set.of()), bytes);
    }

    /** A server with the cache's way of answering an unchanged folder's listing with the same instance. */
    static InMemoryMailSource mailServer() {
        return new InMemoryMailSource().sameListingWhileUnchanged(true);
    }

    private static final String REPORT_RAW = "Message-ID: <report@example.com>\r\nSubject: Quarterly report\r\n\r\nNumbers are up.\r\n";
    private static final String LUNCH_RAW = "Message-ID: <lunch@example.com>\r\nSubject: Lunch?\r\n\r\nM\u00FCnchen at noon? \u65E5\r\n";
    private static final String PLAN_RAW = "Message-ID: <plan@example.com>\r\nSubject: Plan\r\n\r\n" + "0123456789".repeat(50) + "\r\n";
    private static final Instant REPORT_RECEIVED = Instant.parse("2024-03-01T14:33:10Z");

    private final InMemoryMailSource mail = mailServer();
    private final MailFilesystem fs;
    private final String reportName;
    private final String lunchName;
    private final String planName;

    MailFilesystemTest() throws Exception {
        mail.folder("INBOX", 1);
        mail.folder("INBOX/Receipts", 1);
        mail.folder("Work/Projects", 1); // "Work" itself is not listed
        addMessage(mail, "INBOX", 10, REPORT_RECEIVED, Instant.parse("2024-03-01T14:32:00Z"), "Quarterly report", "<report@example.com>", REPORT_RAW);
        addMessage(mail, "INBOX", 11, Instant.parse("2024-03-05T09:00:00Z"), Instant.parse("2024-03-05T08:59:00Z"), "Lunch?", "<lunch@example.com>", LUNCH_RAW);
        addMessage(mail, "Work/Projects", 3, Instant.parse("2024-04-10T10:00:00Z"), null, "Plan", "<plan@example.com>", PLAN_RAW);
        reportName = "2024-03-01 14.32 Quarterly report (" + sha8("<report@example.com>") + ").eml";
        lunchName = "2024-03-05 08.59 Lunch? (" + sha8("<lunch@example.com>") + ").eml";
        planName = "2024-04-10 10.00 Plan (" + sha8("<plan@example.com>") + ").eml";
        fs = new MailFilesystem(mail, ZoneOffset.UTC, MOUNTED_AT);
    }

    private static String sha8(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%02x%02x%02x%02x", digest[0], digest[1], digest[2], digest[3]);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // --- readdir -----------------------------------------------------------------------------

    /**
     * Mail with no header block (Courier accepts it): the server takes its first lines for a header
     * and gives it no text (Dovecot: an empty text/plain part 1). Its first line is no header field,
     * so all of it is its text, with Unix line ends.
     */
    @Test
    void aMessageWithoutAHeaderIsAllText() {
        String raw = "Hello, no header here\r\nsecond line: with colon\r\n";
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        MessageRef headerless = mail.add("INBOX/Receipts", new MessageMeta(20, bytes.length, REPORT_RECEIVED, Optional.empty(), "", "", "", "",
                Set.of()), bytes);
        mail.serve(headerless, new dev.mailfs.mail.BodyPart("1", "text", "plain", Map.of("charset", "us-ascii"), "", Map.of(), "7bit", 0,
                List.of(), ""));
        mail.serve(headerless, "1", new byte[0]);
        // The whole message is decoded as a large part is, into a temporary store that closing the contents deletes.
        try (MessageContents contents = new MessageContents(mail, 1 << 20)) {
            MailFilesystem own = writable(contents);
            String directory = "/INBOX/Receipts/" + own.readdir("/INBOX/Receipts").get(1);

            assertEquals(List.of("body.txt"), own.readdir(directory));
            assertEquals("Hello, no header here\nsecond line: with colon\n",
                    new String(own.read(directory + "/body.txt", 0, 1000), StandardCharsets.UTF_8));
            assertEquals(raw.length() - 2, own.getattr(directory + "/body.txt").size());
        }
    }

    @Test
    void aMessageWithAHeaderButNoFromSubjectOrIdKeepsItsText() {
        String raw = "X-Note: only this\r\n\r\nThe text.\r\n";
        MessageRef bare = mail.add("INBOX/Receipts", raw);
        String directory = "/INBOX/Receipts/" + fs.readdir("/INBOX/Receipts").get(1);
        assertEquals(bare.uid(), mail.listing("INBOX/Receipts").messages().get(0).uid());
        assertEquals("The text.\n", new String(fs.read(directory + "/body.txt", 0, 1000), StandardCharsets.UTF_8));
    }

    @Test
    void rootListsTopLevelFoldersAndMailfsOwnDirectory() {
        assertEquals(List.of("INBOX", "Work", ".mailfs", ".search"), fs.readdir("/"));
        assertEquals(List.of("status"), fs.readdir("/.mailfs"));
    }

    @Test
    void rootListsMailfsOwnDirectoriesAlsoWhenTheFolderListIsFetchedAgainMeanwhile() {
        InMemoryMailSource asksAfresh = new InMemoryMailSource(); // a new folder list at every call, as when the cached one expires
        asksAfresh.folder("INBOX", 1);
        assertEquals(List.of("INBOX", ".mailfs", ".search"), new MailFilesystem(asksAfresh, ZoneOffset.UTC, MOUNTED_AT).readdir("/"));
    }

    @Test
    void statusIsMadeAfreshEachTimeItsSizeIsAskedAndCannotBeCached() throws IOException {
        MailFilesystem fs = writable(new MessageContents(mail, 1 << 20));
        long idleSize = fs.getattr("/.mailfs/status").size();
        String idle = new String(fs.read("/.mailfs/status", 0, 4096), StandardCharsets.UTF_8);
        long handle = fs.create("/INBOX/new.eml");
        long busySize = fs.getattr("/.mailfs/status").size();
        String busy = new String(fs.read("/.mailfs/status", 0, 4096), StandardCharsets.UTF_8);
        fs.release(handle);
        assertTrue(idle.endsWith("files being copied in: 0\n"), idle);
        assertTrue(busy.endsWith("files being copied in: 1\n"), busy);
        assertEquals(idleSize, idle.length(), "the read serves the report whose size the kernel was told");
        assertEquals(busySize, busy.length());
        assertTrue(fs.changesBetweenReads("/.mailfs/status"), "the kernel must not keep its pages");
        assertFalse(fs.getattr("/.mailfs/status").directory());
        assertTrue(fs.getattr("/.mailfs").directory());
        assertThrows(MailfsException.NotFound.class, () -> fs.getattr("/.mailfs/other"));
        assertFalse(fs.changesBetweenReads("/INBOX/" + reportName), "messages never change: the kernel keeps their pages");
    }

    @Test
    void folderListsSubfoldersThenMessages() {
        assertEquals(List.of("Receipts", reportName, dir(reportName), lunchName, dir(lunchName)), fs.readdir("/INBOX"));
    }

    private int listings(String folder) {
        return mail.count(new ListMessages(folder));
    }

    /** What the server was asked for of messages' bytes, whole or in sections. */
    private int fetches() {
        return mail.count(ReadBody.class) + mail.count(ReadSection.class);
    }

    private static String dir(String messageName) {
        return messageName.substring(0, messageName.length() - ".eml".length());
    }

    @Test
    void trailingSlashNamesTheSameFolder() {
        assertEquals(fs.readdir("/INBOX"), fs.readdir("/INBOX/"));
    }

    @Test
    void unlistedParentListsOnlyItsSubfolders() {
        assertEquals(List.of("Projects"), fs.readdir("/Work"));
        assertEquals(0, listings("Work"));
    }

    @Test
    void nestedFolderListsItsMessages() {
        assertEquals(List.of(planName, dir(planName)), fs.readdir("/Work/Projects"));
    }

    @Test
    void emptyFolderListsNothing() {
        assertEquals(List.of(), fs.readdir("/INBOX/Receipts"));
    }

    /** The kind of each entry goes to the kernel as d_type: it must be what getattr says. */
    @Test
    void everyEntryIsListedWithTheKindGetattrGivesIt() {
        for (String directory : List.of("/", "/.mailfs", "/INBOX", "/INBOX/" + dir(reportName), "/Work")) {
            Map<String, Boolean> kinds = new java.util.LinkedHashMap<>();
            fs.list(directory, (name, isDirectory, inode) -> kinds.put(name, isDirectory) == null);
            assertEquals(fs.readdir(directory), List.copyOf(kinds.keySet()));
            String parent = directory.endsWith("/") ? directory : directory + "/";
            kinds.forEach((name, isDirectory) -> assertEquals(fs.getattr(parent + name).directory(), isDirectory, parent + name));
        }
        Map<String, Boolean> inbox = new java.util.LinkedHashMap<>();
        fs.list("/INBOX", (name, isDirectory, inode) -> inbox.put(name, isDirectory) == null);
        assertEquals(Map.of("Receipts", true, reportName, false, dir(reportName), true, lunchName, false, dir(lunchName), true), inbox);
    }

    @Test
    void listingStopsWhenTheKernelsBufferIsFull() {
        List<String> given = new ArrayList<>();
        fs.list("/INBOX", (name, isDirectory, inode) -> given.add(name) && given.size() < 2);
        assertEquals(2, given.size());
    }

    /** find and grep -r list every message's directory in turn: their structures come 64 to a command. */
    @Test
    void messageDirectoriesListedInTurnHaveTheirStructuresAskedForInBatches() {
        mail.folder("Many", 1);
        for (int i = 0; i < 100; i++) {
            addMessage(mail, "Many", 100 + i, Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * i), null, "M" + i,
                    "<m" + i + "@example.com>", "Subject: M" + i + "\r\n\r\nHello.\r\n");
        }
        List<String> directories = fs.readdir("/Many").stream().filter(name -> !name.endsWith(".eml")).toList();
        for (String directory : directories) {
            fs.readdir("/Many/" + directory);
        }
        assertEquals(List.of(ReadAhead.STRUCTURES_AHEAD, 100 - ReadAhead.STRUCTURES_AHEAD),
                mail.requests(ReadStructures.class).stream().map(batch -> batch.uids().size()).toList());
    }

    @Test
    void readdirOfAFileIsNotADirectory() {
        assertThrows(MailfsException.NotADirectory.class, () -> fs.readdir("/INBOX/" + reportName));
    }

    @Test
    void readdirOfAMissingFolderIsNotFound() {
        assertThrows(MailfsException.NotFound.class, () -> fs.readdir("/Nope"));
    }

    // --- getattr -----------------------------------------------------------------------------

    @Test
    void messageAttributesTellTheTruth() {
        FileAttributes attributes = fs.getattr("/INBOX/" + reportName);

        assertFalse(attributes.directory());
        assertEquals(utf8(REPORT_RAW).length, attributes.size());
        assertEquals(REPORT_RECEIVED, attributes.modified());
        assertEquals(0600, attributes.mode());
    }

    @Test
    void multiByteMessageSizeIsItsByteCount() {
        FileAttributes attributes = fs.getattr("/INBOX/" + lunchName);
        assertEquals(utf8(LUNCH_RAW).length, attributes.size());
        assertNotEquals(LUNCH_RAW.length(), attributes.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/INBOX", "/INBOX/Receipts", "/Work", "/Work/Projects", "/Work/Projects/"})
    void directoriesAreOwnerOnly(String path) {
        FileAttributes attributes = fs.getattr(path);

        assertTrue(attributes.directory());
        assertEquals(0700, attributes.mode());
        assertEquals(MOUNTED_AT, attributes.modified());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Nope", "/INBOX/x.txt", "/nope/x.eml", "/INBOX/x.eml", "/Work/x.eml", "/INBOX/Receipts/x.eml",
            "/INBOX/2024-03-01 14.32 Quarterly report (00000000).eml", "/Work/Projects/Plan"})
    void missingPathsAreNotFound(String path) {
        assertThrows(MailfsException.NotFound.class, () -> fs.getattr(path));
    }

    @Test
    void messageNameWithoutExtensionIsItsDirectory() {
        FileAttributes attributes = fs.getattr("/INBOX/" + dir(reportName));
        assertTrue(attributes.directory());
        assertEquals(FileAttributes.DIRECTORY_MODE, attributes.mode());
        assertEquals(REPORT_RECEIVED, attributes.modified());
    }

    @Test
    void theMessageDirectoryHoldsTheDecodedBody() {
        assertEquals(List.of("body.txt"), fs.readdir("/INBOX/" + dir(reportName)));
        String body = "/INBOX/" + dir(reportName) + "/body.txt";
        String expected = "Subject: Quarterly report\n\nNumbers are up.\n"; // led by the header's fields a mail program shows
        assertEquals(expected.length(), fs.getattr(body).size());
        assertEquals(expected, new String(fs.read(body, 0, 100), StandardCharsets.UTF_8));
    }

    /** From, To, Cc, Date and Subject lead body.txt decoded, so that grep finds what the .eml has in RFC 2047 words. */
    @Test
    void bodyTxtStartsWithTheDecodedHeaderFieldsAMailProgramShows() {
        String raw = "Received: from x by y\r\nFrom: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <j@example.com>\r\nTo: Bob <bob@example.com>\r\n"
                + "Cc: =?ISO-8859-1?Q?Fran=E7ois?= <f@example.com>\r\nSubject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n  again\r\n"
                + "Date: Fri, 1 Mar 2024 09:00:00 +0000\r\nMessage-ID: <gruss@example.com>\r\n\r\nHallo.\r\n";
        mail.add("INBOX/Receipts", raw);
        String directory = "/INBOX/Receipts/" + fs.readdir("/INBOX/Receipts").get(1);
        assertEquals("From: Jörg Müller <j@example.com>\nTo: Bob <bob@example.com>\nCc: François <f@example.com>\n"
                + "Date: Fri, 1 Mar 2024 09:00:00 +0000\nSubject: Grüße  again\n\nHallo.\n",
                new String(fs.read(directory + "/body.txt", 0, 1000), StandardCharsets.UTF_8));
    }

    @TempDir
    Path incoming;

    private MailFilesystem writable(MessageContents contents) {
        return new MailFilesystem(mail, contents, ZoneOffset.UTC, MOUNTED_AT,
                new WriteSettings(false, WriteSettings.DeleteMode.TRASH, Optional.empty(), incoming));
    }

    /** Reads come 128 KiB at a time with no open file to hold the part: a part too big for the cache is fetched once all the same. */
    @Test
    void aPartReadInPiecesIsFetchedOnceEvenWhenTheCacheCannotHoldIt() {
        MailFilesystem noPartCache = writable(new MessageContents(mail, 0));
        String body = "/INBOX/" + dir(reportName) + "/body.txt";
        StringBuilder read = new StringBuilder(new String(noPartCache.read(body, 0, 4), StandardCharsets.UTF_8));
        int fetchesForTheFirstPiece = fetches();
        for (int offset = 4; offset < 48; offset += 4) {
            read.append(new String(noPartCache.read(body, offset, 4), StandardCharsets.UTF_8));
        }
        assertEquals("Subject: Quarterly report\n\nNumbers are up.\n", read.toString());
        assertEquals(fetchesForTheFirstPiece, fetches());
    }

    @Test
    void namesInsideAMessageDirectoryThatDoNotExistAreNotFound() {
        assertThrows(MailfsException.NotFound.class, () -> fs.getattr("/INBOX/" + dir(reportName) + "/nope.txt"));
        assertThrows(MailfsException.NotADirectory.class, () -> fs.getattr("/INBOX/" + dir(reportName) + "/body.txt/x"));
        assertThrows(MailfsException.NotADirectory.class, () -> fs.getattr("/INBOX/" + reportName + "/body.txt"));
    }

    @Test
    void messageInAnotherFolderIsNotFound() {
        assertThrows(MailfsException.NotFound.class, () -> fs.getattr("/Work/Projects/" + reportName));
    }

    // --- read ------------------------------------------------------------------------------------

    @Test
    void readingADirectoryIsADirectory() {
        assertThrows(MailfsException.IsADirectory.class, () -> fs.read("/INBOX", 0, 10));
        assertThrows(MailfsException.IsADirectory.class, () -> fs.read("/", 0, 10));
        assertThrows(MailfsException.IsADirectory.class, () -> fs.read("/INBOX/" + dir(reportName), 0, 10));
    }

    @Test
    void openingForWritingIsReadOnly() {
        assertThrows(MailfsException.ReadOnly.class, () -> fs.openForWriting("/INBOX/" + reportName));
    }

    @Test
    void readingAMissingFileIsNotFound() {
        assertThrows(MailfsException.NotFound.class, () -> fs.read("/INBOX/x.eml", 0, 10));
    }

    @Test
    void readFromTheStart() {
        assertArrayEquals(utf8("Message-ID: "), fs.read("/INBOX/" + reportName, 0, 12));
    }

    @Test
    void readTheWholeMessage() {
        assertArrayEquals(utf8(REPORT_RAW), fs.read("/INBOX/" + reportName, 0, utf8(REPORT_RAW).length));
    }

    @Test
    void readFromTheMiddle() {
        byte[] raw = utf8(PLAN_RAW);
        assertArrayEquals(Arrays.copyOfRange(raw, 100, 137), fs.read("/Work/Projects/" + planName, 100, 37));
    }

    @Test
    void readPastTheEndIsEmpty() {
        int size = utf8(REPORT_RAW).length;
        assertArrayEquals(new byte[0], fs.read("/INBOX/" + reportName, size, 10));
        assertArrayEquals(new byte[0], fs.read("/INBOX/" + reportName, size + 1000, 10));
    }

    @Test
    void readBeyondTheEndIsShort() {
        byte[] raw = utf8(LUNCH_RAW);
        assertArrayEquals(Arrays.copyOfRange(raw, raw.length - 5, raw.length), fs.read("/INBOX/" + lunchName, raw.length - 5, 4096));
        assertArrayEquals(raw, fs.read("/INBOX/" + lunchName, 0, 1 << 20));
    }

    @Test
    void readOfZeroBytesIsEmpty() {
        assertArrayEquals(new byte[0], fs.read("/INBOX/" + reportName, 0, 0));
    }

    @Test
    void readsOfTwoFilesDoNotMix() {
        assertArrayEquals(Arrays.copyOfRange(utf8(PLAN_RAW), 0, 40), fs.read("/Work/Projects/" + planName, 0, 40));
        assertArrayEquals(Arrays.copyOfRange(utf8(REPORT_RAW), 0, 40), fs.read("/INBOX/" + reportName, 0, 40));
    }

    @Test
    void aNameKeepsServingItsMessageWhenTheFolderChanges() {
        addMessage(mail, "INBOX", 12, Instant.parse("2024-03-09T00:00:00Z"), null, "Newer", "<new@example.com>", "Subject: Newer\r\n\r\n");
        assertArrayEquals(utf8(REPORT_RAW), fs.read("/INBOX/" + reportName, 0, 4096));
    }

    // --- writes -----------------------------------------------------------------------------

    @Test
    void aReadOnlyMountRefusesEveryChange() {
        String message = "/INBOX/" + reportName;
        assertThrows(MailfsException.ReadOnly.class, () -> fs.unlink(message));
        assertThrows(MailfsException.ReadOnly.class, () -> fs.rename(message, "/Work/Projects/" + reportName));
        assertThrows(MailfsException.ReadOnly.class, () -> fs.mkdir("/INBOX/NewFolder"));
        assertThrows(MailfsException.ReadOnly.class, () -> fs.rmdir("/Work/Projects"));
        assertThrows(MailfsException.ReadOnly.class, () -> fs.create("/INBOX/new.eml"));
        assertThrows(MailfsException.ReadOnly.class, () -> fs.truncate(message, 0));
        assertThrows(MailfsException.ReadOnly.class, () -> fs.setAttribute(message, "user.mail.flags", new byte[0]));
        assertThrows(MailfsException.ReadOnly.class, () -> fs.setAttributes(message));
    }

    // --- how often the server is asked -----------------------------------------------------------

    @Test
    void statOfMessagesAsksForTheListingNeverPerMessageBody() throws Exception {
        addMessage(mail, "INBOX", 13, Instant.parse("2024-03-10T00:00:00Z"), Instant.parse("2024-03-10T00:00:00Z"), "Third", "<third@example.com>", "Subject: Third\r\n\r\n");
        String thirdName = "2024-03-10 00.00 Third (" + sha8("<third@example.com>") + ").eml";
        FolderListing listing = mail.listing("INBOX");

        for (String name : List.of(reportName, lunchName, thirdName)) {
            fs.getattr("/INBOX/" + name);
        }

        // one listing call per lookup (the cache below makes repeats cheap), the same instance each
        // time, so the names are computed from it once; no body is ever fetched to stat a message
        assertEquals(3, listings("INBOX"));
        assertTrue(listing == mail.listMessages("INBOX"));
        assertEquals(0, mail.count(ReadBody.class));
        assertEquals(0, listings("Work/Projects"));
    }

    @Test
    void namesAreComputedOncePerListingInstance() {
        List<String> first = fs.readdir("/INBOX");
        fs.getattr("/INBOX/" + reportName);
        fs.getattr("/INBOX/" + lunchName);
        List<String> second = fs.readdir("/INBOX");

        // the listing instance did not change, so the very same file name strings come back: not renamed
        assertEquals(first, second);
        for (int i = 0; i < first.size(); i++) {
            if (first.get(i).endsWith(".eml")) {
                assertTrue(first.get(i) == second.get(i), "name computed again: " + first.get(i));
            }
        }
        assertEquals(4, listings("INBOX"));
    }

    @Test
    void readdirOfAFolderAsksForItsListingOnce() {
        fs.readdir("/INBOX");
        assertEquals(1, listings("INBOX"));
        assertEquals(0, listings("INBOX/Receipts"));
        assertEquals(0, mail.count(ReadBody.class));
    }

    @Test
    void rootListingDoesNotAskForAnyFolderListing() {
        fs.readdir("/");
        assertEquals(0, mail.count(ListMessages.class));
    }

    @Test
    void newListingInstanceShowsNewMessages() throws Exception {
        assertEquals(List.of("Receipts", reportName, dir(reportName), lunchName, dir(lunchName)), fs.readdir("/INBOX"));
        addMessage(mail, "INBOX", 12, Instant.parse("2024-03-09T00:00:00Z"), null, "Newer", "<new@example.com>", "Subject: Newer\r\n\r\n");
        String newerName = "2024-03-09 00.00 Newer (" + sha8("<new@example.com>") + ").eml";
        assertEquals(List.of("Receipts", reportName, dir(reportName), lunchName, dir(lunchName), newerName, dir(newerName)), fs.readdir("/INBOX"));
        assertFalse(fs.getattr("/INBOX/" + newerName).directory());
    }
}

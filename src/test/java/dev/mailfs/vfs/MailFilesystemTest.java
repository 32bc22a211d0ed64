package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import dev.mailfs.mime.MessageContents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailFilesystemTest {
    private static final Instant MOUNTED_AT = Instant.parse("2024-06-01T12:00:00Z");

    /** A mail server in memory: folders, listings and raw bytes, counting what it is asked. */
    static final class FakeMailSource implements MailSource {
        final List<FolderInfo> folders = new ArrayList<>();
        final Map<String, FolderListing> listings = new HashMap<>();
        final Map<MessageRef, byte[]> bodies = new HashMap<>();
        final AtomicInteger listFoldersCalls = new AtomicInteger();
        final Map<String, AtomicInteger> listMessagesCalls = new HashMap<>();
        final AtomicInteger readBodyCalls = new AtomicInteger();
        final AtomicInteger readSectionCalls = new AtomicInteger();

        void addFolder(String name, char delimiter, boolean selectable) {
            folders.add(new FolderInfo(name, delimiter, selectable));
            if (selectable) {
                listings.put(name, new FolderListing(name, 1, List.of()));
            }
        }

        /** Adds a message and replaces the folder's listing with a new instance, as a re-fetch would. */
        MessageMeta addMessage(String folder, long uid, Instant internalDate, Instant sent, String subject, String messageId, String raw) {
            byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
            MessageMeta meta = new MessageMeta(uid, bytes.length, internalDate, Optional.ofNullable(sent), subject,
                    "Alice <alice@example.com>", "", messageId, Set.of());
            FolderListing old = listings.get(folder);
            List<MessageMeta> messages = new ArrayList<>(old.messages());
            messages.add(meta);
            FolderListing listing = new FolderListing(folder, old.uidValidity(), messages);
            listings.put(folder, listing);
            bodies.put(listing.refOf(meta), bytes);
            return meta;
        }

        int listMessagesCalls(String folder) {
            return listMessagesCalls.getOrDefault(folder, new AtomicInteger()).get();
        }

        @Override
        public List<FolderInfo> listFolders() {
            listFoldersCalls.incrementAndGet();
            return folders;
        }

        @Override
        public FolderListing listMessages(String folder) {
            listMessagesCalls.computeIfAbsent(folder, f -> new AtomicInteger()).incrementAndGet();
            FolderListing listing = listings.get(folder);
            if (listing == null) {
                throw new MailfsException.NotFound("folder " + folder);
            }
            return listing;
        }

        @Override
        public byte[] readBody(MessageRef message, long offset, int length) {
            readBodyCalls.incrementAndGet();
            byte[] bytes = bodies.get(message);
            if (bytes == null) {
                throw new MailfsException.NotFound("message " + message);
            }
            int from = (int) Math.min(offset, bytes.length);
            int to = (int) Math.min(bytes.length, offset + length);
            return Arrays.copyOfRange(bytes, from, to);
        }

        final List<List<Long>> structureBatches = new ArrayList<>();

        @Override
        public Map<Long, BodyPart> readStructures(String folder, long uidValidity, List<Long> uids) {
            structureBatches.add(uids);
            return MailSource.super.readStructures(folder, uidValidity, uids);
        }

        /** Every fake message is one text/plain part: section 1 is what follows the header. */
        @Override
        public BodyPart readStructure(MessageRef message) {
            bodyOf(message);
            return new BodyPart("1", "text", "plain", Map.of("charset", "utf-8"), "", Map.of(), "8bit", 0, List.of(), "");
        }

        @Override
        public byte[] readSection(MessageRef message, String section) {
            readSectionCalls.incrementAndGet();
            byte[] bytes = bodyOf(message);
            if (section.isEmpty()) {
                return bytes;
            }
            String raw = new String(bytes, StandardCharsets.UTF_8);
            return raw.substring(raw.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8);
        }

        private byte[] bodyOf(MessageRef message) {
            byte[] bytes = bodies.get(message);
            if (bytes == null) {
                throw new MailfsException.NotFound("message " + message);
            }
            return bytes;
        }

        /** The queries searched, in order. */
        final List<String> searches = new ArrayList<>();
        /** Whether a search finds the server unreachable. */
        volatile boolean away;
        /** Whether the server refuses searches (a passing NO). */
        volatile boolean refusingSearches;

        /** Every selectable folder (or the one asked for); FROM in the sender, SUBJECT and TEXT in the subject. */
        @Override
        public List<SearchHits> search(SearchQuery query, Optional<String> mailbox) {
            if (away) {
                throw new MailfsException.Unavailable("the server is away", null);
            }
            if (refusingSearches) {
                throw new MailfsException.ServerError("A9 NO [UNAVAILABLE] try again later", null);
            }
            searches.add(query.text());
            List<SearchHits> hits = new ArrayList<>();
            for (FolderInfo folder : folders) {
                if (folder.selectable() && mailbox.map(folder.fullName()::equals).orElse(true)) {
                    FolderListing listing = listings.get(folder.fullName());
                    hits.add(new SearchHits(folder.fullName(), listing.uidValidity(),
                            listing.messages().stream().filter(m -> matches(query, m)).map(MessageMeta::uid).toList()));
                }
            }
            return hits;
        }

        private static boolean matches(SearchQuery query, MessageMeta message) {
            return query.terms().stream().allMatch(term -> term.negated() != switch (term.key()) {
                case FROM -> message.from().toLowerCase().contains(term.value().toLowerCase());
                case SUBJECT, TEXT -> message.subject().toLowerCase().contains(term.value().toLowerCase());
                default -> throw new UnsupportedOperationException(term.toString());
            });
        }

        @Override
        public void close() {
        }
    }

    private static final String REPORT_RAW = "Message-ID: <report@example.com>\r\nSubject: Quarterly report\r\n\r\nNumbers are up.\r\n";
    private static final String LUNCH_RAW = "Message-ID: <lunch@example.com>\r\nSubject: Lunch?\r\n\r\nM\u00FCnchen at noon? \u65E5\r\n";
    private static final String PLAN_RAW = "Message-ID: <plan@example.com>\r\nSubject: Plan\r\n\r\n" + "0123456789".repeat(50) + "\r\n";
    private static final Instant REPORT_RECEIVED = Instant.parse("2024-03-01T14:33:10Z");

    private final FakeMailSource mail = new FakeMailSource();
    private final MailFilesystem fs;
    private final String reportName;
    private final String lunchName;
    private final String planName;

    MailFilesystemTest() throws Exception {
        mail.addFolder("INBOX", '/', true);
        mail.addFolder("INBOX/Receipts", '/', true);
        mail.addFolder("Work/Projects", '/', true); // "Work" itself is not listed
        mail.addMessage("INBOX", 10, REPORT_RECEIVED, Instant.parse("2024-03-01T14:32:00Z"), "Quarterly report", "<report@example.com>", REPORT_RAW);
        mail.addMessage("INBOX", 11, Instant.parse("2024-03-05T09:00:00Z"), Instant.parse("2024-03-05T08:59:00Z"), "Lunch?", "<lunch@example.com>", LUNCH_RAW);
        mail.addMessage("Work/Projects", 3, Instant.parse("2024-04-10T10:00:00Z"), null, "Plan", "<plan@example.com>", PLAN_RAW);
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

    @Test
    void rootListsTopLevelFoldersAndMailfsOwnDirectory() {
        assertEquals(List.of("INBOX", "Work", ".mailfs", ".search"), fs.readdir("/"));
        assertEquals(List.of("status"), fs.readdir("/.mailfs"));
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
        assertEquals(0, mail.listMessagesCalls("Work"));
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
        mail.addFolder("Many", '/', true);
        for (int i = 0; i < 100; i++) {
            mail.addMessage("Many", 100 + i, Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * i), null, "M" + i,
                    "<m" + i + "@example.com>", "Subject: M" + i + "\r\n\r\nHello.\r\n");
        }
        List<String> directories = fs.readdir("/Many").stream().filter(name -> !name.endsWith(".eml")).toList();
        for (String directory : directories) {
            fs.readdir("/Many/" + directory);
        }
        assertEquals(List.of(ReadAhead.STRUCTURES_AHEAD, 100 - ReadAhead.STRUCTURES_AHEAD),
                mail.structureBatches.stream().map(List::size).toList());
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
        assertEquals("Numbers are up.\n".length(), fs.getattr(body).size());
        assertEquals("Numbers are up.\n", new String(fs.read(body, 0, 100), StandardCharsets.UTF_8));
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
        int fetchesForTheFirstPiece = mail.readSectionCalls.get();
        for (int offset = 4; offset < 16; offset += 4) {
            read.append(new String(noPartCache.read(body, offset, 4), StandardCharsets.UTF_8));
        }
        assertEquals("Numbers are up.\n", read.toString());
        assertEquals(fetchesForTheFirstPiece, mail.readSectionCalls.get());
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
        mail.addMessage("INBOX", 12, Instant.parse("2024-03-09T00:00:00Z"), null, "Newer", "<new@example.com>", "Subject: Newer\r\n\r\n");
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
        mail.addMessage("INBOX", 13, Instant.parse("2024-03-10T00:00:00Z"), Instant.parse("2024-03-10T00:00:00Z"), "Third", "<third@example.com>", "Subject: Third\r\n\r\n");
        String thirdName = "2024-03-10 00.00 Third (" + sha8("<third@example.com>") + ").eml";
        FolderListing listing = mail.listings.get("INBOX");

        for (String name : List.of(reportName, lunchName, thirdName)) {
            fs.getattr("/INBOX/" + name);
        }

        // one listing call per lookup (the cache below makes repeats cheap), the same instance each
        // time, so the names are computed from it once; no body is ever fetched to stat a message
        assertEquals(3, mail.listMessagesCalls("INBOX"));
        assertTrue(listing == mail.listMessages("INBOX"));
        assertEquals(0, mail.readBodyCalls.get());
        assertEquals(0, mail.listMessagesCalls("Work/Projects"));
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
        assertEquals(4, mail.listMessagesCalls("INBOX"));
    }

    @Test
    void readdirOfAFolderAsksForItsListingOnce() {
        fs.readdir("/INBOX");
        assertEquals(1, mail.listMessagesCalls("INBOX"));
        assertEquals(0, mail.listMessagesCalls("INBOX/Receipts"));
        assertEquals(0, mail.readBodyCalls.get());
    }

    @Test
    void rootListingDoesNotAskForAnyFolderListing() {
        fs.readdir("/");
        assertTrue(mail.listMessagesCalls.isEmpty());
    }

    @Test
    void newListingInstanceShowsNewMessages() throws Exception {
        assertEquals(List.of("Receipts", reportName, dir(reportName), lunchName, dir(lunchName)), fs.readdir("/INBOX"));
        mail.addMessage("INBOX", 12, Instant.parse("2024-03-09T00:00:00Z"), null, "Newer", "<new@example.com>", "Subject: Newer\r\n\r\n");
        String newerName = "2024-03-09 00.00 Newer (" + sha8("<new@example.com>") + ").eml";
        assertEquals(List.of("Receipts", reportName, dir(reportName), lunchName, dir(lunchName), newerName, dir(newerName)), fs.readdir("/INBOX"));
        assertFalse(fs.getattr("/INBOX/" + newerName).directory());
    }
}

package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mime.MessageContents;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.LogCapture;
import dev.mailfs.testing.MailRequest.Append;
import dev.mailfs.testing.MailRequest.CreateFolder;
import dev.mailfs.testing.MailRequest.DeleteFolder;
import dev.mailfs.testing.MailRequest.Expunge;
import dev.mailfs.testing.MailRequest.Move;
import dev.mailfs.testing.MailRequest.RenameFolder;
import dev.mailfs.testing.MailRequest.SetFlags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** What each change to the filesystem asks of the mail server, and what it refuses. */
class MailFilesystemWritesTest {
    private static final Instant MOUNTED_AT = Instant.parse("2024-06-01T12:00:00Z");

    /** A server without UIDPLUS, which answers unchanged folders with the same instances, as the cache does. */
    private static InMemoryMailSource server() {
        return new InMemoryMailSource().uidPlus(false).sameListingWhileUnchanged(true);
    }

    private static MessageRef message(InMemoryMailSource mail, String folder, long uid, Instant sent, String subject, String messageId,
            Set<String> flags) {
        String raw = "Message-ID: " + messageId + "\r\nSubject: " + subject + "\r\n\r\nBody of " + subject + ".\r\n";
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        return mail.add(folder, new MessageMeta(uid, bytes.length, sent.plusSeconds(60), Optional.of(sent), subject,
                "Alice <alice@example.com>", "Bob <bob@example.com>", messageId, flags), bytes);
    }

    // --- the mailbox: INBOX, Work, Work/Projects, Trash (marked \Trash) ---------------------------

    private static final Instant REPORT_SENT = Instant.parse("2024-03-01T14:32:00Z");
    private static final Instant LUNCH_SENT = Instant.parse("2024-03-05T08:59:00Z");
    private static final Instant OLD_SENT = Instant.parse("2023-12-24T18:00:00Z");

    private static final String REPORT = "/INBOX/" + fileName(REPORT_SENT, "Quarterly report", "<report@example.com>");
    private static final String REPORT_DIR = withoutExtension(REPORT);
    private static final String LUNCH = "/INBOX/" + fileName(LUNCH_SENT, "Lunch", "<lunch@example.com>");
    private static final String OLD = "/Trash/" + fileName(OLD_SENT, "Old news", "<old@example.com>");

    private static final String NEW_MESSAGE = "From: Carol <carol@example.com>\r\n"
            + "Date: Tue, 2 Jan 2024 09:30:00 +0000\r\n"
            + "Subject: Copied in\r\n"
            + "\r\n"
            + "Hello.\r\n";
    private static final Instant NEW_MESSAGE_DATE = Instant.parse("2024-01-02T09:30:00Z");

    @TempDir
    Path incoming;

    /** What vfs logs, whichever of its classes says it. */
    @RegisterExtension
    final LogCapture log = new LogCapture("dev.mailfs.vfs");

    private InMemoryMailSource mail;
    private MessageRef report;
    private MessageRef lunch;
    private MessageRef old;
    private MailFilesystem fs;

    @BeforeEach
    void setUp() {
        mail = server()
                .folder(new FolderInfo("INBOX", '/', true), 100)
                .folder(new FolderInfo("Work", '/', true), 200)
                .folder(new FolderInfo("Work/Projects", '/', true), 300)
                .folder(new FolderInfo("Trash", '/', true, Set.of("\\Trash")), 400);
        report = message(mail, "INBOX", 10, REPORT_SENT, "Quarterly report", "<report@example.com>", Set.of("\\Seen", "\\Flagged"));
        lunch = message(mail, "INBOX", 11, LUNCH_SENT, "Lunch", "<lunch@example.com>", Set.of());
        old = message(mail, "Trash", 5, OLD_SENT, "Old news", "<old@example.com>", Set.of("\\Seen"));
        fs = filesystem(mail, settings(false, WriteSettings.DeleteMode.TRASH, Optional.empty()));
    }

    private WriteSettings settings(boolean readOnly, WriteSettings.DeleteMode delete, Optional<String> trashFolder) {
        return new WriteSettings(readOnly, delete, trashFolder, incoming);
    }

    private static MailFilesystem filesystem(InMemoryMailSource source, WriteSettings settings) {
        return new MailFilesystem(source, new MessageContents(source, 1 << 20), ZoneOffset.UTC, MOUNTED_AT, settings);
    }

    /** A server with INBOX holding the report, and the other folders given. */
    private static InMemoryMailSource inboxWith(FolderInfo... others) {
        InMemoryMailSource source = server().folder(new FolderInfo("INBOX", '/', true), 100);
        for (int i = 0; i < others.length; i++) {
            source.folder(others[i], 500 + i);
        }
        message(source, "INBOX", 10, REPORT_SENT, "Quarterly report", "<report@example.com>", Set.of("\\Seen"));
        return source;
    }

    private static String fileName(Instant sent, String subject, String messageId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
            String date = DateTimeFormatter.ofPattern("yyyy-MM-dd HH.mm").format(sent.atZone(ZoneOffset.UTC));
            return date + " " + subject + " (" + HexFormat.of().formatHex(digest, 0, 4) + ").eml";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String withoutExtension(String path) {
        return path.substring(0, path.length() - ".eml".length());
    }

    private static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<Path> incomingFiles() throws IOException {
        try (Stream<Path> files = Files.list(incoming)) {
            return files.toList();
        }
    }

    private long createAndWrite(String path, String content) throws IOException {
        long handle = fs.create(path);
        fs.write(handle, 0, utf8(content));
        return handle;
    }

    // --- the fixture is what the tests assume ----------------------------------------------------

    @Test
    void fixtureNamesResolveToTheMessages() {
        assertFalse(fs.getattr(REPORT).directory());
        assertTrue(fs.getattr(REPORT_DIR).directory());
        assertFalse(fs.getattr(LUNCH).directory());
        assertFalse(fs.getattr(OLD).directory());
        assertEquals(List.of("Projects"), fs.readdir("/Work"));
    }

    // --- unlink -------------------------------------------------------------------------------

    @Test
    void unlinkOfAMessageMovesItToTrash() {
        fs.unlink(REPORT);

        assertEquals(List.of(new Move(report, "Trash")), mail.changes());
    }

    @Test
    void unlinkInsideTrashExpunges() {
        fs.unlink(OLD);

        assertEquals(List.of(new Expunge(old)), mail.changes());
    }

    @Test
    void unlinkWithExpungeModeExpunges() {
        MailFilesystem expunging = filesystem(mail, settings(false, WriteSettings.DeleteMode.EXPUNGE, Optional.empty()));

        expunging.unlink(LUNCH);

        assertEquals(List.of(new Expunge(lunch)), mail.changes());
    }

    @Test
    void unlinkWithExpungeModeNeedsNoTrashFolder() {
        InMemoryMailSource noTrash = inboxWith(new FolderInfo("Work", '/', true));
        MailFilesystem expunging = filesystem(noTrash, settings(false, WriteSettings.DeleteMode.EXPUNGE, Optional.empty()));

        expunging.unlink(REPORT);

        assertEquals(List.of(new Expunge(new MessageRef("INBOX", 100, 10))), noTrash.changes());
    }

    @Test
    void unlinkWithoutAnyTrashFolderIsNotPermitted() {
        InMemoryMailSource noTrash = inboxWith(new FolderInfo("Work", '/', true), new FolderInfo("Archive", '/', true));
        MailFilesystem noTrashFs = filesystem(noTrash, settings(false, WriteSettings.DeleteMode.TRASH, Optional.empty()));

        assertThrows(MailfsException.NotPermitted.class, () -> noTrashFs.unlink(REPORT));
        assertEquals(List.of(), noTrash.changes());
    }

    @Test
    void unlinkUsesTheConfiguredTrashFolderWhenNoneIsMarkedTrash() {
        InMemoryMailSource source = inboxWith(new FolderInfo("Bin", '/', true));
        MailFilesystem configured = filesystem(source, settings(false, WriteSettings.DeleteMode.TRASH, Optional.of("Bin")));

        configured.unlink(REPORT);

        assertEquals(List.of(new Move(new MessageRef("INBOX", 100, 10), "Bin")), source.changes());
    }

    @Test
    void configuredTrashFolderWinsOverACommonTrashName() {
        InMemoryMailSource source = inboxWith(new FolderInfo("Trash", '/', true), new FolderInfo("Bin", '/', true));
        MailFilesystem configured = filesystem(source, settings(false, WriteSettings.DeleteMode.TRASH, Optional.of("Bin")));

        configured.unlink(REPORT);

        assertEquals(List.of(new Move(new MessageRef("INBOX", 100, 10), "Bin")), source.changes());
    }

    @Test
    void folderMarkedTrashWinsOverTheConfiguredOne() {
        InMemoryMailSource source = inboxWith(new FolderInfo("Papierkorb", '/', true, Set.of("\\Trash")), new FolderInfo("Bin", '/', true));
        MailFilesystem configured = filesystem(source, settings(false, WriteSettings.DeleteMode.TRASH, Optional.of("Bin")));

        configured.unlink(REPORT);

        assertEquals(List.of(new Move(new MessageRef("INBOX", 100, 10), "Papierkorb")), source.changes());
    }

    /** The Trash follows the folder list the listing shows: one marked \\Trash by another client is used at once. */
    @Test
    void aTrashFolderMadeElsewhereIsUsedAsSoonAsTheFolderListShowsIt() {
        InMemoryMailSource source = inboxWith(new FolderInfo("Trash", '/', true));
        MailFilesystem fs = filesystem(source, settings(false, WriteSettings.DeleteMode.TRASH, Optional.empty()));
        String lunch = "/INBOX/" + fileName(LUNCH_SENT, "Lunch", "<lunch@example.com>");
        message(source, "INBOX", 11, LUNCH_SENT, "Lunch", "<lunch@example.com>", Set.of());
        fs.unlink(REPORT);

        source.folder(new FolderInfo("Papierkorb", '/', true, Set.of("\\Trash")), 700);
        assertTrue(fs.readdir("/").contains("Papierkorb"));
        fs.unlink(lunch);

        assertEquals(List.of(new Move(new MessageRef("INBOX", 100, 10), "Trash"), new Move(new MessageRef("INBOX", 100, 11), "Papierkorb")),
                source.changes());
    }

    /** Mail another program marked \\Deleted: hidden by default; shown with --show-deleted, where setfattr takes the flag off. */
    @Test
    void messagesFlaggedDeletedShowOnlyWhenAskedAndTheFlagCanBeTakenOff() {
        MessageRef marked = message(mail, "INBOX", 12, LUNCH_SENT.plusSeconds(3600), "Marked", "<marked@example.com>",
                Set.of("\\Seen", "\\Deleted"));
        String name = fileName(LUNCH_SENT.plusSeconds(3600), "Marked", "<marked@example.com>");
        assertFalse(fs.readdir("/INBOX").contains(name));

        MailFilesystem showing = filesystem(mail, new WriteSettings(false, WriteSettings.DeleteMode.TRASH, Optional.empty(), incoming, true));
        assertTrue(showing.readdir("/INBOX").contains(name));
        assertEquals("\\Deleted \\Seen", new String(showing.attribute("/INBOX/" + name, "user.mail.flags"), StandardCharsets.UTF_8));
        showing.setAttribute("/INBOX/" + name, "user.mail.flags", "\\Seen".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of(new SetFlags(marked, Set.of("\\Seen"))), mail.changes());
        assertTrue(fs.readdir("/INBOX").contains(name), "and the other mount shows it again");
    }

    /**
     * Cyrus and Courier keep the user's folders under "INBOX.": they show at the top, mkdir there
     * makes them under the prefix, rm finds the Trash there, and mkdir inside INBOX, whose folders
     * show at the top, says where to make it.
     */
    @Test
    void underAPersonalPrefixFoldersShowAndAreMadeAtTheTop() {
        InMemoryMailSource cyrus = server().personalPrefix("INBOX.")
                .folder(new FolderInfo("INBOX", '.', true), 100)
                .folder(new FolderInfo("INBOX.Trash", '.', true), 400)
                .folder(new FolderInfo("INBOX.Work", '.', true), 200)
                .folder(new FolderInfo("user.bob", '.', true), 300);
        MessageRef report = message(cyrus, "INBOX.Work", 10, REPORT_SENT, "Quarterly report", "<report@example.com>", Set.of());
        MailFilesystem fs = filesystem(cyrus, settings(false, WriteSettings.DeleteMode.TRASH, Optional.empty()));

        assertEquals(List.of("INBOX", "Trash", "Work", "user", ".mailfs", ".search"), fs.readdir("/"));
        fs.mkdir("/Projects");
        fs.mkdir("/Work/2024");
        fs.unlink("/Work/" + fileName(REPORT_SENT, "Quarterly report", "<report@example.com>"));
        MailfsException refused = assertThrows(MailfsException.NotPermitted.class, () -> fs.mkdir("/INBOX/Sub"));

        assertTrue(refused.getMessage().contains("mkdir /Sub"), refused.getMessage());
        assertEquals(List.of(new CreateFolder("INBOX.Projects"), new CreateFolder("INBOX.Work.2024"), new Move(report, "INBOX.Trash")),
                cyrus.changes());
        assertTrue(fs.readdir("/").contains("Projects"));
    }

    @Test
    void commonTrashNameIsUsedWhenNoneIsMarkedOrConfigured() {
        InMemoryMailSource source = inboxWith(new FolderInfo("Deleted Items", '/', true));
        MailFilesystem common = filesystem(source, settings(false, WriteSettings.DeleteMode.TRASH, Optional.empty()));

        common.unlink(REPORT);

        assertEquals(List.of(new Move(new MessageRef("INBOX", 100, 10), "Deleted Items")), source.changes());
    }

    @Test
    void unlinkOfBodyTxtInsideAMessageDirectoryChangesNothingOnTheServer() {
        fs.unlink(REPORT_DIR + "/body.txt");
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void unlinkOfADirectoryIsADirectory() {
        assertThrows(MailfsException.IsADirectory.class, () -> fs.unlink(REPORT_DIR));
        assertThrows(MailfsException.IsADirectory.class, () -> fs.unlink("/Work"));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void unlinkOfAMissingMessageIsNotFound() {
        assertThrows(MailfsException.NotFound.class, () -> fs.unlink("/INBOX/nope.eml"));
    }

    // --- rename of messages -------------------------------------------------------------------

    @Test
    void renameOfAMessageFileToAnotherFolderMovesIt() {
        fs.rename(REPORT, "/Work/Projects/" + nameOf(REPORT));

        assertEquals(List.of(new Move(report, "Work/Projects")), mail.changes());
    }

    @Test
    void renameOfAMessageDirectoryToAnotherFolderMovesTheMessage() {
        fs.rename(REPORT_DIR, "/Work/Projects/" + nameOf(REPORT_DIR));

        assertEquals(List.of(new Move(report, "Work/Projects")), mail.changes());
    }

    @Test
    void renameOfAMessageOutOfTrashMovesIt() {
        fs.rename(OLD, "/INBOX/" + nameOf(OLD));

        assertEquals(List.of(new Move(old, "INBOX")), mail.changes());
    }

    @Test
    void renameWithinTheSameFolderIsNotPermitted() {
        assertThrows(MailfsException.NotPermitted.class, () -> fs.rename(REPORT, "/INBOX/renamed.eml"));
        assertThrows(MailfsException.NotPermitted.class, () -> fs.rename(REPORT_DIR, "/INBOX/renamed"));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void renameOntoItselfDoesNothing() {
        fs.rename(REPORT, REPORT);
        fs.rename(REPORT_DIR, REPORT_DIR);

        assertEquals(List.of(), mail.changes());
    }

    @Test
    void renameOfAMessageIntoAMessageDirectoryIsAccessDenied() {
        assertThrows(MailfsException.AccessDenied.class, () -> fs.rename(LUNCH, REPORT_DIR + "/" + nameOf(LUNCH)));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void renameOfAMessageIntoTheRootIsNotPermitted() {
        assertThrows(MailfsException.NotPermitted.class, () -> fs.rename(REPORT, "/" + nameOf(REPORT)));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void renameOfAPartOfAMessageIsAccessDenied() {
        assertThrows(MailfsException.AccessDenied.class, () -> fs.rename(REPORT_DIR + "/body.txt", "/Work/body.txt"));
        assertEquals(List.of(), mail.changes());
    }

    // --- rename of folders --------------------------------------------------------------------

    @Test
    void renameOfAFolderRenamesItOnTheServer() {
        fs.rename("/Work", "/Work2");

        assertEquals(List.of(new RenameFolder("Work", "Work2")), mail.changes());
    }

    @Test
    void renameOfANestedFolderBuildsTheServerNameWithTheDelimiter() {
        fs.rename("/Work/Projects", "/Work/Plans");

        assertEquals(List.of(new RenameFolder("Work/Projects", "Work/Plans")), mail.changes());
    }

    @Test
    void renameOfAFolderIntoAnotherFolder() {
        fs.rename("/Work/Projects", "/INBOX/Projects");
        fs.rename("/INBOX/Projects", "/Projects");

        assertEquals(List.of(new RenameFolder("Work/Projects", "INBOX/Projects"), new RenameFolder("INBOX/Projects", "Projects")),
                mail.changes());
    }

    @Test
    void renameOfAFolderOntoAnExistingNameIsAlreadyExists() {
        assertThrows(MailfsException.AlreadyExists.class, () -> fs.rename("/Work", "/INBOX"));
        assertThrows(MailfsException.AlreadyExists.class, () -> fs.rename("/Work/Projects", "/Trash"));
        assertThrows(MailfsException.AlreadyExists.class, () -> fs.rename("/Work/Projects", REPORT_DIR));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void renameOfAFolderToAHiddenNameIsInvalid() {
        assertThrows(MailfsException.InvalidArgument.class, () -> fs.rename("/Work", "/.Work"));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void renameOfTheRootIsRefused() {
        assertThrows(MailfsException.AccessDenied.class, () -> fs.rename("/", "/Root"));
        assertEquals(List.of(), mail.changes());
    }

    // --- mkdir --------------------------------------------------------------------------------

    @Test
    void mkdirAtTheTopCreatesAFolder() {
        fs.mkdir("/New");

        assertEquals(List.of(new CreateFolder("New")), mail.changes());
    }

    @Test
    void mkdirInsideAFolderCreatesASubfolderNamedWithTheDelimiter() {
        fs.mkdir("/Work/New");
        fs.mkdir("/Work/Projects/2024");

        assertEquals(List.of(new CreateFolder("Work/New"), new CreateFolder("Work/Projects/2024")), mail.changes());
    }

    @Test
    void mkdirOfAHiddenNameIsNotPermitted() {
        assertThrows(MailfsException.NotPermitted.class, () -> fs.mkdir("/.hidden"));
        assertThrows(MailfsException.NotPermitted.class, () -> fs.mkdir("/Work/.Trash-1000"));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void mkdirOfAnExistingNameIsAlreadyExists() {
        assertThrows(MailfsException.AlreadyExists.class, () -> fs.mkdir("/Work"));
        assertThrows(MailfsException.AlreadyExists.class, () -> fs.mkdir("/Work/Projects"));
        assertThrows(MailfsException.AlreadyExists.class, () -> fs.mkdir(REPORT_DIR));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void mkdirInsideAMessageDirectoryIsAccessDenied() {
        assertThrows(MailfsException.AccessDenied.class, () -> fs.mkdir(REPORT_DIR + "/New"));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void mkdirInAMissingFolderIsNotFound() {
        assertThrows(MailfsException.NotFound.class, () -> fs.mkdir("/Nope/New"));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void mkdirOfANameWithAControlCharacterIsInvalid() {
        assertThrows(MailfsException.InvalidArgument.class, () -> fs.mkdir("/bad\u0001name"));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void withADotDelimiterANameHoldingADotIsInvalidAndSubfoldersAreJoinedWithDots() {
        InMemoryMailSource dotted = server()
                .folder(new FolderInfo("INBOX", '.', true), 1)
                .folder(new FolderInfo("INBOX.Sub", '.', true), 2);
        MailFilesystem dottedFs = filesystem(dotted, settings(false, WriteSettings.DeleteMode.TRASH, Optional.empty()));

        assertThrows(MailfsException.InvalidArgument.class, () -> dottedFs.mkdir("/a.b"));
        assertThrows(MailfsException.InvalidArgument.class, () -> dottedFs.rename("/INBOX/Sub", "/INBOX/Sub.old"));
        dottedFs.mkdir("/INBOX/New");
        dottedFs.rename("/INBOX/Sub", "/INBOX/Other");

        assertEquals(List.of(new CreateFolder("INBOX.New"), new RenameFolder("INBOX.Sub", "INBOX.Other")), dotted.changes());
    }

    // --- rmdir --------------------------------------------------------------------------------

    @Test
    void rmdirOfAFolderWithSubfoldersIsNotEmpty() {
        assertThrows(MailfsException.NotEmpty.class, () -> fs.rmdir("/Work"));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void rmdirOfALeafFolderDeletesIt() {
        fs.rmdir("/Work/Projects");

        assertEquals(List.of(new DeleteFolder("Work/Projects")), mail.changes());
    }

    @Test
    void rmdirOfAMessagesDirectoryIsNotEmptyAndChangesNothing() {
        assertThrows(MailfsException.NotEmpty.class, () -> fs.rmdir(REPORT_DIR));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void rmdirOfTheRootIsNotPermitted() {
        assertThrows(MailfsException.NotPermitted.class, () -> fs.rmdir("/"));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void rmdirOfAMessageFileIsNotADirectory() {
        assertThrows(MailfsException.NotADirectory.class, () -> fs.rmdir(REPORT));
        assertEquals(List.of(), mail.changes());
    }

    // --- create, write, flush, release ----------------------------------------------------------

    @Test
    void flushOfANewMessageAppendsItOnceWithItsDateAndSeen() throws IOException {
        long handle = createAndWrite("/INBOX/new.eml", NEW_MESSAGE);

        fs.flush(handle);

        assertEquals(List.of(new Append("INBOX", NEW_MESSAGE, Set.of("\\Seen"), NEW_MESSAGE_DATE)), mail.changes());
    }

    @Test
    void newMessageInANestedFolderIsAppendedThere() throws IOException {
        long handle = createAndWrite("/Work/Projects/new.eml", NEW_MESSAGE);

        fs.flush(handle);

        assertEquals(List.of(new Append("Work/Projects", NEW_MESSAGE, Set.of("\\Seen"), NEW_MESSAGE_DATE)), mail.changes());
    }

    @Test
    void secondFlushWithoutNewWritesDoesNotAppendAgain() throws IOException {
        long handle = createAndWrite("/INBOX/new.eml", NEW_MESSAGE);

        fs.flush(handle);
        fs.flush(handle);

        assertEquals(1, mail.changes().size());
    }

    @Test
    void flushAfterMoreWritesAppendsAgain() throws IOException {
        long handle = createAndWrite("/INBOX/new.eml", NEW_MESSAGE);
        fs.flush(handle);

        fs.write(handle, utf8(NEW_MESSAGE).length, utf8("P.S.\r\n"));
        fs.flush(handle);

        assertEquals(List.of(new Append("INBOX", NEW_MESSAGE, Set.of("\\Seen"), NEW_MESSAGE_DATE),
                new Append("INBOX", NEW_MESSAGE + "P.S.\r\n", Set.of("\\Seen"), NEW_MESSAGE_DATE)), mail.changes());
        String warning = log.messages(Level.WARNING).get(0);
        assertTrue(warning.contains("/INBOX/new.eml was appended again") && warning.contains("APPENDUID"), "the user is told: " + warning);
    }

    @Test
    void aLaterAppendReplacesTheEarlierVersionWhenTheServerToldItsUid() throws IOException {
        mail.uidPlus(true);
        long handle = createAndWrite("/INBOX/new.eml", NEW_MESSAGE);
        fs.flush(handle); // one writer closes its copy of the descriptor ...

        fs.write(handle, utf8(NEW_MESSAGE).length, utf8("P.S.\r\n"));
        fs.flush(handle); // ... and the last one closes after writing more

        assertEquals(List.of(new Append("INBOX", NEW_MESSAGE, Set.of("\\Seen"), NEW_MESSAGE_DATE),
                new Append("INBOX", NEW_MESSAGE + "P.S.\r\n", Set.of("\\Seen"), NEW_MESSAGE_DATE),
                new Expunge(new MessageRef("INBOX", 100, 12))), mail.changes(), "one message in the end: the whole file");
    }

    @Test
    void writesAtOffsetsAreAssembledBeforeTheAppend() throws IOException {
        long handle = fs.create("/INBOX/new.eml");
        byte[] bytes = utf8(NEW_MESSAGE);
        fs.write(handle, 10, java.util.Arrays.copyOfRange(bytes, 10, bytes.length));
        fs.write(handle, 0, java.util.Arrays.copyOfRange(bytes, 0, 10));

        fs.flush(handle);

        assertEquals(List.of(new Append("INBOX", NEW_MESSAGE, Set.of("\\Seen"), NEW_MESSAGE_DATE)), mail.changes());
    }

    @Test
    void messageWithoutADateIsAppendedWithTheCurrentTime() throws IOException {
        long handle = createAndWrite("/INBOX/new.eml", "Subject: undated\r\n\r\nbody\r\n");
        Instant before = Instant.now();

        fs.flush(handle);

        Instant after = Instant.now();
        Append append = assertInstanceOf(Append.class, mail.changes().get(0));
        assertEquals(1, mail.changes().size());
        assertFalse(append.internalDate().isBefore(before), append.internalDate() + " is before " + before);
        assertFalse(append.internalDate().isAfter(after), append.internalDate() + " is after " + after);
    }

    @Test
    void flushOfAFileThatIsNotAMessageIsInvalidAndAppendsNothing() throws IOException {
        long handle = createAndWrite("/INBOX/notes.txt", "just some notes\nno header here\n");

        MailfsException.InvalidArgument refused = assertThrows(MailfsException.InvalidArgument.class, () -> fs.flush(handle));

        assertTrue(refused.getMessage().contains("/INBOX/notes.txt"), refused.getMessage());
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void flushOfAnEmptyNewFileIsInvalidAndAppendsNothing() throws IOException {
        long handle = fs.create("/INBOX/empty.eml");

        assertThrows(MailfsException.InvalidArgument.class, () -> fs.flush(handle));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void flushOfAMessageOpenedForReadingDoesNothing() throws IOException {
        fs.read(REPORT, 0, 10);

        fs.flush(0); // a file opened for reading has no handle (see MailFuse.open)

        assertEquals(List.of(), mail.changes());
    }

    @Test
    void releaseDeletesTheTemporaryFileAndThePathIsGone() throws IOException {
        long handle = createAndWrite("/INBOX/new.eml", NEW_MESSAGE);
        fs.flush(handle);
        assertEquals(1, incomingFiles().size());

        fs.release(handle);

        assertEquals(List.of(), incomingFiles());
        assertThrows(MailfsException.NotFound.class, () -> fs.getattr("/INBOX/new.eml"));
    }

    /** The kernel opens names it remembers without asking: once closed, a refused copy must leave the name free at once. */
    @Test
    void afterARefusedCopyIsClosedItsNameIsFreeBeforeRelease() throws IOException {
        long handle = fs.create("/INBOX/empty.eml");
        assertThrows(MailfsException.InvalidArgument.class, () -> fs.flush(handle));

        assertThrows(MailfsException.NotFound.class, () -> fs.getattr("/INBOX/empty.eml"));
        long again = createAndWrite("/INBOX/empty.eml", NEW_MESSAGE);
        fs.flush(again);
        assertEquals(1, mail.changes().size(), "the second copy under the same name is appended");
        fs.release(handle);
        fs.release(again);
    }

    @Test
    void releaseWithoutFlushAppendsNothing() throws IOException {
        long handle = createAndWrite("/INBOX/new.eml", NEW_MESSAGE);

        fs.release(handle);

        assertEquals(List.of(), mail.changes());
        assertEquals(List.of(), incomingFiles());
    }

    @Test
    void getattrOfAFileBeingWrittenShowsItsSize() throws IOException {
        long handle = fs.create("/INBOX/new.eml");
        assertEquals(0, fs.getattr("/INBOX/new.eml").size());

        fs.write(handle, 0, utf8("Subject: x\r\n"));
        FileAttributes attributes = fs.getattr("/INBOX/new.eml");

        assertEquals(12, attributes.size());
        assertFalse(attributes.directory());
        assertEquals(FileAttributes.FILE_MODE, attributes.mode());

        fs.write(handle, 100, utf8("abc"));
        assertEquals(103, fs.getattr("/INBOX/new.eml").size());
    }

    @Test
    void truncateOfAFileBeingWrittenChangesItsSize() throws IOException {
        long handle = createAndWrite("/INBOX/new.eml", NEW_MESSAGE);

        fs.truncate("/INBOX/new.eml", 5);

        assertEquals(5, fs.getattr("/INBOX/new.eml").size());
        fs.truncate("/INBOX/new.eml", 0);
        fs.write(handle, 0, utf8(NEW_MESSAGE));
        fs.flush(handle);
        assertEquals(List.of(new Append("INBOX", NEW_MESSAGE, Set.of("\\Seen"), NEW_MESSAGE_DATE)), mail.changes());
    }

    @Test
    void createOfAHiddenFileIsNotPermitted() {
        assertThrows(MailfsException.NotPermitted.class, () -> fs.create("/INBOX/.x.swp"));
        assertTrue(fs.readdir("/INBOX").stream().noneMatch(name -> name.startsWith(".")));
    }

    @Test
    void createInTheRootIsNotPermitted() {
        assertThrows(MailfsException.NotPermitted.class, () -> fs.create("/new.eml"));
    }

    @Test
    void createInsideAMessageDirectoryIsAccessDenied() {
        assertThrows(MailfsException.AccessDenied.class, () -> fs.create(REPORT_DIR + "/new.txt"));
    }

    @Test
    void createOfAnExistingNameIsAlreadyExists() {
        assertThrows(MailfsException.AlreadyExists.class, () -> fs.create(REPORT));
        assertThrows(MailfsException.AlreadyExists.class, () -> fs.create(REPORT_DIR));
        assertThrows(MailfsException.AlreadyExists.class, () -> fs.create("/Work/Projects"));
    }

    @Test
    void createOfANameAlreadyBeingWrittenIsAlreadyExists() {
        fs.create("/INBOX/new.eml");

        assertThrows(MailfsException.AlreadyExists.class, () -> fs.create("/INBOX/new.eml"));
    }

    @Test
    void writeToAMessageOpenedForReadingIsAccessDenied() {
        assertThrows(MailfsException.AccessDenied.class, () -> fs.write(0, 0, utf8("x")));
    }

    // --- extended attributes --------------------------------------------------------------------

    @Test
    void flagsSetOnAFileBeingWrittenAreTheFlagsOfItsAppend() throws IOException {
        long handle = createAndWrite("/INBOX/new.eml", NEW_MESSAGE);

        fs.setAttribute("/INBOX/new.eml", "user.mail.flags", utf8("\\Flagged \\Answered"));
        fs.flush(handle);

        assertEquals(List.of(new Append("INBOX", NEW_MESSAGE, Set.of("\\Flagged", "\\Answered"), NEW_MESSAGE_DATE)), mail.changes());
    }

    /** A file copied in is meant to be there: \\Deleted, which another program's expunge would act on, is not appended with it. */
    @Test
    void aFileCopiedInWithDeletedAmongItsFlagsIsAppendedWithoutIt() throws IOException {
        long handle = createAndWrite("/INBOX/new.eml", NEW_MESSAGE);

        fs.setAttribute("/INBOX/new.eml", "user.mail.flags", utf8("\\Seen \\Deleted"));
        fs.flush(handle);

        assertEquals(List.of(new Append("INBOX", NEW_MESSAGE, Set.of("\\Seen"), NEW_MESSAGE_DATE)), mail.changes());
    }

    @Test
    void emptyFlagsOnAFileBeingWrittenAppendItUnread() throws IOException {
        long handle = createAndWrite("/INBOX/new.eml", NEW_MESSAGE);

        fs.setAttribute("/INBOX/new.eml", "user.mail.flags", new byte[0]);
        fs.flush(handle);

        assertEquals(List.of(new Append("INBOX", NEW_MESSAGE, Set.of(), NEW_MESSAGE_DATE)), mail.changes());
    }

    @Test
    void otherMailAttributesOnAFileBeingWrittenAreAcceptedAndIgnored() throws IOException {
        long handle = createAndWrite("/INBOX/new.eml", NEW_MESSAGE);

        fs.setAttribute("/INBOX/new.eml", "user.mail.subject", utf8("Something else"));
        fs.setAttribute("/INBOX/new.eml", "user.mail.from", utf8("Mallory <m@example.com>"));
        fs.setAttribute("/INBOX/new.eml", "user.mail.date", utf8("1999-01-01T00:00:00Z"));
        assertEquals(List.of(), mail.changes());
        fs.flush(handle);

        assertEquals(List.of(new Append("INBOX", NEW_MESSAGE, Set.of("\\Seen"), NEW_MESSAGE_DATE)), mail.changes());
    }

    @Test
    void setFlagsOnAMessageStoresTheParsedFlags() {
        fs.setAttribute(REPORT, "user.mail.flags", utf8("\\Seen,\\Answered  $Work"));

        assertEquals(List.of(new SetFlags(report, Set.of("\\Seen", "\\Answered", "$Work"))), mail.changes());
    }

    @Test
    void setFlagsOnAMessageDirectoryStoresThem() {
        fs.setAttribute(REPORT_DIR, "user.mail.flags", utf8(""));

        assertEquals(List.of(new SetFlags(report, Set.of())), mail.changes());
    }

    @Test
    void setOfAnyOtherAttributeOfAMessageIsAccessDenied() {
        assertThrows(MailfsException.AccessDenied.class, () -> fs.setAttribute(REPORT, "user.mail.subject", utf8("New subject")));
        assertThrows(MailfsException.AccessDenied.class, () -> fs.setAttribute(REPORT, "user.comment", utf8("x")));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void setAttributeOnAFolderIsAccessDenied() {
        assertThrows(MailfsException.AccessDenied.class, () -> fs.setAttribute("/INBOX", "user.mail.flags", utf8("\\Seen")));
        assertEquals(List.of(), mail.changes());
    }

    @Test
    void attributesOfAMessageTellWhatItsNameDoesNot() {
        Map<String, String> attributes = new LinkedHashMap<>();
        fs.attributes(REPORT).forEach((name, value) -> attributes.put(name, new String(value, StandardCharsets.UTF_8)));

        assertEquals(List.of("user.mail.from", "user.mail.to", "user.mail.subject", "user.mail.date", "user.mail.message-id",
                "user.mail.flags"), new ArrayList<>(attributes.keySet()));
        assertEquals("Alice <alice@example.com>", attributes.get("user.mail.from"));
        assertEquals("Bob <bob@example.com>", attributes.get("user.mail.to"));
        assertEquals("Quarterly report", attributes.get("user.mail.subject"));
        assertEquals("2024-03-01T14:32:00Z", attributes.get("user.mail.date"));
        assertEquals("<report@example.com>", attributes.get("user.mail.message-id"));
        assertEquals("\\Flagged \\Seen", attributes.get("user.mail.flags"));
    }

    @Test
    void attributeGivesOneValue() {
        assertEquals("Quarterly report", new String(fs.attribute(REPORT, "user.mail.subject"), StandardCharsets.UTF_8));
        assertEquals("\\Flagged \\Seen", new String(fs.attribute(REPORT_DIR, "user.mail.flags"), StandardCharsets.UTF_8));
        assertEquals("", new String(fs.attribute(LUNCH, "user.mail.flags"), StandardCharsets.UTF_8));
    }

    @Test
    void messageDirectoryHasTheAttributesOfItsMessage() {
        assertEquals(fs.attributes(REPORT).keySet(), fs.attributes(REPORT_DIR).keySet());
        assertEquals("<report@example.com>", new String(fs.attribute(REPORT_DIR, "user.mail.message-id"), StandardCharsets.UTF_8));
    }

    @Test
    void unknownAttributeIsNoAttribute() {
        assertThrows(MailfsException.NoAttribute.class, () -> fs.attribute(REPORT, "user.mail.nope"));
    }

    @Test
    void mailfsOwnFilesCannotBeChanged() {
        assertThrows(MailfsException.AccessDenied.class, () -> fs.unlink("/.mailfs/status"));
        assertThrows(MailfsException.AccessDenied.class, () -> fs.rmdir("/.mailfs"));
        assertThrows(MailfsException.AccessDenied.class, () -> fs.rename("/.mailfs/status", "/INBOX/status"));
        assertThrows(MailfsException.AccessDenied.class, () -> fs.openForWriting("/.mailfs/status"));
        assertThrows(MailfsException.NotPermitted.class, () -> fs.mkdir("/.mailfs/x"));
    }

    /** ls -l asks for these of every file, unless told once that the filesystem has none. */
    @Test
    void attributesOutsideTheUserNamespaceAreUnsupported() {
        assertThrows(MailfsException.Unsupported.class, () -> fs.attribute(REPORT, "security.selinux"));
        assertThrows(MailfsException.Unsupported.class, () -> fs.attribute(REPORT, "system.posix_acl_access"));
        assertThrows(MailfsException.Unsupported.class, () -> fs.attribute("/no/such/path", "security.selinux"));
    }

    @Test
    void foldersHaveNoAttributes() {
        assertEquals(Map.of(), fs.attributes("/INBOX"));
        assertThrows(MailfsException.NoAttribute.class, () -> fs.attribute("/INBOX", "user.mail.flags"));
    }

    // --- messages themselves cannot change ------------------------------------------------------

    @Test
    void openOfAMessageForWritingIsAccessDenied() {
        assertThrows(MailfsException.AccessDenied.class, () -> fs.openForWriting(REPORT));
    }

    @Test
    void truncateOfAMessageIsAccessDenied() {
        assertThrows(MailfsException.AccessDenied.class, () -> fs.truncate(REPORT, 0));
    }

    @Test
    void truncateOfAMissingFileIsNotFound() {
        assertThrows(MailfsException.NotFound.class, () -> fs.truncate("/INBOX/nope.eml", 0));
    }

    @Test
    void setAttributesOnAFileBeingWrittenIsAccepted() {
        fs.create("/INBOX/new.eml");

        fs.setAttributes("/INBOX/new.eml");

        assertEquals(List.of(), mail.changes());
    }

    @Test
    void setAttributesOnAMessageIsAccessDenied() {
        assertThrows(MailfsException.AccessDenied.class, () -> fs.setAttributes(REPORT));
        assertThrows(MailfsException.AccessDenied.class, () -> fs.setAttributes("/INBOX"));
    }

    // --- read-only mount ------------------------------------------------------------------------

    @Test
    void aReadOnlyMountRefusesEveryChange() {
        MailFilesystem readOnly = filesystem(mail, settings(true, WriteSettings.DeleteMode.TRASH, Optional.empty()));
        List<Executable> changes = List.of(
                () -> readOnly.unlink(REPORT),
                () -> readOnly.unlink(OLD),
                () -> readOnly.rename(REPORT, "/Work/" + nameOf(REPORT)),
                () -> readOnly.rename("/Work", "/Work2"),
                () -> readOnly.mkdir("/New"),
                () -> readOnly.rmdir("/Work/Projects"),
                () -> readOnly.rmdir(REPORT_DIR),
                () -> readOnly.create("/INBOX/new.eml"),
                () -> readOnly.openForWriting(REPORT),
                () -> readOnly.truncate(REPORT, 0),
                () -> readOnly.setAttribute(REPORT, "user.mail.flags", utf8("\\Seen")),
                () -> readOnly.setAttributes(REPORT));

        for (Executable change : changes) {
            assertThrows(MailfsException.ReadOnly.class, change);
        }
        assertEquals(List.of(), mail.changes());
        assertReadsStillWork(readOnly);
    }

    private static void assertReadsStillWork(MailFilesystem readOnly) {
        assertEquals(List.of("INBOX", "Trash", "Work", ".mailfs", ".search"), readOnly.readdir("/"));
        assertEquals("Quarterly report", new String(readOnly.attribute(REPORT, "user.mail.subject"), StandardCharsets.UTF_8));
    }
}

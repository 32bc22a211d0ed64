package dev.mailfs.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.MailRequest.Append;
import dev.mailfs.testing.MailRequest.Change;
import dev.mailfs.testing.MailRequest.CreateFolder;
import dev.mailfs.testing.MailRequest.DeleteFolder;
import dev.mailfs.testing.MailRequest.Expunge;
import dev.mailfs.testing.MailRequest.ListFolders;
import dev.mailfs.testing.MailRequest.ListMessages;
import dev.mailfs.testing.MailRequest.Move;
import dev.mailfs.testing.MailRequest.RenameFolder;
import dev.mailfs.testing.MailRequest.SetFlags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How changes passed through the cache keep its folder list and listings true, and how few listings that costs. */
class CachedMailSourceWritesTest {

    private static final long INBOX_VALIDITY = 7;
    private static final long WORK_VALIDITY = 9;

    private static byte[] raw(String subject) {
        return ("Subject: " + subject + "\r\n\r\nSee attached.\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static MessageMeta message(long uid, String subject) {
        Instant date = Instant.parse("2024-03-01T14:32:00Z").plusSeconds(uid);
        return new MessageMeta(uid, raw(subject).length, date, Optional.of(date), subject, "Alice <alice@example.com>", "",
                "<" + uid + "@example.com>", Set.of("\\Seen"));
    }

    private final MessageMeta report = message(1, "Quarterly report");
    private final MessageMeta lunch = message(2, "Lunch");
    private final MessageMeta plan = message(40, "Plan");
    private final MessageRef reportRef = new MessageRef("INBOX", INBOX_VALIDITY, 1);

    /** Without STATUS, so that each listing the cache wants is a LIST of the folder's messages, counted here. */
    private final InMemoryMailSource server = new InMemoryMailSource().status(false).folder("INBOX", INBOX_VALIDITY)
            .folder("Work", WORK_VALIDITY);
    private final CachedMailSource cache = new CachedMailSource(server, CacheSettings.defaults());

    @TempDir
    Path incoming;

    CachedMailSourceWritesTest() {
        server.add("INBOX", report, raw(report.subject()));
        server.add("INBOX", lunch, raw(lunch.subject()));
        server.add("Work", plan, raw(plan.subject()));
    }

    private int listings(String folder) {
        return server.count(new ListMessages(folder));
    }

    private int folderLists() {
        return server.count(ListFolders.class);
    }

    private Path file(String content) throws IOException {
        return Files.writeString(Files.createTempFile(incoming, "incoming-", ".eml"), content);
    }

    @Test
    void listingsAreCachedToBeginWith() {
        cache.listMessages("INBOX");
        cache.listMessages("INBOX");
        cache.listFolders();
        cache.listFolders();

        assertEquals(1, listings("INBOX"));
        assertEquals(1, folderLists());
    }

    // --- move ---------------------------------------------------------------------------------

    @Test
    void moveWithANewUidShowsTheMessageInBothCachedListingsWithoutListingAgain() {
        cache.listMessages("INBOX");
        cache.listMessages("Work");

        assertEquals(Optional.of(41L), cache.move(reportRef, "Work"));

        assertEquals(List.of(new Move(reportRef, "Work")), server.changes());
        assertEquals(new FolderListing("Work", WORK_VALIDITY, List.of(plan, report.withUid(41))), cache.listMessages("Work"));
        assertEquals(new FolderListing("INBOX", INBOX_VALIDITY, List.of(lunch)), cache.listMessages("INBOX"));
        assertEquals(1, listings("INBOX"));
        assertEquals(1, listings("Work"));
    }

    @Test
    void moveWithoutANewUidListsTheDestinationAgainButPatchesTheSource() {
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        server.uidPlus(false);

        assertEquals(Optional.empty(), cache.move(reportRef, "Work"));

        cache.listMessages("Work");
        assertEquals(2, listings("Work"));
        assertEquals(new FolderListing("INBOX", INBOX_VALIDITY, List.of(lunch)), cache.listMessages("INBOX"));
        assertEquals(1, listings("INBOX"));
    }

    @Test
    void moveOfAMessageNotInACachedListingListsTheDestinationAgain() {
        cache.listMessages("Work");

        cache.move(reportRef, "Work");

        cache.listMessages("Work");
        assertEquals(2, listings("Work"));
    }

    @Test
    void moveOfAMessageFromAnotherUidValidityDoesNotPatchTheListings() {
        FolderListing inbox = cache.listMessages("INBOX");
        cache.listMessages("Work");
        server.renumber("INBOX", INBOX_VALIDITY + 1); // made again since it was listed
        MessageRef renumbered = new MessageRef("INBOX", INBOX_VALIDITY + 1, 1);

        cache.move(renumbered, "Work");

        assertSame(inbox, cache.listMessages("INBOX"));
        cache.listMessages("Work");
        assertEquals(2, listings("Work"));
    }

    @Test
    void afterAFailingMoveBothFoldersAreListedAfresh() {
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        server.fail(Change.class, new MailfsException.ServerError("MOVE refused", null));

        assertThrows(MailfsException.ServerError.class, () -> cache.move(reportRef, "Work"));

        // Where the message is after a failure is the server's to say, not the cache's guess.
        server.recover();
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        assertEquals(2, listings("INBOX"));
        assertEquals(2, listings("Work"));
        assertEquals(List.of(), server.changes());
    }

    // --- expunge ------------------------------------------------------------------------------

    @Test
    void expungeRemovesTheMessageFromTheCachedListing() {
        cache.listMessages("INBOX");

        cache.expunge(reportRef);

        assertEquals(List.of(new Expunge(reportRef)), server.changes());
        assertEquals(new FolderListing("INBOX", INBOX_VALIDITY, List.of(lunch)), cache.listMessages("INBOX"));
        assertEquals(1, listings("INBOX"));
    }

    @Test
    void expungeLeavesOtherFoldersListingsAlone() {
        FolderListing work = cache.listMessages("Work");

        cache.expunge(reportRef);

        assertSame(work, cache.listMessages("Work"));
        assertEquals(1, listings("Work"));
    }

    @Test
    void failingExpungeLeavesTheCachedListing() {
        FolderListing inbox = cache.listMessages("INBOX");
        server.fail(Change.class, new MailfsException.ServerError("EXPUNGE refused", null));

        assertThrows(MailfsException.ServerError.class, () -> cache.expunge(reportRef));

        assertSame(inbox, cache.listMessages("INBOX"));
    }

    // --- append and flags ---------------------------------------------------------------------

    @Test
    void appendPassesItsArgumentsAndListsTheFolderAgain() throws IOException {
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        Path file = file("Subject: New\r\n\r\nHello.\r\n");
        Instant date = Instant.parse("2024-01-02T09:30:00Z");

        assertEquals(Optional.of(new MessageRef("INBOX", 7, 3)), cache.append("INBOX", file, Set.of("\\Seen"), date));

        assertEquals(List.of(new Append("INBOX", "Subject: New\r\n\r\nHello.\r\n", Set.of("\\Seen"), date)), server.changes());
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        assertEquals(2, listings("INBOX"));
        assertEquals(1, listings("Work"));
    }

    @Test
    void failingAppendStillListsTheFolderAgain() throws IOException {
        cache.listMessages("INBOX");
        server.fail(Change.class, new MailfsException.ServerError("APPEND refused", null));
        Path file = file("Subject: x\r\n\r\n");

        assertThrows(MailfsException.ServerError.class, () -> cache.append("INBOX", file, Set.of(), Instant.EPOCH));

        cache.listMessages("INBOX");
        assertEquals(2, listings("INBOX"));
    }

    @Test
    void setFlagsListsTheMessagesFolderAgain() {
        cache.listMessages("INBOX");
        cache.listMessages("Work");

        cache.setFlags(reportRef, Set.of("\\Flagged"));

        assertEquals(List.of(new SetFlags(reportRef, Set.of("\\Flagged"))), server.changes());
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        assertEquals(2, listings("INBOX"));
        assertEquals(1, listings("Work"));
    }

    // --- folders ------------------------------------------------------------------------------

    @Test
    void createFolderListsTheFoldersAgain() {
        cache.listFolders();

        cache.createFolder("New");

        assertEquals(List.of(new CreateFolder("New")), server.changes());
        assertEquals(3, cache.listFolders().size());
        assertEquals(2, folderLists());
    }

    @Test
    void failingCreateFolderStillListsTheFoldersAgain() {
        cache.listFolders();
        server.fail(Change.class, new MailfsException.ServerError("CREATE refused", null));

        assertThrows(MailfsException.ServerError.class, () -> cache.createFolder("New"));

        cache.listFolders();
        assertEquals(2, folderLists());
    }

    @Test
    void deleteFolderListsTheFoldersAndThatFolderAgain() {
        cache.listFolders();
        cache.listMessages("INBOX");
        cache.listMessages("Work");

        cache.deleteFolder("Work");

        assertEquals(List.of(new DeleteFolder("Work")), server.changes());
        cache.listFolders();
        cache.listMessages("INBOX");
        assertThrows(MailfsException.NotFound.class, () -> cache.listMessages("Work"), "asked again, and gone");
        assertEquals(2, folderLists());
        assertEquals(1, listings("INBOX"));
        assertEquals(2, listings("Work"));
    }

    @Test
    void renameFolderListsTheFoldersAndEveryListingAgain() {
        cache.listFolders();
        cache.listMessages("INBOX");
        cache.listMessages("Work");

        cache.renameFolder("Work", "Work2");

        assertEquals(List.of(new RenameFolder("Work", "Work2")), server.changes());
        cache.listFolders();
        cache.listMessages("INBOX");
        assertThrows(MailfsException.NotFound.class, () -> cache.listMessages("Work"), "asked again, and gone");
        assertEquals(2, folderLists());
        assertEquals(2, listings("INBOX"));
        assertEquals(2, listings("Work"));
    }

    @Test
    void messageChangesDoNotListTheFoldersAgain() throws IOException {
        cache.listFolders();

        cache.move(reportRef, "Work");
        cache.expunge(new MessageRef("INBOX", INBOX_VALIDITY, 2));
        cache.setFlags(new MessageRef("Work", WORK_VALIDITY, 40), Set.of());
        cache.append("INBOX", file("Subject: x\r\n\r\n"), Set.of(), Instant.EPOCH);

        cache.listFolders();
        assertEquals(1, folderLists());
    }
}

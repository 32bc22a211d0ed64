package dev.mailfs.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How changes passed through the cache keep its folder list and listings true, and how few listings that costs. */
class CachedMailSourceWritesTest {

    record Move(MessageRef message, String toFolder) {
    }

    record Append(String folder, Path rfc822, Set<String> flags, Instant internalDate) {
    }

    record SetFlags(MessageRef message, Set<String> flags) {
    }

    /** A server that counts the listings it is asked for and records the changes. */
    static final class RecordingServer implements MailSource {
        final List<FolderInfo> folders = new ArrayList<>(List.of(new FolderInfo("INBOX", '/', true), new FolderInfo("Work", '/', true)));
        final Map<String, FolderListing> listings = new HashMap<>();
        final Map<String, Integer> listMessagesCalls = new HashMap<>();
        int listFoldersCalls;
        final List<Object> changes = new ArrayList<>();
        Optional<Long> uidAfterMove = Optional.empty();
        MailfsException failure;

        @Override
        public List<FolderInfo> listFolders() {
            listFoldersCalls++;
            return List.copyOf(folders);
        }

        @Override
        public FolderListing listMessages(String folder) {
            listMessagesCalls.merge(folder, 1, Integer::sum);
            return listings.get(folder);
        }

        int listMessagesCalls(String folder) {
            return listMessagesCalls.getOrDefault(folder, 0);
        }

        @Override
        public byte[] readBody(MessageRef message, long offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BodyPart readStructure(MessageRef message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] readSection(MessageRef message, String section) {
            throw new UnsupportedOperationException();
        }

        private void failIfAsked() {
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public Optional<Long> move(MessageRef message, String toFolder) {
            failIfAsked();
            changes.add(new Move(message, toFolder));
            return uidAfterMove;
        }

        @Override
        public void expunge(MessageRef message) {
            failIfAsked();
            changes.add(message);
        }

        @Override
        public Optional<MessageRef> append(String folder, Path rfc822, Set<String> flags, Instant internalDate) {
            failIfAsked();
            changes.add(new Append(folder, rfc822, flags, internalDate));
            return Optional.of(new MessageRef(folder, 7, 77));
        }

        @Override
        public void setFlags(MessageRef message, Set<String> flags) {
            failIfAsked();
            changes.add(new SetFlags(message, flags));
        }

        @Override
        public void createFolder(String name) {
            failIfAsked();
            changes.add("create " + name);
        }

        @Override
        public void deleteFolder(String name) {
            failIfAsked();
            changes.add("delete " + name);
        }

        @Override
        public void renameFolder(String from, String to) {
            failIfAsked();
            changes.add("rename " + from + " to " + to);
        }

        @Override
        public void close() {
        }
    }

    private static final long INBOX_VALIDITY = 7;
    private static final long WORK_VALIDITY = 9;

    private static MessageMeta message(long uid, String subject) {
        Instant date = Instant.parse("2024-03-01T14:32:00Z").plusSeconds(uid);
        return new MessageMeta(uid, 100 + uid, date, Optional.of(date), subject, "Alice <alice@example.com>", "", "<" + uid + "@example.com>",
                Set.of("\\Seen"));
    }

    private final MessageMeta report = message(1, "Quarterly report");
    private final MessageMeta lunch = message(2, "Lunch");
    private final MessageMeta plan = message(40, "Plan");
    private final MessageRef reportRef = new MessageRef("INBOX", INBOX_VALIDITY, 1);

    private final RecordingServer server = new RecordingServer();
    private final CachedMailSource cache = new CachedMailSource(server, CacheSettings.defaults());

    CachedMailSourceWritesTest() {
        server.listings.put("INBOX", new FolderListing("INBOX", INBOX_VALIDITY, List.of(report, lunch)));
        server.listings.put("Work", new FolderListing("Work", WORK_VALIDITY, List.of(plan)));
    }

    @Test
    void listingsAreCachedToBeginWith() {
        cache.listMessages("INBOX");
        cache.listMessages("INBOX");
        cache.listFolders();
        cache.listFolders();

        assertEquals(1, server.listMessagesCalls("INBOX"));
        assertEquals(1, server.listFoldersCalls);
    }

    // --- move ---------------------------------------------------------------------------------

    @Test
    void moveWithANewUidShowsTheMessageInBothCachedListingsWithoutListingAgain() {
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        server.uidAfterMove = Optional.of(41L);

        assertEquals(Optional.of(41L), cache.move(reportRef, "Work"));

        assertEquals(List.of(new Move(reportRef, "Work")), server.changes);
        assertEquals(new FolderListing("Work", WORK_VALIDITY, List.of(plan, report.withUid(41))), cache.listMessages("Work"));
        assertEquals(new FolderListing("INBOX", INBOX_VALIDITY, List.of(lunch)), cache.listMessages("INBOX"));
        assertEquals(1, server.listMessagesCalls("INBOX"));
        assertEquals(1, server.listMessagesCalls("Work"));
    }

    @Test
    void moveWithoutANewUidListsTheDestinationAgainButPatchesTheSource() {
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        server.uidAfterMove = Optional.empty();

        assertEquals(Optional.empty(), cache.move(reportRef, "Work"));

        cache.listMessages("Work");
        assertEquals(2, server.listMessagesCalls("Work"));
        assertEquals(new FolderListing("INBOX", INBOX_VALIDITY, List.of(lunch)), cache.listMessages("INBOX"));
        assertEquals(1, server.listMessagesCalls("INBOX"));
    }

    @Test
    void moveOfAMessageNotInACachedListingListsTheDestinationAgain() {
        cache.listMessages("Work");
        server.uidAfterMove = Optional.of(41L);

        cache.move(reportRef, "Work");

        cache.listMessages("Work");
        assertEquals(2, server.listMessagesCalls("Work"));
    }

    @Test
    void moveOfAMessageFromAnotherUidValidityDoesNotPatchTheListings() {
        FolderListing inbox = cache.listMessages("INBOX");
        cache.listMessages("Work");
        server.uidAfterMove = Optional.of(41L);
        MessageRef stale = new MessageRef("INBOX", INBOX_VALIDITY - 1, 1);

        cache.move(stale, "Work");

        assertSame(inbox, cache.listMessages("INBOX"));
        cache.listMessages("Work");
        assertEquals(2, server.listMessagesCalls("Work"));
    }

    @Test
    void afterAFailingMoveBothFoldersAreListedAfresh() {
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        server.uidAfterMove = Optional.of(41L);
        server.failure = new MailfsException.ServerError("MOVE refused", null);

        assertThrows(MailfsException.ServerError.class, () -> cache.move(reportRef, "Work"));

        // Where the message is after a failure is the server's to say, not the cache's guess.
        server.failure = null;
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        assertEquals(2, server.listMessagesCalls("INBOX"));
        assertEquals(2, server.listMessagesCalls("Work"));
        assertEquals(List.of(), server.changes);
    }

    // --- expunge ------------------------------------------------------------------------------

    @Test
    void expungeRemovesTheMessageFromTheCachedListing() {
        cache.listMessages("INBOX");

        cache.expunge(reportRef);

        assertEquals(List.of(reportRef), server.changes);
        assertEquals(new FolderListing("INBOX", INBOX_VALIDITY, List.of(lunch)), cache.listMessages("INBOX"));
        assertEquals(1, server.listMessagesCalls("INBOX"));
    }

    @Test
    void expungeLeavesOtherFoldersListingsAlone() {
        FolderListing work = cache.listMessages("Work");

        cache.expunge(reportRef);

        assertSame(work, cache.listMessages("Work"));
        assertEquals(1, server.listMessagesCalls("Work"));
    }

    @Test
    void failingExpungeLeavesTheCachedListing() {
        FolderListing inbox = cache.listMessages("INBOX");
        server.failure = new MailfsException.ServerError("EXPUNGE refused", null);

        assertThrows(MailfsException.ServerError.class, () -> cache.expunge(reportRef));

        assertSame(inbox, cache.listMessages("INBOX"));
    }

    // --- append and flags ---------------------------------------------------------------------

    @Test
    void appendPassesItsArgumentsAndListsTheFolderAgain() {
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        Path file = Path.of("/tmp/incoming-1.eml");
        Instant date = Instant.parse("2024-01-02T09:30:00Z");

        assertEquals(Optional.of(new MessageRef("INBOX", 7, 77)), cache.append("INBOX", file, Set.of("\\Seen"), date));

        assertEquals(List.of(new Append("INBOX", file, Set.of("\\Seen"), date)), server.changes);
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        assertEquals(2, server.listMessagesCalls("INBOX"));
        assertEquals(1, server.listMessagesCalls("Work"));
    }

    @Test
    void failingAppendStillListsTheFolderAgain() {
        cache.listMessages("INBOX");
        server.failure = new MailfsException.ServerError("APPEND refused", null);

        assertThrows(MailfsException.ServerError.class,
                () -> cache.append("INBOX", Path.of("/tmp/x.eml"), Set.of(), Instant.EPOCH));

        cache.listMessages("INBOX");
        assertEquals(2, server.listMessagesCalls("INBOX"));
    }

    @Test
    void setFlagsListsTheMessagesFolderAgain() {
        cache.listMessages("INBOX");
        cache.listMessages("Work");

        cache.setFlags(reportRef, Set.of("\\Flagged"));

        assertEquals(List.of(new SetFlags(reportRef, Set.of("\\Flagged"))), server.changes);
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        assertEquals(2, server.listMessagesCalls("INBOX"));
        assertEquals(1, server.listMessagesCalls("Work"));
    }

    // --- folders ------------------------------------------------------------------------------

    @Test
    void createFolderListsTheFoldersAgain() {
        cache.listFolders();
        server.folders.add(new FolderInfo("New", '/', true));

        cache.createFolder("New");

        assertEquals(List.of("create New"), server.changes);
        assertEquals(3, cache.listFolders().size());
        assertEquals(2, server.listFoldersCalls);
    }

    @Test
    void failingCreateFolderStillListsTheFoldersAgain() {
        cache.listFolders();
        server.failure = new MailfsException.ServerError("CREATE refused", null);

        assertThrows(MailfsException.ServerError.class, () -> cache.createFolder("New"));

        cache.listFolders();
        assertEquals(2, server.listFoldersCalls);
    }

    @Test
    void deleteFolderListsTheFoldersAndThatFolderAgain() {
        cache.listFolders();
        cache.listMessages("INBOX");
        cache.listMessages("Work");

        cache.deleteFolder("Work");

        assertEquals(List.of("delete Work"), server.changes);
        cache.listFolders();
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        assertEquals(2, server.listFoldersCalls);
        assertEquals(1, server.listMessagesCalls("INBOX"));
        assertEquals(2, server.listMessagesCalls("Work"));
    }

    @Test
    void renameFolderListsTheFoldersAndEveryListingAgain() {
        cache.listFolders();
        cache.listMessages("INBOX");
        cache.listMessages("Work");

        cache.renameFolder("Work", "Work2");

        assertEquals(List.of("rename Work to Work2"), server.changes);
        cache.listFolders();
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        assertEquals(2, server.listFoldersCalls);
        assertEquals(2, server.listMessagesCalls("INBOX"));
        assertEquals(2, server.listMessagesCalls("Work"));
    }

    @Test
    void messageChangesDoNotListTheFoldersAgain() {
        cache.listFolders();
        server.uidAfterMove = Optional.of(41L);

        cache.move(reportRef, "Work");
        cache.expunge(new MessageRef("INBOX", INBOX_VALIDITY, 2));
        cache.setFlags(reportRef, Set.of());
        cache.append("INBOX", Path.of("/tmp/x.eml"), Set.of(), Instant.EPOCH);

        cache.listFolders();
        assertEquals(1, server.listFoldersCalls);
    }
}

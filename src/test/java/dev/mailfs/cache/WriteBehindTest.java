package dev.mailfs.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.LogCapture;
import dev.mailfs.testing.MailRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Moves and deletions in bursts: shown at once, sent together, made once whatever happens. */
class WriteBehindTest {
    private static final int CHUNK = 1024;
    private static final CacheSettings SETTINGS =
            new CacheSettings(Duration.ofSeconds(60), Duration.ofSeconds(30), 1L << 20, CHUNK, 100, 1L << 20);
    private static final String ACCOUNT = "alice@imap.example.com:993";
    private static final int MESSAGES = 40;

    @TempDir
    Path root;

    @RegisterExtension
    final LogCapture log = new LogCapture(WriteBehind.class);

    private final List<CachedMailSource> started = new ArrayList<>();

    @AfterEach
    void close() {
        started.forEach(CachedMailSource::close);
    }

    private CachedMailSource start(InMemoryMailSource server) throws IOException {
        CachedMailSource cache = new CachedMailSource(server, SETTINGS, DiskBodyStore.openIfPossible(root, ACCOUNT, CHUNK, 1L << 30));
        started.add(cache);
        return cache;
    }

    private static InMemoryMailSource server() {
        InMemoryMailSource server = new InMemoryMailSource().folder("INBOX", 7).folder("Archive", 3).folder("Trash", 4);
        for (int uid = 1; uid <= MESSAGES; uid++) {
            server.addGenerated("INBOX", uid, 100 + uid);
        }
        return server;
    }

    private static List<Long> sizes(FolderListing listing) {
        return listing.messages().stream().map(MessageMeta::size).sorted().toList();
    }

    private static List<Long> sizesFrom(int first, int last) {
        List<Long> sizes = new ArrayList<>();
        for (int uid = first; uid <= last; uid++) {
            sizes.add(100L + uid);
        }
        return sizes;
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
            Thread.sleep(10);
        }
    }

    private static List<MessageRef> moveEach(CachedMailSource cache, String to) {
        List<MessageRef> moved = new ArrayList<>();
        for (MessageMeta message : cache.listMessages("INBOX").messages()) {
            MessageRef ref = new MessageRef("INBOX", 7, message.uid());
            cache.move(ref, to);
            moved.add(ref);
        }
        return moved;
    }

    /** INBOX's UID 1 moved to Archive at once, its UID 2 promised, and kept waiting: the server cannot be asked. */
    private static void promiseTheSecondOfTwoMovesThatCannotBeSent(InMemoryMailSource server, CachedMailSource cache) {
        cache.listMessages("Archive");
        cache.listMessages("INBOX");
        cache.move(new MessageRef("INBOX", 7, 1), "Archive");
        server.fail(MailRequest.MoveAll.class, new MailfsException.Unavailable("the server went away", null));
        cache.move(new MessageRef("INBOX", 7, 2), "Archive");
    }

    @Test
    void aBurstOfMovesShowsEachMovedAtOnceAndIsSentInAFewCommands() throws Exception {
        InMemoryMailSource server = server();
        CachedMailSource cache = start(server);
        cache.listMessages("Archive");
        List<MessageMeta> inbox = cache.listMessages("INBOX").messages();
        for (int i = 0; i < inbox.size(); i++) {
            cache.move(new MessageRef("INBOX", 7, inbox.get(i).uid()), "Archive");
            assertEquals(sizesFrom(i + 2, MESSAGES), sizes(cache.listMessages("INBOX")), "gone from INBOX at once, after " + (i + 1));
            assertEquals(sizesFrom(1, i + 1), sizes(cache.listMessages("Archive")), "in Archive at once, after " + (i + 1));
        }
        await("all moved on the server", () -> server.listing("Archive").messages().size() == MESSAGES);
        assertEquals(List.of(), server.listing("INBOX").messages());
        assertEquals(MESSAGES, server.count(MailRequest.Move.class), "each moved once");
        int commands = server.count(MailRequest.MoveAll.class);
        assertTrue(commands >= 1 && commands <= 10, "the first made at once, the rest together: " + commands + " batches");
        await("the listings held show them", () -> sizes(cache.listMessages("Archive")).equals(sizesFrom(1, MESSAGES)));
        await("nothing left waiting", () -> cache.statistics().get("moves and deletions waiting for the server").equals("0"));
    }

    @Test
    void aLoneMoveIsMadeBeforeTheCallerIsToldAndItsRefusalReachesTheCaller() throws Exception {
        InMemoryMailSource server = server();
        CachedMailSource cache = start(server);
        cache.listMessages("INBOX");
        cache.move(new MessageRef("INBOX", 7, 1), "Archive");
        assertEquals(1, server.listing("Archive").messages().size(), "made before move returned");
        assertEquals(0, server.count(MailRequest.MoveAll.class));

        server.fail(MailRequest.Move.class, new MailfsException.QuotaExceeded("over quota"));
        Thread.sleep(WriteBehind.BURST.toMillis() + 100); // no burst any more
        assertThrows(MailfsException.QuotaExceeded.class, () -> cache.move(new MessageRef("INBOX", 7, 2), "Archive"));
        assertEquals(MESSAGES - 1, cache.listMessages("INBOX").messages().size(), "still shown where it is");
    }

    /** Without MOVE a lost answer may hide a copy made: each move is made before the caller is told, whatever came before. */
    @Test
    void onAServerWithoutMoveEachMoveIsMadeBeforeTheCallerIsTold() throws Exception {
        InMemoryMailSource server = server().atomicMoves(false);
        CachedMailSource cache = start(server);
        cache.listMessages("Archive");
        List<MessageRef> moved = moveEach(cache, "Archive");
        assertEquals(moved.size(), server.listing("Archive").messages().size(), "all made when the last move returned");
        assertEquals(0, server.count(MailRequest.MoveAll.class));
    }

    @Test
    void aMoveTheServerRefusesLaterShowsTheMessageBackWhereItWasWithOneLogLine() throws Exception {
        InMemoryMailSource server = server();
        CachedMailSource cache = start(server);
        MessageRef refused = new MessageRef("INBOX", 7, 5);
        server.fail(new MailRequest.Move(refused, "Archive"), new MailfsException.NotPermitted("[CANNOT] not this one"));
        cache.listMessages("Archive");
        moveEach(cache, "Archive");
        assertEquals(List.of(), cache.listMessages("INBOX").messages(), "every one shown moved at once");

        await("the others moved", () -> server.listing("Archive").messages().size() == MESSAGES - 1);
        await("the refused one shown back", () -> sizes(cache.listMessages("INBOX")).equals(List.of(105L)));
        assertFalse(sizes(cache.listMessages("Archive")).contains(105L), "and not in Archive");
        assertEquals(List.of(105L), sizes(server.listing("INBOX")));
        await("the refusal logged", () -> !log.records(Level.WARNING).isEmpty());
        assertEquals(1, log.records(Level.WARNING).size(), log.records().toString());
        assertTrue(log.records(Level.WARNING).get(0).getMessage().contains("[CANNOT] not this one"));
        assertTrue(cache.statistics().get("moves and deletions the server refused").startsWith("1 "), cache.statistics().toString());
    }

    @Test
    void aMessageShownWhereItIsBeingMovedReadsFromWhereItIs() throws Exception {
        InMemoryMailSource server = server();
        CachedMailSource cache = start(server);
        promiseTheSecondOfTwoMovesThatCannotBeSent(server, cache);
        MessageMeta shown = cache.listMessages("Archive").messages().stream().filter(m -> m.size() == 102).findFirst().orElseThrow();
        MessageRef standIn = new MessageRef("Archive", 3, shown.uid());
        assertTrue(shown.uid() >= PendingChanges.FIRST_STAND_IN, "not yet moved on the server");
        assertArrayEquals(InMemoryMailSource.generatedBytes(2, 0, 102), cache.readBody(standIn, 0, 1000));

        server.recover();
        await("moved", () -> server.listing("Archive").messages().size() == 2);
        assertArrayEquals(InMemoryMailSource.generatedBytes(2, 0, 102), cache.readBody(standIn, 0, 1000), "and after it moved");
    }

    @Test
    void whatWasPromisedWhenTheDaemonStoppedIsMadeAtTheNextStartOnce() throws Exception {
        InMemoryMailSource server = server();
        CachedMailSource first = start(server);
        first.listMessages("Trash");
        first.listMessages("INBOX");
        first.move(new MessageRef("INBOX", 7, 1), "Trash");
        server.fail(MailRequest.MoveAll.class, new MailfsException.Unavailable("the server went away", null));
        for (int uid = 2; uid <= 10; uid++) {
            first.move(new MessageRef("INBOX", 7, uid), "Trash");
        }
        // The server made one of them, and its answer was lost with the connection.
        server.recover();
        server.move(new MessageRef("INBOX", 7, 4), "Trash");
        server.fail(MailRequest.MoveAll.class, new MailfsException.Unavailable("the server went away", null));
        first.close(); // what could not be sent stays in the journal
        started.remove(first);
        assertEquals(2, server.listing("Trash").messages().size());

        server.recover();
        CachedMailSource second = start(server);
        await("made at the next start", () -> server.listing("Trash").messages().size() == 10);
        assertEquals(sizesFrom(11, MESSAGES), sizes(server.listing("INBOX")), "each moved once, none lost");
        await("nothing left waiting", () -> second.statistics().get("moves and deletions waiting for the server").equals("0"));
    }

    @Test
    void aBurstOfDeletionsIsExpungedTogetherAndAFolderIsDeletedOnlyAfterItsMovesAreMade() throws Exception {
        InMemoryMailSource server = server();
        CachedMailSource cache = start(server);
        for (MessageMeta message : cache.listMessages("INBOX").messages()) {
            cache.expunge(new MessageRef("INBOX", 7, message.uid()));
        }
        assertEquals(List.of(), cache.listMessages("INBOX").messages());
        await("expunged", () -> server.listing("INBOX").messages().isEmpty());
        assertEquals(MESSAGES, server.count(MailRequest.Expunge.class));
        assertTrue(server.count(MailRequest.ExpungeAll.class) <= 10);

        server.addGenerated("Archive", 1, 10);
        server.addGenerated("Archive", 2, 20);
        cache.listMessages("Archive");
        cache.move(new MessageRef("Archive", 3, 1), "Trash");
        server.fail(MailRequest.MoveAll.class, new MailfsException.Unavailable("slow", null));
        cache.move(new MessageRef("Archive", 3, 2), "Trash");
        Thread.sleep(100);
        server.recover();
        cache.deleteFolder("Archive"); // waits for the move out of it
        assertEquals(List.of(10L, 20L), sizes(server.listing("Trash")));
    }

    /** Gmail: rm of many in a label's folder takes the label off them together (UID STORE -X-GM-LABELS of a set). */
    @Test
    void aBurstOfLabelsTakenOffIsSentTogether() throws Exception {
        InMemoryMailSource server = new InMemoryMailSource().gmailLabels(true).folder("Work", 5);
        for (int uid = 1; uid <= 20; uid++) {
            server.addGenerated("Work", uid, 100 + uid);
        }
        CachedMailSource cache = start(server);
        for (MessageMeta message : cache.listMessages("Work").messages()) {
            cache.removeLabel(new MessageRef("Work", 5, message.uid()), "Work");
        }
        assertEquals(List.of(), cache.listMessages("Work").messages(), "gone from the label's folder at once");
        await("taken off on the server", () -> server.listing("Work").messages().isEmpty());
        assertEquals(20, server.count(MailRequest.RemoveLabel.class));
        int batches = server.count(MailRequest.RemoveLabelAll.class);
        assertTrue(batches >= 1 && batches <= 5, batches + " batches");
    }

    @Test
    void aMessageWhoseMoveIsStillToBeMadeIsNotChangedWhereItWas() throws Exception {
        InMemoryMailSource server = server();
        CachedMailSource cache = start(server);
        promiseTheSecondOfTwoMovesThatCannotBeSent(server, cache);
        assertThrows(MailfsException.NotFound.class, () -> cache.move(new MessageRef("INBOX", 7, 2), "Trash"));
        assertEquals(Optional.empty(), cache.listMessages("Trash").messages().stream().findAny());
    }
}

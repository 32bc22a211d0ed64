package dev.mailfs.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.ServerTraits;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.LogCapture;
import dev.mailfs.testing.MailRequest.FolderStatus;
import dev.mailfs.testing.MailRequest.ListChanges;
import dev.mailfs.testing.MailRequest.ListFolders;
import dev.mailfs.testing.MailRequest.ListMessages;
import dev.mailfs.testing.MailRequest.ReadBody;
import dev.mailfs.testing.MailRequest.ReadStructure;
import dev.mailfs.testing.MailRequest.ReadStructures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bodies through the disk store: what a restarted daemon no longer asks the server for. */
class CachedMailSourceDiskTest {
    private static final int CHUNK = 1024;
    private static final CacheSettings SETTINGS =
            new CacheSettings(Duration.ofSeconds(60), Duration.ofSeconds(30), 1L << 20, CHUNK, 100, 1L << 20);
    private static final String ACCOUNT = "alice@imap.example.com:993";
    private static final MessageRef SMALL = new MessageRef("INBOX", 7, 2);   // 3000 bytes: three chunks
    private static final MessageRef TINY = new MessageRef("INBOX", 7, 5);    // 10 bytes
    private static final MessageRef OTHER = new MessageRef("INBOX", 7, 6);   // 2000 bytes
    private static final MessageRef HUGE = new MessageRef("Archive", 3, 1);  // 30 MB

    @TempDir
    Path root;

    @RegisterExtension
    final LogCapture log = new LogCapture(DiskBodyStore.class);

    /** The caches this test started, each with its own disk writer. */
    private final List<CachedMailSource> started = new ArrayList<>();

    /** The writers must be done with this test's directory before JUnit removes it. */
    @AfterEach
    void finishWriting() {
        started.forEach(CachedMailSource::close);
    }

    private void awaitDiskWrites() {
        started.forEach(CachedMailSource::awaitDiskWrites);
    }

    /** A daemon starting, as the mount does: a new connection to the server, a new store over the same directory. */
    private CachedMailSource start(InMemoryMailSource server) throws IOException {
        awaitDiskWrites(); // what the previous one read is on disk: a restart finds it
        CachedMailSource cache = new CachedMailSource(server, SETTINGS, DiskBodyStore.openIfPossible(root, ACCOUNT, CHUNK, 1L << 30));
        started.add(cache);
        return cache;
    }

    /** The server the reads go to, which cannot tell a folder's state: SMALL, TINY and OTHER in INBOX, HUGE in Archive. */
    private static InMemoryMailSource server() {
        InMemoryMailSource server = new InMemoryMailSource().status(false).folder("INBOX", 7).folder("Archive", 3);
        server.addGenerated("INBOX", SMALL.uid(), 3000);
        server.addGenerated("INBOX", TINY.uid(), 10);
        server.addGenerated("INBOX", OTHER.uid(), 2000);
        server.addGenerated("Archive", HUGE.uid(), 30_000_000L);
        return server;
    }

    /** A server with CONDSTORE whose INBOX holds these messages. */
    private static InMemoryMailSource serverWith(List<MessageMeta> inbox) {
        InMemoryMailSource server = new InMemoryMailSource().condstore(true).folder("INBOX", 7);
        inbox.forEach(message -> server.addGenerated("INBOX", message));
        return server;
    }

    private static byte[] content(MessageRef message, long offset, int length) {
        return InMemoryMailSource.generatedBytes(message.uid(), offset, length);
    }

    private void readEverything(CachedMailSource cache) {
        // A sequential reader with read-ahead (one pipelined fetch), then whole messages, then a chunk deep inside one.
        assertArrayEquals(content(SMALL, 0, 100), cache.readBody(SMALL, 0, 100, List.of(TINY, OTHER)));
        assertArrayEquals(content(SMALL, 0, 3000), cache.readBody(SMALL, 0, 1 << 16));
        assertArrayEquals(content(TINY, 0, 10), cache.readBody(TINY, 0, 1 << 16));
        assertArrayEquals(content(OTHER, 0, 2000), cache.readBody(OTHER, 0, 1 << 16));
        assertArrayEquals(content(HUGE, 20_000_000, 3000), cache.readBody(HUGE, 20_000_000, 3000));
    }

    @Test
    void afterARestartBodiesComeFromDiskWithoutAskingTheServer() throws IOException {
        InMemoryMailSource firstServer = server();
        readEverything(start(firstServer));
        assertTrue(firstServer.count(ReadBody.class) >= 7, "the first run fetched: " + firstServer.requests(ReadBody.class));

        InMemoryMailSource secondServer = server();
        readEverything(start(secondServer));

        assertEquals(List.of(), secondServer.requests(ReadBody.class), "the restarted daemon asked the server");
    }

    @Test
    void aFolderRenumberedByTheServerHasItsBodiesDeletedFromDisk() throws IOException {
        readEverything(start(server()));

        InMemoryMailSource renumbered = server();
        renumbered.renumber("INBOX", 8); // INBOX was deleted and made again while unmounted
        start(renumbered).listMessages("INBOX");

        InMemoryMailSource third = server();
        third.renumber("INBOX", 8);
        CachedMailSource cache = start(third);
        cache.readBody(HUGE, 20_000_000, 3000);
        assertEquals(List.of(), third.requests(ReadBody.class), "another folder keeps its bodies");
        assertThrows(MailfsException.NotFound.class, () -> cache.readBody(SMALL, 0, 100), "the server no longer has it under 7");
        assertTrue(third.count(ReadBody.class) > 0, "INBOX's, under its old UIDVALIDITY, are gone from disk: the server was asked");
    }

    private static final List<MessageMeta> TWO_MESSAGES = List.of(
            new MessageMeta(2, 3000, Instant.parse("2024-03-01T10:00:00Z"), Optional.of(Instant.parse("2024-03-01T09:59:58Z")),
                    "Réunion ☕", "Alice <alice@example.com>", "bob@example.com", "<a@example.com>", Set.of("\\Seen", "$Work")),
            new MessageMeta(5, 10, Instant.parse("2024-03-02T10:00:00.5Z"), Optional.empty(), "", "", "", "", Set.of()));

    /** A daemon that listed INBOX (two messages, with CONDSTORE) and stopped. */
    private FolderListing listedInAnEarlierRun() throws IOException {
        return start(serverWith(TWO_MESSAGES)).listMessages("INBOX");
    }

    @Test
    void afterARestartAListingKeptOnDiskCostsOneStatus() throws IOException {
        FolderListing listed = listedInAnEarlierRun();

        InMemoryMailSource second = serverWith(TWO_MESSAGES); // the same folder, unchanged
        FolderListing restarted = start(second).listMessages("INBOX");
        assertEquals(listed, restarted, "the listing as it was, every field");
        assertEquals(0, second.count(ListMessages.class));
        assertEquals(1, second.count(FolderStatus.class), "checked with one STATUS before it is served");
    }

    @Test
    void aListingKeptOnDiskOfAFolderThatChangedIsBroughtUpToDate() throws IOException {
        listedInAnEarlierRun();

        InMemoryMailSource second = serverWith(TWO_MESSAGES);
        MessageMeta arrived = new MessageMeta(6, 2000, Instant.parse("2024-03-03T10:00:00Z"), Optional.empty(), "New", "", "", "", Set.of());
        second.addGenerated("INBOX", arrived); // while unmounted
        assertEquals(List.of(TWO_MESSAGES.get(0), TWO_MESSAGES.get(1), arrived), start(second).listMessages("INBOX").messages());
        assertEquals(List.of(new ListChanges("INBOX", false)), second.requests(ListChanges.class), "the changes, fetched from what was kept");
    }

    @Test
    void aDamagedListingOnDiskIsFetchedFromTheServer() throws IOException {
        listedInAnEarlierRun();
        awaitDiskWrites();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.getParent().getFileName().toString().equals("listings-v1")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                bytes[bytes.length / 2] ^= 1;
                Files.write(file, bytes);
            }
        }
        InMemoryMailSource second = serverWith(TWO_MESSAGES);
        assertEquals(TWO_MESSAGES, start(second).listMessages("INBOX").messages());
        assertEquals(1, second.count(ListMessages.class));
    }

    @Test
    void keptListingsArePrivate() throws IOException {
        listedInAnEarlierRun();
        awaitDiskWrites();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> listings = files.filter(f -> f.toString().contains("listings-v1")).toList();
            assertEquals(2, listings.size(), listings.toString()); // the directory and one file
            for (Path path : listings) {
                assertEquals(Files.isDirectory(path) ? "rwx------" : "rw-------",
                        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), path.toString());
            }
        }
    }

    @Test
    void readAheadFetchesOnlyTheStartsTheDiskLacks() throws IOException {
        start(server()).readBody(TINY, 0, 10);

        InMemoryMailSource secondServer = server();
        CachedMailSource cache = start(secondServer);
        cache.readBody(SMALL, 0, 100, List.of(TINY, OTHER));
        cache.readBody(TINY, 0, 10);
        cache.readBody(OTHER, 0, 10); // read-ahead may still be on its way: this waits for it

        // InMemoryMailSource answers a pipelined fetch one message at a time: one request per start.
        assertEquals(List.of(new ReadBody(SMALL, 0, CHUNK), new ReadBody(OTHER, 0, CHUNK)),
                secondServer.requests(ReadBody.class).stream().sorted(Comparator.comparing(r -> r.message().uid())).toList());
    }

    /** Each read counts once, in memory and on disk, whether the disk has the chunk or not. */
    @Test
    void theStatusCountsEachReadOnce() throws IOException {
        CachedMailSource first = start(server());
        first.readBody(TINY, 0, 5);
        first.readBody(TINY, 0, 5);
        assertEquals("0.0 MiB of 1.0 MiB, hit rate 50.0% (1 hits, 1 misses)", first.statistics().get("bodies in memory"));
        assertEquals("hit rate 0.0% (0 hits, 1 misses)", first.statistics().get("bodies on disk"));

        CachedMailSource restarted = start(server());
        restarted.readBody(TINY, 0, 10);
        assertEquals("0.0 MiB of 1.0 MiB, hit rate 0.0% (0 hits, 1 misses)", restarted.statistics().get("bodies in memory"));
        assertEquals("hit rate 100.0% (1 hits, 0 misses)", restarted.statistics().get("bodies on disk"));
    }

    /** Whichever comes last, the reader getting to its end or the writer putting it on disk, drops it. */
    @Test
    void aChunkFromTheServerLeavesMemoryOnceReadToItsEndAndOnDisk() throws IOException {
        InMemoryMailSource server = server();
        CachedMailSource cache = start(server);
        cache.readBody(OTHER, 0, 100);   // its first chunk, read in part: kept
        cache.readBody(TINY, 0, 10);     // read through
        awaitDiskWrites();
        cache.readBody(OTHER, 100, 100);
        assertArrayEquals(content(TINY, 0, 10), cache.readBody(TINY, 0, 10));

        assertEquals("0.0 MiB of 1.0 MiB, hit rate 25.0% (1 hits, 3 misses)", cache.statistics().get("bodies in memory"));
        assertEquals("hit rate 33.3% (1 hits, 2 misses)", cache.statistics().get("bodies on disk"));
        assertEquals(2, server.count(ReadBody.class), "each fetched once: " + server.requests(ReadBody.class));
    }

    /** The collector would copy it until evicted; the kernel's page cache and the disk serve it again. */
    @Test
    void aChunkTheDiskServedLeavesMemoryOnceReadToItsEnd() throws IOException {
        start(server()).readBody(SMALL, 0, 3000);

        InMemoryMailSource server = server();
        CachedMailSource restarted = start(server);
        restarted.readBody(SMALL, 0, 100);   // the first chunk, from disk, read in part: kept
        restarted.readBody(SMALL, 100, 100);
        restarted.readBody(SMALL, 0, 3000);  // all three chunks read to their ends
        assertArrayEquals(content(SMALL, 0, 3000), restarted.readBody(SMALL, 0, 3000));

        assertEquals("0.0 MiB of 1.0 MiB, hit rate 25.0% (2 hits, 6 misses)", restarted.statistics().get("bodies in memory"));
        assertEquals("hit rate 100.0% (6 hits, 0 misses)", restarted.statistics().get("bodies on disk"));
        assertEquals(List.of(), server.requests(ReadBody.class));
    }

    @Test
    void aDiskThatFailsNeverFailsARead() throws IOException {
        CachedMailSource cache = start(server());
        cache.readBody(TINY, 0, 10);
        Path store = onlyStoreDirectory();
        try (Stream<Path> paths = Files.walk(store)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        Files.writeString(store, "a file where the store was");

        readEverything(cache);
        readEverything(start(server())); // a restart over the broken store too
        awaitDiskWrites();
        assertTrue(log.messages(Level.WARNING).stream().anyMatch(warning -> warning.endsWith("the server is asked instead"
                + " (further disk store problems are logged at FINE)")), "the user is told: " + log.messages(Level.WARNING));
    }

    @Test
    void aStoreOfAnotherChunkSizeIsRefused() throws IOException {
        DiskBodyStore other = DiskBodyStore.open(root, ACCOUNT, 2 * CHUNK, 1L << 30);
        assertThrows(IllegalArgumentException.class, () -> new CachedMailSource(server(), SETTINGS, Optional.of(other)));
    }

    private Path onlyStoreDirectory() throws IOException {
        awaitDiskWrites();
        try (Stream<Path> paths = Files.walk(root, 2)) {
            return paths.filter(p -> p.getFileName().toString().startsWith(DiskBodyStore.LAYOUT)).findFirst().orElseThrow();
        }
    }

    @Test
    void theFolderListKeptOnDiskServesAFirstLookThatCannotReachTheServer() throws IOException {
        List<FolderInfo> listed = start(server()).listFolders();
        awaitDiskWrites();
        DiskBodyStore disk = DiskBodyStore.openIfPossible(root, ACCOUNT, CHUNK, 1L << 30).orElseThrow();
        assertEquals(Optional.of(new ServerTraits(false, "")), CachedMailSource.traitsKeptIn(disk), "kept, with what kind of account it is");

        InMemoryMailSource away = server();
        away.fail(ListFolders.class, new MailfsException.Unavailable("the server is away", null));
        assertEquals(listed, start(away).listFolders(), "the folder list from the disk store");

        InMemoryMailSource awayWithNothingKept = server();
        awayWithNothingKept.fail(ListFolders.class, new MailfsException.Unavailable("the server is away", null));
        CachedMailSource withoutStore = new CachedMailSource(awayWithNothingKept, SETTINGS, new CachedMailSourceTest.ManualTicker());
        started.add(withoutStore);
        assertThrows(MailfsException.Unavailable.class, withoutStore::listFolders);
    }

    /** A message's structure is kept with its body: after a restart, and offline, its directory needs no server. */
    @Test
    void structuresAreKeptOnDiskAcrossARestart() throws IOException {
        InMemoryMailSource first = server();
        BodyPart structure = new BodyPart("", "multipart", "mixed", Map.of("boundary", "b"), "", Map.of(), "", -1, List.of(
                new BodyPart("1", "text", "plain", Map.of("charset", "utf-8"), "", Map.of(), "7bit", 12, List.of(), ""),
                new BodyPart("2", "application", "pdf", Map.of("name", "Grüße.pdf"), "attachment", Map.of("filename", "Grüße.pdf"),
                        "base64", 2000, List.of(), "")), "");
        first.serve(SMALL, structure);
        first.serve(TINY, structure);
        CachedMailSource before = start(first);
        assertEquals(structure, before.readStructure(SMALL));
        assertEquals(Map.of(TINY.uid(), structure), before.readStructures("INBOX", 7, List.of(TINY.uid())));

        InMemoryMailSource away = server();
        away.fail(ReadStructure.class, new MailfsException.Unavailable("the server is away", null));
        away.fail(ReadStructures.class, new MailfsException.Unavailable("the server is away", null));
        CachedMailSource after = start(away);

        assertEquals(structure, after.readStructure(SMALL));
        assertEquals(Map.of(TINY.uid(), structure), after.readStructures("INBOX", 7, List.of(TINY.uid())));
        assertEquals(0, away.count(ReadStructure.class));
    }
}

package dev.mailfs.cache;

import static dev.mailfs.cache.CachedMailSourceTest.content;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.cache.CachedMailSourceTest.CountingSource;
import dev.mailfs.cache.CachedMailSourceTest.Request;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderState;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
    private CachedMailSource start(CountingSource server) throws IOException {
        awaitDiskWrites(); // what the previous one read is on disk: a restart finds it
        server.sizes.put(SMALL, 3000L);
        server.sizes.put(TINY, 10L);
        server.sizes.put(OTHER, 2000L);
        server.sizes.put(HUGE, 30_000_000L);
        CachedMailSource cache = new CachedMailSource(server, SETTINGS, DiskBodyStore.openIfPossible(root, ACCOUNT, CHUNK, 1L << 30));
        started.add(cache);
        return cache;
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
        CountingSource firstServer = new CountingSource();
        readEverything(start(firstServer));
        assertTrue(firstServer.requests.size() >= 7, "the first run fetched: " + firstServer.requests);

        CountingSource secondServer = new CountingSource();
        readEverything(start(secondServer));

        assertEquals(List.of(), secondServer.requests, "the restarted daemon asked the server");
    }

    @Test
    void aFolderRenumberedByTheServerHasItsBodiesDeletedFromDisk() throws IOException {
        readEverything(start(new CountingSource()));

        CountingSource renumbered = new CountingSource();
        renumbered.uidValidity = 8; // INBOX was deleted and made again while unmounted
        start(renumbered).listMessages("INBOX");

        CountingSource third = new CountingSource();
        CachedMailSource cache = start(third);
        cache.readBody(HUGE, 20_000_000, 3000);
        assertEquals(List.of(), third.requests, "another folder keeps its bodies");
        cache.readBody(SMALL, 0, 100);
        assertEquals(1, third.requests.size(), "INBOX's, under its old UIDVALIDITY, are gone from disk");
    }

    private static final List<MessageMeta> TWO_MESSAGES = List.of(
            new MessageMeta(2, 3000, Instant.parse("2024-03-01T10:00:00Z"), Optional.of(Instant.parse("2024-03-01T09:59:58Z")),
                    "Réunion ☕", "Alice <alice@example.com>", "bob@example.com", "<a@example.com>", Set.of("\\Seen", "$Work")),
            new MessageMeta(5, 10, Instant.parse("2024-03-02T10:00:00.5Z"), Optional.empty(), "", "", "", "", Set.of()));

    /** A daemon that listed INBOX (two messages, with CONDSTORE) and stopped. */
    private FolderListing listedInAnEarlierRun() throws IOException {
        CountingSource earlier = new CountingSource();
        earlier.state = new FolderState(7, 6, 2, 40);
        earlier.messages = TWO_MESSAGES;
        return start(earlier).listMessages("INBOX");
    }

    @Test
    void afterARestartAListingKeptOnDiskCostsOneStatus() throws IOException {
        FolderListing listed = listedInAnEarlierRun();

        CountingSource second = new CountingSource(); // the same folder, unchanged
        second.state = new FolderState(7, 6, 2, 40);
        FolderListing restarted = start(second).listMessages("INBOX");
        assertEquals(listed, restarted, "the listing as it was, every field");
        assertEquals(0, second.listMessagesCalls.get());
        assertEquals(1, second.folderStateCalls.get(), "checked with one STATUS before it is served");
    }

    @Test
    void aListingKeptOnDiskOfAFolderThatChangedIsBroughtUpToDate() throws IOException {
        listedInAnEarlierRun();

        CountingSource second = new CountingSource();
        second.state = new FolderState(7, 7, 3, 41); // a message came while unmounted
        second.messages = TWO_MESSAGES.subList(0, 1);
        assertEquals(TWO_MESSAGES.subList(0, 1), start(second).listMessages("INBOX").messages());
        assertEquals(List.of(false), second.listChangesCalls, "the changes, fetched from what was kept");
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
        CountingSource second = new CountingSource();
        second.state = new FolderState(7, 6, 2, 40);
        second.messages = TWO_MESSAGES;
        assertEquals(TWO_MESSAGES, start(second).listMessages("INBOX").messages());
        assertEquals(1, second.listMessagesCalls.get());
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
        CountingSource firstServer = new CountingSource();
        start(firstServer).readBody(TINY, 0, 10);

        CountingSource secondServer = new CountingSource();
        CachedMailSource cache = start(secondServer);
        cache.readBody(SMALL, 0, 100, List.of(TINY, OTHER));
        cache.readBody(TINY, 0, 10);
        cache.readBody(OTHER, 0, 10); // read-ahead may still be on its way: this waits for it

        // CountingSource answers a pipelined fetch one message at a time: one request per start.
        assertEquals(List.of(new Request(SMALL, 0, CHUNK), new Request(OTHER, 0, CHUNK)),
                secondServer.requests.stream().sorted(Comparator.comparing(r -> r.message().uid())).toList());
    }

    /** Each read counts once, in memory and on disk, whether the disk has the chunk or not. */
    @Test
    void theStatusCountsEachReadOnce() throws IOException {
        CachedMailSource first = start(new CountingSource());
        first.readBody(TINY, 0, 5);
        first.readBody(TINY, 0, 5);
        assertEquals("0.0 MiB of 1.0 MiB, hit rate 50.0% (1 hits, 1 misses)", first.statistics().get("bodies in memory"));
        assertEquals("hit rate 0.0% (0 hits, 1 misses)", first.statistics().get("bodies on disk"));

        CachedMailSource restarted = start(new CountingSource());
        restarted.readBody(TINY, 0, 10);
        assertEquals("0.0 MiB of 1.0 MiB, hit rate 0.0% (0 hits, 1 misses)", restarted.statistics().get("bodies in memory"));
        assertEquals("hit rate 100.0% (1 hits, 0 misses)", restarted.statistics().get("bodies on disk"));
    }

    /** Whichever comes last, the reader getting to its end or the writer putting it on disk, drops it. */
    @Test
    void aChunkFromTheServerLeavesMemoryOnceReadToItsEndAndOnDisk() throws IOException {
        CountingSource server = new CountingSource();
        CachedMailSource cache = start(server);
        cache.readBody(OTHER, 0, 100);   // its first chunk, read in part: kept
        cache.readBody(TINY, 0, 10);     // read through
        awaitDiskWrites();
        cache.readBody(OTHER, 100, 100);
        assertArrayEquals(content(TINY, 0, 10), cache.readBody(TINY, 0, 10));

        assertEquals("0.0 MiB of 1.0 MiB, hit rate 25.0% (1 hits, 3 misses)", cache.statistics().get("bodies in memory"));
        assertEquals("hit rate 33.3% (1 hits, 2 misses)", cache.statistics().get("bodies on disk"));
        assertEquals(2, server.requests.size(), "each fetched once: " + server.requests);
    }

    /** The collector would copy it until evicted; the kernel's page cache and the disk serve it again. */
    @Test
    void aChunkTheDiskServedLeavesMemoryOnceReadToItsEnd() throws IOException {
        start(new CountingSource()).readBody(SMALL, 0, 3000);

        CountingSource server = new CountingSource();
        CachedMailSource restarted = start(server);
        restarted.readBody(SMALL, 0, 100);   // the first chunk, from disk, read in part: kept
        restarted.readBody(SMALL, 100, 100);
        restarted.readBody(SMALL, 0, 3000);  // all three chunks read to their ends
        assertArrayEquals(content(SMALL, 0, 3000), restarted.readBody(SMALL, 0, 3000));

        assertEquals("0.0 MiB of 1.0 MiB, hit rate 25.0% (2 hits, 6 misses)", restarted.statistics().get("bodies in memory"));
        assertEquals("hit rate 100.0% (6 hits, 0 misses)", restarted.statistics().get("bodies on disk"));
        assertEquals(List.of(), server.requests);
    }

    @Test
    void aDiskThatFailsNeverFailsARead() throws IOException {
        CountingSource server = new CountingSource();
        CachedMailSource cache = start(server);
        cache.readBody(TINY, 0, 10);
        Path store = onlyStoreDirectory();
        try (Stream<Path> paths = Files.walk(store)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        Files.writeString(store, "a file where the store was");

        readEverything(cache);
        readEverything(start(new CountingSource())); // a restart over the broken store too
    }

    @Test
    void aStoreOfAnotherChunkSizeIsRefused() throws IOException {
        DiskBodyStore other = DiskBodyStore.open(root, ACCOUNT, 2 * CHUNK, 1L << 30);
        assertThrows(IllegalArgumentException.class, () -> new CachedMailSource(new CountingSource(), SETTINGS, Optional.of(other)));
    }

    private Path onlyStoreDirectory() throws IOException {
        awaitDiskWrites();
        try (Stream<Path> paths = Files.walk(root, 2)) {
            return paths.filter(p -> p.getFileName().toString().startsWith(DiskBodyStore.LAYOUT)).findFirst().orElseThrow();
        }
    }
}

package dev.mailfs.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.mail.MessageRef;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DiskBodyStoreTest {
    private static final String ACCOUNT = "alice@imap.example.com:993";
    private static final int CHUNK = 1024;
    private static final int HEADER = 12;
    private static final MessageRef A = new MessageRef("INBOX", 7, 1);
    private static final MessageRef B = new MessageRef("INBOX", 7, 2);
    private static final MessageRef C = new MessageRef("INBOX", 7, 3);
    private static final MessageRef D = new MessageRef("INBOX", 7, 4);

    @TempDir
    Path tmp;
    private Path root;
    @RegisterExtension
    final LogCapture log = new LogCapture(DiskBodyStore.class);

    @BeforeEach
    void makeRoot() {
        root = tmp.resolve("cache/mailfs");
    }

    private DiskBodyStore open(long maxBytes) throws IOException {
        return DiskBodyStore.open(root, ACCOUNT, CHUNK, maxBytes);
    }

    /** Bytes that differ between messages, chunks and sizes. */
    private static byte[] bytes(MessageRef message, long index, int length) {
        return InMemoryMailSource.generatedBytes(message.uid(), index * CHUNK, length);
    }

    private static Optional<byte[]> readInNewStore(Path root, String account, MessageRef message) throws IOException {
        return DiskBodyStore.open(root, account, CHUNK, 1 << 20).read(message, 0);
    }

    private List<Path> filesUnder(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    private List<LogRecord> warnings() {
        return log.records(Level.WARNING);
    }

    @Test
    void whatIsWrittenIsReadBack() throws IOException {
        DiskBodyStore store = open(1 << 20);
        store.write(A, 0, bytes(A, 0, CHUNK));
        store.write(A, 1, bytes(A, 1, 100));
        store.write(B, 0, new byte[0]);

        assertArrayEquals(bytes(A, 0, CHUNK), store.read(A, 0).orElseThrow());
        assertArrayEquals(bytes(A, 1, 100), store.read(A, 1).orElseThrow());
        assertArrayEquals(new byte[0], store.read(B, 0).orElseThrow(), "an empty chunk (past the end) is a chunk too");
        assertTrue(store.read(A, 2).isEmpty());
        assertTrue(store.read(C, 0).isEmpty());
        assertEquals(3 * 4096, store.totalBytes(), "the cap counts whole 4 KiB blocks, as du does");
    }

    @Test
    void reopeningFindsWhatWasWritten() throws IOException {
        DiskBodyStore first = open(1 << 20);
        first.write(A, 0, bytes(A, 0, 500));
        first.write(B, 3, bytes(B, 3, CHUNK));

        DiskBodyStore second = open(1 << 20);
        assertArrayEquals(bytes(A, 0, 500), second.read(A, 0).orElseThrow());
        assertArrayEquals(bytes(B, 3, CHUNK), second.read(B, 3).orElseThrow());
        assertEquals(first.totalBytes(), second.totalBytes());
    }

    @Test
    void evictionKeepsTheTotalUnderTheCapAndRemovesTheLeastRecentlyUsed() throws IOException {
        long file = DiskBodyStore.onDisk(1000);
        DiskBodyStore store = open(3 * file + 10);
        store.write(A, 0, bytes(A, 0, 1000));
        store.write(B, 0, bytes(B, 0, 1000));
        store.write(C, 0, bytes(C, 0, 1000));
        assertTrue(store.read(A, 0).isPresent(), "A is now used more recently than B");

        store.write(D, 0, bytes(D, 0, 1000));

        assertTrue(store.read(B, 0).isEmpty(), "B, the least recently used, is gone");
        assertTrue(store.read(A, 0).isPresent() && store.read(C, 0).isPresent() && store.read(D, 0).isPresent());
        assertEquals(3 * file, store.totalBytes());
        assertEquals(3, filesUnder(root).size(), "B's file was deleted: " + filesUnder(root));
    }

    @Test
    void reopeningWithASmallerCapEvictsTheOldestFilesFirst() throws IOException {
        DiskBodyStore store = open(1 << 20);
        for (MessageRef message : List.of(A, B, C, D)) {
            store.write(message, 0, bytes(message, 0, 1000));
        }
        // Written in the order A B C D, but the files say B is newest and C oldest.
        Map<MessageRef, Long> ages = Map.of(A, 30L, B, 10L, C, 40L, D, 20L);
        for (Path file : filesUnder(store.directory())) {
            MessageRef message = List.of(A, B, C, D).stream()
                    .filter(m -> file.getFileName().toString().equals(m.uid() + ".0")).findFirst().orElseThrow();
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60 * ages.get(message))));
        }

        DiskBodyStore smaller = open(2 * DiskBodyStore.onDisk(1000));

        assertTrue(smaller.read(C, 0).isEmpty() && smaller.read(A, 0).isEmpty(), "the two oldest are gone");
        assertTrue(smaller.read(B, 0).isPresent() && smaller.read(D, 0).isPresent());
        assertEquals(2, filesUnder(root).size());
    }

    @Test
    void aChunkLargerThanTheCapIsNotKept() throws IOException {
        DiskBodyStore store = open(4095); // below the one block that even a tiny file takes
        store.write(A, 0, bytes(A, 0, 10));
        assertTrue(store.read(A, 0).isEmpty());
        assertEquals(0, store.totalBytes());
    }

    @Test
    void differentUidValidityFolderOrAccountNeverShare() throws IOException {
        MessageRef renumbered = new MessageRef("INBOX", 8, A.uid());
        MessageRef otherFolder = new MessageRef("Archive", A.uidValidity(), A.uid());
        DiskBodyStore store = open(1 << 20);
        store.write(A, 0, bytes(A, 0, 100));

        assertTrue(store.read(renumbered, 0).isEmpty());
        assertTrue(store.read(otherFolder, 0).isEmpty());
        assertTrue(readInNewStore(root, "bob@imap.example.com:993", A).isEmpty(), "another user");
        assertTrue(readInNewStore(root, "alice@imap.example.com:143", A).isEmpty(), "another port");
        assertTrue(readInNewStore(root, "alice@imap.example.com_993", A).isEmpty(), "a name that sanitises the same");

        store.write(renumbered, 0, new byte[] {1});
        store.write(otherFolder, 0, new byte[] {2});
        assertArrayEquals(bytes(A, 0, 100), store.read(A, 0).orElseThrow());
        assertArrayEquals(new byte[] {1}, store.read(renumbered, 0).orElseThrow());
        assertArrayEquals(new byte[] {2}, store.read(otherFolder, 0).orElseThrow());
    }

    @Test
    void aStoreOfAnotherChunkSizeIsNeverReadAndIsRemoved() throws IOException {
        DiskBodyStore small = open(1 << 20);
        small.write(A, 1, bytes(A, 1, CHUNK));

        DiskBodyStore larger = DiskBodyStore.open(root, ACCOUNT, 2 * CHUNK, 1 << 20);

        assertTrue(larger.read(A, 1).isEmpty(), "chunk 1 of 1024 bytes is not chunk 1 of 2048");
        assertFalse(Files.exists(small.directory()), "the store of the other size is gone");
    }

    @Test
    void directoriesAre0700AndFiles0600() throws IOException {
        DiskBodyStore store = open(1 << 20);
        store.write(A, 0, bytes(A, 0, 10));
        store.write(new MessageRef("Work/Ünïcode", 99, 5), 2, bytes(A, 2, 10));

        List<Path> all;
        try (Stream<Path> paths = Files.walk(root)) {
            all = paths.toList();
        }
        assertEquals(2, all.stream().filter(Files::isRegularFile).count());
        for (Path path : all) {
            String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
            assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), path.toString());
        }
    }

    @Test
    void aRootOpenToOthersIsMadePrivate() throws IOException {
        Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x")); // whatever the umask

        open(1 << 20);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
    }

    @Test
    void theDefaultRootFollowsXdgCacheHome() {
        assertEquals(Path.of("/x/cache/mailfs"), DiskBodyStore.defaultRoot(Map.of("XDG_CACHE_HOME", "/x/cache")));
        Path home = Path.of(System.getProperty("user.home"), ".cache", "mailfs");
        assertEquals(home, DiskBodyStore.defaultRoot(Map.of()));
        assertEquals(home, DiskBodyStore.defaultRoot(Map.of("XDG_CACHE_HOME", "relative/path")), "the XDG spec ignores relative paths");
        assertEquals(1L << 30, DiskBodyStore.DEFAULT_MAX_BYTES);
    }

    @Test
    void aTemporaryFileLeftByACrashIsNeverServedAndIsRemoved() throws Exception {
        DiskBodyStore store = open(1 << 20);
        store.write(B, 0, bytes(B, 0, 10)); // makes the folder's directory
        Path directory = filesUnder(store.directory()).get(0).getParent();
        long deadPid = deadProcess();
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            // What a writer that died before its rename leaves, and what a live one is busy with.
            Path crashed = directory.resolve(A.uid() + ".0." + deadPid + ".1.tmp");
            Path busy = directory.resolve(C.uid() + ".0." + alive.pid() + ".1.tmp");
            Files.write(crashed, bytes(A, 0, 10));
            Files.write(busy, bytes(C, 0, 10));

            DiskBodyStore reopened = open(1 << 20);

            assertTrue(reopened.read(A, 0).isEmpty(), "a temporary file is never served");
            assertFalse(Files.exists(crashed), "the dead writer's file is removed");
            assertTrue(Files.exists(busy), "another running mailfs's file is left to it");
            assertEquals(DiskBodyStore.onDisk(10), reopened.totalBytes(), "temporary files are not counted");
        } finally {
            alive.destroyForcibly().waitFor();
        }
    }

    private static long deadProcess() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }

    @Test
    void aDamagedFileIsNeverServedAndIsRemoved() throws IOException {
        DiskBodyStore store = open(1 << 20);
        store.write(A, 0, bytes(A, 0, 500));
        store.write(B, 0, bytes(B, 0, 500));
        List<Path> files = filesUnder(store.directory()).stream().sorted(Comparator.comparing(Path::toString)).toList();
        // What a crash before the data reached the disk leaves: zeros, or a file cut short.
        Files.write(files.get(0), new byte[HEADER + 500]);
        byte[] cut = Files.readAllBytes(files.get(1));
        Files.write(files.get(1), java.util.Arrays.copyOf(cut, 300));

        DiskBodyStore reopened = open(1 << 20);

        assertTrue(reopened.read(A, 0).isEmpty());
        assertTrue(reopened.read(B, 0).isEmpty());
        assertTrue(filesUnder(root).isEmpty(), "both were deleted: " + filesUnder(root));
        assertEquals(0, reopened.totalBytes());
    }

    @Test
    void aStoreWhoseDirectoryBecomesUnusableCarriesOnWithOneWarning() throws IOException {
        DiskBodyStore store = open(1 << 20);
        store.write(A, 0, bytes(A, 0, 100));
        // Works as root too, where permissions would not stop anything: a file where the directory was.
        deleteTree(store.directory());
        Files.writeString(store.directory(), "not a directory");

        store.write(B, 0, bytes(B, 0, 100));
        store.write(C, 0, bytes(C, 0, 100));
        assertTrue(store.read(A, 0).isEmpty());
        assertTrue(store.read(B, 0).isEmpty());

        assertEquals(1, warnings().size(), "one warning, then quiet: " + warnings().stream().map(LogRecord::getMessage).toList());
        String warning = warnings().get(0).getMessage();
        assertTrue(warning.contains("cannot write") && warning.contains("the server is asked instead"), warning);
    }

    @Test
    void aStoreWhoseFilesAreRemovedUnderItRebuildsItself() throws IOException {
        DiskBodyStore store = open(1 << 20);
        store.write(A, 0, bytes(A, 0, 100));
        deleteTree(root);

        assertTrue(store.read(A, 0).isEmpty());
        store.write(B, 0, bytes(B, 0, 100));

        assertArrayEquals(bytes(B, 0, 100), store.read(B, 0).orElseThrow());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
        assertEquals(DiskBodyStore.onDisk(100), store.totalBytes());
    }

    @Test
    void aRootThatCannotBeMadeIsNoStoreNotAFailure() throws IOException {
        Files.writeString(tmp.resolve("cache"), "a file where the cache directory should be");
        assertTrue(DiskBodyStore.openIfPossible(root, ACCOUNT, CHUNK, 1 << 20).isEmpty());
        assertEquals(1, warnings().size());
    }

    @Test
    void manyThreadsAtOnceNeverSeeWrongBytes() throws Exception {
        DiskBodyStore store = open(20 * DiskBodyStore.onDisk(CHUNK)); // far fewer than the 200 chunks below: constant eviction
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        MessageRef message = new MessageRef("INBOX", 7, ThreadLocalRandom.current().nextInt(200));
                        Optional<byte[]> read = store.read(message, 0);
                        if (read.isPresent()) {
                            assertArrayEquals(bytes(message, 0, CHUNK), read.get());
                        } else {
                            store.write(message, 0, bytes(message, 0, CHUNK));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            threads.shutdown();
        }
        assertTrue(store.totalBytes() <= 20 * DiskBodyStore.onDisk(CHUNK), "total " + store.totalBytes());
        assertTrue(filesUnder(root).size() <= 20, filesUnder(root).size() + " files");
        assertTrue(warnings().isEmpty(), warnings().toString());
    }

    private static void deleteTree(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    // --- decoded parts --------------------------------------------------------------------------

    /** A decoded part written as a decoder does, and kept. */
    private static Path keep(DiskBodyStore store, MessageRef message, String part, byte[] bytes) throws IOException {
        Path written = store.newDecoded(message, part);
        Files.write(written, bytes);
        return store.keepDecoded(message, part, written).orElseThrow();
    }

    @Test
    void aDecodedPartIsKeptReadByItsNameAndFoundAfterARestart() throws IOException {
        DiskBodyStore store = open(1 << 20);
        byte[] decoded = bytes(A, 5, 5000);
        Path kept = keep(store, A, "part 2", decoded);
        assertArrayEquals(decoded, Files.readAllBytes(kept));
        assertEquals(Optional.of(kept), store.decoded(A, "part 2"));
        assertEquals(Optional.empty(), store.decoded(A, "part 3"), "another part of the same message");
        assertEquals(Optional.empty(), store.decoded(B, "part 2"), "the same part of another message");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));

        DiskBodyStore restarted = open(1 << 20);
        assertEquals(Optional.of(kept), restarted.decoded(A, "part 2"));
        assertEquals(store.totalBytes(), restarted.totalBytes(), "counted again by the scan");
    }

    @Test
    void aDecodedPartThatWasNeverKeptIsDeletedAtTheNextStart() throws IOException {
        DiskBodyStore store = open(1 << 20);
        Path written = store.newDecoded(A, "part 2");
        Files.write(written, new byte[10_000]);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        assertEquals(Optional.empty(), store.decoded(A, "part 2"), "not kept yet");

        Files.move(written, written.resolveSibling(written.getFileName().toString().replaceFirst("\\.\\d+\\.(\\d+)\\.tmp$",
                "." + Integer.MAX_VALUE + ".$1.tmp"))); // as a killed daemon leaves it
        open(1 << 20);
        assertEquals(List.of(), filesUnder(root));
    }

    @Test
    void decodedPartsAndChunksShareTheCapAndTheOneJustKeptStaysHoweverLarge() throws IOException {
        DiskBodyStore store = open(4 * DiskBodyStore.onDisk(CHUNK));
        store.write(A, 0, bytes(A, 0, CHUNK));
        store.write(B, 0, bytes(B, 0, CHUNK));
        Path large = keep(store, C, "part 2", new byte[20 * CHUNK]);
        assertEquals(Optional.empty(), store.read(A, 0), "older than the decoded part: evicted for it");
        assertEquals(Optional.empty(), store.read(B, 0));
        assertTrue(Files.exists(large), "kept to be read now, though larger than the cap");
        store.write(D, 0, bytes(D, 0, CHUNK));
        assertEquals(Optional.empty(), store.decoded(C, "part 2"), "evicted by what came after it");
        assertFalse(Files.exists(large));
        assertTrue(store.read(D, 0).isPresent());
    }

    @Test
    void aFolderRenumberedTakesItsDecodedPartsWithIt() throws IOException {
        DiskBodyStore store = open(1 << 20);
        Path kept = keep(store, A, "text", bytes(A, 0, 100));
        store.forgetOtherUidValidities("INBOX", 8);
        assertEquals(Optional.empty(), store.decoded(A, "text"));
        assertFalse(Files.exists(kept));
    }

    @Test
    void aTemporaryStoreIsPrivateAndGoneAtCloseAndOneAKilledDaemonLeftGoesAtTheNextStart() throws IOException {
        Path parent = Files.createDirectories(tmp.resolve("tmp"));
        Path leftByTheDead = Files.createDirectories(parent.resolve("mailfs-" + Integer.MAX_VALUE + "-123"));
        Files.writeString(leftByTheDead.resolve("x"), "private mail");
        Path someoneElses = Files.createDirectories(parent.resolve("other-tool-1"));
        DiskBodyStore store = DiskBodyStore.temporary(parent, CHUNK, 1 << 20);
        assertFalse(Files.exists(leftByTheDead), "pid " + Integer.MAX_VALUE + " is not alive");
        assertTrue(Files.exists(someoneElses));
        Path kept = keep(store, A, "part 2", bytes(A, 0, 3000));
        Path directory = parent.resolve(parent.relativize(kept).getName(0));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
        store.close();
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(List.of(someoneElses), left.toList(), "nothing of the store is left");
        }
    }
}

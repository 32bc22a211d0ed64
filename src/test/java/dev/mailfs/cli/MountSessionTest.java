package dev.mailfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.cache.CacheSettings;
import dev.mailfs.cache.DiskBodyStore;
import dev.mailfs.imap.ImapSettings;
import dev.mailfs.imap.Security;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MountSessionTest {
    private static final ImapSettings SERVER = ImapSettings.of("imap.example.com", 993, "alice", Security.TLS, Optional.empty());

    @TempDir
    Path cacheHome;

    @RegisterExtension
    final LogCapture log = new LogCapture(DiskBodyStore.class);

    @Test
    void theDiskStoreIsPrivateAndUnderXdgCacheHome() throws IOException {
        DiskBodyStore store = MountSession.diskStore(SERVER, CacheSettings.defaults(), 1L << 30,
                Map.of("XDG_CACHE_HOME", cacheHome.toString())).orElseThrow();
        Path root = cacheHome.resolve("mailfs");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
        assertEquals(List.of(), names(root), "nothing for the account until something is read");

        store.write(new MessageRef("INBOX", 1, 1), 0, new byte[] {1});

        assertEquals(1, names(root).size());
        assertTrue(names(root).get(0).startsWith("alice@imap.example.com_993-"), names(root).toString());
    }

    private static List<String> names(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    @Test
    void cacheSizeZeroMeansNoStoreAndNothingOnDisk() {
        assertTrue(MountSession.diskStore(SERVER, CacheSettings.defaults(), 0, Map.of("XDG_CACHE_HOME", cacheHome.toString())).isEmpty());
        assertFalse(Files.exists(cacheHome.resolve("mailfs")));
    }

    @Test
    void aCacheDirectoryThatCannotBeMadeIsNoStoreNotAFailedMount() throws IOException {
        Files.writeString(cacheHome.resolve("mailfs"), "a file in the way");
        assertTrue(MountSession.diskStore(SERVER, CacheSettings.defaults(), 1L << 30, Map.of("XDG_CACHE_HOME", cacheHome.toString())).isEmpty());
        assertTrue(log.messages(Level.WARNING).get(0).startsWith("no disk store for message bodies in " + cacheHome.resolve("mailfs")),
                "the user is told: " + log.messages(Level.WARNING));
    }
}

package dev.mailfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.cache.CacheSettings;
import dev.mailfs.imap.ImapSettings;
import dev.mailfs.imap.Security;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountSessionTest {
    private static final ImapSettings SERVER = ImapSettings.of("imap.example.com", 993, "alice", Security.TLS, Optional.empty());

    @TempDir
    Path cacheHome;

    @Test
    void theDiskStoreIsPrivateAndUnderXdgCacheHome() throws IOException {
        assertTrue(MountSession.diskStore(SERVER, CacheSettings.defaults(), 1L << 30, Map.of("XDG_CACHE_HOME", cacheHome.toString())).isPresent());
        Path root = cacheHome.resolve("mailfs");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
        try (var accounts = Files.list(root)) {
            assertTrue(accounts.allMatch(a -> a.getFileName().toString().startsWith("alice@imap.example.com_993-")));
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
    }
}

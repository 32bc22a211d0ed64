package dev.mailfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountTest {
    @TempDir
    Path config;

    private Account load(String... lines) throws IOException {
        Files.createDirectories(config.resolve("mailfs"));
        Files.writeString(config.resolve("mailfs/work.properties"), String.join("\n", lines) + "\n");
        return Account.load("work", Map.of("XDG_CONFIG_HOME", config.toString()));
    }

    @Test
    void watchNamesAFolder() throws IOException {
        assertEquals(Optional.of("Work"), load("watch = Work").watch());
        assertEquals(Optional.empty(), load("host = imap.example.com").watch());
    }

    @Test
    void cacheSizeIsASize() throws IOException {
        assertEquals(Optional.of(2L << 30), load("host = imap.example.com", "cache-size = 2G").cacheSize());
        assertEquals(Optional.of(0L), load("cache-size = 0").cacheSize());
        assertEquals(Optional.empty(), load("host = imap.example.com").cacheSize());
    }

    @Test
    void aBadCacheSizeNamesTheFileTheKeyAndWhatIsAllowed() {
        UsageException e = assertThrows(UsageException.class, () -> load("cache-size = plenty"));
        assertTrue(e.getMessage().endsWith("work.properties: key cache-size is 'plenty'; allowed: a size such as 500M or 2G, or 0"),
                e.getMessage());
    }

    @Test
    void connectionsIsANumberAndABadOneSaysWhatIsAllowed() throws IOException {
        assertEquals(Optional.of(8), load("connections = 8").connections());
        assertEquals(Optional.empty(), load("host = imap.example.com").connections());
        UsageException e = assertThrows(UsageException.class, () -> load("connections = 2"));
        assertTrue(e.getMessage().endsWith("key connections is '2'; allowed: a number from 3 to 100"), e.getMessage());
    }

    @Test
    void timeoutIsSecondsAndABadOneSaysWhatIsAllowed() throws IOException {
        assertEquals(Optional.of(30), load("timeout = 30").timeoutSeconds());
        assertEquals(Optional.empty(), load("host = imap.example.com").timeoutSeconds());
        UsageException e = assertThrows(UsageException.class, () -> load("timeout = forever"));
        assertTrue(e.getMessage().endsWith("key timeout is 'forever'; allowed: a number of seconds from 1 to 3600"), e.getMessage());
    }
}

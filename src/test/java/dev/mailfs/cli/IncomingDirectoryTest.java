package dev.mailfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncomingDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void aNewOneIsPrivateAndNamedAfterThisProcessAndWhatKilledDaemonsLeftGoes() throws Exception {
        long gone = deadPid();
        Path abandoned = Files.createDirectories(tmp.resolve("mailfs-incoming-" + gone + "-123"));
        Files.writeString(abandoned.resolve("incoming-1.eml"), "Subject: private\r\n\r\nmail\r\n");
        Path ofALiveOne = Files.createDirectories(tmp.resolve("mailfs-incoming-" + ProcessHandle.current().pid() + "-456"));
        Path oldStyleStale = Files.createDirectories(tmp.resolve("mailfs-incoming-789"));
        Files.setLastModifiedTime(oldStyleStale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path oldStyleRecent = Files.createDirectories(tmp.resolve("mailfs-incoming-790"));

        Path created = IncomingDirectory.create(tmp);

        assertTrue(created.getFileName().toString().startsWith("mailfs-incoming-" + ProcessHandle.current().pid() + "-"), created.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
        assertFalse(Files.exists(abandoned), "a killed daemon's copies go");
        assertTrue(Files.exists(ofALiveOne), "a running daemon's stay");
        assertFalse(Files.exists(oldStyleStale));
        assertTrue(Files.exists(oldStyleRecent));

        Files.writeString(created.resolve("incoming-2.eml"), "x");
        IncomingDirectory.delete(created);
        assertFalse(Files.exists(created), "deleted with what is in it");
    }

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}

package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.fuse.MountTable;
import dev.mailfs.testing.DovecotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that runs out of heap anyway never leaves a half-alive mount answering EIO: the daemon
 * exits (so that systemd starts it again and auto_unmount removes the mount), and fusermount -u
 * ends it whatever happened before. The heap is made too small on purpose (given after the shipped
 * options, it wins) for the listing of a folder of many messages, which the daemon must hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutOfMemoryIT {
    private static final String CROWD = "Crowd";
    /** With their long subjects, listing these takes 16–24 MB of heap (measured in 2026), twice the heap given. */
    private static final int CROWD_MESSAGES = 20_000;
    private static final String SMALL_HEAP = "-Xmx12m";
    /** What the JVM prints, on stdout, when -XX:+ExitOnOutOfMemoryError ends it; its exit code then is 3. */
    private static final String JVM_EXITS = "Terminating due to java.lang.OutOfMemoryError";

    private Path work;
    private DovecotServer dovecot;
    private Path passwordFile;

    @BeforeAll
    void serverWithACrowdedFolder() throws Exception {
        FuseRequirement.check();
        DovecotServer.assumeAvailable();
        work = Files.createTempDirectory("mailfs-oom-");
        dovecot = DovecotServer.start(work);
        passwordFile = Files.writeString(work.resolve("password"), dovecot.password() + "\n");
        for (int i = 0; i < CROWD_MESSAGES; i++) {
            String subject = ("Message number " + i + " of the crowd ").repeat(8);
            dovecot.deliver(CROWD, TestMail.message(subject, "<crowd" + i + "@oom.mailfs.dev>", "Mon, 4 Mar 2024 10:00:00 +0000",
                    "One of many.\n"));
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (dovecot != null) {
            dovecot.close();
        }
        if (work != null) {
            Shell.run(Path.of("/"), "rm -rf " + Shell.quote(work.toString()));
        }
    }

    @Test
    void theShippedOptionsEndTheDaemonAndItsMountOnOutOfMemory(@TempDir Path tmp) throws Exception {
        try (MailfsProcess mailfs = mount(tmp, List.of(SMALL_HEAP))) {
            Path mount = mailfs.mountPoint();
            Shell.Result ls = Shell.run(mount, "ls " + CROWD + " | wc -l");
            assertEquals(3, mailfs.awaitExit(Duration.ofSeconds(60)), "the exit code of -XX:+ExitOnOutOfMemoryError");
            String output = mailfs.stdout() + mailfs.stderr();
            List<String> said = output.lines().filter(line -> line.contains("OutOfMemoryError")).toList();
            assertEquals(List.of(JVM_EXITS + ": Java heap space"), said, "one line says why: " + output);
            Poll.within(Duration.ofSeconds(10)).until("auto_unmount removes the mount", () -> MountTable.typeAt(mount) == null);
            assertNotEquals(String.valueOf(2 * CROWD_MESSAGES), ls.out().strip(), "the heap was too small to list " + CROWD);
        }
    }

    /**
     * Without the exit on OutOfMemoryError (as someone may run it), the daemon's main thread can be
     * the one the error hits, after which it used to stay alive on its other threads, unmounted.
     */
    @Test
    void fusermountEndsTheDaemonEvenAfterAnOutOfMemoryError(@TempDir Path tmp) throws Exception {
        try (MailfsProcess mailfs = mount(tmp, List.of(SMALL_HEAP, "-XX:-ExitOnOutOfMemoryError"))) {
            Path mount = mailfs.mountPoint();
            Shell.Result ls = Shell.run(mount, "ls " + CROWD + " | wc -l");
            assertTrue(ls.err().contains("Input/output error"), "listing " + CROWD + " ran out of heap: " + ls.err());
            Shell.ok(tmp, "fusermount -u " + Shell.quote(mount.toString()));
            mailfs.awaitExit(Duration.ofSeconds(30));
            assertNull(MountTable.typeAt(mount), "unmounted");
        }
    }

    private MailfsProcess mount(Path tmp, List<String> jvmOptions) throws Exception {
        Path mountPoint = Files.createDirectories(tmp.resolve("mnt"));
        List<String> args = new ArrayList<>(List.of("mount", "--host", "127.0.0.1", "--port", String.valueOf(dovecot.plainPort()),
                "--user", dovecot.user(), "--security", "none", "--password-command", "cat " + passwordFile, mountPoint.toString()));
        MailfsProcess mailfs = MailfsProcess.start(mountPoint, jvmOptions, args, Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()));
        mailfs.awaitReady(Duration.ofSeconds(60));
        return mailfs;
    }
}

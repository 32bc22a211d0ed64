package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mount answers one request at a time on one thread while requests are quick, and hands the
 * others to another thread when one waits for the server: a stalled read must not stall ls.
 */
class SlowServerIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "slow-Server-7";
    private static final String BODY_READ = "BODY\\.PEEK\\[\\]";

    @TempDir
    Path tmp;
    private ProxiedSampleServer server;
    private FaultProxy proxy;

    @BeforeEach
    void server() throws Exception {
        FuseRequirement.check();
        server = ProxiedSampleServer.start(USER, PASSWORD, account -> { });
        proxy = server.proxy();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aReadWaitingForTheServerDoesNotHoldUpTheRestOfTheMount() throws Exception {
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        Path passwordFile = Files.writeString(tmp.resolve("password"), PASSWORD + "\n");
        try (MailfsProcess mailfs = MailfsProcess.start(mountPoint, List.of("mount", "--host", "127.0.0.1",
                "--port", String.valueOf(proxy.port()), "--user", USER, "--security", "none",
                "--password-command", "cat " + passwordFile, "--cache-size", "0", mountPoint.toString()))) {
            mailfs.awaitReady(Duration.ofSeconds(60));
            Shell.ok(mountPoint, "ls -l INBOX > /dev/null"); // listed now, so ls and stat below need no server
            CountDownLatch release = proxy.hold(BODY_READ);
            Process stalled = new ProcessBuilder("bash", "-c", "cat INBOX/*.eml | wc -c").directory(mountPoint.toFile()).start();
            awaitHeldCommand();

            Process others = new ProcessBuilder("bash", "-c", "ls -l INBOX > /dev/null && stat -c %s INBOX/*.eml > /dev/null"
                    + " && cat .mailfs/status").directory(mountPoint.toFile()).redirectErrorStream(true).start();
            assertTrue(others.waitFor(20, TimeUnit.SECONDS), "ls, stat and cat of the status waited for a stalled read");
            assertEquals(0, others.exitValue(), new String(others.getInputStream().readAllBytes()));
            assertTrue(stalled.isAlive(), "the read is still waiting for the server");

            release.countDown();
            assertTrue(stalled.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, stalled.exitValue());
            assertTrue(Long.parseLong(new String(stalled.getInputStream().readAllBytes()).strip()) > 0);
        }
    }

    private void awaitHeldCommand() {
        Poll.within(Duration.ofSeconds(10)).every(Duration.ofMillis(50)).until(() -> "a body read reaches the proxy: " + proxy.clientCommands(),
                () -> proxy.clientCommands().stream().anyMatch(c -> c.matches(".*" + BODY_READ + ".*")));
    }
}

package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.testing.DovecotServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Network faults between mailfs and a real Dovecot. */
class DovecotNetworkFaultsIT extends NetworkFaultsContract {
    private DovecotServer dovecot;

    @Override
    ImapAccount startServer(Path workDir) throws Exception {
        DovecotServer.assumeAvailable();
        dovecot = DovecotServer.start(workDir);
        return ImapAccount.tls(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password(), dovecot.certificatePem());
    }

    /**
     * Dovecot stops and starts again in the middle of a grep -r, as a server being upgraded does:
     * grep ends (an error for what was read meanwhile is fine), and the mount works again by itself
     * within seconds, INBOX's watch too.
     */
    @Test
    void aServerRestartedInTheMiddleOfGrepIsUsedAgainWithoutRemounting() throws Exception {
        try (MailfsProcess mailfs = mount()) {
            Path mountPoint = mailfs.mountPoint();
            Process grep = startGrepAndAwaitItsFirstReads(mountPoint);
            dovecot.restart();
            assertTrue(grep.waitFor(120, TimeUnit.SECONDS), "grep ended");

            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            Shell.Result again;
            do {
                Thread.sleep(500);
                again = Shell.run(mountPoint, GREP);
            } while ((again.exitCode() != 0 || again.lines().size() != messages() / 10) && System.nanoTime() < deadline);
            assertEquals(0, again.exitCode(), again.err() + mailfs.stderr());
            assertEquals(messages() / 10, again.lines().size(), "every match, read afresh from the restarted server");

            try (ImapAccount account = ImapAccount.tls(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password(),
                    dovecot.certificatePem())) {
                Shell.ok(mountPoint, "ls INBOX > /dev/null");
                account.append("INBOX", TestMail.message("After the restart", "<after-restart@faults.mailfs.dev>",
                        "Tue, 5 Mar 2024 10:00:00 +0000", "Hello again.\n"));
            }
            long shown = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!Shell.run(mountPoint, "ls INBOX").out().contains("After the restart") && System.nanoTime() < shown) {
                Thread.sleep(100);
            }
            assertTrue(Shell.run(mountPoint, "ls INBOX").out().contains("After the restart"), "new mail shows: " + mailfs.stderr());
        }
    }

    @Override
    int plainPort() {
        return dovecot.plainPort();
    }

    @Override
    String user() {
        return dovecot.user();
    }

    @Override
    String password() {
        return dovecot.password();
    }

    @Override
    int messages() {
        return 500;
    }

    @Override
    void stopServer() {
        if (dovecot != null) {
            dovecot.close();
        }
    }
}

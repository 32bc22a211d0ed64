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

            Shell.Result again = Poll.within(Duration.ofSeconds(15)).every(Duration.ofMillis(500))
                    .latest(() -> Shell.run(mountPoint, GREP), result -> result.exitCode() == 0 && result.lines().size() == messages() / 10);
            assertEquals(0, again.exitCode(), again.err() + mailfs.stderr());
            assertEquals(messages() / 10, again.lines().size(), "every match, read afresh from the restarted server");

            try (ImapAccount account = ImapAccount.tls(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password(),
                    dovecot.certificatePem())) {
                Shell.ok(mountPoint, "ls INBOX > /dev/null");
                account.append("INBOX", TestMail.message("After the restart", "<after-restart@faults.mailfs.dev>",
                        "Tue, 5 Mar 2024 10:00:00 +0000", "Hello again.\n"));
            }
            Poll.within(Duration.ofSeconds(5)).until(() -> "new mail shows: " + mailfs.stderr(),
                    () -> Shell.run(mountPoint, "ls INBOX").out().contains("After the restart"));
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

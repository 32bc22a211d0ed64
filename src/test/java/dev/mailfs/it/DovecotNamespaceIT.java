package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.testing.DovecotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A server that keeps the user's folders under "INBOX." with "." between levels, as Cyrus and
 * Courier do (here Dovecot so configured): the folders show at the top of the mount, as mail
 * programs show them, and mkdir, rm and mv work there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DovecotNamespaceIT {
    private Path workDir;
    private DovecotServer dovecot;
    private ImapAccount account;
    private MailfsProcess mailfs;
    private Path mount;

    @BeforeAll
    void mount() throws Exception {
        FuseRequirement.check();
        DovecotServer.assumeAvailable();
        workDir = Files.createTempDirectory("mailfs-namespace-");
        dovecot = DovecotServer.start(Files.createDirectories(workDir.resolve("dovecot")), "INBOX.");
        account = ImapAccount.plain(dovecot.plainPort(), dovecot.user(), dovecot.password());
        account.folder("INBOX/Trash");
        account.append("INBOX/Work", TestMail.message("Launch plan", "<launch@namespace.mailfs.dev>", "Fri, 1 Mar 2024 09:00:00 +0000", "Soon.\n"));
        mount = Files.createDirectory(workDir.resolve("mnt"));
        Path passwordFile = Files.writeString(workDir.resolve("password"), dovecot.password() + "\n");
        mailfs = MailfsProcess.start(mount, List.of("mount", "--host", "127.0.0.1", "--port", String.valueOf(dovecot.plainPort()),
                "--user", dovecot.user(), "--security", "none", "--password-command", "cat " + passwordFile, "--cache-size", "0",
                mount.toString()));
        mailfs.awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    void unmount() throws Exception {
        if (mailfs != null) {
            mailfs.close();
        }
        if (account != null) {
            account.close();
        }
        if (dovecot != null) {
            dovecot.close();
        }
        WorkDirectory.delete(workDir);
    }

    @Test
    void theUsersFoldersShowAtTheTopAndMkdirRmAndMvWorkThere() throws Exception {
        assertEquals(List.of("INBOX", "Trash", "Work"), Shell.run(mount, "ls -1").lines());

        Shell.ok(mount, "mkdir Projects");
        assertTrue(account.folderExists("INBOX/Projects"), "made under the prefix");
        assertTrue(Shell.run(mount, "ls -1").lines().contains("Projects"), "and shown where it was asked for");

        String name = Shell.ok(mount.resolve("Work"), "ls -1 | grep '\\.eml$'").strip();
        Shell.ok(mount, "rm " + Shell.quote("Work/" + name));
        assertEquals(List.of("<launch@namespace.mailfs.dev>"), account.messageIds("INBOX/Trash"));

        Shell.ok(mount, "mv Projects Archive");
        assertTrue(account.folderExists("INBOX/Archive"));
        assertFalse(account.folderExists("INBOX/Projects"));

        Shell.Result inInbox = Shell.run(mount, "mkdir INBOX/Sub");
        assertTrue(inInbox.err().contains("Operation not permitted"), inInbox.toString());
        assertTrue(mailfs.stderr().contains("mkdir /Sub"), "the log says where: " + mailfs.stderr());
    }
}

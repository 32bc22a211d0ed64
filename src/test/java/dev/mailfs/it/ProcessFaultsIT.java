package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.fuse.MountTable;
import dev.mailfs.testing.DovecotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon is stopped while it works: SIGTERM, as systemctl stop and a logout send. */
class ProcessFaultsIT {
    private static final int MESSAGES = 200;
    private static final String FROM = "Pile";
    private static final String TO = "Sorted";

    @TempDir
    Path tmp;
    private DovecotServer dovecot;
    private ImapAccount account;
    private final TreeSet<String> ids = new TreeSet<>();

    @BeforeEach
    void serverWithAPile() throws Exception {
        FuseRequirement.check();
        DovecotServer.assumeAvailable();
        dovecot = DovecotServer.start(Files.createDirectories(tmp.resolve("server")));
        account = ImapAccount.tls(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password(), dovecot.certificatePem());
        for (int i = 0; i < MESSAGES; i++) {
            String id = "<pile" + i + "@process.mailfs.dev>";
            ids.add(id);
            account.append(FROM, TestMail.message("Pile " + i, id, "Wed, 6 Mar 2024 10:" + String.format("%02d", i % 60) + ":00 +0000",
                    "Message " + i + " of the pile.\n"));
        }
        account.append(TO, TestMail.message("Sorted before", "<sorted@process.mailfs.dev>", "Wed, 6 Mar 2024 09:00:00 +0000", "Hi.\n"));
    }

    @AfterEach
    void stop() throws Exception {
        if (account != null) {
            account.close();
        }
        if (dovecot != null) {
            dovecot.close();
        }
    }

    private MailfsProcess mount() throws Exception {
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        Path passwordFile = Files.writeString(tmp.resolve("password"), dovecot.password() + "\n");
        MailfsProcess mailfs = MailfsProcess.start(mountPoint, List.of("mount", "--host", "127.0.0.1",
                "--port", String.valueOf(dovecot.plainPort()), "--user", dovecot.user(), "--security", "none",
                "--password-command", "cat " + passwordFile, mountPoint.toString()));
        mailfs.awaitReady(Duration.ofSeconds(60));
        return mailfs;
    }

    /**
     * mv of a pile of messages, from outside the mount, and SIGTERM in the middle: mailfs unmounts
     * and exits 0, and every message is in exactly one of the two folders on the server.
     */
    @Test
    void sigtermInTheMiddleOfAMoveLosesNoMessageAndDoublesNone() throws Exception {
        try (MailfsProcess mailfs = mount()) {
            Path mountPoint = mailfs.mountPoint();
            Process mv = new ProcessBuilder("bash", "-c", "mv " + Shell.quote(mountPoint.resolve(FROM).toString()) + "/*.eml "
                    + Shell.quote(mountPoint.resolve(TO).toString()) + "/").start();
            awaitOnServer(TO, 20);
            mailfs.signal("TERM");
            assertEquals(0, mailfs.awaitExit(Duration.ofSeconds(60)), mailfs.stderr());
            assertNull(MountTable.typeAt(mountPoint), "nothing left mounted");
            assertTrue(mv.waitFor(60, TimeUnit.SECONDS), "mv ended");

            List<String> from = account.messageIds(FROM);
            List<String> to = new ArrayList<>(account.messageIds(TO));
            to.remove("<sorted@process.mailfs.dev>");
            TreeSet<String> all = new TreeSet<>(from);
            all.addAll(to);
            assertEquals(ids, all, "every message is still on the server");
            assertEquals(MESSAGES, from.size() + to.size(), "and in one folder only: " + from.size() + " left, " + to.size() + " moved");
            assertTrue(to.size() >= 20 && from.size() > 0, "stopped in the middle: " + to.size() + " moved");
        }
    }

    /** grep -r from inside the mount, and SIGTERM meanwhile: grep finishes with every match, then mailfs exits 0, unmounted. */
    @Test
    void sigtermDuringGrepLetsItFinishAndUnmounts() throws Exception {
        try (MailfsProcess mailfs = mount()) {
            Path mountPoint = mailfs.mountPoint();
            Process grep = new ProcessBuilder("bash", "-c", "grep -rl --include='*.eml' 'of the pile' " + FROM + " | wc -l")
                    .directory(mountPoint.toFile()).start();
            Thread.sleep(300);
            mailfs.signal("TERM");
            assertTrue(grep.waitFor(60, TimeUnit.SECONDS), "grep ended");
            assertEquals(String.valueOf(MESSAGES), new String(grep.getInputStream().readAllBytes()).strip(), "every match");
            assertEquals(0, mailfs.awaitExit(Duration.ofSeconds(60)), mailfs.stderr());
            assertNull(MountTable.typeAt(mountPoint), "nothing left mounted");
        }
    }

    /** Often enough to catch the moves in the middle. */
    private void awaitOnServer(String folder, int atLeast) {
        Poll.within(Duration.ofSeconds(60)).every(Duration.ofMillis(20))
                .until("the moves began", () -> account.messageIds(folder).size() >= atLeast + 1);
    }
}

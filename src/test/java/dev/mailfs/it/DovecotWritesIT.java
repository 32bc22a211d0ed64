package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.testing.DovecotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The writes contract on a real Dovecot (plain port, through the fault proxy). */
class DovecotWritesIT extends WritesContract {
    private DovecotServer dovecot;

    /**
     * A folder whose access list lets the user only list and read it (as a shared folder's often
     * does): every change through the mount fails with "Permission denied", rm -r and mv of its
     * folder too, and nothing changes on the server.
     */
    @Test
    void aFolderTheUserMayOnlyReadRefusesEveryChangeWithPermissionDenied(TestInfo test) throws Exception {
        String folder = "ReadOnly-" + test.getTestMethod().get().getName().hashCode();
        dovecot.deliver(folder, message("ro1", "Only to read"));
        dovecot.readOnly(folder);
        String other = folder(test, "other");
        Poll.within(Duration.ofSeconds(10)).until("the folder shows", () -> Shell.run(mount, "ls").lines().contains(folder));
        String name = onlyMessage(folder);
        String directory = name.replaceFirst("\\.eml$", "");
        Path file = workDir.resolve("refused.eml");
        Files.write(file, message("ro2", "Refused"));
        for (String command : List.of(
                "rm " + q(folder + "/" + name),
                "rm -r " + q(folder + "/" + directory),
                "mv " + q(folder + "/" + name) + " " + q(other) + "/",
                "setfattr -n user.mail.flags -v '\\Flagged' " + q(folder + "/" + name),
                "cp " + q(file.toString()) + " " + q(folder) + "/",
                "mkdir " + q(folder + "/Sub"),
                "mv " + q(folder) + " " + q(folder + "-renamed"))) {
            Shell.Result result = Shell.run(mount, command);
            assertNotEquals(0, result.exitCode(), command);
            assertTrue(result.err().contains("Permission denied"), command + ": " + result.err() + "\n" + mailfs.stderr().lines().filter(l -> l.contains(folder)).toList());
        }
        assertEquals(List.of(messageId("ro1")), account.messageIds(folder), "nothing changed");
        assertEquals(List.of(), account.messageIds(other));
        assertTrue(Shell.run(mount, "ls " + q(folder + "/" + directory)).out().contains("body.txt"), "rm -r hid nothing for good");
    }

    @Override
    ImapAccount startServer(Path workDir) throws Exception {
        DovecotServer.assumeAvailable();
        dovecot = DovecotServer.start(Files.createDirectories(workDir.resolve("dovecot")));
        return ImapAccount.tls(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password(), dovecot.certificatePem());
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
    void stopServer() {
        if (dovecot != null) {
            dovecot.close();
        }
    }
}

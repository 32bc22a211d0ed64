package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mime.MessageContents;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.MailRequest.Expunge;
import dev.mailfs.testing.MailRequest.Move;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message has two names, X.eml and X/, and the tools that remove or move a folder's contents
 * meet both: {@code rm -r} and {@code mv GLOB} must do what they say once and exit 0, in either
 * order, while {@code rmdir X} alone and {@code rm X/body.txt} alone change nothing.
 */
class MailFilesystemRemovalsTest {
    private static final String FORWARDED = """
            From: Alice <alice@example.com>
            Date: Fri, 1 Mar 2024 09:00:00 +0000
            Subject: Launch
            Message-ID: <launch@example.com>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            See below.
            --b
            Content-Type: application/pdf; name="plan.pdf"
            Content-Disposition: attachment; filename="plan.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --b
            Content-Type: message/rfc822
            Content-Disposition: attachment; filename="fwd.eml"

            From: Bob <bob@example.com>
            Subject: Earlier
            Content-Type: text/plain

            The earlier one.
            --b--
            """.replace("\n", "\r\n");

    @TempDir
    Path incoming;

    private InMemoryMailSource mail;
    private MessageRef launch;
    private MailFilesystem fs;
    private String file;
    private String directory;

    @BeforeEach
    void setUp() {
        mail = new InMemoryMailSource().sameListingWhileUnchanged(true)
                .folder(new FolderInfo("INBOX", '/', true), 100)
                .folder(new FolderInfo("Work", '/', true), 200)
                .folder(new FolderInfo("Trash", '/', true, Set.of("\\Trash")), 400);
        launch = mail.add("INBOX", FORWARDED);
        fs = filesystem(WriteSettings.DeleteMode.TRASH);
        file = "/INBOX/" + fs.readdir("/INBOX").get(0);
        directory = file.substring(0, file.length() - ".eml".length());
    }

    private MailFilesystem filesystem(WriteSettings.DeleteMode delete) {
        return new MailFilesystem(mail, new MessageContents(mail, 1 << 20), ZoneOffset.UTC, Instant.EPOCH,
                new WriteSettings(false, delete, Optional.empty(), incoming));
    }

    /** What rm -r does to a message's directory: its files (depth first), then the directory. */
    private void removeRecursively(MailFilesystem on, String path) {
        for (String name : on.readdir(path)) {
            String child = path + "/" + name;
            if (on.getattr(child).directory()) {
                removeRecursively(on, child);
            } else {
                on.unlink(child);
            }
        }
        on.rmdir(path);
    }

    @Test
    void theMessagesDirectoryShowsItsPartsAndEnclosedMessage() {
        assertEquals(List.of("body.txt", "plan.pdf", "fwd.eml", "fwd"), fs.readdir(directory));
    }

    @Test
    void rmOfTheFileThenRmdirOfTheDirectoryDeletesOnceAndBothSucceed() {
        fs.unlink(file);
        assertTrue(fs.getattr(directory).directory(), "the directory's name stays for rm's rmdir");
        assertEquals(List.of(), fs.readdir(directory));
        fs.rmdir(directory);

        assertEquals(List.of(new Move(launch, "Trash")), mail.changes());
        assertEquals(List.of(), fs.readdir("/INBOX"));
        assertThrows(MailfsException.NotFound.class, () -> fs.getattr(directory), "gone once removed");
    }

    @Test
    void rmDashROfTheDirectoryThenRmOfTheFileDeletesOnceAndBothSucceed() {
        removeRecursively(fs, directory);
        assertEquals(List.of(new Move(launch, "Trash")), mail.changes());
        assertEquals(List.of(), fs.readdir("/INBOX"), "neither name is listed");

        assertEquals(mail.listing("INBOX").messages().size(), 0);
        assertFalse(fs.getattr(file).directory(), "the file's name stays for rm's unlink");
        assertThrows(MailfsException.NotFound.class, () -> fs.read(file, 0, 10), "but it cannot be read");
        fs.unlink(file);

        assertEquals(List.of(new Move(launch, "Trash")), mail.changes(), "deleted once");
        assertThrows(MailfsException.NotFound.class, () -> fs.getattr(file));
    }

    @Test
    void withDeleteExpungeRmDashRExpungesTheMessage() {
        MailFilesystem expunging = filesystem(WriteSettings.DeleteMode.EXPUNGE);
        removeRecursively(expunging, directory);
        expunging.unlink(file);

        assertEquals(List.of(new Expunge(launch)), mail.changes());
    }

    @Test
    void rmdirOfTheDirectoryWhileItShowsAnythingIsNotEmptyAndChangesNothing() {
        fs.unlink(directory + "/body.txt");
        fs.unlink(directory + "/plan.pdf");
        assertThrows(MailfsException.NotEmpty.class, () -> fs.rmdir(directory), "fwd.eml and fwd/ are still there");
        assertThrows(MailfsException.NotEmpty.class, () -> fs.rmdir(directory + "/fwd"), "fwd/body.txt is still there");

        assertEquals(List.of(), mail.changes());
        assertEquals(List.of("fwd.eml", "fwd"), fs.readdir(directory));
    }

    @Test
    void rmOfAPartAloneOnlyHidesItAndChangesNothingOnTheServer() {
        fs.unlink(directory + "/plan.pdf");

        assertEquals(List.of(), mail.changes());
        assertEquals(List.of("body.txt", "fwd.eml", "fwd"), fs.readdir(directory));
        assertThrows(MailfsException.NotFound.class, () -> fs.getattr(directory + "/plan.pdf"));
        assertEquals(1, mail.listing("INBOX").messages().size());
        assertTrue(fs.readdir("/INBOX").contains(PathResolver.nameOf(directory)), "the message is where it was");
    }

    @Test
    void mvOfTheFileThenTheDirectoryMovesOnceAndBothSucceed() {
        fs.rename(file, "/Work/" + PathResolver.nameOf(file));
        fs.rename(directory, "/Work/" + PathResolver.nameOf(directory));

        assertEquals(List.of(new Move(launch, "Work")), mail.changes());
        assertEquals(List.of(PathResolver.nameOf(file), PathResolver.nameOf(directory)), fs.readdir("/Work"));
        assertEquals(List.of(), fs.readdir("/INBOX"));
    }

    @Test
    void mvOfTheDirectoryThenTheFileMovesOnceAndBothSucceed() {
        fs.rename(directory, "/Work/" + PathResolver.nameOf(directory));
        fs.rename(file, "/Work/" + PathResolver.nameOf(file));

        assertEquals(List.of(new Move(launch, "Work")), mail.changes());
    }

    @Test
    void theNameLeftBehindCannotGoAnywhereElse() {
        fs.rename(file, "/Work/" + PathResolver.nameOf(file));

        MailfsException refused = assertThrows(MailfsException.NotFound.class,
                () -> fs.rename(directory, "/Trash/" + PathResolver.nameOf(directory)));
        assertTrue(refused.getMessage().contains("moved to /Work a moment ago"), refused.getMessage());
        assertEquals(List.of(new Move(launch, "Work")), mail.changes());
    }

    @Test
    void aNameLeftBehindAnswersOnlyOnce() {
        fs.unlink(file);
        fs.rmdir(directory);
        assertThrows(MailfsException.NotFound.class, () -> fs.rmdir(directory));
    }
}

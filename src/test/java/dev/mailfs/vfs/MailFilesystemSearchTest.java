package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mime.MessageContents;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.MailRequest.Search;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /.search: search folders made with mkdir, showing what their query finds under the names the messages have in their folders. */
class MailFilesystemSearchTest {
    private static final Instant MOUNTED_AT = Instant.parse("2024-06-01T12:00:00Z");
    private static final String REPORT_RAW = "Message-ID: <report@example.com>\r\nSubject: Quarterly report\r\n\r\nNumbers are up.\r\n";
    private static final String LUNCH_RAW = "Message-ID: <lunch@example.com>\r\nSubject: Lunch?\r\n\r\nNoon?\r\n";
    private static final String DRAFT_RAW = "Message-ID: <draft@example.com>\r\nSubject: Quarterly report draft\r\n\r\nDraft.\r\n";

    private final InMemoryMailSource mail = MailFilesystemTest.mailServer();
    private final MailFilesystem fs;

    @TempDir
    Path incoming;

    MailFilesystemSearchTest() {
        mail.folder("INBOX", 1);
        mail.folder(new FolderInfo("Work", '/', false), 1);
        mail.folder("Work/Projects", 1);
        MailFilesystemTest.addMessage(mail, "INBOX", 10, Instant.parse("2024-03-01T14:33:10Z"), Instant.parse("2024-03-01T14:32:00Z"), "Quarterly report",
                "<report@example.com>", REPORT_RAW);
        MailFilesystemTest.addMessage(mail, "INBOX", 11, Instant.parse("2024-03-05T09:00:00Z"), null, "Lunch?", "<lunch@example.com>", LUNCH_RAW);
        MailFilesystemTest.addMessage(mail, "Work/Projects", 3, Instant.parse("2024-04-10T10:00:00Z"), null, "Quarterly report draft", "<draft@example.com>",
                DRAFT_RAW);
        fs = new MailFilesystem(mail, ZoneOffset.UTC, MOUNTED_AT);
    }

    private List<String> emls(String path) {
        return fs.readdir(path).stream().filter(name -> name.endsWith(".eml")).toList();
    }

    private String eml(String folder, String subject) {
        return emls(folder).stream().filter(name -> name.contains(" " + subject + " (")).findFirst().orElseThrow();
    }

    @Test
    void theSearchRootIsAlwaysThereAndListsTheSearchFolders() {
        assertTrue(fs.readdir("/").contains(".search"));
        assertTrue(fs.getattr("/.search").directory());
        assertEquals(List.of(), fs.readdir("/.search"));
        fs.mkdir("/.search/subject:quarterly");
        fs.mkdir("/.search/lunch");
        assertEquals(List.of("lunch", "subject:quarterly"), fs.readdir("/.search"));
        fs.getattr("/.mailfs/status");
        assertTrue(new String(fs.read("/.mailfs/status", 0, 4096), java.nio.charset.StandardCharsets.UTF_8).contains("search folders: 2\n"));
        assertTrue(fs.getattr("/.search/lunch").directory());
    }

    @Test
    void aSearchFolderShowsTheMatchingMessagesOfEveryFolderUnderTheirOwnNames() {
        fs.mkdir("/.search/subject:quarterly");
        String report = eml("/INBOX", "Quarterly report");
        String draft = eml("/Work/Projects", "Quarterly report draft");
        assertEquals(List.of(report, report.replace(".eml", ""), draft, draft.replace(".eml", "")), fs.readdir("/.search/subject:quarterly"));
    }

    @Test
    void aMessageReadsTheSameThroughTheSearchFolderItsPartsAndAttributesToo() {
        fs.mkdir("/.search/report -draft");
        String report = eml("/INBOX", "Quarterly report");
        assertEquals(List.of(report, report.replace(".eml", "")), fs.readdir("/.search/report -draft"));
        String found = "/.search/report -draft/" + report;
        assertArrayEquals(fs.read("/INBOX/" + report, 0, 4096), fs.read(found, 0, 4096));
        assertEquals(fs.getattr("/INBOX/" + report), fs.getattr(found));
        assertEquals(fs.readdir("/INBOX/" + report.replace(".eml", "")), fs.readdir(found.replace(".eml", "")));
        assertArrayEquals(fs.read("/INBOX/" + report.replace(".eml", "/body.txt"), 0, 4096), fs.read(found.replace(".eml", "/body.txt"), 0, 4096));
        assertEquals(fs.attributes("/INBOX/" + report).keySet(), fs.attributes(found).keySet());
        assertArrayEquals(fs.attribute("/INBOX/" + report, "user.mail.subject"), fs.attribute(found, "user.mail.subject"));
    }

    @Test
    void theSameMessageInTwoFoldersGetsTheUsualSuffixOnce() {
        MailFilesystemTest.addMessage(mail, "Work/Projects", 4, Instant.parse("2024-03-01T14:33:10Z"), Instant.parse("2024-03-01T14:32:00Z"), "Quarterly report",
                "<report@example.com>", REPORT_RAW);
        fs.mkdir("/.search/report -draft");
        String report = eml("/INBOX", "Quarterly report");
        assertEquals(report, eml("/Work/Projects", "Quarterly report"), "a copy has the same name in its folder");
        String second = report.replace(").eml", " u10).eml"); // the copy in INBOX, UID 10, after the one in Work/Projects, UID 4
        assertEquals(java.util.Set.of(report, second), java.util.Set.copyOf(emls("/.search/report -draft")));
    }

    @Test
    void inLimitsTheSearchToOneFolderWrittenWithAngleBrackets() {
        fs.mkdir("/.search/quarterly in:Work>Projects");
        assertEquals(List.of(eml("/Work/Projects", "Quarterly report draft")), emls("/.search/quarterly in:Work>Projects"));
        MailfsException.InvalidArgument noSuch = assertThrows(MailfsException.InvalidArgument.class, () -> fs.mkdir("/.search/in:Nowhere"));
        assertTrue(noSuch.getMessage().contains("there is no folder Nowhere"), noSuch.getMessage());
        assertThrows(MailfsException.InvalidArgument.class, () -> fs.mkdir("/.search/in:Work"), "Work holds no messages");
        assertEquals(List.of("quarterly in:Work>Projects"), fs.readdir("/.search"));
    }

    @Test
    void aQueryThatDoesNotParseIsRefusedAndNothingIsMadeOrAsked() {
        MailfsException.InvalidArgument bad = assertThrows(MailfsException.InvalidArgument.class, () -> fs.mkdir("/.search/colour:red"));
        assertTrue(bad.getMessage().contains("no such key colour:"), bad.getMessage());
        assertThrows(MailfsException.InvalidArgument.class, () -> fs.mkdir("/.search/since:yesterday"));
        assertEquals(List.of(), fs.readdir("/.search"));
        assertThrows(MailfsException.NotFound.class, () -> fs.getattr("/.search/colour:red"));
        assertEquals(List.of(), mail.requests(Search.class), "nothing was sent to the server");
    }

    @Test
    void mkdirOfAnExistingSearchOrInsideOneIsRefused() {
        fs.mkdir("/.search/lunch");
        assertThrows(MailfsException.AlreadyExists.class, () -> fs.mkdir("/.search/lunch"));
        assertThrows(MailfsException.AlreadyExists.class, () -> fs.mkdir("/.search"));
        assertThrows(MailfsException.ReadOnly.class, () -> fs.mkdir("/.search/lunch/deeper"));
        assertThrows(MailfsException.NotFound.class, () -> fs.mkdir("/.search/nothing/deeper"));
    }

    @Test
    void rmdirForgetsTheSearchFolderAndChangesNothingElse() {
        fs.mkdir("/.search/lunch");
        assertEquals(2, fs.readdir("/.search/lunch").size());
        fs.rmdir("/.search/lunch");
        assertEquals(List.of(), fs.readdir("/.search"));
        assertThrows(MailfsException.NotFound.class, () -> fs.readdir("/.search/lunch"));
        assertEquals(4, fs.readdir("/INBOX").size(), "the messages it showed are where they were");
        assertThrows(MailfsException.NotFound.class, () -> fs.rmdir("/.search/lunch"));
        assertThrows(MailfsException.NotPermitted.class, () -> fs.rmdir("/.search"));
    }

    @Test
    void writesInsideASearchFolderAreRefusedAndReachNoServer() throws Exception {
        MailFilesystem writable = new MailFilesystem(mail, new MessageContents(mail, 1 << 20), ZoneOffset.UTC, MOUNTED_AT,
                new WriteSettings(false, WriteSettings.DeleteMode.TRASH, Optional.empty(), incoming));
        writable.mkdir("/.search/lunch");
        String lunch = eml("/INBOX", "Lunch?");
        String found = "/.search/lunch/" + lunch;
        List<Runnable> writes = List.of(
                () -> writable.unlink(found),
                () -> writable.rmdir(found.replace(".eml", "")),
                () -> writable.rename(found, "/Work/Projects/" + lunch),
                () -> writable.rename("/INBOX/" + lunch, "/.search/lunch/" + lunch),
                () -> writable.rename("/.search/lunch", "/.search/noon"),
                () -> writable.create("/.search/lunch/new.eml"));
        for (Runnable write : writes) {
            MailfsException.ReadOnly refused = assertThrows(MailfsException.ReadOnly.class, write::run);
            assertTrue(refused.getMessage().contains("search folder"), refused.getMessage());
        }
        assertThrows(MailfsException.AccessDenied.class, () -> writable.openForWriting(found));
        assertEquals(List.of(lunch, lunch.replace(".eml", "")), writable.readdir("/.search/lunch"));
        assertTrue(emls("/INBOX").contains(lunch));
    }

    @Test
    void aReadOnlyMountStillMakesAndForgetsSearchFolders() {
        fs.mkdir("/.search/lunch");
        fs.rmdir("/.search/lunch");
        assertEquals(List.of(), fs.readdir("/.search"));
    }

    @Test
    void lookingUpAndReadingNamesUsesWhatTheLastSearchFound() {
        fs.mkdir("/.search/subject:quarterly");
        int searches = mail.count(Search.class);
        for (String name : fs.readdir("/.search/subject:quarterly")) {
            fs.getattr("/.search/subject:quarterly/" + name);
            if (name.endsWith(".eml")) {
                fs.read("/.search/subject:quarterly/" + name, 0, 4096);
                fs.attributes("/.search/subject:quarterly/" + name);
            } else {
                fs.readdir("/.search/subject:quarterly/" + name);
            }
        }
        assertEquals(searches, mail.count(Search.class), "a listing so soon after the search, and lookups, search no more");
    }
}

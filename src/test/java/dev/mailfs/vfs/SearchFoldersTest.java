package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.cache.DiskBodyStore;
import dev.mailfs.cache.SearchStore;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.LogCapture;
import dev.mailfs.testing.MailRequest.Search;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** When a search folder searches again, and how search folders outlive the mount. */
class SearchFoldersTest {
    private final InMemoryMailSource mail = MailFilesystemTest.mailServer();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final MessageSearch search = new MessageSearch(mail, new MessageNames(ZoneOffset.UTC), () -> new FolderTree(mail.listFolders()), false);

    @TempDir
    Path cacheRoot;

    @RegisterExtension
    final LogCapture folderLog = new LogCapture(SearchFolders.class);
    @RegisterExtension
    final LogCapture storeLog = new LogCapture(SearchStore.class);

    SearchFoldersTest() {
        mail.folder("INBOX", 1);
        addReport(1);
    }

    private void addReport(long uid) {
        MailFilesystemTest.addMessage(mail, "INBOX", uid, Instant.parse("2024-03-01T14:33:10Z").plusSeconds(uid), null, "Report " + uid, "<r" + uid + "@x>", "\r\n");
    }

    private SearchFolders searches(Optional<SearchStore> store) {
        return new SearchFolders(search, store, now::get);
    }

    @Test
    void aListingSearchesAgainOnlyOnceTheResultsAreOlderThanTheInterval() {
        SearchFolders searches = searches(Optional.empty());
        searches.create("report");
        SearchFolder folder = searches.get("report").orElseThrow();
        assertEquals(1, mail.count(Search.class), "mkdir searches once");
        FolderView first = folder.fresh();
        assertEquals(1, first.size());

        addReport(2); // another client's new mail that matches
        now.addAndGet(SearchFolder.SEARCH_AGAIN_AFTER.toNanos() - 1);
        assertSame(first, folder.fresh(), "not yet");
        assertSame(first, folder.held());
        assertEquals(1, mail.count(Search.class));

        now.addAndGet(1);
        assertSame(first, folder.held(), "a lookup never searches when something was found");
        assertEquals(2, folder.fresh().size(), "the new message shows");
        assertEquals(2, mail.count(Search.class));
        now.addAndGet(SearchFolder.SEARCH_AGAIN_AFTER.toNanos() * 10);
        assertEquals(2, folder.held().size());
        assertEquals(2, mail.count(Search.class));
    }

    @Test
    void aMessageThatNoLongerMatchesLeavesAtTheNextSearch() {
        SearchFolders searches = searches(Optional.empty());
        searches.create("Report 1");
        assertEquals(1, searches.get("Report 1").orElseThrow().fresh().size());
        mail.remove(new MessageRef("INBOX", 1, 1)); // by another client
        now.addAndGet(SearchFolder.SEARCH_AGAIN_AFTER.toNanos());
        assertEquals(0, searches.get("Report 1").orElseThrow().fresh().size());
    }

    @Test
    void searchFoldersAreKeptPrivatelyBesideTheDiskStoreAndOutliveTheMount() throws Exception {
        SearchStore store = SearchStore.beside(DiskBodyStore.open(cacheRoot, "alice@example.org:993", 1 << 20, 1 << 30));
        SearchFolders first = searches(Optional.of(store));
        first.create("from:alice");
        first.create("subject:\"Grüße aus München\" -is:read");
        first.create("report");
        first.forget("report");

        SearchFolders afterRestart = searches(Optional.of(store));
        assertEquals(List.of("from:alice", "subject:\"Grüße aus München\" -is:read"), List.copyOf(afterRestart.names()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file().getParent())));
        assertEquals(3, mail.count(Search.class), "searches kept are not run until used");
        assertEquals(1, afterRestart.get("from:alice").orElseThrow().held().size());
        assertEquals(4, mail.count(Search.class), "the first lookup after a restart searches");
    }

    @Test
    void aKeptSearchThatNoLongerParsesIsLeftOutAndAnUnreadableStoreKeepsNone() throws Exception {
        Path file = cacheRoot.resolve("searches");
        Files.writeString(file, "mailfs-searches-1\nfrom:alice\ncolour:red\n");
        assertEquals(List.of("from:alice"), List.copyOf(searches(Optional.of(new SearchStore(file))).names()));
        assertTrue(folderLog.messages(Level.WARNING).get(0).startsWith("a kept search folder is left out: invalid: search 'colour:red'"),
                folderLog.messages(Level.WARNING).toString());
        Files.writeString(file, "something else\nfrom:alice\n");
        assertEquals(List.of(), List.copyOf(searches(Optional.of(new SearchStore(file))).names()));
        assertTrue(storeLog.messages(Level.WARNING).get(0).endsWith("are not in a form this mailfs knows; they are not shown"),
                storeLog.messages(Level.WARNING).toString());
    }

    @Test
    void aStoreThatCannotBeWrittenLeavesTheSearchForTheMount() throws Exception {
        Path blocked = Files.writeString(cacheRoot.resolve("not-a-directory"), "");
        SearchFolders searches = searches(Optional.of(new SearchStore(blocked.resolve("searches"))));
        searches.create("from:alice");
        assertEquals(List.of("from:alice"), List.copyOf(searches.names()));
        assertTrue(storeLog.messages(Level.WARNING).stream().anyMatch(warning -> warning.startsWith("cannot keep the search folders in")
                && warning.endsWith("they last until unmounted")), storeLog.messages(Level.WARNING).toString());
    }

    @Test
    void anUnreachableServerLeavesWhatWasFoundShowing() {
        SearchFolders searches = searches(Optional.empty());
        searches.create("report");
        SearchFolder folder = searches.get("report").orElseThrow();
        FolderView found = folder.fresh();
        mail.fail(Search.class, new MailfsException.Unavailable("the server is away", null));
        now.addAndGet(SearchFolder.SEARCH_AGAIN_AFTER.toNanos());
        assertSame(found, folder.fresh());
        assertThrows(MailfsException.Unavailable.class, () -> searches.create("other"), "a new one cannot be made");
        assertEquals(List.of("report"), List.copyOf(searches.names()));
    }

    @Test
    void aSearchTheServerRefusesLaterLeavesWhatWasFoundShowing() {
        SearchFolders searches = searches(Optional.empty());
        searches.create("report");
        SearchFolder folder = searches.get("report").orElseThrow();
        FolderView found = folder.fresh();
        mail.fail(Search.class, new MailfsException.ServerError("A9 NO [UNAVAILABLE] try again later", null));
        now.addAndGet(SearchFolder.SEARCH_AGAIN_AFTER.toNanos());
        assertSame(found, folder.fresh(), "ls shows the last results, not EINVAL");
        assertThrows(MailfsException.InvalidArgument.class, () -> searches.create("other"), "a new one is refused as its mkdir");
    }
}

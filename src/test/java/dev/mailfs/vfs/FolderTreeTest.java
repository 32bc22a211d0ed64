package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.mail.FolderInfo;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FolderTreeTest {

    private static FolderInfo folder(String name, char delimiter) {
        return new FolderInfo(name, delimiter, true);
    }

    private static FolderTree.Node at(FolderTree tree, String... components) {
        return tree.find(List.of(components)).orElseThrow(() -> new AssertionError("no directory " + List.of(components)));
    }

    @Test
    void dotDelimitedHierarchyBecomesDirectories() {
        FolderTree tree = new FolderTree(List.of(folder("INBOX", '.'), folder("Work", '.'), folder("Work.Projects", '.')));

        assertEquals(Set.of("INBOX", "Work"), tree.root().children().keySet());
        assertEquals(Set.of("Projects"), at(tree, "Work").children().keySet());
        assertEquals(Optional.of("INBOX"), at(tree, "INBOX").mailbox());
        assertEquals(Optional.of("Work"), at(tree, "Work").mailbox());
        assertEquals(Optional.of("Work.Projects"), at(tree, "Work", "Projects").mailbox());
        assertTrue(at(tree, "INBOX").children().isEmpty());
    }

    @Test
    void childListedBeforeItsParentStillNests() {
        FolderTree tree = new FolderTree(List.of(folder("Work.Projects", '.'), folder("Work", '.'), folder("INBOX", '.')));

        assertEquals(Optional.of("Work"), at(tree, "Work").mailbox());
        assertEquals(Optional.of("Work.Projects"), at(tree, "Work", "Projects").mailbox());
        assertEquals(Set.of("INBOX", "Work"), tree.root().children().keySet());
    }

    @Test
    void unlistedParentIsADirectoryWithoutMailbox() {
        FolderTree tree = new FolderTree(List.of(folder("INBOX", '/'), folder("Archive/2023", '/')));

        FolderTree.Node archive = at(tree, "Archive");
        assertEquals(Optional.empty(), archive.mailbox());
        assertEquals(Set.of("2023"), archive.children().keySet());
        assertEquals(Optional.of("Archive/2023"), at(tree, "Archive", "2023").mailbox());
    }

    @Test
    void deepUnlistedParentsAreAllCreated() {
        FolderTree tree = new FolderTree(List.of(folder("a/b/c/d", '/')));

        assertEquals(Optional.empty(), at(tree, "a").mailbox());
        assertEquals(Optional.empty(), at(tree, "a", "b").mailbox());
        assertEquals(Optional.empty(), at(tree, "a", "b", "c").mailbox());
        assertEquals(Optional.of("a/b/c/d"), at(tree, "a", "b", "c", "d").mailbox());
    }

    @Test
    void noselectFolderIsADirectoryWithoutMailbox() {
        FolderTree tree = new FolderTree(List.of(
                new FolderInfo("[Gmail]", '/', false), folder("[Gmail]/Sent Mail", '/'), folder("[Gmail]/Trash", '/')));

        FolderTree.Node gmail = at(tree, "[Gmail]");
        assertEquals(Optional.empty(), gmail.mailbox());
        assertEquals(Set.of("Sent Mail", "Trash"), gmail.children().keySet());
        assertEquals(Optional.of("[Gmail]/Sent Mail"), at(tree, "[Gmail]", "Sent Mail").mailbox());
    }

    @Test
    void noselectLeafIsAnEmptyDirectory() {
        FolderTree tree = new FolderTree(List.of(new FolderInfo("Shared", '.', false)));

        FolderTree.Node shared = at(tree, "Shared");
        assertEquals(Optional.empty(), shared.mailbox());
        assertTrue(shared.children().isEmpty());
    }

    @Test
    void slashInANameIsPartOfOneDirectory() {
        FolderTree tree = new FolderTree(List.of(folder("a/b", '.')));

        assertEquals(Set.of("a_b"), tree.root().children().keySet());
        FolderTree.Node node = at(tree, "a_b");
        assertEquals(Optional.of("a/b"), node.mailbox());
        assertTrue(node.children().isEmpty());
        assertFalse(tree.find(List.of("a")).isPresent());
    }

    @Test
    void slashInsideADotHierarchy() {
        FolderTree tree = new FolderTree(List.of(folder("Clients", '.'), folder("Clients.ACME/Globex", '.')));

        assertEquals(Set.of("ACME_Globex"), at(tree, "Clients").children().keySet());
        assertEquals(Optional.of("Clients.ACME/Globex"), at(tree, "Clients", "ACME_Globex").mailbox());
    }

    @Test
    void namesThatSanitiseAlikeGetDistinctDirectories() {
        FolderTree tree = new FolderTree(List.of(folder("a/b", '.'), folder("a_b", '.')));

        assertEquals(Set.of("a_b", "a_b (2)"), tree.root().children().keySet());
        assertEquals(Optional.of("a/b"), at(tree, "a_b").mailbox());
        assertEquals(Optional.of("a_b"), at(tree, "a_b (2)").mailbox());
    }

    @Test
    void namesThatSanitiseAlikeEachKeepTheirChildren() {
        FolderTree tree = new FolderTree(List.of(folder("a/b", '.'), folder("a_b", '.'), folder("a_b.child", '.')));

        assertTrue(at(tree, "a_b").children().isEmpty());
        assertEquals(Set.of("child"), at(tree, "a_b (2)").children().keySet());
        assertEquals(Optional.of("a_b.child"), at(tree, "a_b (2)", "child").mailbox());
    }

    @Test
    void threeNamesThatSanitiseAlikeCountOn() {
        FolderTree tree = new FolderTree(List.of(folder("a/b", '.'), folder("a_b", '.'), folder("a\\b", '.')));

        assertEquals(Set.of("a_b", "a_b (2)", "a_b (3)"), tree.root().children().keySet());
        assertEquals(Set.of(Optional.of("a/b"), Optional.of("a_b"), Optional.of("a\\b")), Set.of(
                at(tree, "a_b").mailbox(), at(tree, "a_b (2)").mailbox(), at(tree, "a_b (3)").mailbox()));
    }

    @Test
    void nonAsciiNamesAreKept() {
        FolderTree tree = new FolderTree(List.of(folder("Entw\u00FCrfe", '/'), folder("Gesendete Objekte", '/'), folder("\u65E5\u672C/\u53D7\u4FE1", '/')));

        assertEquals(Optional.of("Entw\u00FCrfe"), at(tree, "Entw\u00FCrfe").mailbox());
        assertEquals(Optional.of("Gesendete Objekte"), at(tree, "Gesendete Objekte").mailbox());
        assertEquals(Optional.of("\u65E5\u672C/\u53D7\u4FE1"), at(tree, "\u65E5\u672C", "\u53D7\u4FE1").mailbox());
    }

    @Test
    void decomposedNonAsciiNameIsComposedButSelectsTheServerName() {
        FolderTree tree = new FolderTree(List.of(folder("Entwu\u0308rfe", '/')));

        assertEquals(Set.of("Entw\u00FCrfe"), tree.root().children().keySet());
        assertEquals(Optional.of("Entwu\u0308rfe"), at(tree, "Entw\u00FCrfe").mailbox());
    }

    @Test
    void flatNamespaceKeepsDelimiterLikeCharacters() {
        char none = 0;
        FolderTree tree = new FolderTree(List.of(folder("INBOX", none), folder("Work.Projects", none), folder("a/b", none)));

        assertEquals(Set.of("INBOX", "Work.Projects", "a_b"), tree.root().children().keySet());
        assertEquals(Optional.of("Work.Projects"), at(tree, "Work.Projects").mailbox());
        assertEquals(Optional.of("a/b"), at(tree, "a_b").mailbox());
        assertTrue(at(tree, "Work.Projects").children().isEmpty());
    }

    @Test
    void hostileFolderNamesBecomeSafeDirectories() {
        FolderTree tree = new FolderTree(List.of(folder("..", '/'), folder(".hidden", '/'), folder("-rf", '/')));

        assertEquals(Set.of("_.", "_hidden", "_rf"), tree.root().children().keySet());
        assertEquals(Optional.of(".."), at(tree, "_.").mailbox());
        assertEquals(Optional.of(".hidden"), at(tree, "_hidden").mailbox());
    }

    @Test
    void emptyListGivesAnEmptyRoot() {
        FolderTree tree = new FolderTree(List.of());

        assertTrue(tree.root().children().isEmpty());
        assertEquals(Optional.empty(), tree.root().mailbox());
        assertTrue(tree.find(List.of()).isPresent());
        assertFalse(tree.find(List.of("INBOX")).isPresent());
    }

    @Test
    void treeRemembersItsSource() {
        List<FolderInfo> folders = List.of(folder("INBOX", '/'));
        assertTrue(new FolderTree(folders).source() == folders);
    }
}

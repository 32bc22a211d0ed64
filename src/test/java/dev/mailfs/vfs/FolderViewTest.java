package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.MessageMeta;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A folder's names after its listing changed: a move out of it renames nothing and names nothing again. */
class FolderViewTest {
    private static final Instant SENT = Instant.parse("2024-03-01T14:32:59Z");
    private final MessageNames names = new MessageNames(ZoneOffset.UTC);

    private static MessageMeta message(long uid, String subject, Set<String> flags) {
        return new MessageMeta(uid, 1234, SENT, Optional.of(SENT), subject, "Alice <alice@example.com>", "", "<same@example.com>", flags);
    }

    /** The messages' file names, in directory order. */
    private static List<String> namesOf(FolderView view) {
        List<String> all = new ArrayList<>();
        view.listInto((name, directory, inode) -> directory || all.add(name));
        return all;
    }

    private FolderView view(FolderListing listing) {
        return FolderView.of(listing, names.nameAll(listing.messages()));
    }

    @Test
    void aMessageLessKeepsEveryOtherNameWithoutNamingThemAgain() {
        MessageMeta first = message(5, "Report", Set.of());
        MessageMeta second = message(9, "Report", Set.of()); // a duplicate of the first: named with its UID
        MessageMeta other = message(12, "Lunch", Set.of());
        FolderView before = view(new FolderListing("INBOX", 7, List.of(first, second, other)));

        FolderListing afterMove = new FolderListing("INBOX", 7, List.of(second, other));
        FolderView after = before.without(afterMove, afterMove.messages(), before.namesOfUnchanged());

        assertNotNull(after);
        List<String> expected = new ArrayList<>(namesOf(before));
        expected.remove(before.position(namesOf(before).stream().filter(n -> before.message(n) == first).findFirst().orElseThrow()));
        assertEquals(expected, namesOf(after), "the duplicate keeps the name it had, in the same order");
        assertEquals(names.nameAll(afterMove.messages(), before.duplicateNames()).keySet().stream().toList(), namesOf(after),
                "what naming them all again gives");
        assertEquals(afterMove, after.listing());
    }

    @Test
    void aNewOrChangedMessageIsNamedAgain() {
        MessageMeta first = message(5, "Report", Set.of());
        FolderView before = view(new FolderListing("INBOX", 7, List.of(first)));

        FolderListing added = new FolderListing("INBOX", 7, List.of(first, message(6, "New", Set.of())));
        FolderListing flagged = new FolderListing("INBOX", 7, List.of(message(5, "Report", Set.of("\\Flagged"))));

        assertNull(before.without(added, added.messages(), before.namesOfUnchanged()));
        assertNull(before.without(flagged, flagged.messages(), before.namesOfUnchanged()));
        assertEquals(Map.of(), before.duplicateNames());
    }
}

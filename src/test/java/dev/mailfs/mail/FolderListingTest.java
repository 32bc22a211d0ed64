package dev.mailfs.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FolderListingTest {
    private static MessageMeta message(long uid) {
        return new MessageMeta(uid, 100, Instant.parse("2026-01-01T00:00:00Z"), Optional.empty(), "s" + uid, "", "", "<" + uid + "@x>", Set.of());
    }

    @Test
    void messagesGivenOutOfOrderAreListedInUidOrderAndFoundByUid() {
        FolderListing listing = new FolderListing("INBOX", 1, List.of(message(7), message(3), message(1L << 32), message(5)));

        assertEquals(List.of(3L, 5L, 7L, 1L << 32), listing.messages().stream().map(MessageMeta::uid).toList());
        for (long uid : List.of(3L, 5L, 7L, 1L << 32)) {
            assertEquals(uid, listing.message(uid).orElseThrow().uid());
        }
        assertEquals(Optional.empty(), listing.message(4));
    }

    @Test
    void messagesInOrderStayAsGiven() {
        List<MessageMeta> messages = List.of(message(1), message(2), message(9));

        assertEquals(messages, new FolderListing("INBOX", 1, messages).messages());
    }
}

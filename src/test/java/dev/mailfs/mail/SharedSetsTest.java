package dev.mailfs.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedSetsTest {
    @Test
    void equalSetsOfFlagsAreOneSet() {
        Set<String> seen = SharedSets.of(new LinkedHashSet<>(List.of("\\Seen", "$Work")));
        Set<String> again = SharedSets.of(Set.of("$Work", "\\Seen"));

        assertSame(seen, again);
        assertEquals(Set.of("\\Seen", "$Work"), again);
        assertThrows(UnsupportedOperationException.class, () -> again.add("\\Flagged"));
    }

    @Test
    void messagesWithTheSameFlagsOrLabelsShareThem() {
        MessageMeta one = new MessageMeta(1, 10, Instant.EPOCH, Optional.empty(), "", "", "", "", new LinkedHashSet<>(List.of("\\Seen")),
                Optional.of(new GmailMeta(1, 1, new LinkedHashSet<>(List.of("\\Inbox", "Work")))));
        MessageMeta two = new MessageMeta(2, 10, Instant.EPOCH, Optional.empty(), "", "", "", "", new LinkedHashSet<>(List.of("\\Seen")),
                Optional.of(new GmailMeta(2, 2, new LinkedHashSet<>(List.of("Work", "\\Inbox")))));

        assertSame(one.flags(), two.flags());
        assertSame(one.gmail().orElseThrow().labels(), two.gmail().orElseThrow().labels());
    }
}

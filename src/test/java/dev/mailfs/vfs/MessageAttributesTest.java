package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailfs.mail.MessageMeta;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageAttributesTest {
    private static final Instant RECEIVED = Instant.parse("2024-03-01T14:33:10Z");
    private static final Instant SENT = Instant.parse("2024-03-01T14:32:00Z");

    private static MessageMeta meta(Optional<Instant> sent, Set<String> flags) {
        return new MessageMeta(10, 1234, RECEIVED, sent, "Quarterly report \u00FCber alles", "Alice <alice@example.com>",
                "Bob <bob@example.com>, Carol <carol@example.com>", "<report@example.com>", flags);
    }

    private static Set<String> parse(String value) {
        return MessageAttributes.parseFlags(value.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> asText(Map<String, byte[]> attributes) {
        Map<String, String> text = new LinkedHashMap<>();
        attributes.forEach((name, value) -> text.put(name, new String(value, StandardCharsets.UTF_8)));
        return text;
    }

    // --- parseFlags ---------------------------------------------------------------------------

    @Test
    void flagsSeparatedBySpaces() {
        assertEquals(Set.of("\\Seen", "\\Flagged"), parse("\\Seen \\Flagged"));
    }

    @Test
    void flagsSeparatedByCommas() {
        assertEquals(Set.of("\\Seen", "\\Flagged", "$Label1"), parse("\\Seen,\\Flagged,$Label1"));
    }

    @Test
    void flagsSeparatedByTabsNewlinesAndMixedSeparators() {
        assertEquals(Set.of("\\Seen", "\\Flagged", "\\Answered", "work"), parse("\t\\Seen\t\\Flagged ,  \\Answered,\nwork\n"));
    }

    @Test
    void emptyValueIsNoFlags() {
        assertEquals(Set.of(), MessageAttributes.parseFlags(new byte[0]));
    }

    @Test
    void onlySeparatorsIsNoFlags() {
        assertEquals(Set.of(), parse(" ,\t, "));
    }

    @Test
    void repeatedFlagsCountOnce() {
        assertEquals(Set.of("\\Seen"), parse("\\Seen \\Seen,\\Seen"));
    }

    @Test
    void parsedFlagsComeSorted() {
        assertEquals(List.of("$Label", "\\Flagged", "\\Seen"), new ArrayList<>(parse("\\Seen $Label \\Flagged")));
    }

    // --- of(meta) -----------------------------------------------------------------------------

    @Test
    void attributesOfAMessageInOrder() {
        Map<String, String> attributes = asText(MessageAttributes.of(meta(Optional.of(SENT), Set.of("\\Seen", "\\Flagged", "$Label"))));

        assertEquals(List.of("user.mail.from", "user.mail.to", "user.mail.subject", "user.mail.date", "user.mail.message-id",
                "user.mail.flags"), new ArrayList<>(attributes.keySet()));
        assertEquals("Alice <alice@example.com>", attributes.get("user.mail.from"));
        assertEquals("Bob <bob@example.com>, Carol <carol@example.com>", attributes.get("user.mail.to"));
        assertEquals("Quarterly report \u00FCber alles", attributes.get("user.mail.subject"));
        assertEquals("2024-03-01T14:32:00Z", attributes.get("user.mail.date"));
        assertEquals("<report@example.com>", attributes.get("user.mail.message-id"));
        assertEquals("$Label \\Flagged \\Seen", attributes.get("user.mail.flags"));
    }

    @Test
    void valuesAreUtf8() {
        byte[] subject = MessageAttributes.of(meta(Optional.of(SENT), Set.of())).get("user.mail.subject");

        assertEquals("Quarterly report \u00FCber alles".getBytes(StandardCharsets.UTF_8).length, subject.length);
    }

    @Test
    void dateIsTheInternalDateWhenThereIsNoSentDate() {
        Map<String, String> attributes = asText(MessageAttributes.of(meta(Optional.empty(), Set.of())));

        assertEquals("2024-03-01T14:33:10Z", attributes.get("user.mail.date"));
    }

    @Test
    void noFlagsIsAnEmptyValue() {
        assertEquals("", asText(MessageAttributes.of(meta(Optional.of(SENT), Set.of()))).get("user.mail.flags"));
    }

    @Test
    void flagsValueParsesBackToTheSameFlags() {
        Set<String> flags = Set.of("\\Seen", "\\Answered", "$Forwarded");

        assertEquals(flags, MessageAttributes.parseFlags(MessageAttributes.of(meta(Optional.of(SENT), flags)).get(MessageAttributes.FLAGS)));
    }

    @Test
    void flagsAttributeIsNamedUserMailFlags() {
        assertEquals("user.mail.flags", MessageAttributes.FLAGS);
    }
}

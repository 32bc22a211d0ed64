package dev.mailfs.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeaderFieldsTest {
    private static HeaderFields parse(String block) {
        return HeaderFields.parse(block.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheListingFields() {
        HeaderFields fields = parse("""
                Date: Mon, 1 Apr 2024 10:19:00 +0000\r
                Subject: =?UTF-8?B?R3LDvMOfZQ==?= from\r
                 a folded line\r
                From: Alice Example <alice@example.org>\r
                To: bob@example.org, "Carol C" <carol@example.org>\r
                Message-ID: <id-1@example.org>\r
                \r
                """);
        assertEquals(Optional.of(Instant.parse("2024-04-01T10:19:00Z")), fields.date());
        assertEquals("Grüße from a folded line", fields.subject());
        assertEquals("Alice Example <alice@example.org>", fields.from());
        assertEquals("bob@example.org, Carol C <carol@example.org>", fields.to());
        assertEquals("<id-1@example.org>", fields.messageId());
    }

    /** Dovecot's ENVELOPE of this address made Angus drop the whole message from the listing. */
    @Test
    void anInvalidAddressDegradesToItsText() {
        HeaderFields fields = parse("From: =?UTF-8?B?xYF1a2FzeiBXcsOzYmVs?= <.ukasz.wr.bel@example.net>\r\n"
                + "To: \"Unclosed <nobody@example.org>\r\n");
        assertTrue(fields.from().contains("ukasz.wr.bel@example.net"), fields.from());
        assertTrue(fields.to().contains("nobody@example.org"), fields.to());
    }

    @Test
    void missingFieldsAreEmpty() {
        HeaderFields fields = parse("");
        assertEquals("", fields.subject());
        assertEquals("", fields.from());
        assertEquals("", fields.to());
        assertEquals("", fields.messageId());
        assertEquals(Optional.empty(), fields.date());
    }

    @Test
    void theFirstOccurrenceWinsAndNamesIgnoreCase() {
        HeaderFields fields = parse("SUBJECT: first\r\nsubject: second\r\n");
        assertEquals("first", fields.subject());
    }

    @Test
    void undeclaredEightBitTextIsUtf8OrElseWindows1252() {
        assertEquals("Grüße", HeaderFields.parse("Subject: Grüße\r\n".getBytes(StandardCharsets.UTF_8)).subject());
        assertEquals("Grüße", HeaderFields.parse("Subject: Grüße\r\n".getBytes(StandardCharsets.ISO_8859_1)).subject());
    }

    @Test
    void anUnparseableDateIsNoDate() {
        assertEquals(Optional.empty(), parse("Date: the day after tomorrow\r\n").date());
    }
}

package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Sections found in a whole message, as BODY[section] gives them, whatever order they are asked in. */
class LocalSectionsTest {
    private static final String MESSAGE = "Subject: outer\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n"
            + "--o\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n"
            + "--a\r\nContent-Type: text/plain\r\n\r\nplain text\r\n"
            + "--a\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n"
            + "--a--\r\n"
            + "--o\r\nContent-Type: message/rfc822\r\n\r\n"
            + "Subject: inner\r\nContent-Type: multipart/mixed; boundary=i\r\n\r\n"
            + "--i\r\nContent-Type: text/plain\r\n\r\ninner text\r\n"
            + "--i\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n"
            + "--i--\r\n"
            + "--o--\r\n";

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void oneParsedMessageGivesEverySectionAndAskedAgainTheSameBytes() {
        LocalSections.Parsed parsed = LocalSections.parse(MESSAGE.getBytes(StandardCharsets.ISO_8859_1));
        for (int round = 0; round < 2; round++) {
            assertEquals("AAEC", text(parsed.extract("2.2")));
            assertEquals("plain text", text(parsed.extract("1.1")));
            assertEquals("<p>html</p>", text(parsed.extract("1.2")));
            assertEquals("inner text", text(parsed.extract("2.1")));
            assertEquals(MESSAGE, text(parsed.extract("")));
            assertNull(parsed.extract("3"));
            assertNull(parsed.extract("1.3"));
        }
    }

    @Test
    void extractParsesTheMessageAsParsedDoes() {
        byte[] message = MESSAGE.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("<p>html</p>", text(LocalSections.extract(message, "1.2")));
        assertEquals("AAEC", text(LocalSections.extract(message, "2.2")));
        assertNull(LocalSections.extract(message, "x"));
    }
}

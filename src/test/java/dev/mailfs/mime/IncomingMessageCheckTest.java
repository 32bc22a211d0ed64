package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncomingMessageCheckTest {
    private static final String NOT_A_HEADER_FIELD =
            "not a mail message: it does not start with a header field such as \"From: ...\"";

    @TempDir
    Path dir;

    private IncomingMessageCheck.Result check(String content) throws IOException {
        return check(content.getBytes(StandardCharsets.ISO_8859_1));
    }

    private IncomingMessageCheck.Result check(byte[] content) throws IOException {
        Path file = Files.createTempFile(dir, "incoming-", ".eml");
        Files.write(file, content);
        return IncomingMessageCheck.check(file);
    }

    private static void assertRefused(String expectedProblem, IncomingMessageCheck.Result result) {
        assertFalse(result.isMessage());
        assertEquals(Optional.of(expectedProblem), result.problem());
        assertEquals(Optional.empty(), result.date());
    }

    // --- accepted -----------------------------------------------------------------------------

    @Test
    void crlfMessageIsAMessageAndItsDateIsRead() throws IOException {
        IncomingMessageCheck.Result result = check("From: Alice <alice@example.com>\r\n"
                + "To: Bob <bob@example.com>\r\n"
                + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
                + "Subject: Hello\r\n"
                + "\r\n"
                + "Hi Bob.\r\n");

        assertTrue(result.isMessage());
        assertEquals(Optional.empty(), result.problem());
        assertEquals(Optional.of(Instant.parse("2024-01-01T10:00:00Z")), result.date());
    }

    @Test
    void dateInAnotherZoneIsReadAsTheSameInstant() throws IOException {
        IncomingMessageCheck.Result result = check("Date: Tue, 2 Jan 2024 09:30:00 +0200\r\nSubject: x\r\n\r\nbody\r\n");

        assertEquals(Optional.of(Instant.parse("2024-01-02T07:30:00Z")), result.date());
    }

    @Test
    void dateFoldedOverTwoLinesIsRead() throws IOException {
        IncomingMessageCheck.Result result = check("From: alice@example.com\r\n"
                + "Date: Mon, 1 Jan 2024\r\n"
                + " 10:00:00 +0000\r\n"
                + "Subject: Folded\r\n"
                + "\r\n"
                + "body\r\n");

        assertTrue(result.isMessage());
        assertEquals(Optional.of(Instant.parse("2024-01-01T10:00:00Z")), result.date());
    }

    @Test
    void dateHeaderNameIsCaseInsensitive() throws IOException {
        IncomingMessageCheck.Result result = check("DATE: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nbody\r\n");

        assertEquals(Optional.of(Instant.parse("2024-01-01T10:00:00Z")), result.date());
    }

    @Test
    void lfOnlyMessageIsAccepted() throws IOException {
        IncomingMessageCheck.Result result = check("From: alice@example.com\n"
                + "Date: Mon, 1 Jan 2024 10:00:00 +0000\n"
                + "Subject: Unix line ends\n"
                + "\n"
                + "body\n");

        assertTrue(result.isMessage());
        assertEquals(Optional.of(Instant.parse("2024-01-01T10:00:00Z")), result.date());
    }

    @Test
    void headerOnlyMessageWithoutBlankLineIsAccepted() throws IOException {
        IncomingMessageCheck.Result result = check("From: alice@example.com\r\nSubject: Only a header");

        assertTrue(result.isMessage());
        assertEquals(Optional.empty(), result.date());
    }

    @Test
    void headerOnlyMessageEndingInALineEndIsAccepted() throws IOException {
        IncomingMessageCheck.Result result = check("From: alice@example.com\r\nSubject: Only a header\r\n");

        assertEquals(Optional.empty(), result.problem());
        assertTrue(result.isMessage());
    }

    @Test
    void messageWithoutDateHeaderHasNoDate() throws IOException {
        IncomingMessageCheck.Result result = check("From: alice@example.com\r\nSubject: Undated\r\n\r\nbody\r\n");

        assertTrue(result.isMessage());
        assertEquals(Optional.empty(), result.date());
    }

    @Test
    void invalidDateGivesNoDateButIsStillAMessage() throws IOException {
        IncomingMessageCheck.Result result = check("From: alice@example.com\r\nDate: sometime next week\r\n\r\nbody\r\n");

        assertTrue(result.isMessage());
        assertEquals(Optional.empty(), result.problem());
        assertEquals(Optional.empty(), result.date());
    }

    @Test
    void nulBytesInTheBodyAreAccepted() throws IOException {
        byte[] header = "From: alice@example.com\r\nSubject: binary body\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[header.length + 4];
        System.arraycopy(header, 0, content, 0, header.length);
        // the last four bytes stay 0

        assertTrue(check(content).isMessage());
    }

    @Test
    void continuationLinesWithTabsAreAccepted() throws IOException {
        IncomingMessageCheck.Result result = check("Subject: a long\r\n\tsubject\r\nTo: a@example.com,\r\n  b@example.com\r\n\r\nbody\r\n");

        assertTrue(result.isMessage());
    }

    // --- refused ------------------------------------------------------------------------------

    @Test
    void emptyFileIsRefused() throws IOException {
        assertRefused("not a mail message: the file is empty", check(new byte[0]));
    }

    @Test
    void textFileWithoutAHeaderIsRefused() throws IOException {
        assertRefused(NOT_A_HEADER_FIELD, check("Dear diary,\nToday I wrote a file.\n"));
    }

    @Test
    void fileStartingWithABlankLineIsRefused() throws IOException {
        assertRefused(NOT_A_HEADER_FIELD, check("\r\nFrom: alice@example.com\r\nSubject: late header\r\n\r\nbody\r\n"));
    }

    @Test
    void fileStartingWithABlankLfLineIsRefused() throws IOException {
        assertRefused(NOT_A_HEADER_FIELD, check("\nFrom: alice@example.com\n\nbody\n"));
    }

    @Test
    void binaryJunkWithNulBytesInTheHeaderIsRefused() throws IOException {
        byte[] elf = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3E, 0};

        assertRefused("not a mail message: its header holds NUL bytes (binary data)", check(elf));
    }

    @Test
    void nulByteInsideAnOtherwiseValidHeaderIsRefused() throws IOException {
        assertRefused("not a mail message: its header holds NUL bytes (binary data)",
                check("From: alice@example.com\r\nSubject: a\u0000b\r\n\r\nbody\r\n"));
    }

    @Test
    void headerLineThatIsNeitherFieldNorContinuationIsRefusedWithItsLineNumber() throws IOException {
        IncomingMessageCheck.Result result = check("From: alice@example.com\r\n"
                + "Subject: fine\r\n"
                + "this line is no header field\r\n"
                + "\r\n"
                + "body\r\n");

        assertRefused("not a mail message: line 3 of its header is neither a field nor a continuation", result);
    }

    @Test
    void continuationAsTheFirstLineIsRefused() throws IOException {
        assertRefused(NOT_A_HEADER_FIELD, check(" folded: nothing\r\nFrom: alice@example.com\r\n\r\nbody\r\n"));
    }

    @Test
    void mboxFromSeparatorLineIsRefused() throws IOException {
        // "From " has a space before any colon, and a space may not be part of a field name
        IncomingMessageCheck.Result result = check("From alice@example.com Mon Jan  1 10:00:00 2024\n"
                + "From: alice@example.com\n"
                + "Subject: from an mbox\n"
                + "\n"
                + "body\n");

        assertRefused(NOT_A_HEADER_FIELD, result);
    }

    @Test
    void fieldNameWithASpaceBeforeTheColonIsRefused() throws IOException {
        assertRefused(NOT_A_HEADER_FIELD, check("Subject : spaced\r\n\r\nbody\r\n"));
    }
}

package dev.mailfs.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class ImapErrorsTest {
    @Test
    void theReasonIsTheDeepestCauseThatSaysSomething() {
        assertEquals("Connection reset", ImapErrors.reason(new MessagingException("outer", new SocketException("Connection reset"))));
        assertEquals("outer", ImapErrors.reason(new MessagingException("outer", new SocketException())));
        assertEquals("MessagingException", ImapErrors.reason(new MessagingException()));
    }

    @Test
    void aTimeoutIsFoundAsACauseOrAsTheTextAngusKeepsOfIt() {
        assertTrue(ImapErrors.isTimeout(new MessagingException("read", new SocketTimeoutException("Read timed out"))));
        // What Angus throws when a read times out: the folder closed, the timeout only in its text.
        assertTrue(ImapErrors.isTimeout(new FolderClosedException(null,
                "* BYE Jakarta Mail Exception: java.net.SocketTimeoutException: Read timed out")));
        assertFalse(ImapErrors.isTimeout(new FolderClosedException(null, "* BYE Jakarta Mail Exception: java.io.IOException: Connection dropped")));
    }
}

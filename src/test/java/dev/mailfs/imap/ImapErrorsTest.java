package dev.mailfs.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
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

    /** Angus opens a folder to change it READ_WRITE; a server whose SELECT says [READ-ONLY] makes it throw this. */
    @Test
    void aFolderThatMayOnlyBeReadIsAccessDenied() {
        assertInstanceOf(dev.mailfs.errors.MailfsException.AccessDenied.class,
                ImapErrors.translate(new jakarta.mail.ReadOnlyFolderException(null, "Cannot open in desired mode"), "moving a message"));
    }

    @Test
    void aTimeoutIsFoundAsACauseOrAsTheTextAngusKeepsOfIt() {
        assertTrue(ImapErrors.isTimeout(new MessagingException("read", new SocketTimeoutException("Read timed out"))));
        // What Angus throws when a read times out: the folder closed, the timeout only in its text.
        assertTrue(ImapErrors.isTimeout(new FolderClosedException(null,
                "* BYE Jakarta Mail Exception: java.net.SocketTimeoutException: Read timed out")));
        assertFalse(ImapErrors.isTimeout(new FolderClosedException(null, "* BYE Jakarta Mail Exception: java.io.IOException: Connection dropped")));
    }

    @Test
    void aByeTheServerSaidIsToldFromOneAngusMadeUpForABrokenConnection() throws Exception {
        assertTrue(ImapErrors.serverSaidBye(new jakarta.mail.StoreClosedException(null, "* BYE Session expired, please login again")));
        assertTrue(ImapErrors.serverSaidBye(new MessagingException("lost",
                new org.eclipse.angus.mail.iap.ConnectionException(null, new org.eclipse.angus.mail.iap.Response("* BYE Session expired")))));
        assertFalse(ImapErrors.serverSaidBye(new FolderClosedException(null, "* BYE Jakarta Mail Exception: java.io.IOException: Connection dropped")));
        assertFalse(ImapErrors.serverSaidBye(new MessagingException("* BYE LOGOUT Requested")));
        assertFalse(ImapErrors.serverSaidBye(new MessagingException("lost", new SocketException("Connection reset"))));
    }

    @Test
    void theServersWordsForALimitOfTheAccountAreFoundInAnyCause() {
        // Gmail's answer to a LOGIN beyond its connections, and to a client it throttles.
        MessagingException tooMany = new jakarta.mail.AuthenticationFailedException("[ALERT] Too many simultaneous connections. (Failure)");
        assertEquals(java.util.Optional.of("[ALERT] Too many simultaneous connections. (Failure)"), ImapErrors.limit(tooMany));
        assertTrue(ImapErrors.isTooManyConnections(ImapErrors.limit(tooMany).get()));
        MessagingException throttled = new MessagingException("fetch", new Exception("A7 NO [THROTTLED] Account exceeded command or bandwidth limits."));
        assertTrue(ImapErrors.limit(throttled).isPresent());
        assertFalse(ImapErrors.isTooManyConnections(ImapErrors.limit(throttled).get()));
        assertFalse(ImapErrors.limit(new MessagingException("A1 NO [NONEXISTENT] Unknown Mailbox")).isPresent());
    }

    @Test
    void aLimitIsNotALoginFailure() {
        dev.mailfs.errors.MailfsException translated = ImapErrors.translate(
                new jakarta.mail.AuthenticationFailedException("[ALERT] Too many simultaneous connections. (Failure)"), "imap.gmail.com");
        assertTrue(translated instanceof dev.mailfs.errors.MailfsException.Unavailable, translated.toString());
        assertTrue(translated.getMessage().contains("Too many simultaneous connections"), translated.getMessage());
    }

    @Test
    void throttlingAndGmailsBandwidthLimitAskToWaitAFullMailboxDoesNot() {
        assertTrue(ImapErrors.asksToWait("A7 NO [THROTTLED] slow down"));
        assertTrue(ImapErrors.asksToWait("A7 NO [OVERQUOTA] Account exceeded command or bandwidth limits. (Failure)"));
        assertFalse(ImapErrors.asksToWait("H46 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)"));
    }

    @Test
    void aFolderThatGotNoConnectionIsRetriedLikeALostOne() {
        assertTrue(ImapErrors.isConnectionLoss(new MessagingException("connection failure")), "Angus's words when the server refused the login");
        assertFalse(ImapErrors.isConnectionLoss(new MessagingException("A3 NO [NONEXISTENT] Unknown Mailbox")));
    }

    @Test
    void aRefusalIsTheErrnoItsResponseCodeOrItsWordsSay() {
        assertRefusal(MailfsException.AccessDenied.class, "a NO [NOPERM] Access denied");
        assertRefusal(MailfsException.AccessDenied.class, "a NO Permission denied");
        assertRefusal(MailfsException.NotPermitted.class, "a NO [CANNOT] Cannot rename INBOX");
        assertRefusal(MailfsException.AlreadyExists.class, "a NO [ALREADYEXISTS] Mailbox already exists");
        assertRefusal(MailfsException.AlreadyExists.class, "a NO Mailbox already exists");
        assertRefusal(MailfsException.NotFound.class, "a NO [NONEXISTENT] Unknown Mailbox: Nope");
        assertRefusal(MailfsException.NotFound.class, "a NO [TRYCREATE] Mailbox doesn't exist: Nope");
        // Dovecot, for a message another client expunged that this session still numbers
        assertRefusal(MailfsException.NotFound.class, "E4 NO [EXPUNGEISSUED] Some of the requested messages no longer exist");
        assertRefusal(MailfsException.QuotaExceeded.class, "a NO [OVERQUOTA] Quota exceeded (mailbox for user is full)");
        assertRefusal(MailfsException.ServerError.class, "a NO Something else went wrong");
        // Gmail's bandwidth limit is a reason to wait, not a full mailbox.
        assertEquals(MailfsException.Unavailable.class, ImapErrors.translate(
                new MessagingException("[OVERQUOTA] Account exceeded command or bandwidth limits"), "copying").getClass());
    }

    private static void assertRefusal(Class<? extends MailfsException> expected, String said) {
        MailfsException translated = ImapErrors.translate(new MessagingException(said), "creating Nope");
        assertEquals(expected, translated.getClass(), said);
        assertTrue(translated.getMessage().contains(said), "the server's words are kept: " + translated.getMessage());
    }
}

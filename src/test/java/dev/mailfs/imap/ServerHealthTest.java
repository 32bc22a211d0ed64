package dev.mailfs.imap;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.testing.LogCapture;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerHealthTest {
    private final AtomicLong now = new AtomicLong();
    private final ServerHealth health = new ServerHealth("alice@imap.example.org:993", now::get);

    @RegisterExtension
    final LogCapture log = new LogCapture(ServerHealth.class);

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void aServerThatDidNotAnswerIsNotAskedForAWhileThenAgain() {
        assertDoesNotThrow(() -> health.checkAnswering("a read"));
        health.notAnswering("no answer within 3 s");
        MailfsException.Unavailable fast = assertThrows(MailfsException.Unavailable.class, () -> health.checkAnswering("a read"));
        assertTrue(fast.getMessage().contains("no answer within 3 s"), fast.getMessage());
        advance(ServerHealth.FIRST_WAIT);
        assertDoesNotThrow(() -> health.checkAnswering("a read"), "tried again after the first wait");
        assertEquals(1, log.records(Level.WARNING).size());
        assertTrue(log.messages(Level.WARNING).get(0).contains("is not answering (no answer within 3 s)"), log.messages(Level.WARNING).get(0));
    }

    @Test
    void aServerThatEndsEachSessionAfterLoginIsNotLoggedInToForMinutesLongerEachTime() {
        assertDoesNotThrow(health::checkMayLogIn);
        health.endsSessionsAfterLogin("* BYE Session expired, please login again");
        assertThrows(MailfsException.HeldOff.class, health::checkMayLogIn);
        assertThrows(MailfsException.HeldOff.class, () -> health.checkAnswering("a read"));
        assertFalse(health.isAwayToProbe(), "no probe logs in meanwhile");
        advance(ServerHealth.FIRST_LOGIN_WAIT.minusSeconds(1));
        assertThrows(MailfsException.HeldOff.class, health::checkMayLogIn);
        advance(Duration.ofSeconds(1));
        assertDoesNotThrow(health::checkMayLogIn, "one login after the first wait");

        health.endsSessionsAfterLogin("* BYE Session expired, please login again");
        advance(ServerHealth.FIRST_LOGIN_WAIT);
        assertThrows(MailfsException.HeldOff.class, health::checkMayLogIn, "twice as long the second time");
        advance(ServerHealth.FIRST_LOGIN_WAIT);
        assertDoesNotThrow(health::checkMayLogIn);
        List<String> warnings = log.messages(Level.WARNING);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("ends each session right after login") && warnings.get(0).contains("lock"), warnings.get(0));

        health.answered();
        health.notAnswering("refused");
        assertDoesNotThrow(health::checkMayLogIn, "a server away for another reason may be logged in to (the probe does)");
    }

    @Test
    void overGmailsBandwidthTheLogLineNamesItsDailyLimit() {
        health.limited("NO [OVERQUOTA] Account exceeded command or bandwidth limits. (Failure)");
        assertTrue(log.messages(Level.WARNING).get(0).contains("2,500 MB"), log.messages(Level.WARNING).get(0));
    }

    @Test
    void aTimeoutOfAnOperationBegunBeforeTheLastAnswerDoesNotTakeTheServerAway() {
        long begun = now.get();
        advance(Duration.ofSeconds(3));
        health.answered(); // another operation, after the network came back
        advance(Duration.ofSeconds(1));
        health.notAnswering("no answer within 3 s", begun);
        assertDoesNotThrow(() -> health.checkAnswering("a read"));
        assertEquals("online", health.state());

        health.notAnswering("no answer within 3 s", now.get());
        assertThrows(MailfsException.Unavailable.class, () -> health.checkAnswering("a read"), "one begun after it does");
    }

    @Test
    void theWaitDoublesWhileTheServerStaysAwayAndEndsWhenItAnswers() {
        health.notAnswering("refused");
        advance(ServerHealth.FIRST_WAIT);
        health.notAnswering("refused");
        advance(ServerHealth.FIRST_WAIT);
        assertThrows(MailfsException.Unavailable.class, () -> health.checkAnswering("a read"), "the second wait is twice the first");
        advance(ServerHealth.FIRST_WAIT);
        assertDoesNotThrow(() -> health.checkAnswering("a read"));
        health.answered();
        health.notAnswering("refused");
        advance(ServerHealth.FIRST_WAIT);
        assertDoesNotThrow(() -> health.checkAnswering("a read"), "back to the first wait once it answered");
        assertEquals(2, log.records(Level.WARNING).size(), "said once each time it went away: " + log.messages(Level.WARNING));
        assertEquals(List.of("alice@imap.example.org:993 answers again"), log.messages(Level.INFO));
    }

    @Test
    void theWaitStopsGrowingAtAMinute() {
        for (int i = 0; i < 20; i++) {
            health.notAnswering("refused");
            advance(ServerHealth.LONGEST_WAIT);
        }
        health.notAnswering("refused");
        advance(ServerHealth.LONGEST_WAIT);
        assertDoesNotThrow(() -> health.checkAnswering("a read"));
    }

    /** Angus keeps only the text of the timeout when it closes the folder. */
    @Test
    void aTimeoutIsKnownByItsTextAsAngusReportsIt() {
        MessagingException timedOut = new FolderClosedException(null,
                "* BYE Jakarta Mail Exception: java.net.SocketTimeoutException: Read timed out");
        assertTrue(ImapErrors.isTimeout(timedOut));
        assertFalse(ImapErrors.isTimeout(new FolderClosedException(null, "* BYE server shutting down")));
    }

    @Test
    void aServerThatLimitsTheAccountIsLeftAloneForAWhileAndSaysWhy() {
        health.limited("NO [THROTTLED] Account exceeded command or bandwidth limits.");
        MailfsException.Unavailable refused = assertThrows(MailfsException.Unavailable.class, () -> health.checkAnswering("a read"));
        assertTrue(refused.getMessage().contains("[THROTTLED]"), refused.getMessage());
        advance(ServerHealth.FIRST_WAIT);
        health.checkAnswering("a read");
        assertTrue(log.messages(Level.WARNING).get(0).contains("limits this account (NO [THROTTLED]"), log.messages(Level.WARNING).get(0));
    }

    @Test
    void aThrottlingServerIsAskedMoreAndMoreSlowlyUntilItAnswersWithoutIt() {
        assertTrue(health.currentPause().isZero());
        health.throttled("A7 OK Success [THROTTLED]");
        assertTrue(health.currentPause().equals(ServerHealth.FIRST_PAUSE));
        for (int i = 0; i < 10; i++) {
            health.throttled("A8 OK Success [THROTTLED]");
        }
        assertTrue(health.currentPause().equals(ServerHealth.LONGEST_PAUSE), "doubling, up to the longest pause");
        assertDoesNotThrow(() -> health.checkAnswering("a read"), "throttled is not away: commands still go, later");
        health.notThrottled();
        assertTrue(health.currentPause().isZero());
        assertEquals(1, log.records(Level.WARNING).size(), "said once: " + log.messages(Level.WARNING));
        assertTrue(log.messages(Level.WARNING).get(0).contains("throttles this account (A7 OK Success [THROTTLED])"));
        assertEquals(List.of("alice@imap.example.org:993 no longer throttles this account"), log.messages(Level.INFO));
    }
}

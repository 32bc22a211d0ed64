package dev.mailfs.imap;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DownloadBudgetTest {
    private static final long MB = 1_000_000;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:15:00Z"));

    @RegisterExtension
    final LogCapture log = new LogCapture(DownloadBudget.class);

    @TempDir
    Path directory;

    private void advance(Duration duration) {
        now.set(now.get().plus(duration));
    }

    @Test
    void onceTheBudgetIsSpentDownloadsFailAtOnceWithOneLogLineUntilTheWindowMovesOn() {
        DownloadBudget budget = new DownloadBudget(Optional.empty(), 100 * MB, now::get);
        budget.downloaded(60 * MB);
        advance(Duration.ofHours(2));
        budget.downloaded(40 * MB);
        MailfsException.HeldOff refused = assertThrows(MailfsException.HeldOff.class, () -> budget.checkBefore("reading message 7 in INBOX"));
        assertTrue(refused.getMessage().contains("100 MB in the last 24 hours, of 100 MB") && refused.getMessage().contains("2,500 MB"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("until about"), refused.getMessage());
        assertThrows(MailfsException.HeldOff.class, () -> budget.checkBefore("reading message 8 in INBOX"));
        assertEquals(1, log.records(Level.WARNING).size(), "one line, however many reads are refused");

        advance(Duration.ofHours(21).plusMinutes(44)); // 09:59 the next day
        assertThrows(MailfsException.HeldOff.class, () -> budget.checkBefore("a read"), "the first 60 MB, of the hour from 10:00, still count");
        advance(Duration.ofMinutes(1)); // 10:00: counted by the hour, they leave the window now
        assertDoesNotThrow(() -> budget.checkBefore("a read"));
        assertEquals("40 MB in the last 24 hours (budget 100 MB)", budget.state());
    }

    @Test
    void theCountsSurviveARestart() {
        Path file = directory.resolve("downloads-v1");
        DownloadBudget before = new DownloadBudget(Optional.of(file), 100 * MB, now::get);
        before.downloaded(99 * MB);
        before.downloaded(2 * MB);
        before.save();
        DownloadBudget after = new DownloadBudget(Optional.of(file), 100 * MB, now::get);
        assertEquals("101 MB in the last 24 hours (budget 100 MB)", after.state());
        assertThrows(MailfsException.HeldOff.class, () -> after.checkBefore("a read"));
    }

    @Test
    void withoutALimitEverythingIsCountedAndNothingRefused() {
        DownloadBudget budget = new DownloadBudget(Optional.empty(), 0, now::get);
        budget.downloaded(10_000 * MB);
        assertDoesNotThrow(() -> budget.checkBefore("a read"));
        assertEquals("10000 MB in the last 24 hours", budget.state());
    }
}

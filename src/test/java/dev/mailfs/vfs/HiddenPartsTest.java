package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HiddenPartsTest {
    private final AtomicLong now = new AtomicLong();
    private final HiddenParts hidden = new HiddenParts(now::get);

    @Test
    void aHiddenDirectoryHidesWhatIsInIt() {
        hidden.hide("/INBOX/X", "fwd");
        assertTrue(hidden.isHidden("/INBOX/X", "fwd/body.txt"));
        assertFalse(hidden.isHidden("/INBOX/X", "body.txt"));
        assertFalse(hidden.isHidden("/INBOX/Y", "fwd"));
    }

    @Test
    void hiddenNamesComeBackAMinuteAfterTheLastWasHidden() {
        hidden.hide("/INBOX/X", "body.txt");
        now.addAndGet(HiddenParts.LIFETIME.toNanos() - 1);
        hidden.hide("/INBOX/X", "plan.pdf");
        now.addAndGet(HiddenParts.LIFETIME.toNanos() - 1);
        assertTrue(hidden.isHidden("/INBOX/X", "plan.pdf"), "just hidden");
        assertTrue(hidden.isHidden("/INBOX/X", "body.txt"), "rm -r still at work in the directory");
        now.addAndGet(2);
        assertFalse(hidden.isHidden("/INBOX/X", "body.txt"));
        assertFalse(hidden.isHidden("/INBOX/X", "plan.pdf"));
    }
}

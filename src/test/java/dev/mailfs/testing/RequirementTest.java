package dev.mailfs.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequirementTest {
    private static final String MISSING = "gio is missing (Debian package libglib2.0-bin)";

    @Test
    void aMissingRequirementFailsOnCi() {
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> Requirement.check(false, MISSING, true));
        assertEquals("CI is set, so this test may not be skipped: " + MISSING, failure.getMessage());
    }

    @Test
    void aMissingRequirementSkipsElsewhere() {
        TestAbortedException skipped = assertThrows(TestAbortedException.class, () -> Requirement.check(false, MISSING, false));
        assertTrue(skipped.getMessage().endsWith(MISSING), skipped.getMessage());
    }

    @Test
    void aPresentRequirementDoesNothing() {
        assertDoesNotThrow(() -> Requirement.check(true, MISSING, true));
        assertDoesNotThrow(() -> Requirement.check(true, MISSING, false));
    }

    @Test
    void ciIsAnyValueButEmptyOrFalse() {
        assertTrue(Requirement.isCi("true"));
        assertTrue(Requirement.isCi("1"));
        assertFalse(Requirement.isCi(null));
        assertFalse(Requirement.isCi(""));
        assertFalse(Requirement.isCi("false"));
        assertFalse(Requirement.isCi("FALSE"));
    }

    @Test
    void commandsAreLookedUpOnPath() {
        assertTrue(Requirement.onPath("sh"));
        assertFalse(Requirement.onPath("mailfs-no-such-command"));
    }
}

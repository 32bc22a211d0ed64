package dev.mailfs.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a test needs from the machine: a device, a library, a command. Where it is missing, the
 * test is skipped with a line saying what to install; on CI (the environment variable {@code CI}
 * set, as {@code .ci/run} sets it) a missing requirement is a broken setup and fails the test.
 */
public final class Requirement {
    private Requirement() {
    }

    /** The command {@code name} on PATH, which the Debian package {@code debianPackage} provides. */
    public static void command(String name, String debianPackage) {
        require(onPath(name), name, "Debian package " + debianPackage);
    }

    /** Skips or fails (see the class comment) unless {@code present}; "WHAT is missing (SOURCE)". */
    public static void require(boolean present, String what, String source) {
        check(present, what + " is missing (" + source + ")", isCi(System.getenv("CI")));
    }

    static void check(boolean present, String missing, boolean ci) {
        if (present) {
            return;
        }
        if (ci) {
            fail("CI is set, so this test may not be skipped: " + missing);
        }
        abort(missing);
    }

    /** Set and not empty or "false": GitHub, GitLab and .ci/run say CI=true. */
    static boolean isCi(String value) {
        return value != null && !value.isBlank() && !value.strip().toLowerCase(Locale.ROOT).equals("false");
    }

    static boolean onPath(String name) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, name))) {
                return true;
            }
        }
        return false;
    }
}

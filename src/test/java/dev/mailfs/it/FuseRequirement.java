package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Integration tests need a real FUSE: on CI its absence fails the build, elsewhere it skips. */
final class FuseRequirement {
    private static final List<Path> LIBFUSE2 = List.of(
            Path.of("/lib/x86_64-linux-gnu/libfuse.so.2"),
            Path.of("/usr/lib/x86_64-linux-gnu/libfuse.so.2"),
            Path.of("/lib/aarch64-linux-gnu/libfuse.so.2"),
            Path.of("/usr/lib/aarch64-linux-gnu/libfuse.so.2"),
            Path.of("/usr/lib/libfuse.so.2"),
            Path.of("/usr/lib64/libfuse.so.2"));

    private FuseRequirement() {
    }

    static void check() {
        String missing = null;
        if (!Files.exists(Path.of("/dev/fuse"))) {
            missing = "/dev/fuse";
        } else if (LIBFUSE2.stream().noneMatch(Files::exists)) {
            missing = "libfuse.so.2 (apt-get install libfuse2)";
        } else if (Shell.which("fusermount") == null) {
            missing = "fusermount (apt-get install fuse3)";
        }
        if (missing != null) {
            if (System.getenv("CI") != null) {
                fail("FUSE is required on CI but " + missing + " is missing");
            }
            assumeTrue(false, "no FUSE here: " + missing + " is missing");
        }
    }
}

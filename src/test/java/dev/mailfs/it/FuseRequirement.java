package dev.mailfs.it;

import dev.mailfs.testing.Requirement;
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
        Requirement.require(Files.exists(Path.of("/dev/fuse")), "/dev/fuse",
                "the fuse kernel module; a container needs --device /dev/fuse --cap-add SYS_ADMIN");
        Requirement.require(LIBFUSE2.stream().anyMatch(Files::exists), "libfuse.so.2",
                "Debian package libfuse2, libfuse2t64 on Ubuntu 24.04");
        Requirement.command("fusermount", "fuse3");
    }
}

package dev.mailfs.it;

import dev.mailfs.fuse.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A test class's directory in /tmp, deleted at its end: the mail the tests made stays nowhere. */
final class WorkDirectory {
    private WorkDirectory() {
    }

    /**
     * Deletes {@code directory} and what is in it, unless something is still mounted below it (a
     * mount that did not end: deleting through it would delete the server's mail instead).
     */
    static void delete(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> children = Files.list(directory)) { // the mount points are its children
            if (children.anyMatch(path -> MountTable.typeAt(path) != null)) {
                return;
            }
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

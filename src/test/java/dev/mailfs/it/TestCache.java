package dev.mailfs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where the daemons the tests start keep their disk store: one private directory per test run, removed at its end. */
final class TestCache {
    static final Path DIRECTORY = create();

    private TestCache() {
    }

    private static Path create() {
        try {
            Path directory = Files.createTempDirectory("mailfs-it-cache-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory is no failure
        }
    }
}

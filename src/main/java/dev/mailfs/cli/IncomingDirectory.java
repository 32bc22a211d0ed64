package dev.mailfs.cli;

import dev.mailfs.cache.ProcessDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The private directory in /tmp where files copied into the mount wait for their APPEND: named
 * after the daemon's process, deleted at unmount, and what a daemon that was killed left behind is
 * deleted at the next start ({@link ProcessDirectory}). It holds mail: nothing may stay there.
 */
final class IncomingDirectory {
    private static final Logger LOG = Logger.getLogger(IncomingDirectory.class.getName());
    private static final String PREFIX = "mailfs-incoming-";
    /** Named without the process, by earlier versions: one untouched for a day is left behind. */
    private static final Pattern OLD_NAME = Pattern.compile(Pattern.quote(PREFIX) + "\\d+");
    private static final Duration OLD_AFTER = Duration.ofDays(1);

    private IncomingDirectory() {
    }

    /** A new one in {@code parent}, after deleting those of processes that are gone. */
    static Path create(Path parent) throws IOException {
        try (Stream<Path> others = Files.list(parent)) {
            others.filter(IncomingDirectory::isLeftByAnEarlierVersion).forEach(IncomingDirectory::delete);
        }
        return ProcessDirectory.create(parent, PREFIX);
    }

    /** Deletes it and whatever is in it; a failure is logged. */
    static void delete(Path directory) {
        if (!ProcessDirectory.delete(directory)) {
            LOG.warning("cannot delete " + directory + ", which holds files copied into the mount: delete it yourself");
        }
    }

    private static boolean isLeftByAnEarlierVersion(Path directory) {
        try {
            return OLD_NAME.matcher(directory.getFileName().toString()).matches() && Files.isDirectory(directory)
                    && Files.isWritable(directory)
                    && Files.getLastModifiedTime(directory).toInstant().isBefore(Instant.now().minus(OLD_AFTER));
        } catch (IOException e) {
            return false;
        }
    }
}

package dev.mailfs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The private directory in /tmp where files copied into the mount wait for their APPEND: named
 * after the daemon's process, deleted at unmount, and what a daemon that was killed left behind is
 * deleted at the next start. It holds mail: nothing may stay there.
 */
final class IncomingDirectory {
    private static final Logger LOG = Logger.getLogger(IncomingDirectory.class.getName());
    private static final String PREFIX = "mailfs-incoming-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+");
    /** Named without the process, by earlier versions: one untouched for a day is left behind. */
    private static final Pattern OLD_NAME = Pattern.compile(Pattern.quote(PREFIX) + "\\d+");
    private static final Duration OLD_AFTER = Duration.ofDays(1);

    private IncomingDirectory() {
    }

    /** A new one in {@code parent}, after deleting those of processes that are gone. */
    static Path create(Path parent) throws IOException {
        try (Stream<Path> others = Files.list(parent)) {
            others.filter(IncomingDirectory::isAbandoned).forEach(IncomingDirectory::delete);
        }
        return Files.createTempDirectory(parent, PREFIX + ProcessHandle.current().pid() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Deletes it and whatever is in it; a failure is logged. */
    static void delete(Path directory) {
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot delete " + directory + ", which holds files copied into the mount: delete it yourself", e);
        }
    }

    private static boolean isAbandoned(Path directory) {
        String fileName = directory.getFileName().toString();
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            return false;
        }
        Matcher name = NAME.matcher(fileName);
        if (name.matches()) {
            return ProcessHandle.of(Long.parseLong(name.group(1))).map(process -> !process.isAlive()).orElse(true);
        }
        try {
            return OLD_NAME.matcher(fileName).matches()
                    && Files.getLastModifiedTime(directory).toInstant().isBefore(Instant.now().minus(OLD_AFTER));
        } catch (IOException e) {
            return false;
        }
    }
}

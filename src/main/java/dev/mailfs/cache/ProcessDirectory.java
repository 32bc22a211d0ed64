package dev.mailfs.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private directory (0700) of one process in a shared place such as /tmp, named its prefix, the
 * process's id and something unique: its owner deletes it at the end, and what a process that is
 * gone left behind is deleted when the next one makes its own. For what holds mail only while a
 * mount runs (large parts decoded without a disk store, files being copied in).
 */
public final class ProcessDirectory {
    private ProcessDirectory() {
    }

    /** A new one in {@code parent}, after deleting those with the same prefix whose process is gone. */
    public static Path create(Path parent, String prefix) throws IOException {
        Pattern names = Pattern.compile(Pattern.quote(prefix) + "(\\d+)-.*");
        try (Stream<Path> others = Files.list(parent)) {
            others.filter(directory -> isAbandoned(directory, names)).forEach(PrivateFiles::deleteTree);
        }
        return PrivateFiles.createDirectory(parent, prefix + PrivateFiles.pid() + "-");
    }

    /** Deletes it and everything in it, as far as it can; true when it is gone. */
    public static boolean delete(Path directory) {
        return PrivateFiles.deleteTree(directory);
    }

    private static boolean isAbandoned(Path directory, Pattern names) {
        Matcher name = names.matcher(directory.getFileName().toString());
        return name.matches() && Files.isDirectory(directory) && Files.isWritable(directory)
                && ProcessHandle.of(Long.parseLong(name.group(1))).map(process -> !process.isAlive()).orElse(true);
    }
}

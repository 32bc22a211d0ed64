package dev.mailfs.cli;

import dev.mailfs.vfs.WriteSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that say what changes a mount may make; shared by {@code mount} and {@code demo}. */
final class WriteOptions {
    @Option(names = "--read-only", description = "refuse every change (EROFS)")
    boolean readOnly;

    @Option(names = "--delete", defaultValue = "trash", paramLabel = "trash|expunge",
            description = "what rm does: trash (default) moves to the Trash folder, where rm deletes for good; expunge deletes at once")
    String delete;

    @Option(names = "--trash-folder", paramLabel = "FOLDER",
            description = "the Trash folder when the server marks none as \\\\Trash (default: Trash, Deleted Items, …)")
    String trashFolder;

    /** The settings, with a private directory (0700, removed at exit) for files being copied in. */
    WriteSettings toSettings() throws IOException {
        WriteSettings.DeleteMode mode = switch (delete.toLowerCase(java.util.Locale.ROOT)) {
            case "trash" -> WriteSettings.DeleteMode.TRASH;
            case "expunge" -> WriteSettings.DeleteMode.EXPUNGE;
            default -> throw new UsageException("--delete must be trash or expunge, not '" + delete + "'");
        };
        Path incoming = Files.createTempDirectory("mailfs-incoming-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        incoming.toFile().deleteOnExit();
        return new WriteSettings(readOnly, mode, Optional.ofNullable(trashFolder), incoming);
    }
}

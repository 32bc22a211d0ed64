package dev.mailfs.vfs;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What changes to the mailbox are allowed and how they are done, and whether mail another program
 * marked deleted shows.
 *
 * @param readOnly          every change is refused with EROFS
 * @param delete            what {@code rm} of a message does outside the Trash folder
 * @param trashFolder       the Trash folder when the server marks none with \Trash
 * @param incomingDirectory private directory where files copied in wait until they are appended
 * @param showDeleted       messages flagged \Deleted (and not yet expunged) are shown, with the flag
 *                          in user.mail.flags; by default they are not
 */
public record WriteSettings(boolean readOnly, DeleteMode delete, Optional<String> trashFolder, Path incomingDirectory,
                            boolean showDeleted) {

    /** The same settings, with files copied in waiting in {@code directory}. */
    public WriteSettings withIncomingDirectory(Path directory) {
        return new WriteSettings(readOnly, delete, trashFolder, directory, showDeleted);
    }

    /** Settings that do not show messages flagged \Deleted. */
    public WriteSettings(boolean readOnly, DeleteMode delete, Optional<String> trashFolder, Path incomingDirectory) {
        this(readOnly, delete, trashFolder, incomingDirectory, false);
    }

    public enum DeleteMode {
        /** Move to the Trash folder; rm inside Trash deletes for good. */
        TRASH,
        /** Delete for good at once (\Deleted and UID EXPUNGE of that message). */
        EXPUNGE
    }

    /** Folder names used for Trash by common servers, tried when none is marked \Trash. */
    public static final java.util.List<String> COMMON_TRASH_NAMES =
            java.util.List.of("Trash", "INBOX.Trash", "INBOX/Trash", "Deleted Items", "Deleted Messages", "[Gmail]/Trash");
}

package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderInfo;
import jakarta.mail.MessagingException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Gmail keeps one message per Message-ID: an APPEND of a message the account holds is merged into
 * the one it has, which keeps its bytes and, appended to Trash or Spam, goes there and loses every
 * label (users report it; Google does not say). So a file copied into a Gmail folder is first looked
 * for by its Message-ID ({@code X-GM-RAW rfc822msgid:}) in All Mail, Trash and Spam, and where the
 * account has it:
 * <ul>
 *   <li>with the same bytes, that message is made to show in the folder instead of appending a
 *       second one: into a label's folder a UID COPY adds the label (out of Trash or Spam a UID
 *       MOVE restores it with that label), into All Mail out of Trash or Spam a UID MOVE; where it
 *       shows already, nothing is done;
 *   <li>into Trash or Spam from anywhere else, it is refused: there it would lose its labels (rm or
 *       mv put a message in Trash);
 *   <li>with other bytes (an edited copy), it is refused: Gmail would keep the bytes it has.
 * </ul>
 * Both refusals are {@link MailfsException.AlreadyExists}: EEXIST for the close(2) that appends, and its log line.
 * An account that hides All Mail cannot be searched for the message: a copy into Trash or Spam is
 * then refused (EPERM); into a label's folder it is appended (merged, Gmail would add the label).
 */
final class GmailCopies {
    private static final Pattern SEARCHABLE_MESSAGE_ID = Pattern.compile("<?([^\\s\"()<>]+)>?");
    /** How much of the message one command fetches to compare it. */
    private static final int PIECE = 1 << 20;

    private final ImapConnection connection;
    private final FolderSync folders;

    GmailCopies(ImapConnection connection, FolderSync folders) {
        this.connection = connection;
        this.folders = folders;
    }

    /**
     * Makes the message the account already has show in {@code destination}, or refuses; nothing
     * when the account does not have it.
     *
     * @return whether the message now shows there, and nothing is to be appended
     */
    boolean placeExisting(String destination, Path rfc822) throws IOException {
        Matcher messageId = SEARCHABLE_MESSAGE_ID.matcher(MessageIdHeader.of(rfc822).orElse(""));
        List<FolderInfo> all = folders.listFolders();
        Optional<FolderInfo> target = all.stream().filter(f -> f.fullName().equals(destination)).findFirst();
        if (!messageId.matches() || target.isEmpty()) {
            return false;
        }
        SearchCriteria sameMessageId = SearchCriteria.gmailMessageId(messageId.group(1));
        // All Mail first, then Trash and Spam, which it does not show.
        for (Predicate<FolderInfo> kind : List.<Predicate<FolderInfo>>of(FolderInfo::isAllMail, FolderInfo::isTrash, FolderInfo::isJunk)) {
            Optional<FolderInfo> there = all.stream().filter(kind).findFirst();
            if (there.isEmpty()) {
                continue;
            }
            // Found and placed on one connection: the UID is one its session knows.
            Optional<Boolean> placed = connection.withWritableFolder(there.get().fullName(), folder -> {
                long[] uids = (long[]) folder.doCommand(p -> {
                    p.noop(); // a folder kept open learns of mail that came meanwhile
                    return UidCommands.search(p, sameMessageId.argument());
                });
                return uids.length == 0 ? Optional.<Boolean>empty()
                        : Optional.of(place(folder, there.get(), uids[0], target.get(), rfc822, messageId.group(1)));
            });
            if (placed.isPresent()) {
                return placed.get();
            }
        }
        if (all.stream().noneMatch(FolderInfo::isAllMail) && (target.get().isTrash() || target.get().isJunk())) {
            throw new MailfsException.NotPermitted("this Gmail account does not show All Mail over IMAP (Gmail's settings,"
                    + " Labels: All Mail, Show in IMAP), so mailfs cannot tell whether Gmail has this message already (Message-ID "
                    + messageId.group(1) + "); if it has, a copy in " + destination + " would take it out of its labels. Nothing was appended");
        }
        return false;
    }

    private static boolean place(IMAPFolder folder, FolderInfo there, long uid, FolderInfo into, Path rfc822, String messageId)
            throws MessagingException {
        if (!sameBytes(folder, uid, rfc822)) {
            throw new MailfsException.AlreadyExists("Gmail already has a different message with the Message-ID " + messageId + " (in "
                    + there.fullName() + ") and keeps one message per Message-ID: it would keep the bytes it has."
                    + " Give the edited copy a new Message-ID to add it");
        }
        if (there.fullName().equals(into.fullName())) {
            return true; // shows there already
        }
        if (into.isTrash() || into.isJunk()) {
            throw new MailfsException.AlreadyExists("Gmail already has this message (Message-ID " + messageId + ") and keeps one"
                    + " message per Message-ID: in " + into.fullName() + " it would lose its labels. rm or mv puts a message in Trash");
        }
        boolean outOfTrashOrSpam = there.isTrash() || there.isJunk();
        if (into.isAllMail() && !outOfTrashOrSpam) {
            return true; // every message outside Trash and Spam shows in All Mail
        }
        folder.doCommand(p -> outOfTrashOrSpam ? UidCommands.move(p, uid, into.fullName()) : UidCommands.copy(p, uid, into.fullName()));
        return true;
    }

    /** Whether the message there holds the file's bytes, carriage returns aside (APPEND sends CRLF line ends). */
    private static boolean sameBytes(IMAPFolder folder, long uid, Path rfc822) throws MessagingException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(rfc822))) {
            int next = nextWithoutCr(file);
            for (long offset = 0; ; offset += PIECE) {
                byte[] piece = piece(folder, uid, offset);
                for (byte b : piece) {
                    if (b == '\r') {
                        continue;
                    }
                    if (next != (b & 0xff)) {
                        return false;
                    }
                    next = nextWithoutCr(file);
                }
                if (piece.length < PIECE) {
                    return next < 0;
                }
            }
        } catch (IOException e) {
            throw new MailfsException.ServerError("cannot read the message to append: " + e.getMessage(), e);
        }
    }

    private static byte[] piece(IMAPFolder folder, long uid, long offset) throws MessagingException {
        @SuppressWarnings("unchecked")
        Optional<byte[]> bytes = (Optional<byte[]>) folder.doCommand((IMAPProtocol p) -> RawFetch.bodyRange(p, uid, offset, PIECE));
        return bytes.orElseThrow(() -> new MailfsException.NotFound("message " + uid + " in " + folder.getFullName()));
    }

    private static int nextWithoutCr(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
        } while (b == '\r');
        return b;
    }
}

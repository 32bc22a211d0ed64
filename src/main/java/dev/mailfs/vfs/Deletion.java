package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageRef;
import java.util.List;
import java.util.Optional;

/**
 * What rm of a message means on the server. Elsewhere: a move to Trash, and in Trash (or with
 * --delete=expunge) \Deleted and UID EXPUNGE of that message. On Gmail, where folders are labels:
 * in a label's folder (INBOX too) that label is taken off, and the message stays in All Mail and
 * its other labels' folders; in All Mail it goes to Trash (the folder marked \Trash; refused when the
 * account hides it); in Trash and Spam it is deleted for good.
 */
final class Deletion {
    private final MailSource mail;
    private final WriteSettings writes;
    private final FolderTree folders;

    Deletion(MailSource mail, WriteSettings writes, FolderTree folders) {
        this.mail = mail;
        this.writes = writes;
        this.folders = folders;
    }

    void delete(MessageRef message) {
        if (mail.hasLabels()) {
            deleteOnGmail(message);
        } else if (writes.delete() == WriteSettings.DeleteMode.EXPUNGE) {
            mail.expunge(message);
        } else {
            String trash = trashFolder();
            if (message.folder().equals(trash)) {
                mail.expunge(message);
            } else {
                mail.move(message, trash);
            }
        }
    }

    private void deleteOnGmail(MessageRef message) {
        GmailLabels labels = folders.labels();
        Optional<String> label = labels.labelOf(message.folder());
        if (label.isPresent()) {
            mail.removeLabel(message, label.get());
        } else if (labels.isAllMail(message.folder())) {
            mail.move(message, gmailTrash());
        } else if (labels.isTrashOrSpam(message.folder())) {
            mail.expunge(message);
        } else {
            throw new MailfsException.NotPermitted("rm in " + message.folder() + ": neither a label's folder, All Mail, Trash nor Spam");
        }
    }

    /**
     * Gmail's Trash, found only by its special use: its name depends on the account's language
     * ([Gmail]/Bin in British English), and a folder of that name may be a user's label.
     */
    private String gmailTrash() {
        return folders.source().stream().filter(FolderInfo::isTrash).map(FolderInfo::fullName).findFirst()
                .orElseThrow(() -> new MailfsException.NotPermitted("this Gmail account does not show its Trash over IMAP"
                        + " (Gmail's settings, Labels: Trash, Show in IMAP), so rm in All Mail has nowhere to move a message;"
                        + " nothing was changed"));
    }

    /** The folder the server marks \Trash, else the configured one, else a commonly used name. */
    private String trashFolder() {
        List<FolderInfo> known = folders.source();
        return known.stream().filter(FolderInfo::isTrash).map(FolderInfo::fullName).findFirst()
                .or(writes::trashFolder)
                .or(() -> WriteSettings.COMMON_TRASH_NAMES.stream()
                        .filter(name -> known.stream().anyMatch(f -> f.fullName().equals(name)))
                        .findFirst())
                .orElseThrow(() -> new MailfsException.NotPermitted(
                        "there is no Trash folder: make one (mkdir Trash), name one with --trash-folder, or mount with --delete=expunge"));
    }
}

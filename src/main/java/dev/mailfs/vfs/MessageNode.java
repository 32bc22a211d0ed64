package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A message's .eml file or its directory: either stands for the message. Moving either moves the
 * message; both show its extended attributes, and setting its flags (or on Gmail its labels)
 * through either changes them on the server.
 */
abstract class MessageNode extends Node {
    static final String DELETED = "\\Deleted";

    final MountedAccount account;
    /** The listing the message is in, and its place there in directory order. */
    final FolderView view;
    final int position;

    MessageNode(String path, MountedAccount account, FolderView view, int position) {
        super(path);
        this.account = account;
        this.view = view;
        this.position = position;
    }

    MessageMeta meta() {
        return view.messageAt(position);
    }

    /** The message as the server knows it. */
    MessageRef ref() {
        return view.refAt(position);
    }

    /** mv: the message to another folder (UID MOVE); its name cannot change. */
    @Override
    void renameTo(String to, PathResolver paths) {
        MessageRef message = ref();
        String toFolder = PathResolver.parentOf(to);
        FolderNode target = paths.folderForChange(toFolder, "messages can only be moved into folders");
        String destination = target.mailbox().orElseThrow(() -> new MailfsException.NotPermitted(toFolder + " holds no messages"));
        if (destination.equals(message.folder())) {
            if (path.equals(to)) {
                return;
            }
            throw new MailfsException.NotPermitted("a message's name comes from its date, subject and id: it cannot be renamed");
        }
        MessageMeta meta = meta();
        account.mail().move(message, destination);
        gone(meta, Optional.of(toFolder));
    }

    /**
     * After the message was deleted or moved through this name: the other name stays for the
     * second half of the same rm -r or mv (see {@link Tombstones}), and nothing in the message's
     * directory is hidden any more.
     */
    void gone(MessageMeta meta, Optional<String> movedTo) {
        account.tombstones().messageGone(path, meta, movedTo);
        account.hiddenParts().forget(MessageNames.directoryName(path));
    }

    @Override
    Map<String, byte[]> extendedAttributes() {
        return account.mail().hasLabels() ? MessageAttributes.of(meta(), ref().folder(), account.folderTree().labels())
                : MessageAttributes.of(meta());
    }

    /** setfattr -n user.mail.flags: stores the flags on the server; every other attribute is read-only. */
    @Override
    void setExtendedAttribute(String name, byte[] value) {
        MailSource mail = account.mail();
        if (name.equals(MessageAttributes.LABELS) && mail.hasLabels()) {
            setLabels(GmailLabels.parse(value));
            return;
        }
        if (!name.equals(MessageAttributes.FLAGS)) {
            throw new MailfsException.AccessDenied(name + " is read-only; only " + MessageAttributes.FLAGS
                    + (mail.hasLabels() ? " and " + MessageAttributes.LABELS : "") + " can be set");
        }
        Set<String> flags = MessageAttributes.parseFlags(value);
        if (mail.hasLabels() && flags.contains(DELETED) && !meta().flags().contains(DELETED)) {
            // Gmail's Auto-Expunge (on by default) acts on \Deleted at once, as its settings say:
            // the label goes, the message goes to Trash, or it is deleted for good.
            throw new MailfsException.NotPermitted("on Gmail \\Deleted deletes at once, as the account's settings say;"
                    + " rm " + path + " says what it does (see the README)");
        }
        mail.setFlags(ref(), flags);
    }

    /**
     * setfattr -n user.mail.labels on Gmail: the labels added and removed with X-GM-LABELS. Gmail
     * folds the case of labels, so a label written in another case is the one the message has.
     */
    private void setLabels(Set<String> written) {
        MessageRef message = ref();
        Set<String> current = meta().gmail()
                .map(gmail -> account.folderTree().labels().labelsOf(gmail, message.folder()))
                .orElseThrow(() -> new MailfsException.NotFound(message + " has no Gmail id"));
        Set<String> wanted = new TreeSet<>();
        for (String label : written) {
            wanted.add(current.stream().filter(label::equalsIgnoreCase).findFirst().orElse(label));
        }
        Set<String> add = new TreeSet<>(wanted);
        add.removeAll(current);
        Set<String> remove = new TreeSet<>(current);
        remove.removeAll(wanted);
        if (!add.isEmpty() || !remove.isEmpty()) {
            account.mail().changeLabels(message, add, remove);
        }
    }
}

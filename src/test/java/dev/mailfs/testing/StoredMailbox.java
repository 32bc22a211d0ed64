package dev.mailfs.testing;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.GmailMeta;
import dev.mailfs.mail.MessageRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link InMemoryMailSource} holds, and how each change changes it: folders of messages, or
 * on Gmail one store of messages that each folder shows by its label. Guarded by the source's monitor.
 */
final class StoredMailbox {
    private static final char DELIMITER = '/';

    private final Map<String, StoredFolder> folders = new LinkedHashMap<>();
    /** Every message, on Gmail, where folders are views of it; unused elsewhere. */
    private final List<StoredMessage> store = new ArrayList<>();
    /** Gmail's labels mode: set before any message is added. */
    private boolean gmailLabels;
    /** Changes made so far: what CONDSTORE numbers them by. */
    private long modSeq;
    private long nextGmailId = 0x18c0ffee00000000L;
    /** The folders as LIST gives them, the same instance until a folder is made, deleted or renamed; null after that. */
    private List<FolderInfo> folderList;

    boolean gmailLabels() {
        return gmailLabels;
    }

    void gmailLabels(boolean on) {
        gmailLabels = on;
    }

    List<FolderInfo> folderList() {
        if (folderList == null) {
            folderList = folders.values().stream().map(folder -> folder.info).toList();
        }
        return folderList;
    }

    List<StoredFolder> folders() {
        return List.copyOf(folders.values());
    }

    StoredFolder existing(String folder) {
        StoredFolder stored = folders.get(folder);
        if (stored == null) {
            throw new MailfsException.NotFound("folder " + folder);
        }
        return stored;
    }

    StoredMessage stored(MessageRef message) {
        StoredFolder folder = folders.get(message.folder());
        StoredMessage stored = folder == null || folder.uidValidity != message.uidValidity() ? null : folder.messages.get(message.uid());
        if (stored == null) {
            throw new MailfsException.NotFound("message " + message);
        }
        return stored;
    }

    void add(FolderInfo info, long uidValidity) {
        if (folders.containsKey(info.fullName())) {
            throw new IllegalArgumentException("there is a folder " + info.fullName());
        }
        StoredFolder folder = new StoredFolder(info, uidValidity);
        folders.put(info.fullName(), folder);
        folderList = null;
        changed(folder);
    }

    /** A new message in a folder under {@code uid}, or the next UID when that is 0; on Gmail, also in every other folder that shows it. */
    MessageRef place(StoredFolder folder, StoredMessage message, long uid) {
        if (gmailLabels) {
            if (!message.hasLabels()) {
                long id = nextGmailId++;
                message.gmail(new GmailMeta(id, id, Set.of())); // a new conversation
            }
            message.place = folder.info.isTrash() ? StoredMessage.Place.TRASH
                    : folder.info.isJunk() ? StoredMessage.Place.SPAM : StoredMessage.Place.LABELLED;
            folder.label().ifPresent(message::addLabel);
            store.add(message);
        }
        long placed = put(folder, message, uid);
        if (gmailLabels) {
            labelsChanged(message);
        }
        return new MessageRef(folder.name(), folder.uidValidity, placed);
    }

    /** Gone for good, from every folder that showed it. */
    void remove(MessageRef message) {
        StoredMessage removed = stored(message);
        store.remove(removed);
        for (StoredFolder folder : folders.values()) {
            if (folder.messages.values().remove(removed)) {
                changed(folder);
            }
        }
    }

    /** A new UIDVALIDITY, as after the folder was deleted and made again; its messages keep their UIDs. */
    void renumber(String folder, long uidValidity) {
        StoredFolder renumbered = existing(folder);
        renumbered.oldUidValidity = renumbered.uidValidity;
        renumbered.uidValidity = uidValidity;
        changed(renumbered);
    }

    /** @return the message's UID in {@code toFolder} */
    long move(MessageRef message, String toFolder) {
        StoredFolder from = existing(message.folder());
        StoredMessage moved = stored(message);
        StoredFolder to = existing(toFolder);
        if (!gmailLabels) {
            from.messages.remove(message.uid());
            changed(from);
            return put(to, moved, 0);
        }
        if (to.info.isTrash() || to.info.isJunk()) {
            moved.place = to.info.isTrash() ? StoredMessage.Place.TRASH : StoredMessage.Place.SPAM;
            moved.labels(Set.of());
        } else { // Gmail's MOVE: the destination's label on, the source's off
            moved.place = StoredMessage.Place.LABELLED;
            to.label().ifPresent(moved::addLabel);
            from.label().ifPresent(moved::removeLabel);
        }
        labelsChanged(moved);
        return to.uidOf(moved).orElseThrow();
    }

    /** Elsewhere gone for good; on Gmail, out of a label's folder it loses that label, out of Trash and Spam it is gone. */
    void expunge(MessageRef message) {
        StoredFolder from = existing(message.folder());
        StoredMessage expunged = stored(message);
        if (!gmailLabels || from.info.isTrash() || from.info.isJunk()) {
            remove(message);
        } else {
            from.label().ifPresent(expunged::removeLabel);
            labelsChanged(expunged);
        }
    }

    void setFlags(MessageRef message, Set<String> flags) {
        StoredMessage flagged = stored(message);
        flagged.flags(flags);
        folders.values().stream().filter(folder -> folder.uidOf(flagged).isPresent()).forEach(this::changed);
    }

    void changeLabels(MessageRef message, Set<String> add, Set<String> remove) {
        if (!gmailLabels) {
            throw new MailfsException.ReadOnly("labels of " + message + ": not Gmail");
        }
        StoredMessage labelled = stored(message);
        add.forEach(labelled::addLabel);
        remove.forEach(labelled::removeLabel);
        labelsChanged(labelled);
    }

    void createFolder(String name) {
        if (folders.containsKey(name)) {
            throw new MailfsException.AlreadyExists("folder " + name);
        }
        long uidValidity = folders.values().stream().mapToLong(f -> f.uidValidity).max().orElse(0) + 1;
        add(new FolderInfo(name, delimiter(), true), uidValidity);
    }

    /** Deletes the folder and its messages (on Gmail, the label), not the folders below it. */
    void deleteFolder(String name) {
        StoredFolder deleted = existing(name);
        folders.remove(name);
        folderList = null;
        if (gmailLabels) {
            deleted.label().ifPresent(label -> store.forEach(message -> message.removeLabel(label)));
            store.forEach(this::labelsChanged);
        }
    }

    /** Renames the folder and those below it (on Gmail, their labels), keeping their UIDVALIDITY and messages. */
    void renameFolder(String from, String to) {
        existing(from);
        if (folders.containsKey(to)) {
            throw new MailfsException.AlreadyExists("folder " + to);
        }
        List<StoredFolder> all = List.copyOf(folders.values());
        folders.clear();
        folderList = null;
        for (StoredFolder folder : all) {
            String name = folder.name();
            if (name.equals(from) || name.startsWith(from + folder.info.delimiter())) {
                Optional<String> oldLabel = folder.label();
                folder.info = new FolderInfo(to + name.substring(from.length()), folder.info.delimiter(), folder.info.selectable(),
                        folder.info.specialUse());
                if (gmailLabels && oldLabel.isPresent()) {
                    store.stream().filter(message -> message.labels().contains(oldLabel.get())).forEach(message -> {
                        message.removeLabel(oldLabel.get());
                        message.addLabel(folder.label().orElseThrow());
                    });
                }
                changed(folder);
            }
            folders.put(folder.name(), folder);
        }
    }

    /** Every folder's listing is new from now on, and its HIGHESTMODSEQ the latest. */
    void changedEverywhere() {
        folders.values().forEach(this::changed);
    }

    /** Puts a message in a folder under {@code uid}, or the next UID when that is 0. */
    private long put(StoredFolder folder, StoredMessage message, long uid) {
        long placed = uid == 0 ? folder.uidNext : uid;
        if (folder.messages.putIfAbsent(placed, message) != null) {
            throw new IllegalArgumentException("UID " + placed + " is taken in " + folder.name());
        }
        folder.uidNext = Math.max(folder.uidNext, placed + 1);
        changed(folder);
        return placed;
    }

    private void changed(StoredFolder folder) {
        folder.listing = null;
        folder.highestModSeq = ++modSeq;
    }

    private char delimiter() {
        return folders.values().stream().map(folder -> folder.info.delimiter()).filter(d -> d != 0).findFirst().orElse(DELIMITER);
    }

    /** After a message's labels or place changed: it leaves the folders that no longer show it, and enters those that now do. */
    private void labelsChanged(StoredMessage message) {
        for (StoredFolder folder : folders.values()) {
            Optional<Long> uid = folder.uidOf(message);
            if (uid.isPresent() && !folder.shows(message)) {
                folder.messages.remove(uid.get());
                changed(folder);
            } else if (uid.isPresent()) {
                changed(folder); // its labels changed
            } else if (folder.shows(message)) {
                put(folder, message, 0);
            }
        }
    }
}

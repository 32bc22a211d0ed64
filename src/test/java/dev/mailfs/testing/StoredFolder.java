package dev.mailfs.testing;

import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderWatcher;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One folder {@link InMemoryMailSource} holds: its messages by UID. In Gmail's labels mode it is
 * a view of the messages with its label ({@link #shows}). Guarded by the source's monitor.
 */
final class StoredFolder {
    /** Gmail's system labels by the special use of the folder that shows them. */
    private static final Map<String, String> SYSTEM_LABELS =
            Map.of("\\Sent", "\\Sent", "\\Flagged", "\\Starred", "\\Drafts", "\\Draft", "\\Important", "\\Important");

    FolderInfo info;
    long uidValidity;
    long uidNext = 1;
    final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
    /** CONDSTORE's HIGHESTMODSEQ: the source's count of changes when this folder last changed. */
    long highestModSeq;
    /** What listings answer while nothing changes, when a source gives the same instance then; null after a change. */
    FolderListing listing;
    /** How many listings still come under {@link #oldUidValidity}, after the folder was made again. */
    int oldListings;
    long oldUidValidity;
    FolderWatcher watcher;

    StoredFolder(FolderInfo info, long uidValidity) {
        this.info = info;
        this.uidValidity = uidValidity;
    }

    String name() {
        return info.fullName();
    }

    Optional<Long> uidOf(StoredMessage message) {
        return messages.entrySet().stream().filter(e -> e.getValue() == message).map(Map.Entry::getKey).findFirst();
    }

    /** The label whose messages a Gmail folder shows: none for All Mail, Trash, Spam and folders that hold nothing. */
    Optional<String> label() {
        if (!info.selectable() || info.isAllMail() || info.isTrash() || info.isJunk()) {
            return Optional.empty();
        }
        if (name().equalsIgnoreCase("INBOX")) {
            return Optional.of("\\Inbox");
        }
        return Optional.of(SYSTEM_LABELS.entrySet().stream().filter(e -> info.is(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(name()));
    }

    /** Whether Gmail shows the message in this folder. */
    boolean shows(StoredMessage message) {
        if (!info.selectable()) {
            return false;
        } else if (info.isTrash()) {
            return message.place == StoredMessage.Place.TRASH;
        } else if (info.isJunk()) {
            return message.place == StoredMessage.Place.SPAM;
        } else if (info.isAllMail()) {
            return message.place == StoredMessage.Place.LABELLED;
        }
        return message.place == StoredMessage.Place.LABELLED && message.labels().contains(label().orElseThrow());
    }
}

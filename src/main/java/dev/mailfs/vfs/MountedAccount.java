package dev.mailfs.vfs;

import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mime.DecodedFile;
import dev.mailfs.mime.MessageContents;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The account as the nodes of a mount see it, and what they share: the server (through its
 * caches), the folder tree and each folder's messages with their names, decoded parts, read-ahead
 * and the write settings. Safe for many threads.
 */
final class MountedAccount {
    private final MailSource mail;
    private final MessageNames names;
    private final MessageContents contents;
    private final WriteSettings writes;
    private final Instant mountedAt;
    private final ReadAhead readAhead;
    private final Tombstones tombstones = new Tombstones(Ticker.systemTicker());
    private final HiddenParts hiddenParts = new HiddenParts(Ticker.systemTicker());
    private final AtomicReference<FolderTree> tree = new AtomicReference<>();
    private final Map<String, FolderView> views = new ConcurrentHashMap<>();
    /**
     * Decoded files read lately, by path. Reads come 128 KiB at a time with no open file to hold
     * the part, and a part the decoded-part cache cannot hold would otherwise be decoded (and
     * fetched) again for each of them. Held softly: the memory is given back before it runs out.
     */
    private final Cache<String, DecodedFile> recentParts = Caffeine.newBuilder()
            .maximumSize(4).expireAfterAccess(Duration.ofSeconds(10)).softValues().build();

    MountedAccount(MailSource mail, MessageNames names, MessageContents contents, WriteSettings writes, Instant mountedAt) {
        this.mail = mail;
        this.names = names;
        this.contents = contents;
        this.writes = writes;
        this.mountedAt = mountedAt;
        this.readAhead = new ReadAhead(mail);
    }

    MailSource mail() {
        return mail;
    }

    MessageContents contents() {
        return contents;
    }

    /** When the mount was made: the time the directories that are not messages show. */
    Instant mountedAt() {
        return mountedAt;
    }

    ReadAhead readAhead() {
        return readAhead;
    }

    /** The names messages deleted or moved a moment ago left behind, for the second half of rm -r and mv. */
    Tombstones tombstones() {
        return tombstones;
    }

    /** Names unlinked inside messages' directories by rm -r, before the rmdir that deletes the message. */
    HiddenParts hiddenParts() {
        return hiddenParts;
    }

    /** The folder tree, rebuilt only when the cached folder list has changed. */
    FolderTree folderTree() {
        List<FolderInfo> folders = mail.listFolders();
        return tree.updateAndGet(current -> current != null && current.source() == folders ? current
                : new FolderTree(folders, mail.personalPrefix()));
    }

    /**
     * A folder's listing with names, named again when a new listing arrives: a message listed as
     * before keeps its name without naming it again (a move out of a folder of 10,000 named them
     * all), and duplicates keep theirs.
     */
    FolderView view(String mailbox) {
        FolderListing listing = mail.listMessages(mailbox);
        return views.compute(mailbox, (name, current) -> {
            if (current != null && current.listing() == listing) {
                return current;
            }
            boolean sameNumbering = current != null && current.listing().uidValidity() == listing.uidValidity();
            List<MessageMeta> visible = FolderView.visible(listing, writes.showDeleted());
            Function<MessageMeta, String> unchanged = sameNumbering ? current.namesOfUnchanged() : message -> null;
            FolderView fewer = sameNumbering ? current.without(listing, visible, unchanged) : null;
            if (fewer != null) {
                return fewer;
            }
            Map<Long, String> duplicates = sameNumbering ? current.duplicateNames() : Map.of();
            return FolderView.of(listing, names.nameAll(visible, duplicates, unchanged));
        });
    }

    /** What a message's directory holds, from its structure (and for mail without From, Subject or Message-ID, its first line). */
    MessageDirectory directoryOf(MessageRef message, MessageMeta meta) {
        boolean noHeaderFields = meta.from().isEmpty() && meta.subject().isEmpty() && meta.messageId().isEmpty();
        return new MessageDirectory(noHeaderFields ? contents.layoutWithoutHeaderFields(message) : contents.layout(message));
    }

    /** A decoded part read lately at {@code path}, else decoded now and kept for the reads that follow. */
    DecodedFile recentPart(String path, Supplier<DecodedFile> decode) {
        return recentParts.get(path, unused -> decode.get());
    }

    /** rm of a message: to Trash, deleted for good, or on Gmail a label taken off (see {@link Deletion}). */
    void delete(MessageRef message) {
        new Deletion(mail, writes, folderTree()).delete(message);
    }
}

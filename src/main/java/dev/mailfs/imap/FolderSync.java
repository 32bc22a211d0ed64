package dev.mailfs.imap;

import dev.mailfs.mail.FlagsUpdate;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderState;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.Status;

/**
 * What the account's folders hold: the folder list (LIST), a folder's state (STATUS), its messages'
 * metadata in one bulk fetch, and a listing brought up to date at the cost of what changed. The
 * first listing checks whether the server's RFC822.SIZE can be trusted.
 */
final class FolderSync {
    // Under the facade's name, which is how the log has always shown these lines.
    private static final Logger LOG = Logger.getLogger(ImapMailSource.class.getName());

    /** RFC 6154 mailbox attributes. */
    private static final Set<String> SPECIAL_USE = Set.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash",
            "\\Important"); // the last is Gmail's (RFC 8457)

    /**
     * Whether RFC822.SIZE can be shown as the file size. RFC 3501 says it is the exact size, but
     * some servers report something else (GreenMail: the body's length only), which would cut every
     * file short. The first listing checks one message; a server that fails is measured instead.
     */
    private enum SizeTrust { UNCHECKED, TRUSTED, MEASURED }

    private final ImapConnection connection;
    private volatile SizeTrust sizeTrust;

    FolderSync(ImapConnection connection) {
        this.connection = connection;
        this.sizeTrust = connection.settings().measureSizes() ? SizeTrust.MEASURED : SizeTrust.UNCHECKED;
    }

    /**
     * Whether RFC822.SIZE is the bytes the server serves: as the first listing found, or (when the
     * listings came from the disk store) as {@code message} shows now.
     */
    @SuppressWarnings("unchecked")
    boolean reportsExactSizes(MessageRef message) {
        if (sizeTrust == SizeTrust.UNCHECKED) {
            connection.withFolder(message.folder(), folder -> {
                List<MessageMeta> reported = (List<MessageMeta>) folder.doCommand(
                        p -> MetadataFetch.of(p, message.folder(), Long.toString(message.uid()), false));
                if (!reported.isEmpty() && sizeTrust == SizeTrust.UNCHECKED) {
                    sizeTrust = checkReportedSize(folder, reported);
                }
                return null;
            });
        }
        return sizeTrust == SizeTrust.TRUSTED;
    }

    /** Asked once (NAMESPACE): the server's namespaces do not change while it is mounted. */
    private volatile String personalPrefix;

    /** The first personal namespace's prefix ("INBOX." on Cyrus); "" without NAMESPACE. */
    String personalPrefix() {
        String prefix = personalPrefix;
        if (prefix == null) {
            IMAPStore store = connection.store();
            prefix = connection.withStore("the namespaces", () -> {
                if (!store.hasCapability("NAMESPACE")) {
                    return "";
                }
                Folder[] personal = store.getPersonalNamespaces();
                if (personal.length == 0 || personal[0].getFullName().isEmpty()) {
                    return "";
                }
                return personal[0].getFullName() + personal[0].getSeparator();
            });
            personalPrefix = prefix;
        }
        return prefix;
    }

    List<FolderInfo> listFolders() {
        IMAPStore store = connection.store();
        return connection.withStore("the folder list", () -> {
            List<FolderInfo> result = new ArrayList<>();
            for (Folder folder : store.getDefaultFolder().list("*")) {
                List<String> attributes = Arrays.asList(((IMAPFolder) folder).getAttributes());
                boolean selectable = !attributes.contains("\\Noselect") && !attributes.contains("\\NonExistent");
                Set<String> specialUse = attributes.stream().filter(SPECIAL_USE::contains).collect(Collectors.toSet());
                result.add(new FolderInfo(folder.getFullName(), folder.getSeparator(), selectable, specialUse));
            }
            return result;
        });
    }

    /** Gmail's "[Gmail]/All Mail", by its special use (\All). */
    static Optional<String> allMail(List<FolderInfo> folders) {
        return folders.stream().filter(FolderInfo::isAllMail).map(FolderInfo::fullName).findFirst();
    }

    FolderState folderState(String folderName) {
        IMAPStore store = connection.store();
        return connection.withStore("the state of " + folderName, () -> {
            boolean condstore = store.hasCapability("CONDSTORE");
            String[] items = condstore ? new String[] {"UIDVALIDITY", "UIDNEXT", "MESSAGES", "HIGHESTMODSEQ"}
                    : new String[] {"UIDVALIDITY", "UIDNEXT", "MESSAGES"};
            IMAPFolder folder = (IMAPFolder) store.getFolder(folderName);
            Status status = (Status) folder.doCommand(p -> p.status(folder.getFullName(), items));
            return new FolderState(status.uidvalidity, status.uidnext, status.total, condstore ? status.highestmodseq : 0);
        });
    }

    FolderListing listMessages(String folderName) {
        return connection.withFolder(folderName, folder -> {
            long uidValidity = folder.getUIDValidity();
            folder.doCommand(p -> {
                p.noop(); // a folder kept open learns of new and expunged messages only in answers
                return null;
            });
            if (folder.getMessageCount() == 0) {
                return new FolderListing(folderName, uidValidity, List.of());
            }
            List<MessageMeta> messages = fetchMetadata(folder, sizeTrust == SizeTrust.MEASURED);
            if (sizeTrust == SizeTrust.UNCHECKED && !messages.isEmpty()) {
                sizeTrust = checkReportedSize(folder, messages);
                if (sizeTrust == SizeTrust.MEASURED) {
                    messages = fetchMetadata(folder, true);
                }
            }
            return new FolderListing(folderName, uidValidity, messages);
        });
    }

    @SuppressWarnings("unchecked")
    FolderListing listChanges(FolderListing known, FolderState knownState, boolean flagsChanged) {
        FolderListing changed = connection.withFolder(known.folder(), folder -> {
            if (folder.getUIDValidity() != known.uidValidity()) {
                return null; // renumbered: listed whole below
            }
            if (sizeTrust == SizeTrust.UNCHECKED && !known.messages().isEmpty()) {
                // A listing kept from an earlier run: the sizes this server reports are checked as a first listing does.
                long smallest = smallest(known.messages()).uid();
                List<MessageMeta> reported = (List<MessageMeta>) folder.doCommand(
                        p -> MetadataFetch.of(p, known.folder(), Long.toString(smallest), false));
                if (!reported.isEmpty()) {
                    sizeTrust = checkReportedSize(folder, reported);
                }
            }
            if (sizeTrust == SizeTrust.UNCHECKED) {
                return null; // listed whole below, which checks sizes
            }
            boolean measureSizes = sizeTrust == SizeTrust.MEASURED;
            long[] uids = (long[]) folder.doCommand(p -> {
                p.noop(); // until told of them, a session's SEARCH still finds messages expunged elsewhere
                return UidCommands.allUids(p);
            });
            Map<Long, FlagsUpdate> flags = knownState.highestModSeq() > 0
                    ? (Map<Long, FlagsUpdate>) folder.doCommand(p -> MetadataFetch.flagsChangedSince(p, knownState.highestModSeq()))
                    : flagsChanged ? (Map<Long, FlagsUpdate>) folder.doCommand(MetadataFetch::allFlags) : Map.of();
            Map<Long, MessageMeta> byUid = new HashMap<>();
            known.messages().forEach(message -> byUid.put(message.uid(), message));
            List<MessageMeta> messages = new ArrayList<>();
            List<String> added = new ArrayList<>();
            for (long uid : uids) {
                MessageMeta message = byUid.get(uid);
                if (message == null) {
                    added.add(Long.toString(uid));
                } else {
                    FlagsUpdate update = flags.get(uid);
                    messages.add(update == null ? message : message.with(update));
                }
            }
            if (!added.isEmpty()) {
                messages.addAll((List<MessageMeta>) folder.doCommand(p -> MetadataFetch.of(p, known.folder(), String.join(",", added), measureSizes)));
            }
            return new FolderListing(known.folder(), known.uidValidity(), messages); // which puts them in UID order
        });
        return changed != null ? changed : listMessages(known.folder());
    }

    @SuppressWarnings("unchecked")
    private static List<MessageMeta> fetchMetadata(IMAPFolder folder, boolean measureSizes) throws MessagingException {
        return (List<MessageMeta>) folder.doCommand(p -> MetadataFetch.all(p, folder.getFullName(), measureSizes));
    }

    private static MessageMeta smallest(List<MessageMeta> messages) {
        return messages.stream().min(Comparator.comparingLong(MessageMeta::size)).orElseThrow();
    }

    /**
     * Compares the smallest message's reported size with the bytes the server serves, without
     * downloading them: there must be a last byte where RFC822.SIZE puts it, and none after it.
     */
    private SizeTrust checkReportedSize(IMAPFolder folder, List<MessageMeta> messages) throws MessagingException {
        MessageMeta smallest = smallest(messages);
        long lastByte = Math.max(0, smallest.size() - 1);
        @SuppressWarnings("unchecked")
        Optional<byte[]> end = (Optional<byte[]>) folder.doCommand(p -> RawFetch.bodyRange(p, smallest.uid(), lastByte, 2));
        if (end.isEmpty()) {
            return SizeTrust.UNCHECKED;
        }
        int expected = smallest.size() == 0 ? 0 : 1;
        if (end.get().length == expected) {
            return SizeTrust.TRUSTED;
        }
        LOG.warning(connection.settings().describe() + " reports wrong message sizes (RFC822.SIZE " + smallest.size() + " for a message "
                + (end.get().length > expected ? "longer" : "shorter") + " than that); measuring sizes by downloading whole messages"
                + " when listing folders, which is slow for large ones");
        return SizeTrust.MEASURED;
    }
}

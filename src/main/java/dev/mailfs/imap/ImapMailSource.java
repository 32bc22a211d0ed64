package dev.mailfs.imap;

import dev.mailfs.credentials.Secret;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FlagsUpdate;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderState;
import dev.mailfs.mail.FolderWatcher;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import dev.mailfs.mail.WatchedFolder;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedFileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.Status;

/**
 * The IMAP account over Angus Mail: one store connection for LIST, a bounded pool of folders opened
 * read-only for fetches, and one reconnect-and-retry when a connection turns out to be broken.
 */
public final class ImapMailSource implements MailSource {
    private static final Logger LOG = Logger.getLogger(ImapMailSource.class.getName());
    private static final int ATTEMPTS = 2;
    private static final Duration LONGEST_IDLE = Duration.ofMinutes(10);

    private final ImapSettings settings;
    private final Secret secret;
    private final Session session;
    private final IMAPStore store;
    private final boolean gmail;
    private final FolderPool folders;
    private final ServerHealth health;
    private final List<FolderWatch> watches = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile SizeTrust sizeTrust = SizeTrust.UNCHECKED;

    /**
     * Whether RFC822.SIZE can be shown as the file size. RFC 3501 says it is the exact size, but
     * some servers report something else (GreenMail: the body's length only), which would cut every
     * file short. The first listing checks one message; a server that fails is measured instead.
     */
    private enum SizeTrust { UNCHECKED, TRUSTED, MEASURED }

    /** RFC 6154 mailbox attributes. */
    private static final Set<String> SPECIAL_USE = Set.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash",
            "\\Important"); // the last is Gmail's (RFC 8457)
    static final String GMAIL_EXTENSION = "X-GM-EXT-1";
    private static final String THROTTLED = "[THROTTLED]";

    private ImapMailSource(ImapSettings settings, Secret secret, boolean gmail) {
        this.settings = settings;
        this.secret = secret;
        this.gmail = gmail;
        this.session = Session.getInstance(AngusProperties.of(settings, gmail, secret.isOAuthToken()));
        this.session.setDebugOut(System.err); // stdout carries the one "mounted" line
        try {
            this.store = (IMAPStore) session.getStore(AngusProperties.protocol(settings, gmail));
        } catch (MessagingException e) {
            throw ImapErrors.translate(e, settings.describe());
        }
        this.folders = new FolderPool(store, settings.maxOpenFolders(gmail));
        store.addStoreListener(event -> {
            if (event.getMessageType() == IMAPStore.RESPONSE) {
                hearAnswer(event.getMessage());
            }
        });
        this.health = new ServerHealth(settings.describe(), System::nanoTime);
    }

    /**
     * Connects and logs in, so that a wrong password or an unreachable server shows at once. A server
     * that offers Gmail's extension is logged in to again through Angus's gimap provider.
     */
    public static ImapMailSource connect(ImapSettings settings, Secret secret) {
        ImapMailSource source = new ImapMailSource(settings, secret, false);
        source.reconnect();
        if (source.withStore("its capabilities", () -> source.store.hasCapability(GMAIL_EXTENSION))) {
            source.close();
            ImapMailSource gmail = new ImapMailSource(settings, secret, true);
            gmail.reconnect();
            return gmail;
        }
        return source;
    }

    /** Gmail: folders are labels of one store of messages, each message known by its X-GM-MSGID. */
    @Override
    public boolean hasLabels() {
        return gmail;
    }

    @Override
    public List<FolderInfo> listFolders() {
        return withStore("the folder list", () -> {
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

    @Override
    public java.util.LinkedHashMap<String, String> statistics() {
        java.util.LinkedHashMap<String, String> statistics = new java.util.LinkedHashMap<>();
        statistics.put("server", settings.describe());
        statistics.put("connections", folders.describe());
        return statistics;
    }

    @Override
    public Optional<FolderState> folderState(String folderName) {
        return Optional.of(withStore("the state of " + folderName, () -> {
            boolean condstore = store.hasCapability("CONDSTORE");
            String[] items = condstore ? new String[] {"UIDVALIDITY", "UIDNEXT", "MESSAGES", "HIGHESTMODSEQ"}
                    : new String[] {"UIDVALIDITY", "UIDNEXT", "MESSAGES"};
            IMAPFolder folder = (IMAPFolder) store.getFolder(folderName);
            Status status = (Status) folder.doCommand(p -> p.status(folder.getFullName(), items));
            return new FolderState(status.uidvalidity, status.uidnext, status.total, condstore ? status.highestmodseq : 0);
        }));
    }

    @Override
    public FolderListing listMessages(String folderName) {
        return withFolder(folderName, folder -> {
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

    @Override
    @SuppressWarnings("unchecked")
    public FolderListing listChanges(FolderListing known, FolderState knownState, boolean flagsChanged) {
        FolderListing changed = withFolder(known.folder(), folder -> {
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
                messages.sort((a, b) -> Long.compare(a.uid(), b.uid()));
            }
            return new FolderListing(known.folder(), known.uidValidity(), messages);
        });
        return changed != null ? changed : listMessages(known.folder());
    }

    @SuppressWarnings("unchecked")
    private static List<MessageMeta> fetchMetadata(IMAPFolder folder, boolean measureSizes) throws MessagingException {
        return (List<MessageMeta>) folder.doCommand(p -> MetadataFetch.all(p, folder.getFullName(), measureSizes));
    }

    private static MessageMeta smallest(List<MessageMeta> messages) {
        return messages.stream().min(java.util.Comparator.comparingLong(MessageMeta::size)).orElseThrow();
    }

    /** Compares the smallest message's reported size with its real one. */
    private SizeTrust checkReportedSize(IMAPFolder folder, List<MessageMeta> messages) throws MessagingException {
        MessageMeta smallest = smallest(messages);
        @SuppressWarnings("unchecked")
        Optional<byte[]> body = (Optional<byte[]>) folder.doCommand(p -> RawFetch.wholeBody(p, smallest.uid()));
        if (body.isEmpty() || body.get().length == smallest.size()) {
            return body.isEmpty() ? SizeTrust.UNCHECKED : SizeTrust.TRUSTED;
        }
        LOG.warning(settings.describe() + " reports wrong message sizes (RFC822.SIZE " + smallest.size() + " for a message of "
                + body.get().length + " bytes); measuring sizes by downloading whole messages when listing folders, which is slow for large ones");
        return SizeTrust.MEASURED;
    }

    @Override
    public byte[] readBody(MessageRef message, long offset, int length) {
        return withMessage(message, (protocol, uid) -> RawFetch.bodyRange(protocol, uid, offset, length));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<Long, byte[]> readBodyStarts(String folderName, long uidValidity, List<Long> uids, int length) {
        return (Map<Long, byte[]>) onMessages(folderName, uidValidity, p -> RawFetch.bodyStarts(p, uids, length));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<Long, BodyPart> readStructures(String folderName, long uidValidity, List<Long> uids) {
        return (Map<Long, BodyPart>) onMessages(folderName, uidValidity, p -> RawFetch.structures(p, uids));
    }

    /** One command about several messages of a folder, answered by UID; none when the folder was renumbered. */
    @SuppressWarnings("unchecked")
    private Map<Long, ?> onMessages(String folderName, long uidValidity, IMAPFolder.ProtocolCommand command) {
        return withFolder(folderName, folder -> folder.getUIDValidity() != uidValidity
                ? Map.of() : (Map<Long, ?>) folder.doCommand(command));
    }

    @Override
    public BodyPart readStructure(MessageRef message) {
        return withMessage(message, RawFetch::structure);
    }

    @Override
    public byte[] readSection(MessageRef message, String section) {
        return withMessage(message, (protocol, uid) -> RawFetch.section(protocol, uid, section));
    }

    private interface MessageCommand<T> {
        Optional<T> run(IMAPProtocol protocol, long uid) throws ProtocolException;
    }

    /** Runs a command on one message, which must still be there under the same UIDVALIDITY. */
    private <T> T withMessage(MessageRef message, MessageCommand<T> command) {
        return withFolder(message.folder(), folder -> {
            checkUidValidity(folder, message);
            return onMessage(folder, message.uid(), command)
                    .orElseThrow(() -> new MailfsException.NotFound("message " + message.uid() + " in " + message.folder()));
        });
    }

    /**
     * Runs a command on one message; when it finds nothing, has the server announce what came in
     * through other connections (NOOP) and runs it once more. A message put there by a move or copy
     * on another connection is not part of this connection's view before that.
     */
    @SuppressWarnings("unchecked")
    private static <T> Optional<T> onMessage(IMAPFolder folder, long uid, MessageCommand<T> command) throws MessagingException {
        Optional<T> result = (Optional<T>) folder.doCommand(p -> command.run(p, uid));
        if (result.isPresent()) {
            return result;
        }
        return (Optional<T>) folder.doCommand(p -> {
            p.noop();
            return command.run(p, uid);
        });
    }

    private static void checkUidValidity(IMAPFolder folder, MessageRef message) throws MessagingException {
        if (folder.getUIDValidity() != message.uidValidity()) {
            throw new MailfsException.NotFound("message " + message.uid() + " in " + message.folder() + " (UIDVALIDITY changed)");
        }
    }

    /** Whether the open folder still holds the message (same UIDVALIDITY, the UID still there). */
    private static boolean stillThere(IMAPFolder folder, MessageRef message) throws MessagingException {
        checkUidValidity(folder, message);
        return onMessage(folder, message.uid(), (p, uid) -> UidCommands.exists(p, uid) ? Optional.of(true) : Optional.empty())
                .isPresent();
    }

    /**
     * UID SEARCH in each folder searched: on Gmail (X-GM-EXT-1) X-GM-RAW in All Mail, elsewhere IMAP
     * SEARCH criteria in every selectable folder but the \Trash and \Junk ones; or in {@code
     * mailbox} alone. A folder gone meanwhile is left out.
     */
    @Override
    public List<SearchHits> search(SearchQuery query, Optional<String> mailbox) {
        SearchCriteria criteria = gmail ? SearchCriteria.gmail(query) : SearchCriteria.imap(query);
        List<String> searched = mailbox.map(List::of).orElseGet(this::foldersToSearch);
        LOG.fine(() -> "search '" + query + "': UID SEARCH " + criteria + " in " + searched);
        List<SearchHits> hits = new ArrayList<>();
        for (String folderName : searched) {
            try {
                hits.add(withFolder(folderName, folder -> {
                    long uidValidity = folder.getUIDValidity();
                    long[] uids = (long[]) folder.doCommand(p -> {
                        p.noop(); // until told of them, a session's SEARCH misses messages added elsewhere
                        return UidCommands.search(p, criteria.argument());
                    });
                    return new SearchHits(folderName, uidValidity, Arrays.stream(uids).boxed().toList());
                }));
            } catch (MailfsException.NotFound gone) {
                LOG.fine(() -> "search '" + query + "': " + folderName + " is gone");
            }
        }
        return hits;
    }

    /** On Gmail the folder that holds every message (\All), elsewhere every folder that holds messages but Trash and Junk. */
    private List<String> foldersToSearch() {
        List<FolderInfo> all = listFolders();
        Optional<String> allMail = allMail(all);
        if (gmail && allMail.isPresent()) {
            return List.of(allMail.get());
        }
        return all.stream()
                .filter(f -> f.selectable() && !f.isTrash() && !f.isJunk())
                .map(FolderInfo::fullName)
                .toList();
    }

    /** Gmail's "[Gmail]/All Mail", by its special use (\All). */
    private static Optional<String> allMail(List<FolderInfo> folders) {
        return folders.stream().filter(FolderInfo::isAllMail).map(FolderInfo::fullName).findFirst();
    }

    /** What a move has done so far, so that a retry after a lost connection does not do it twice. */
    private static final class MoveProgress {
        boolean attempted;
        boolean copySent;
        boolean copied;
        Optional<Long> newUid = Optional.empty();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<Long> move(MessageRef message, String toFolder) {
        MoveProgress progress = new MoveProgress();
        long uid = message.uid();
        return withWritableFolder(message.folder(), folder -> {
            if (!stillThere(folder, message)) {
                if (progress.attempted) {
                    return progress.newUid; // it left the source in an attempt whose answer was lost
                }
                throw new MailfsException.NotFound("message " + uid + " in " + message.folder());
            }
            progress.attempted = true;
            if (store.hasCapability("MOVE")) {
                return (Optional<Long>) folder.doCommand(p -> UidCommands.move(p, uid, toFolder));
            }
            if (progress.copySent && !progress.copied) {
                // The connection broke before the server said whether it copied: copying again could
                // make a second copy, deleting the original could lose the message. Leave both be.
                throw new MailfsException.Unavailable("the connection broke during UID COPY of message " + uid + " from "
                        + message.folder() + " to " + toFolder + "; it is still in " + message.folder()
                        + " and may also be in " + toFolder, null);
            }
            if (!progress.copied) {
                progress.copySent = true;
                progress.newUid = (Optional<Long>) folder.doCommand(p -> UidCommands.copy(p, uid, toFolder));
                progress.copied = true;
            }
            removeExactly(folder, uid);
            return progress.newUid;
        });
    }

    @Override
    public void expunge(MessageRef message) {
        boolean[] attempted = {false};
        withWritableFolder(message.folder(), folder -> {
            if (!stillThere(folder, message)) {
                if (attempted[0]) {
                    return null; // gone in an attempt whose answer was lost: done
                }
                throw new MailfsException.NotFound("message " + message.uid() + " in " + message.folder());
            }
            attempted[0] = true;
            removeExactly(folder, message.uid());
            return null;
        });
    }

    /**
     * \Deleted and UID EXPUNGE of this message alone. Without UIDPLUS there is no such EXPUNGE, and a
     * plain one would take every other \Deleted message along: then it stays flagged only.
     */
    private void removeExactly(IMAPFolder folder, long uid) throws MessagingException {
        if (store.hasCapability("UIDPLUS")) {
            folder.doCommand(p -> {
                UidCommands.expungeExactly(p, uid);
                return null;
            });
        } else {
            folder.doCommand(p -> {
                UidCommands.flagDeleted(p, uid);
                return null;
            });
            LOG.warning(settings.describe() + " has no UIDPLUS: a message in " + folder.getFullName()
                    + " is flagged \\Deleted but not expunged, so that no other message goes with it");
        }
    }

    /**
     * Appends once, never retried: an answer lost with the connection may hide an APPEND that
     * happened, and a second one would make a duplicate.
     */
    @Override
    public Optional<MessageRef> append(String folderName, Path rfc822, Set<String> flags, Instant internalDate) {
        Flags storedFlags = ImapFlags.toFlags(flags);
        reconnect();
        try {
            if (gmail && labelExisting(folderName, rfc822)) {
                return Optional.empty(); // not a message of ours: nothing may ever expunge it as an earlier version
            }
        } catch (IOException e) {
            throw new MailfsException.ServerError("cannot read the message to append: " + e.getMessage(), e);
        }
        try (SharedFileInputStream content = new SharedFileInputStream(rfc822.toFile())) {
            MimeMessage message = new DatedMessage(session, content, internalDate);
            message.setFlags(storedFlags, true);
            IMAPFolder folder = (IMAPFolder) store.getFolder(folderName);
            AppendUID[] appended = folder.appendUIDMessages(new Message[] {message});
            return appended == null || appended.length == 0 || appended[0] == null
                    ? Optional.empty()
                    : Optional.of(new MessageRef(folderName, appended[0].uidvalidity, appended[0].uid));
        } catch (MessagingException e) {
            throw ImapErrors.translate(e, "appending to " + folderName);
        } catch (IOException e) {
            throw new MailfsException.ServerError("cannot read the message to append: " + e.getMessage(), e);
        }
    }

    /** A message that tells APPEND its INTERNALDATE. */
    private static final class DatedMessage extends MimeMessage {
        private final Date internalDate;

        DatedMessage(Session session, InputStream content, Instant internalDate) throws MessagingException {
            super(session, content);
            this.internalDate = Date.from(internalDate);
        }

        @Override
        public Date getReceivedDate() {
            return internalDate;
        }
    }

    @Override
    public void changeLabels(MessageRef message, Set<String> add, Set<String> remove) {
        if (!gmail) {
            throw new MailfsException.NotPermitted(settings.describe() + " has no labels: it is not Gmail");
        }
        withWritableFolder(message.folder(), folder -> {
            if (!stillThere(folder, message)) {
                throw new MailfsException.NotFound("message " + message.uid() + " in " + message.folder());
            }
            folder.doCommand(p -> {
                if (!add.isEmpty()) {
                    GmailCommands.changeLabels(p, message.uid(), true, add);
                }
                if (!remove.isEmpty()) {
                    GmailCommands.changeLabels(p, message.uid(), false, remove);
                }
                return null;
            });
            return null;
        });
    }

    /** A Message-ID Gmail's search can be asked for as one word: no spaces, quotes or parentheses. */
    private static final Pattern SEARCHABLE_MESSAGE_ID = Pattern.compile("<?([^\\s\"()<>]+)>?");

    /**
     * On Gmail, a copy into a label's folder (or All Mail) of a message the account already has,
     * the same Message-ID and size, labels that message instead of appending a second one (UID COPY
     * to a label's folder adds the label). Into Trash or Spam a copy is appended as usual: a COPY
     * there would take the original out of every label.
     *
     * @return whether the message was there and is now labelled
     */
    private boolean labelExisting(String folderName, Path rfc822) throws IOException {
        List<FolderInfo> folders = listFolders();
        Optional<String> allMail = allMail(folders);
        boolean intoLabel = folders.stream().anyMatch(f -> f.fullName().equals(folderName) && !f.isTrash() && !f.isJunk());
        Matcher messageId = SEARCHABLE_MESSAGE_ID.matcher(MessageIdHeader.of(rfc822).orElse(""));
        if (allMail.isEmpty() || !intoLabel || !messageId.matches()) {
            return false;
        }
        SearchCriteria sameMessageId = SearchCriteria.gmailMessageId(messageId.group(1));
        long size = Files.size(rfc822);
        return withWritableFolder(allMail.get(), folder -> {
            Optional<Long> uid = command(folder, p -> GmailCommands.withSize(p, UidCommands.search(p, sameMessageId.argument()), size));
            if (uid.isPresent() && !folderName.equals(allMail.get())) {
                command(folder, p -> UidCommands.copy(p, uid.get(), folderName));
            }
            return uid.isPresent();
        });
    }

    /** One command on the open folder, typed. */
    @SuppressWarnings("unchecked")
    private static <T> T command(IMAPFolder folder, IMAPFolder.ProtocolCommand command) throws MessagingException {
        return (T) folder.doCommand(command);
    }

    @Override
    public void setFlags(MessageRef message, Set<String> names) {
        Flags wanted = ImapFlags.toFlags(names);
        withWritableFolder(message.folder(), folder -> {
            if (!stillThere(folder, message)) {
                throw new MailfsException.NotFound("message " + message.uid() + " in " + message.folder());
            }
            folder.doCommand(p -> {
                UidCommands.replaceFlags(p, message.uid(), wanted);
                return null;
            });
            return null;
        });
    }

    @Override
    public void createFolder(String name) {
        boolean[] attempted = {false};
        withStore("creating " + name, () -> {
            Folder folder = store.getFolder(name);
            if (folder.exists()) {
                if (attempted[0]) {
                    return null; // created in an attempt whose answer was lost
                }
                throw new MailfsException.AlreadyExists(name);
            }
            attempted[0] = true;
            if (!folder.create(Folder.HOLDS_MESSAGES)) {
                throw new MailfsException.ServerError("the server refused to create " + name, null);
            }
            return null;
        });
    }

    @Override
    public void deleteFolder(String name) {
        boolean[] attempted = {false};
        withStore("deleting " + name, () -> {
            Folder folder = store.getFolder(name);
            if (attempted[0] && !folder.exists()) {
                return null; // deleted in an attempt whose answer was lost
            }
            attempted[0] = true;
            folders.discardTree(name, folder.getSeparator());
            // Servers delete a folder with its messages; only an empty one may go (checked just before).
            if ((folder.getType() & Folder.HOLDS_MESSAGES) != 0 && folder.getMessageCount() > 0) {
                throw new MailfsException.NotEmpty(name + " holds messages");
            }
            if (!folder.delete(false)) {
                throw new MailfsException.ServerError("the server refused to delete " + name, null);
            }
            return null;
        });
    }

    @Override
    public void renameFolder(String from, String to) {
        boolean[] attempted = {false};
        withStore("renaming " + from, () -> {
            Folder folder = store.getFolder(from);
            Folder target = store.getFolder(to);
            if (target.exists()) {
                if (attempted[0] && !folder.exists()) {
                    return null; // renamed in an attempt whose answer was lost
                }
                throw new MailfsException.AlreadyExists(to);
            }
            attempted[0] = true;
            folders.discardTree(from, folder.getSeparator());
            if (!folder.renameTo(target)) {
                throw new MailfsException.ServerError("the server refused to rename " + from + " to " + to, null);
            }
            return null;
        });
    }

    @Override
    public void reopen(String folder) {
        folders.discardTree(folder, (char) 0);
    }

    /** IDLE on a connection of its own, renewed at half the read timeout (at most every 10 minutes). */
    @Override
    public WatchedFolder watch(String folder, FolderWatcher watcher) {
        Duration renewEvery = settings.readTimeout().dividedBy(2);
        FolderWatch watch = new FolderWatch(store, folder, watcher,
                renewEvery.compareTo(LONGEST_IDLE) < 0 ? renewEvery : LONGEST_IDLE, this::reconnect);
        watches.add(watch);
        watch.start();
        return watch;
    }

    @Override
    public void close() {
        watches.forEach(FolderWatch::close);
        folders.closeAll();
        try {
            store.close();
        } catch (MessagingException e) {
            LOG.log(Level.FINE, "closing the store failed", e);
        }
    }

    private interface FolderCall<T> {
        T call(IMAPFolder folder) throws MessagingException;
    }

    private interface StoreCall<T> {
        T call() throws MessagingException;
    }

    private <T> T withFolder(String folderName, FolderCall<T> call) {
        return withFolder(folderName, false, call);
    }

    private <T> T withWritableFolder(String folderName, FolderCall<T> call) {
        return withFolder(folderName, true, call);
    }

    private <T> T withFolder(String folderName, boolean writable, FolderCall<T> call) {
        return withStore(folderName, () -> {
            try (FolderPool.Lease lease = folders.acquire(folderName, writable)) {
                try {
                    return call.call(lease.folder());
                } catch (MessagingException e) {
                    if (ImapErrors.isConnectionLoss(e)) {
                        lease.discard();
                    } else if (!lease.folder().isOpen()) {
                        // Its connection broke while it sat idle in the pool: Angus then runs the command
                        // on the store's connection, where no folder is selected ("BAD No mailbox selected").
                        lease.discard();
                        throw new FolderClosedException(lease.folder(), "the connection to " + folderName + " was lost: " + e.getMessage());
                    }
                    throw e;
                }
            }
        });
    }

    /**
     * Every OK, NO, BAD and BYE on any of the store's connections. A refused login of a new
     * connection ("Too many simultaneous connections") lowers the bound: Angus keeps only
     * "connection failure" of it in the exception. A tagged OK tells whether the server throttles us.
     */
    private void hearAnswer(String line) {
        String upper = line.toUpperCase(java.util.Locale.ROOT);
        if (ImapErrors.isTooManyConnections(line)) {
            folders.allowFewer(settings.describe());
        } else if (!line.startsWith("* ") && upper.contains(" OK")) {
            if (upper.contains(THROTTLED)) {
                health.throttled(line.substring(line.indexOf(' ') + 1));
            } else {
                health.notThrottled();
            }
        }
    }

    /**
     * Runs {@code call}; a connection lost meanwhile is made again and the call run once more. A
     * server that does not answer within the read timeout is not asked again at once (see
     * {@link ServerHealth}): that would only wait as long again.
     */
    private <T> T withStore(String what, StoreCall<T> call) {
        for (int attempt = 1; ; attempt++) {
            health.checkAnswering(what);
            health.pace();
            try {
                T result = call.call();
                health.answered();
                return result;
            } catch (MessagingException e) {
                Optional<String> limit = ImapErrors.limit(e);
                if (limit.isPresent() && ImapErrors.isTooManyConnections(limit.get()) && attempt < ATTEMPTS) {
                    continue; // again: the refusal lowered the bound (hearAnswer), so a connection already open serves
                }
                if (limit.isPresent()) {
                    if (ImapErrors.asksToWait(limit.get())) {
                        health.limited(limit.get());
                    }
                    throw ImapErrors.translate(e, what);
                }
                if (ImapErrors.isTimeout(e)) {
                    health.notAnswering("no answer within " + settings.readTimeout().toSeconds() + " s");
                    throw new MailfsException.Unavailable(settings.describe() + " did not answer " + what + " within "
                            + settings.readTimeout().toSeconds() + " s", e);
                }
                if (!ImapErrors.isConnectionLoss(e) || attempt == ATTEMPTS) {
                    throw ImapErrors.translate(e, what);
                }
                LOG.info("connection to " + settings.describe() + " lost during " + what + " (" + ImapErrors.reason(e) + "); reconnecting");
                reconnectOrGiveUp();
            } catch (IllegalStateException e) {
                // Angus throws this when the store is not connected at all
                if (attempt == ATTEMPTS) {
                    throw new MailfsException.Unavailable("not connected to " + settings.describe(), e);
                }
                reconnectOrGiveUp();
            }
        }
    }

    private void reconnectOrGiveUp() {
        try {
            reconnect();
        } catch (MailfsException.Unavailable unreachable) {
            health.notAnswering(unreachable.getMessage());
            throw unreachable;
        }
    }

    /** Logs in if not connected; an expired OAuth2 token is fetched afresh once. */
    private synchronized void reconnect() {
        try {
            if (store.isConnected()) {
                return;
            }
            try {
                store.connect(settings.host(), settings.port(), settings.user(), new String(secret.value()));
            } catch (AuthenticationFailedException rejected) {
                Optional<char[]> renewed = ImapErrors.limit(rejected).isPresent() ? Optional.empty() : secret.renew();
                if (renewed.isEmpty()) {
                    throw rejected;
                }
                LOG.info("the server refused the token from " + secret.origin() + "; logging in with a fresh one");
                store.connect(settings.host(), settings.port(), settings.user(), new String(renewed.get()));
            }
        } catch (MessagingException e) {
            throw ImapErrors.translate(e, settings.describe());
        }
    }
}

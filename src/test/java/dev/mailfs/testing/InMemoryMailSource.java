package dev.mailfs.testing;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderState;
import dev.mailfs.mail.FolderWatcher;
import dev.mailfs.mail.GmailMeta;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import dev.mailfs.mail.WatchedFolder;
import dev.mailfs.testing.MailRequest.Change;
import dev.mailfs.testing.gmail.MimeTree;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A mail server in memory, for unit tests: folders of messages, answering every {@link MailSource}
 * method as a server would (moves, appends, flags and folder changes change what it holds) and
 * recording every request ({@link #requests()}) and the changes it made ({@link #changes()}).
 *
 * <p>Messages are raw bytes with CRLF line ends, their listing entry read from their header or given
 * whole; or bytes made from their position ({@link #addGenerated}), for a message too large to hold.
 * A test may make any request fail ({@link #fail}, {@link #failNext}) and may make the server answer
 * what it says for a section or a structure ({@link #serve}). Switches model servers that differ:
 * without UIDPLUS, without STATUS, with CONDSTORE, Gmail with its labels.
 *
 * <p>The server never tells a {@link FolderWatcher} anything by itself: a test does, through
 * {@link #watcher}. Thread-safe: every method holds this object's monitor.
 */
public final class InMemoryMailSource implements MailSource {
    private static final char DELIMITER = '/';

    // All guarded by this object's monitor.
    private final Map<String, StoredFolder> folders = new LinkedHashMap<>();
    /** Every message, on Gmail, where folders are views of it; unused elsewhere. */
    private final List<StoredMessage> store = new ArrayList<>();
    private final List<MailRequest> requests = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    /** Changes made so far: what CONDSTORE numbers them by. */
    private long modSeq;
    private long nextGmailId = 0x18c0ffee00000000L;
    private boolean uidPlus = true;
    private boolean status = true;
    private boolean condstore;
    private boolean gmailLabels;
    private boolean leavesOutTheFoldersOwnLabel;
    private boolean sameListingWhileUnchanged;
    /** The folder list answered while no folder is made, deleted or renamed, when listings are the same then; null after a change. */
    private List<FolderInfo> folderList;
    private boolean closed;

    /** A rule that fails requests: the next {@code times} that {@code which} accepts. */
    private static final class Failure {
        final Predicate<MailRequest> which;
        final Supplier<RuntimeException> failure;
        int times;

        Failure(Predicate<MailRequest> which, Supplier<RuntimeException> failure, int times) {
            this.which = which;
            this.failure = failure;
            this.times = times;
        }
    }

    // --- what the server is like -----------------------------------------------------------------

    /** Whether moves and appends tell the new UID (COPYUID, APPENDUID); on by default. */
    public synchronized InMemoryMailSource uidPlus(boolean on) {
        uidPlus = on;
        return this;
    }

    /** Whether STATUS tells a folder's state ({@link #folderState}); on by default, off for a server that cannot tell. */
    public synchronized InMemoryMailSource status(boolean on) {
        status = on;
        return this;
    }

    /** Whether STATUS tells HIGHESTMODSEQ, which grows with every change, flags too; off by default. */
    public synchronized InMemoryMailSource condstore(boolean on) {
        condstore = on;
        return this;
    }

    /**
     * Gmail: folders are labels of one store of messages ({@link #hasLabels()}), each message has its
     * X-GM-MSGID and labels, and moves and expunges change labels as Gmail does. Set before adding messages.
     */
    public synchronized InMemoryMailSource gmailLabels(boolean on) {
        gmailLabels = on;
        return this;
    }

    /**
     * Whether the folder list and a folder's listing are the same instances while they have not
     * changed, as from the cache (CachedMailSource) that stands in front of a server; off by
     * default: each answer is new.
     */
    public synchronized InMemoryMailSource sameListingWhileUnchanged(boolean on) {
        sameListingWhileUnchanged = on;
        return this;
    }

    /** Gmail's quirk of leaving the selected folder's own label out of X-GM-LABELS. */
    public synchronized InMemoryMailSource leavesOutTheFoldersOwnLabel(boolean on) {
        leavesOutTheFoldersOwnLabel = on;
        folders.values().forEach(this::changed);
        return this;
    }

    // --- what it holds ----------------------------------------------------------------------------

    /** Adds a selectable folder with the delimiter '/'. */
    public InMemoryMailSource folder(String name, long uidValidity) {
        return folder(new FolderInfo(name, DELIMITER, true), uidValidity);
    }

    public synchronized InMemoryMailSource folder(FolderInfo info, long uidValidity) {
        if (folders.containsKey(info.fullName())) {
            throw new IllegalArgumentException("there is a folder " + info.fullName());
        }
        StoredFolder folder = new StoredFolder(info, uidValidity);
        folders.put(info.fullName(), folder);
        folderList = null;
        changed(folder);
        return this;
    }

    /** Adds a message with the next UID, its listing entry read from its header; received at its Date, else at the epoch. */
    public MessageRef add(String folder, String raw) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        MessageMeta described = describe(0, bytes, Instant.EPOCH, Set.of());
        return add(folder, described.sentDate().map(date -> describe(0, bytes, date, Set.of())).orElse(described), bytes);
    }

    /**
     * Adds a message whose listing entry says what {@code meta} does (its size must be the bytes'), under
     * its UID, or the next one when that is 0. On Gmail, {@code meta}'s labels, or else the folder's own.
     */
    public synchronized MessageRef add(String folder, MessageMeta meta, byte[] raw) {
        return place(existing(folder), StoredMessage.of(raw, meta), meta.uid());
    }

    /** Adds a message of {@code size} bytes made from their position and its UID ({@link #generatedBytes}). */
    public MessageRef addGenerated(String folder, long uid, long size) {
        return addGenerated(folder, new MessageMeta(uid, size, Instant.EPOCH, Optional.empty(), "", "", "", "", Set.of()));
    }

    /** Adds a message of {@code meta.size()} bytes made from their position and {@code meta.uid()}. */
    public synchronized MessageRef addGenerated(String folder, MessageMeta meta) {
        return place(existing(folder), StoredMessage.generated(meta.uid(), meta), meta.uid());
    }

    /** The bytes of a generated message: they differ between messages and between chunks of one. */
    public static byte[] generatedBytes(long uid, long offset, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            long p = offset + i;
            bytes[i] = (byte) (p * 31 + p / 1000 + uid * 101);
        }
        return bytes;
    }

    /** The listing entry of a message as a server makes it of its header. */
    public static MessageMeta describe(long uid, byte[] raw, Instant internalDate, Set<String> flags) {
        MimeTree header = new MimeTree(raw);
        Optional<Instant> sent = Optional.ofNullable(header.header("Date")).flatMap(date -> {
            try {
                return Optional.of(new MailDateFormat().parse(date).toInstant());
            } catch (ParseException unparsable) {
                return Optional.empty();
            }
        });
        return new MessageMeta(uid, raw.length, internalDate, sent, decoded(header.header("Subject")), decoded(header.header("From")),
                decoded(header.header("To")), Optional.ofNullable(header.header("Message-ID")).orElse(""), flags);
    }

    private static String decoded(String value) {
        try {
            return value == null ? "" : MimeUtility.decodeText(value);
        } catch (java.io.UnsupportedEncodingException e) {
            return value;
        }
    }

    /**
     * From now on the server answers {@code bytes} for BODY[section] of the message, whatever the
     * message holds; for "" (the whole message) its reads and size too.
     */
    public synchronized void serve(MessageRef message, String section, byte[] bytes) {
        stored(message).give(section, bytes);
    }

    /** From now on the server answers {@code structure} for the message's BODYSTRUCTURE. */
    public synchronized void serve(MessageRef message, BodyPart structure) {
        stored(message).give(structure);
    }

    /** Another client deleted the message for good. */
    public synchronized void remove(MessageRef message) {
        StoredMessage removed = stored(message);
        store.remove(removed);
        foldersShowing(removed).forEach(folder -> {
            folder.messages.values().remove(removed);
            changed(folder);
        });
    }

    /** The folder was deleted and made again by another client: a new UIDVALIDITY, its messages keep their UIDs. */
    public synchronized void renumber(String folder, long uidValidity) {
        StoredFolder renumbered = existing(folder);
        renumbered.oldUidValidity = renumbered.uidValidity;
        renumbered.uidValidity = uidValidity;
        changed(renumbered);
    }

    /** The next {@code listings} listings of a folder {@link #renumber renumbered} still come under its old UIDVALIDITY, as from a connection still on the old folder. */
    public synchronized void answerForTheOldFolder(String folder, int listings) {
        existing(folder).oldListings = listings;
    }

    // --- failures ---------------------------------------------------------------------------------

    /** Every request of this kind (a {@link MailRequest} class or interface) fails with {@code failure}, until {@link #recover()}. */
    public synchronized void fail(Class<? extends MailRequest> kind, RuntimeException failure) {
        failNext(Integer.MAX_VALUE, kind, failure);
    }

    /** The next {@code times} requests of this kind fail with {@code failure}. */
    public synchronized void failNext(int times, Class<? extends MailRequest> kind, RuntimeException failure) {
        failures.add(new Failure(kind::isInstance, () -> failure, times));
    }

    /** Every request fails with a new exception from {@code failure}, until {@link #recover()}. */
    public synchronized void failEverything(Supplier<RuntimeException> failure) {
        failures.add(new Failure(request -> true, failure, Integer.MAX_VALUE));
    }

    public synchronized void recover() {
        failures.clear();
    }

    // --- what it was asked ------------------------------------------------------------------------

    /** Every request, in order, those that failed too. */
    public synchronized List<MailRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized <T extends MailRequest> List<T> requests(Class<T> kind) {
        return requests.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public synchronized int count(Class<? extends MailRequest> kind) {
        return requests(kind).size();
    }

    /** How often exactly this request was made. */
    public synchronized int count(MailRequest request) {
        return (int) requests.stream().filter(request::equals).count();
    }

    /** The changes made, in order; those that failed are not among them. */
    public synchronized List<Change> changes() {
        return List.copyOf(changes);
    }

    /** What a listing of the folder would answer now, without asking. */
    public synchronized FolderListing listing(String folder) {
        StoredFolder stored = existing(folder);
        if (!sameListingWhileUnchanged) {
            return new FolderListing(folder, stored.uidValidity, entries(stored));
        }
        if (stored.listing == null) {
            stored.listing = new FolderListing(folder, stored.uidValidity, entries(stored));
        }
        return stored.listing;
    }

    /** Who watches the folder ({@link #watch}), for a test to tell what the server tells; null when no one. */
    public synchronized FolderWatcher watcher(String folder) {
        return existing(folder).watcher;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    // --- MailSource: reading ---------------------------------------------------------------------

    @Override
    public synchronized List<FolderInfo> listFolders() {
        asked(new MailRequest.ListFolders());
        if (folderList == null || !sameListingWhileUnchanged) {
            folderList = folders.values().stream().map(folder -> folder.info).toList();
        }
        return folderList;
    }

    @Override
    public synchronized FolderListing listMessages(String folder) {
        asked(new MailRequest.ListMessages(folder));
        StoredFolder stored = existing(folder);
        if (!stored.info.selectable()) {
            throw new MailfsException.NotFound("folder " + folder + ", which cannot hold messages");
        }
        if (stored.oldListings > 0) {
            stored.oldListings--;
            return new FolderListing(folder, stored.oldUidValidity, entries(stored));
        }
        return listing(folder);
    }

    /** Every message's listing, as the interface's default does. */
    @Override
    public synchronized FolderListing listChanges(FolderListing known, FolderState knownState, boolean flagsChanged) {
        asked(new MailRequest.ListChanges(known.folder(), flagsChanged));
        return listMessages(known.folder());
    }

    @Override
    public synchronized Optional<FolderState> folderState(String folder) {
        asked(new MailRequest.FolderStatus(folder));
        if (!status) {
            return Optional.empty();
        }
        StoredFolder stored = existing(folder);
        return Optional.of(new FolderState(stored.uidValidity, stored.uidNext, stored.messages.size(), condstore ? stored.highestModSeq : 0));
    }

    @Override
    public synchronized byte[] readBody(MessageRef message, long offset, int length) {
        asked(new MailRequest.ReadBody(message, offset, length));
        return stored(message).read(offset, length);
    }

    @Override
    public synchronized BodyPart readStructure(MessageRef message) {
        asked(new MailRequest.ReadStructure(message));
        return stored(message).structure();
    }

    /** One request, then each structure as the interface's default asks for it. */
    @Override
    public synchronized Map<Long, BodyPart> readStructures(String folder, long uidValidity, List<Long> uids) {
        asked(new MailRequest.ReadStructures(folder, uids));
        return MailSource.super.readStructures(folder, uidValidity, uids);
    }

    @Override
    public synchronized byte[] readSection(MessageRef message, String section) {
        asked(new MailRequest.ReadSection(message, section));
        return stored(message).section(section);
    }

    /** In {@code mailbox}, else in every folder but Trash and Junk (on Gmail, All Mail), as IMAP SEARCH finds. */
    @Override
    public synchronized List<SearchHits> search(SearchQuery query, Optional<String> mailbox) {
        asked(new MailRequest.Search(query.text(), mailbox));
        List<StoredFolder> searched = mailbox.map(name -> List.of(existing(name))).orElseGet(() -> {
            List<StoredFolder> selectable = folders.values().stream().filter(f -> f.info.selectable()).toList();
            Optional<StoredFolder> allMail = selectable.stream().filter(f -> gmailLabels && f.info.isAllMail()).findFirst();
            return allMail.map(List::of).orElseGet(() -> selectable.stream().filter(f -> !f.info.isTrash() && !f.info.isJunk()).toList());
        });
        return searched.stream().map(folder -> new SearchHits(folder.name(), folder.uidValidity, folder.messages.entrySet().stream()
                .filter(entry -> entry.getValue().matches(query)).map(Map.Entry::getKey).toList())).toList();
    }

    @Override
    public synchronized void reopen(String folder) {
        asked(new MailRequest.Reopen(folder));
    }

    @Override
    public synchronized WatchedFolder watch(String folder, FolderWatcher watcher) {
        asked(new MailRequest.Watch(folder));
        existing(folder).watcher = watcher;
        return () -> {
            synchronized (this) {
                asked(new MailRequest.AskNow(folder));
            }
        };
    }

    @Override
    public synchronized boolean hasLabels() {
        return gmailLabels;
    }

    // --- MailSource: changing --------------------------------------------------------------------

    @Override
    public synchronized Optional<Long> move(MessageRef message, String toFolder) {
        asked(new MailRequest.Move(message, toFolder));
        StoredFolder from = existing(message.folder());
        StoredMessage moved = stored(message);
        StoredFolder to = existing(toFolder);
        long newUid;
        if (gmailLabels) {
            if (to.info.isTrash() || to.info.isJunk()) {
                moved.place = to.info.isTrash() ? StoredMessage.Place.TRASH : StoredMessage.Place.SPAM;
                moved.labels(Set.of());
            } else {
                moved.place = StoredMessage.Place.LABELLED;
                to.label().ifPresent(label -> addLabel(moved, label));
                from.label().ifPresent(label -> removeLabel(moved, label));
            }
            labelsChanged(moved);
            newUid = to.uidOf(moved).orElseThrow();
        } else {
            from.messages.remove(message.uid());
            changed(from);
            newUid = put(to, moved, 0);
        }
        made(new MailRequest.Move(message, toFolder));
        return uidPlus ? Optional.of(newUid) : Optional.empty();
    }

    /** Elsewhere gone for good; on Gmail, out of a label's folder it loses that label, out of Trash and Spam it is gone. */
    @Override
    public synchronized void expunge(MessageRef message) {
        asked(new MailRequest.Expunge(message));
        StoredFolder from = existing(message.folder());
        StoredMessage expunged = stored(message);
        if (!gmailLabels || from.info.isTrash() || from.info.isJunk()) {
            remove(message);
        } else {
            from.label().ifPresent(label -> removeLabel(expunged, label));
            labelsChanged(expunged);
        }
        made(new MailRequest.Expunge(message));
    }

    @Override
    public synchronized Optional<MessageRef> append(String folder, Path rfc822, Set<String> flags, Instant internalDate) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(rfc822);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MailRequest.Append append = new MailRequest.Append(folder, new String(raw, StandardCharsets.UTF_8), flags, internalDate);
        asked(append);
        MessageRef added = place(existing(folder), StoredMessage.of(raw, describe(0, raw, internalDate, flags)), 0);
        made(append);
        return uidPlus ? Optional.of(added) : Optional.empty();
    }

    @Override
    public synchronized void setFlags(MessageRef message, Set<String> flags) {
        asked(new MailRequest.SetFlags(message, flags));
        StoredMessage flagged = stored(message);
        flagged.flags(flags);
        foldersShowing(flagged).forEach(this::changed);
        made(new MailRequest.SetFlags(message, flags));
    }

    @Override
    public synchronized void changeLabels(MessageRef message, Set<String> add, Set<String> remove) {
        asked(new MailRequest.ChangeLabels(message, add, remove));
        StoredMessage labelled = labelled(message);
        add.forEach(label -> addLabel(labelled, label));
        remove.forEach(label -> removeLabel(labelled, label));
        labelsChanged(labelled);
        made(new MailRequest.ChangeLabels(message, add, remove));
    }

    @Override
    public synchronized void removeLabel(MessageRef message, String label) {
        asked(new MailRequest.RemoveLabel(message, label));
        StoredMessage labelled = labelled(message);
        removeLabel(labelled, label);
        labelsChanged(labelled);
        made(new MailRequest.RemoveLabel(message, label));
    }

    @Override
    public synchronized void createFolder(String name) {
        asked(new MailRequest.CreateFolder(name));
        if (folders.containsKey(name)) {
            throw new MailfsException.AlreadyExists("folder " + name);
        }
        long uidValidity = folders.values().stream().mapToLong(f -> f.uidValidity).max().orElse(0) + 1;
        folder(new FolderInfo(name, delimiter(), true), uidValidity);
        made(new MailRequest.CreateFolder(name));
    }

    /** Deletes the folder and its messages (on Gmail, the label), not the folders below it. */
    @Override
    public synchronized void deleteFolder(String name) {
        asked(new MailRequest.DeleteFolder(name));
        StoredFolder deleted = existing(name);
        folders.remove(name);
        folderList = null;
        if (gmailLabels) {
            deleted.label().ifPresent(label -> store.forEach(message -> removeLabel(message, label)));
            store.forEach(this::labelsChanged);
        }
        made(new MailRequest.DeleteFolder(name));
    }

    /** Renames the folder and those below it (on Gmail, their labels), keeping their UIDVALIDITY and messages. */
    @Override
    public synchronized void renameFolder(String from, String to) {
        asked(new MailRequest.RenameFolder(from, to));
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
                String renamed = to + name.substring(from.length());
                Optional<String> oldLabel = folder.label();
                folder.info = new FolderInfo(renamed, folder.info.delimiter(), folder.info.selectable(), folder.info.specialUse());
                if (gmailLabels && oldLabel.isPresent()) {
                    for (StoredMessage message : store) {
                        if (message.labels().contains(oldLabel.get())) {
                            removeLabel(message, oldLabel.get());
                            addLabel(message, folder.label().orElseThrow());
                        }
                    }
                }
                changed(folder);
            }
            folders.put(folder.name(), folder);
        }
        made(new MailRequest.RenameFolder(from, to));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    // --- inside -----------------------------------------------------------------------------------

    /** Records a request, then fails it when a rule says so. */
    private void asked(MailRequest request) {
        requests.add(request);
        for (Iterator<Failure> rules = failures.iterator(); rules.hasNext(); ) {
            Failure rule = rules.next();
            if (rule.which.test(request)) {
                if (--rule.times == 0) {
                    rules.remove();
                }
                throw rule.failure.get();
            }
        }
    }

    private void made(Change change) {
        changes.add(change);
    }

    private StoredFolder existing(String folder) {
        StoredFolder stored = folders.get(folder);
        if (stored == null) {
            throw new MailfsException.NotFound("folder " + folder);
        }
        return stored;
    }

    private StoredMessage stored(MessageRef message) {
        StoredFolder folder = folders.get(message.folder());
        StoredMessage stored = folder == null || folder.uidValidity != message.uidValidity() ? null : folder.messages.get(message.uid());
        if (stored == null) {
            throw new MailfsException.NotFound("message " + message);
        }
        return stored;
    }

    private StoredMessage labelled(MessageRef message) {
        if (!gmailLabels) {
            throw new MailfsException.ReadOnly("labels of " + message + ": not Gmail");
        }
        return stored(message);
    }

    /** A new message in a folder; on Gmail, also in every other folder that shows it. */
    private MessageRef place(StoredFolder folder, StoredMessage message, long uid) {
        if (gmailLabels) {
            if (!message.hasLabels()) {
                long id = nextGmailId++;
                message.gmail(new GmailMeta(id, id, Set.of())); // a new conversation
            }
            message.place = folder.info.isTrash() ? StoredMessage.Place.TRASH
                    : folder.info.isJunk() ? StoredMessage.Place.SPAM : StoredMessage.Place.LABELLED;
            folder.label().ifPresent(label -> addLabel(message, label));
            store.add(message);
        }
        long placed = put(folder, message, uid);
        if (gmailLabels) {
            labelsChanged(message);
        }
        return new MessageRef(folder.name(), folder.uidValidity, placed);
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

    private List<StoredFolder> foldersShowing(StoredMessage message) {
        return folders.values().stream().filter(folder -> folder.messages.containsValue(message)).toList();
    }

    private List<MessageMeta> entries(StoredFolder folder) {
        Optional<String> leftOut = leavesOutTheFoldersOwnLabel ? folder.label() : Optional.empty();
        return folder.messages.entrySet().stream().map(entry -> entry.getValue().meta(entry.getKey(), leftOut)).toList();
    }

    private char delimiter() {
        return folders.values().stream().map(folder -> folder.info.delimiter()).filter(d -> d != 0).findFirst().orElse(DELIMITER);
    }

    // --- Gmail ------------------------------------------------------------------------------------

    private void addLabel(StoredMessage message, String label) {
        Set<String> labels = new HashSet<>(message.labels());
        labels.add(label);
        message.labels(labels);
        message.place = StoredMessage.Place.LABELLED; // labelling a message in Trash or Spam restores it
    }

    private void removeLabel(StoredMessage message, String label) {
        Set<String> labels = new HashSet<>(message.labels());
        labels.remove(label);
        message.labels(labels);
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

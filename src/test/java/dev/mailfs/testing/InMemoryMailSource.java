package dev.mailfs.testing;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BatchOutcome;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderState;
import dev.mailfs.mail.FolderWatcher;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.Quota;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import dev.mailfs.mail.WatchedFolder;
import dev.mailfs.testing.MailRequest.Change;
import dev.mailfs.testing.gmail.MimeTree;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
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
    // All guarded by this object's monitor.
    private final StoredMailbox mailbox = new StoredMailbox();
    private final RequestLog log = new RequestLog();
    private Optional<Quota> quota = Optional.empty();
    private String personalPrefix = "";
    private boolean uidPlus = true;
    private boolean status = true;
    private boolean condstore;
    private boolean sameListingWhileUnchanged;
    private boolean leavesOutTheFoldersOwnLabel;
    private boolean exactSizes = true;
    private boolean atomicMoves = true;
    private boolean closed;

    // --- what the server is like -----------------------------------------------------------------

    /** Counted down while STATUS is answered: see {@link #holdStatus()}. */
    private volatile CountDownLatch statusAnswer = new CountDownLatch(0);

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
        mailbox.gmailLabels(on);
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

    /** Whether it says its sizes are the bytes it serves ({@link #reportsExactSizes}); on by default. */
    public synchronized InMemoryMailSource exactSizes(boolean on) {
        exactSizes = on;
        return this;
    }

    /** Gmail's quirk of leaving the selected folder's own label out of X-GM-LABELS. */
    public synchronized InMemoryMailSource leavesOutTheFoldersOwnLabel(boolean on) {
        leavesOutTheFoldersOwnLabel = on;
        mailbox.changedEverywhere();
        return this;
    }

    // --- what it holds ----------------------------------------------------------------------------

    /** Adds a selectable folder with the delimiter '/'. */
    public InMemoryMailSource folder(String name, long uidValidity) {
        return folder(new FolderInfo(name, '/', true), uidValidity);
    }

    public synchronized InMemoryMailSource folder(FolderInfo info, long uidValidity) {
        mailbox.add(info, uidValidity);
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
     * its UID, or the next one when that is 0. On Gmail, {@code meta}'s labels, and the folder's own.
     */
    public synchronized MessageRef add(String folder, MessageMeta meta, byte[] raw) {
        return mailbox.place(mailbox.existing(folder), StoredMessage.of(raw, meta), meta.uid());
    }

    /** Adds a message of {@code size} bytes made from their position and its UID ({@link #generatedBytes}). */
    public MessageRef addGenerated(String folder, long uid, long size) {
        return addGenerated(folder, new MessageMeta(uid, size, Instant.EPOCH, Optional.empty(), "", "", "", "", Set.of()));
    }

    /** Adds a message of {@code meta.size()} bytes made from their position and {@code meta.uid()}. */
    public synchronized MessageRef addGenerated(String folder, MessageMeta meta) {
        return mailbox.place(mailbox.existing(folder), StoredMessage.generated(meta.uid(), meta), meta.uid());
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
        } catch (UnsupportedEncodingException e) {
            return value;
        }
    }

    /**
     * From now on the server answers {@code bytes} for BODY[section] of the message, whatever the
     * message holds; for "" (the whole message) its reads and size too.
     */
    public synchronized void serve(MessageRef message, String section, byte[] bytes) {
        mailbox.stored(message).give(section, bytes);
    }

    /** From now on the server answers {@code structure} for the message's BODYSTRUCTURE. */
    public synchronized void serve(MessageRef message, BodyPart structure) {
        mailbox.stored(message).give(structure);
    }

    /** Another client deleted the message for good. */
    public synchronized void remove(MessageRef message) {
        mailbox.remove(message);
    }

    /** The folder was deleted and made again by another client: a new UIDVALIDITY, its messages keep their UIDs. */
    public synchronized void renumber(String folder, long uidValidity) {
        mailbox.renumber(folder, uidValidity);
    }

    /**
     * The next {@code listings} listings of a folder {@link #renumber renumbered} still come under its
     * old UIDVALIDITY, as from a connection still on the old folder.
     */
    public synchronized void answerForTheOldFolder(String folder, int listings) {
        mailbox.existing(folder).oldListings = listings;
    }

    // --- failures ---------------------------------------------------------------------------------

    /** Every request of this kind (a {@link MailRequest} class or interface) fails with {@code failure}, until {@link #recover()}. */
    public synchronized void fail(Class<? extends MailRequest> kind, RuntimeException failure) {
        log.fail(Integer.MAX_VALUE, kind::isInstance, () -> failure);
    }

    /** This one request (a move of one message, say) fails with {@code failure} each time it is asked. */
    public synchronized void fail(MailRequest request, RuntimeException failure) {
        log.fail(Integer.MAX_VALUE, request::equals, () -> failure);
    }

    /** The next {@code times} requests of this kind fail with {@code failure}. */
    public synchronized void failNext(int times, Class<? extends MailRequest> kind, RuntimeException failure) {
        log.fail(times, kind::isInstance, () -> failure);
    }

    /** Every request fails with a new exception from {@code failure}, until {@link #recover()}. */
    public synchronized void failEverything(Supplier<RuntimeException> failure) {
        log.fail(Integer.MAX_VALUE, request -> true, failure);
    }

    /** STATUS is not answered, as by a server that hangs, until the latch returned is counted down. */
    public CountDownLatch holdStatus() {
        CountDownLatch answer = new CountDownLatch(1);
        statusAnswer = answer;
        return answer;
    }

    public synchronized void recover() {
        log.recover();
    }

    // --- what it was asked ------------------------------------------------------------------------

    /** Every request, in order, those that failed too. */
    public synchronized List<MailRequest> requests() {
        return log.requests();
    }

    public synchronized <T extends MailRequest> List<T> requests(Class<T> kind) {
        return log.requests(kind);
    }

    public synchronized int count(Class<? extends MailRequest> kind) {
        return log.requests(kind).size();
    }

    /** How often exactly this request was made. */
    public synchronized int count(MailRequest request) {
        return log.count(request);
    }

    /** The changes made, in order; those that failed are not among them. */
    public synchronized List<Change> changes() {
        return log.changes();
    }

    /** What a listing of the folder would answer now, without asking. */
    public synchronized FolderListing listing(String folder) {
        StoredFolder stored = mailbox.existing(folder);
        if (!sameListingWhileUnchanged) {
            return listing(stored, stored.uidValidity);
        }
        if (stored.listing == null) {
            stored.listing = listing(stored, stored.uidValidity);
        }
        return stored.listing;
    }

    /** Who watches the folder ({@link #watch}), for a test to tell what the server tells; null when no one. */
    public synchronized FolderWatcher watcher(String folder) {
        return mailbox.existing(folder).watcher;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    // --- MailSource: reading ---------------------------------------------------------------------

    @Override
    public synchronized List<FolderInfo> listFolders() {
        log.asked(new MailRequest.ListFolders());
        return sameListingWhileUnchanged ? mailbox.folderList() : List.copyOf(mailbox.folderList());
    }

    @Override
    public synchronized FolderListing listMessages(String folder) {
        log.asked(new MailRequest.ListMessages(folder));
        StoredFolder stored = mailbox.existing(folder);
        if (!stored.info.selectable()) {
            throw new MailfsException.NotFound("folder " + folder + ", which cannot hold messages");
        }
        if (stored.oldListings > 0) {
            stored.oldListings--;
            return listing(stored, stored.oldUidValidity);
        }
        return listing(folder);
    }

    /** Every message's listing, as the interface's default does. */
    @Override
    public synchronized FolderListing listChanges(FolderListing known, FolderState knownState, boolean flagsChanged) {
        log.asked(new MailRequest.ListChanges(known.folder(), flagsChanged));
        return listMessages(known.folder());
    }

    @Override
    public Optional<FolderState> folderState(String folder) {
        try {
            statusAnswer.await(); // outside the lock: other requests are answered meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            log.asked(new MailRequest.FolderStatus(folder));
            if (!status) {
                return Optional.empty();
            }
            StoredFolder stored = mailbox.existing(folder);
            return Optional.of(new FolderState(stored.uidValidity, stored.uidNext, stored.messages.size(), condstore ? stored.highestModSeq : 0));
        }
    }

    @Override
    public synchronized byte[] readBody(MessageRef message, long offset, int length) {
        log.asked(new MailRequest.ReadBody(message, offset, length));
        return mailbox.stored(message).read(offset, length);
    }

    @Override
    public synchronized BodyPart readStructure(MessageRef message) {
        log.asked(new MailRequest.ReadStructure(message));
        return mailbox.stored(message).structure();
    }

    /** One request, then each structure as the interface's default asks for it. */
    @Override
    public synchronized Map<Long, BodyPart> readStructures(String folder, long uidValidity, List<Long> uids) {
        log.asked(new MailRequest.ReadStructures(folder, uids));
        return MailSource.super.readStructures(folder, uidValidity, uids);
    }

    @Override
    public synchronized byte[] readSection(MessageRef message, String section) {
        log.asked(new MailRequest.ReadSection(message, section));
        return mailbox.stored(message).section(section);
    }

    @Override
    public synchronized byte[] readSection(MessageRef message, String section, long offset, int length) {
        log.asked(new MailRequest.ReadSectionRange(message, section, offset, length));
        byte[] whole = mailbox.stored(message).section(section);
        int from = (int) Math.min(offset, whole.length);
        return Arrays.copyOfRange(whole, from, (int) Math.min(whole.length, from + (long) length));
    }

    @Override
    public synchronized boolean reportsExactSizes(MessageRef message) {
        return exactSizes;
    }

    /** In {@code mailbox}, else in every folder but Trash and Junk (on Gmail, All Mail), as IMAP SEARCH finds. */
    @Override
    public synchronized List<SearchHits> search(SearchQuery query, Optional<String> mailbox) {
        log.asked(new MailRequest.Search(query.text(), mailbox));
        List<StoredFolder> searched = mailbox.map(name -> List.of(this.mailbox.existing(name))).orElseGet(() -> {
            List<StoredFolder> selectable = this.mailbox.folders().stream().filter(f -> f.info.selectable()).toList();
            Optional<StoredFolder> allMail = selectable.stream().filter(f -> this.mailbox.gmailLabels() && f.info.isAllMail()).findFirst();
            return allMail.map(List::of).orElseGet(() -> selectable.stream().filter(f -> !f.info.isTrash() && !f.info.isJunk()).toList());
        });
        return searched.stream().map(folder -> new SearchHits(folder.name(), folder.uidValidity, folder.messages.entrySet().stream()
                .filter(entry -> entry.getValue().matches(query)).map(Map.Entry::getKey).toList())).toList();
    }

    @Override
    public synchronized void reopen(String folder) {
        log.asked(new MailRequest.Reopen(folder));
    }

    @Override
    public synchronized WatchedFolder watch(String folder, FolderWatcher watcher) {
        log.asked(new MailRequest.Watch(folder));
        mailbox.existing(folder).watcher = watcher;
        return () -> {
            synchronized (this) {
                log.asked(new MailRequest.AskNow(folder));
            }
        };
    }

    /** Whether a move is whole or not at all, as IMAP's MOVE ({@link #movesAtomically}); on by default. */
    public synchronized InMemoryMailSource atomicMoves(boolean on) {
        atomicMoves = on;
        return this;
    }

    @Override
    public synchronized boolean movesAtomically() {
        return atomicMoves;
    }

    @Override
    public synchronized boolean hasLabels() {
        return mailbox.gmailLabels();
    }

    @Override
    public synchronized Optional<Quota> quota() {
        log.asked(new MailRequest.AskQuota());
        return quota;
    }

    @Override
    public synchronized String personalPrefix() {
        return personalPrefix;
    }

    /** The user's own folders are under this prefix, as on Cyrus ("INBOX."). */
    public synchronized InMemoryMailSource personalPrefix(String prefix) {
        personalPrefix = prefix;
        return this;
    }

    /** From now on the server has this storage quota. */
    public synchronized InMemoryMailSource quota(Quota newQuota) {
        quota = Optional.of(newQuota);
        return this;
    }

    // --- MailSource: changing --------------------------------------------------------------------

    @Override
    public synchronized Optional<Long> move(MessageRef message, String toFolder) {
        MailRequest.Move move = new MailRequest.Move(message, toFolder);
        log.asked(move);
        long newUid = mailbox.move(message, toFolder);
        log.made(move);
        return uidPlus ? Optional.of(newUid) : Optional.empty();
    }

    /** One request ({@link MailRequest.MoveAll}), then each message as {@link #move} moves it, failures and all. */
    @Override
    public synchronized BatchOutcome moveAll(List<MessageRef> messages, String toFolder) {
        log.asked(new MailRequest.MoveAll(messages, toFolder));
        return MailSource.super.moveAll(messages, toFolder);
    }

    @Override
    public synchronized BatchOutcome removeLabelAll(List<MessageRef> messages, String label) {
        log.asked(new MailRequest.RemoveLabelAll(messages, label));
        return MailSource.super.removeLabelAll(messages, label);
    }

    @Override
    public synchronized BatchOutcome expungeAll(List<MessageRef> messages) {
        log.asked(new MailRequest.ExpungeAll(messages));
        return MailSource.super.expungeAll(messages);
    }

    @Override
    public synchronized void expunge(MessageRef message) {
        MailRequest.Expunge expunge = new MailRequest.Expunge(message);
        log.asked(expunge);
        mailbox.expunge(message);
        log.made(expunge);
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
        log.asked(append);
        MessageRef added = mailbox.place(mailbox.existing(folder), StoredMessage.of(raw, describe(0, raw, internalDate, flags)), 0);
        log.made(append);
        return uidPlus ? Optional.of(added) : Optional.empty();
    }

    @Override
    public synchronized void setFlags(MessageRef message, Set<String> flags) {
        MailRequest.SetFlags setFlags = new MailRequest.SetFlags(message, flags);
        log.asked(setFlags);
        mailbox.setFlags(message, flags);
        log.made(setFlags);
    }

    @Override
    public synchronized void changeLabels(MessageRef message, Set<String> add, Set<String> remove) {
        MailRequest.ChangeLabels changeLabels = new MailRequest.ChangeLabels(message, add, remove);
        log.asked(changeLabels);
        mailbox.changeLabels(message, add, remove);
        log.made(changeLabels);
    }

    @Override
    public synchronized void removeLabel(MessageRef message, String label) {
        MailRequest.RemoveLabel removeLabel = new MailRequest.RemoveLabel(message, label);
        log.asked(removeLabel);
        mailbox.changeLabels(message, Set.of(), Set.of(label));
        log.made(removeLabel);
    }

    @Override
    public synchronized void createFolder(String name) {
        MailRequest.CreateFolder create = new MailRequest.CreateFolder(name);
        log.asked(create);
        mailbox.createFolder(name);
        log.made(create);
    }

    @Override
    public synchronized void deleteFolder(String name) {
        MailRequest.DeleteFolder delete = new MailRequest.DeleteFolder(name);
        log.asked(delete);
        mailbox.deleteFolder(name);
        log.made(delete);
    }

    @Override
    public synchronized void renameFolder(String from, String to) {
        MailRequest.RenameFolder rename = new MailRequest.RenameFolder(from, to);
        log.asked(rename);
        mailbox.renameFolder(from, to);
        log.made(rename);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private FolderListing listing(StoredFolder folder, long uidValidity) {
        Optional<String> leftOut = leavesOutTheFoldersOwnLabel ? folder.label() : Optional.empty();
        return new FolderListing(folder.name(), uidValidity,
                folder.messages.entrySet().stream().map(entry -> entry.getValue().meta(entry.getKey(), leftOut)).toList());
    }
}

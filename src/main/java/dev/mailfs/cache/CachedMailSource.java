package dev.mailfs.cache;

import dev.mailfs.cache.ChangeJournal.Kind;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BatchOutcome;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderState;
import dev.mailfs.mail.FolderWatcher;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.Quota;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import dev.mailfs.mail.ServerTraits;
import dev.mailfs.mail.WatchedFolder;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link MailSource} that remembers what the server said. Folder lists and listings change on the
 * server: they are kept for a while and checked before they are used again, and kept on disk beside
 * the bodies ({@link ListingCache}). Message bodies never change under their key: with a {@link
 * DiskBodyStore} they are kept on disk across restarts, and memory only hands a chunk on to the
 * reader and to disk (the kernel's page cache and the store serve it again); without one, memory
 * keeps them as long as its budget allows ({@link BodyCache}). Changes go to the server and then
 * patch the listings held ({@link WriteThrough}); moves and deletions in bursts are promised and
 * sent together a moment later ({@link WriteBehind}).
 *
 * <p>Every method of {@link MailSource} is forwarded here by name, none left to the interface's
 * default: a method added to the interface later must not bypass the cache unnoticed.
 */
public final class CachedMailSource implements MailSource {
    private final MailSource server;
    private final DiskWriteQueue diskWrites = new DiskWriteQueue();
    private final BodyCache bodies;
    private final ListingCache listings;
    private final WriteThrough writes;
    private final WriteBehind changes;
    private final HeldQuota quota;

    /** Bodies in memory only. */
    public CachedMailSource(MailSource server, CacheSettings settings) {
        this(server, settings, Optional.empty());
    }

    /** Bodies in memory and, if there is a store, on disk: read from it first, and what the server sends is kept there. */
    public CachedMailSource(MailSource server, CacheSettings settings, Optional<DiskBodyStore> disk) {
        this(server, settings, disk, Ticker.systemTicker());
    }

    CachedMailSource(MailSource server, CacheSettings settings, Ticker ticker) {
        this(server, settings, Optional.empty(), ticker);
    }

    CachedMailSource(MailSource server, CacheSettings settings, Optional<DiskBodyStore> disk, Ticker ticker) {
        if (disk.isPresent() && disk.get().chunkBytes() != settings.chunkBytes()) {
            throw new IllegalArgumentException("the disk store holds chunks of " + disk.get().chunkBytes() + " bytes, not " + settings.chunkBytes());
        }
        this.server = server;
        this.bodies = new BodyCache(server, settings, disk, diskWrites, ticker, this::identityOf);
        this.listings = new ListingCache(server, settings, disk.map(ListingStore::beside), diskWrites, ticker,
                bodies::forgetOtherUidValidities);
        this.writes = new WriteThrough(server, listings);
        this.changes = new WriteBehind(server, listings, disk.map(ChangeJournal::beside), ticker);
        this.quota = new HeldQuota(server, ticker);
    }

    /**
     * What kind of account the server kept, as said by the folder list an earlier mount kept in
     * {@code disk}; empty when it kept none (then there is nothing to mount offline from).
     */
    public static Optional<ServerTraits> traitsKeptIn(DiskBodyStore disk) {
        return ListingStore.beside(disk).readFolders().map(ListingStore.StoredFolders::traits);
    }

    /**
     * Has the server tell of changes to {@code folder} as they happen (IDLE, on a connection of its
     * own): they show at the next look, and until then the folder costs no round trip to check.
     */
    public void watchForChanges(String folder) {
        listings.watchForChanges(folder);
    }

    /** Waits (up to a minute) until what was queued for the disk store is written. */
    void awaitDiskWrites() {
        diskWrites.awaitWritten();
    }

    @Override
    public LinkedHashMap<String, String> statistics() {
        LinkedHashMap<String, String> statistics = server.statistics();
        statistics.putAll(bodies.statistics());
        statistics.put("folder listings in memory", String.valueOf(listings.size()));
        changes.addStatistics(statistics);
        return statistics;
    }

    /** See {@link HeldQuota}: at most once a minute, and never waiting long for the server. */
    /** The server's, which asks once. */
    @Override
    public String personalPrefix() {
        return server.personalPrefix();
    }

    @Override
    public Optional<Quota> quota() {
        return quota.get();
    }

    // Listings

    @Override
    public List<FolderInfo> listFolders() {
        return listings.listFolders();
    }

    /** See {@link ListingCache#listMessages}. */
    @Override
    public FolderListing listMessages(String folder) {
        return changes.shown(listings.listMessages(folder));
    }

    /** The folder's listing as {@link #listMessages} has it: that brings what is held up to date. */
    @Override
    public FolderListing listChanges(FolderListing known, FolderState knownState, boolean flagsChanged) {
        return listMessages(known.folder());
    }

    /** The server's, never cached: it is how a listing held is found to be current. */
    @Override
    public Optional<FolderState> folderState(String folder) {
        return server.folderState(folder);
    }

    /** The server's connections are its own to reopen. */
    @Override
    public void reopen(String folder) {
        server.reopen(folder);
    }

    /**
     * Not watched for a caller: the server tells this cache, through {@link #watchForChanges}, and a
     * watcher told behind its back would see changes the listings held here do not have yet.
     */
    @Override
    public WatchedFolder watch(String folder, FolderWatcher watcher) {
        return WatchedFolder.NOT_WATCHED;
    }

    /** See {@link ListingCache#search}. */
    @Override
    public List<SearchHits> search(SearchQuery query, Optional<String> mailbox) {
        return listings.search(query, mailbox);
    }

    @Override
    public boolean movesAtomically() {
        return server.movesAtomically();
    }

    @Override
    public boolean hasLabels() {
        return listings.hasLabels();
    }

    /** See {@link ListingCache#identityOf}; a message shown where it is being moved is the message where it is. */
    @Override
    public MessageRef identityOf(MessageRef message) {
        return listings.identityOf(changes.forReading(message));
    }

    // Bodies

    /** See {@link BodyCache#readBody(MessageRef, long, int, List)}. */
    @Override
    public byte[] readBody(MessageRef message, long offset, int length, List<MessageRef> readAhead) {
        return bodies.readBody(changes.forReading(message), offset, length, readAhead.stream()
                .filter(next -> !PendingChanges.isStandIn(next.uid())).toList());
    }

    @Override
    public byte[] readBody(MessageRef message, long offset, int length) {
        return bodies.readBody(changes.forReading(message), offset, length);
    }

    /** From memory or the disk store only: see {@link BodyCache#heldWholeMessage}. */
    @Override
    public Optional<byte[]> heldWholeMessage(MessageRef message) {
        return bodies.heldWholeMessage(changes.forReading(message));
    }

    @Override
    public Map<Long, byte[]> readBodyStarts(String folder, long uidValidity, List<Long> uids, int length) {
        return readEach(folder, uidValidity, uids, (f, v, u) -> bodies.readBodyStarts(f, v, u, length));
    }

    @Override
    public Map<Long, BodyPart> readStructures(String folder, long uidValidity, List<Long> uids) {
        return readEach(folder, uidValidity, uids, bodies::readStructures);
    }

    /** Reads messages of one folder together; those shown where they are being moved are read where they are. */
    private <T> Map<Long, T> readEach(String folder, long uidValidity, List<Long> uids, ReadTogether<T> read) {
        if (uids.stream().noneMatch(PendingChanges::isStandIn)) {
            return read.read(folder, uidValidity, uids);
        }
        Map<MessageRef, Long> asked = new LinkedHashMap<>();
        for (long uid : uids) {
            try {
                asked.put(changes.forReading(new MessageRef(folder, uidValidity, uid)), uid);
            } catch (MailfsException.NotFound | MailfsException.Unavailable e) {
                // not read now: read on its own when asked for
            }
        }
        Map<Long, T> found = new HashMap<>();
        for (List<MessageRef> together : MessageRef.byFolder(asked.keySet().stream(), message -> message)) {
            MessageRef first = together.get(0);
            Map<Long, T> read1 = read.read(first.folder(), first.uidValidity(), together.stream().map(MessageRef::uid).toList());
            together.forEach(message -> {
                T each = read1.get(message.uid());
                if (each != null) {
                    found.put(asked.get(message), each);
                }
            });
        }
        return found;
    }

    @FunctionalInterface
    private interface ReadTogether<T> {
        Map<Long, T> read(String folder, long uidValidity, List<Long> uids);
    }

    @Override
    public BodyPart readStructure(MessageRef message) {
        return bodies.readStructure(changes.forReading(message));
    }

    /** Not cached here: callers keep the decoded result, which is what they read again. */
    @Override
    public byte[] readSection(MessageRef message, String section) {
        return server.readSection(changes.forReading(message), section);
    }

    /** Not kept here: a part read in pieces is too large to keep in memory, and its decoded file is kept instead. */
    @Override
    public byte[] readSection(MessageRef message, String section, long offset, int length) {
        return server.readSection(changes.forReading(message), section, offset, length);
    }

    @Override
    public boolean reportsExactSizes(MessageRef message) {
        return server.reportsExactSizes(changes.forReading(message));
    }

    // Changes

    /** Promised and sent a moment later when part of a burst (see {@link WriteBehind}), else made now. */
    @Override
    public Optional<Long> move(MessageRef message, String toFolder) {
        return changes.promiseOrMake(Kind.MOVE, message, toFolder, moved -> writes.move(moved, toFolder));
    }

    /** As {@link #move}: in a burst, promised and sent a moment later. */
    @Override
    public void expunge(MessageRef message) {
        changes.promiseOrMake(Kind.EXPUNGE, message, "", deleted -> {
            writes.expunge(deleted);
            return Optional.empty();
        });
    }

    /** Each message through {@link #move}, which promises what is part of a burst: batches are made below this cache. */
    @Override
    public BatchOutcome moveAll(List<MessageRef> messages, String toFolder) {
        return MailSource.super.moveAll(messages, toFolder);
    }

    /** Each message through {@link #removeLabel}, as {@link #moveAll}. */
    @Override
    public BatchOutcome removeLabelAll(List<MessageRef> messages, String label) {
        return MailSource.super.removeLabelAll(messages, label);
    }

    /** Each message through {@link #expunge}, as {@link #moveAll}. */
    @Override
    public BatchOutcome expungeAll(List<MessageRef> messages) {
        return MailSource.super.expungeAll(messages);
    }

    @Override
    public Optional<MessageRef> append(String folder, Path rfc822, Set<String> flags, Instant internalDate) {
        return writes.append(folder, rfc822, flags, internalDate);
    }

    @Override
    public void changeLabels(MessageRef message, Set<String> add, Set<String> remove) {
        writes.changeLabels(changes.forChanging(message), add, remove);
    }

    @Override
    public void removeLabel(MessageRef message, String label) {
        changes.promiseOrMake(Kind.UNLABEL, message, label, unlabelled -> {
            writes.removeLabel(unlabelled, label);
            return Optional.empty();
        });
    }

    @Override
    public void setFlags(MessageRef message, Set<String> flags) {
        writes.setFlags(changes.forChanging(message), flags);
    }

    @Override
    public void createFolder(String name) {
        writes.createFolder(name);
    }

    @Override
    public void deleteFolder(String name) {
        changes.awaitMadeTouching(name);
        writes.deleteFolder(name);
    }

    @Override
    public void renameFolder(String from, String to) {
        changes.awaitMadeTouching(from);
        changes.awaitMadeTouching(to);
        writes.renameFolder(from, to);
    }

    /**
     * Finishes writing to the disk store (waiting up to a minute), so that the next start finds what
     * this one read, ends this cache's threads, and closes the server.
     */
    @Override
    public void close() {
        try {
            changes.close();
            bodies.close();
            listings.close();
            quota.close();
            diskWrites.close();
        } finally {
            server.close();
        }
    }
}

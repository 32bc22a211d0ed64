package dev.mailfs.cache;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderState;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import dev.mailfs.mail.WatchedFolder;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A {@link MailSource} that remembers: folder lists and listings for a while (they change on the
 * server), message bytes for as long as memory allows (they never change under their key), and,
 * with a {@link DiskBodyStore}, on disk across restarts.
 */
public final class CachedMailSource implements MailSource {
    private static final Logger LOG = Logger.getLogger(CachedMailSource.class.getName());

    /**
     * A piece of a message's body, known by the message's identity: on Gmail its X-GM-MSGID, so that
     * one body fetched serves the message in every label's folder; elsewhere its folder and UID. It is
     * fetched through {@code message}, the folder and UID it was asked for by.
     */
    private record Chunk(MessageRef identity, MessageRef message, long index) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Chunk chunk && chunk.identity.equals(identity) && chunk.index == index;
        }

        @Override
        public int hashCode() {
            return identity.hashCode() * 31 + Long.hashCode(index);
        }
    }

    /** A chunk's bytes in memory, and whether a reader got to their end (see {@link #forgetIfReadThrough}). */
    private static final class ChunkBytes {
        final byte[] bytes;
        volatile boolean readThrough;

        ChunkBytes(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    /** Where Gmail messages are kept, by X-GM-MSGID: not a folder name any server has (NUL). */
    static final String GMAIL_MESSAGES = "\0X-GM-MSGID";

    /**
     * A listing, the folder's state just before it was fetched or brought up to date (empty when the
     * server cannot tell), and when that state was last found current (ticker nanos).
     */
    private record Listed(FolderListing listing, Optional<FolderState> state, long checkedAt) {
        Listed with(FolderListing patched) {
            return new Listed(patched, state, checkedAt);
        }
    }

    /**
     * Chunks load on these threads, so read-ahead runs while the reader goes on; a reader that
     * needs a chunk already on its way waits for that load instead of starting another. How many
     * talk to the server at once is bounded by the connection pool, not here.
     */
    private static final ExecutorService LOADERS = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "mailfs-body-loader");
        thread.setDaemon(true);
        return thread;
    });

    /** Chunks go to the disk store on this one thread, off the reader's path (see ChunkLoader.toDisk). */
    private static final ExecutorService DISK_WRITER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mailfs-disk-writer");
        thread.setDaemon(true);
        return thread;
    });
    private static final long MAX_PENDING_DISK_BYTES = 32L << 20;

    private final MailSource server;
    private final Optional<DiskBodyStore> disk;
    private final int chunkBytes;
    private final long bodyCacheBytes;
    private final LoadingCache<Boolean, List<FolderInfo>> folderList;
    private final LoadingCache<String, Listed> listings;
    private final Ticker ticker;
    private final ChunkLoader loader = new ChunkLoader();
    private final AsyncLoadingCache<Chunk, ChunkBytes> chunks;
    private final AtomicLong diskHits = new AtomicLong();
    private final AtomicLong diskMisses = new AtomicLong();
    private final AtomicLong pendingDiskBytes = new AtomicLong();
    private final LoadingCache<MessageRef, BodyPart> structures;
    private final ToldChanges told = new ToldChanges();
    private final Optional<ListingStore> listingStore;
    private final Map<String, Listed> listingsToStore = new ConcurrentHashMap<>();
    private final Map<String, WatchedFolder> watchedFolders = new ConcurrentHashMap<>();
    private final Map<String, Long> uidValidities = new ConcurrentHashMap<>();
    private final boolean labels;

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
        this.labels = server.hasLabels();
        this.disk = disk;
        this.listingStore = disk.map(ListingStore::beside);
        this.chunkBytes = settings.chunkBytes();
        this.bodyCacheBytes = settings.bodyCacheBytes();
        this.folderList = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(settings.folderListTtl())
                .build(unused -> server.listFolders());
        this.ticker = ticker;
        this.listings = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(settings.listingTtl())
                .build(this::loadListing);
        this.chunks = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumWeight(settings.bodyCacheBytes())
                .<Chunk, ChunkBytes>weigher((chunk, loaded) -> loaded.bytes.length)
                .executor(LOADERS)
                .recordStats()
                .buildAsync(loader);
        this.structures = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(settings.structureCacheEntries())
                .build(new StructureLoader());
    }

    /**
     * Loads one chunk, or several first chunks of one folder in one pipelined fetch; from the disk
     * store when it has them, else from the server, and then keeps them on disk.
     */
    private final class ChunkLoader implements CacheLoader<Chunk, ChunkBytes> {
        @Override
        public ChunkBytes load(Chunk chunk) {
            return fromDisk(chunk).orElseGet(() -> fetch(chunk));
        }

        @Override
        public Map<Chunk, ChunkBytes> loadAll(Set<? extends Chunk> wanted) {
            Map<Chunk, ChunkBytes> loaded = new HashMap<>();
            List<Chunk> missing = new ArrayList<>();
            for (Chunk chunk : wanted) {
                fromDisk(chunk).ifPresentOrElse(bytes -> loaded.put(chunk, bytes), () -> missing.add(chunk));
            }
            for (List<Chunk> starts : MessageRef.byFolder(missing.stream().filter(c -> c.index() == 0), Chunk::message)) {
                MessageRef first = starts.get(0).message();
                Map<Long, byte[]> bodies = server.readBodyStarts(first.folder(), first.uidValidity(),
                        starts.stream().map(c -> c.message().uid()).toList(), chunkBytes);
                starts.forEach(c -> {
                    byte[] bytes = bodies.get(c.message().uid());
                    if (bytes != null) {
                        ChunkBytes fetched = new ChunkBytes(bytes);
                        loaded.put(c, fetched);
                        toDisk(c, fetched);
                    }
                });
            }
            for (Chunk chunk : missing) {
                if (chunk.index() != 0) {
                    loaded.put(chunk, fetch(chunk));
                }
            }
            return loaded;
        }

        private Optional<ChunkBytes> fromDisk(Chunk chunk) {
            Optional<byte[]> bytes = disk.flatMap(store -> store.read(chunk.identity(), chunk.index()));
            if (disk.isPresent()) {
                (bytes.isPresent() ? diskHits : diskMisses).incrementAndGet();
            }
            return bytes.map(ChunkBytes::new);
        }

        private ChunkBytes fetch(Chunk chunk) {
            ChunkBytes fetched = new ChunkBytes(server.readBody(chunk.message(), chunk.index() * chunkBytes, chunkBytes));
            toDisk(chunk, fetched);
            return fetched;
        }

        /**
         * Queued for one writer thread, off the reader's path: several threads creating files in one
         * directory at once cost several times the kernel time of one doing it alone. When the queue
         * is over its budget, the loader writes itself, which slows fetching down to what the disk
         * takes rather than dropping what a restart should find.
         */
        private void toDisk(Chunk chunk, ChunkBytes fetched) {
            if (disk.isEmpty()) {
                return;
            }
            int length = fetched.bytes.length;
            if (pendingDiskBytes.addAndGet(length) > MAX_PENDING_DISK_BYTES) {
                pendingDiskBytes.addAndGet(-length);
                write(chunk, fetched);
                return;
            }
            DISK_WRITER.execute(() -> {
                try {
                    write(chunk, fetched);
                } finally {
                    pendingDiskBytes.addAndGet(-length);
                }
            });
        }

        private void write(Chunk chunk, ChunkBytes fetched) {
            disk.get().write(chunk.identity(), chunk.index(), fetched.bytes);
            forgetIfReadThrough(chunk, fetched); // the reader may have got to the end before the disk had it
        }
    }

    /** One structure at a time, or many of a folder in one command (see {@link #readStructures}). */
    private final class StructureLoader implements CacheLoader<MessageRef, BodyPart> {
        @Override
        public BodyPart load(MessageRef message) {
            return server.readStructure(message);
        }

        @Override
        public Map<MessageRef, BodyPart> loadAll(Set<? extends MessageRef> messages) {
            Map<MessageRef, BodyPart> loaded = new HashMap<>();
            for (List<MessageRef> batch : MessageRef.byFolder(messages.stream().map(MessageRef.class::cast), m -> m)) {
                MessageRef first = batch.get(0);
                Map<Long, BodyPart> structures = server.readStructures(first.folder(), first.uidValidity(),
                        batch.stream().map(MessageRef::uid).toList());
                batch.forEach(m -> {
                    BodyPart structure = structures.get(m.uid());
                    if (structure != null) {
                        loaded.put(m, structure);
                    }
                });
            }
            return loaded;
        }
    }

    /** Waits (up to a minute) until what was queued for the disk store is written. */
    static void awaitDiskWrites() {
        try {
            DISK_WRITER.submit(() -> { }).get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warning("the disk store did not finish writing: " + e);
        }
    }

    @Override
    public LinkedHashMap<String, String> statistics() {
        LinkedHashMap<String, String> statistics = server.statistics();
        CacheStats memory = chunks.synchronous().stats();
        long bytes = chunks.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
        statistics.put("bodies in memory", mebibytes(bytes) + " of " + mebibytes(bodyCacheBytes) + ", "
                + hitRate(memory.hitCount(), memory.missCount()));
        statistics.put("bodies on disk", disk.map(store -> hitRate(diskHits.get(), diskMisses.get())).orElse("off (--cache-size 0)"));
        statistics.put("folder listings in memory", String.valueOf(listings.estimatedSize()));
        return statistics;
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String hitRate(long hits, long misses) {
        long total = hits + misses;
        return total == 0 ? "no reads yet"
                : String.format(Locale.ROOT, "hit rate %.1f%% (%d hits, %d misses)", 100.0 * hits / total, hits, misses);
    }

    @Override
    public List<FolderInfo> listFolders() {
        return folderList.get(Boolean.TRUE);
    }

    /**
     * The folder's listing. One held longer than {@link CacheSettings#LISTING_CHECK_AFTER} is checked
     * with STATUS first (one round trip); if the folder changed, only the changes are fetched. So
     * mail added, removed or flagged by another client shows within about that long. On a server
     * without CONDSTORE, whose STATUS does not tell of flags changed, every message's flags are
     * fetched at each check. One unused for the listing TTL is fetched whole again. A folder the
     * server watches for us (IDLE, {@link #watchForChanges}) is asked only when it told of a change,
     * and then at once.
     */
    @Override
    public FolderListing listMessages(String folder) {
        Listed listed = listings.get(folder);
        long now = ticker.read();
        boolean due = now - listed.checkedAt() >= CacheSettings.LISTING_CHECK_AFTER.toNanos();
        if (listed.state().isEmpty() || !(due || told.anyTold(folder))) {
            return listed.listing();
        }
        boolean watched = told.isWatching(folder);
        int changes = told.take(folder);
        FolderState known = listed.state().get();
        Listed current;
        try {
            if (watched && changes == ToldChanges.NONE) {
                // It would have told; but some servers hold flag changes back until a command comes.
                watchedFolders.getOrDefault(folder, WatchedFolder.NOT_WATCHED).askNow();
                current = new Listed(listed.listing(), listed.state(), now);
            } else {
                // Without CONDSTORE, STATUS does not tell of flags changed: they are fetched each time.
                boolean flagsChanged = (changes & ToldChanges.FLAGS) != 0 || (!watched && known.highestModSeq() == 0);
                Optional<FolderState> state = server.folderState(folder);
                if (state.equals(listed.state()) && !flagsChanged) {
                    current = new Listed(listed.listing(), state, now);
                } else {
                    FolderListing changed = noteUidValidity(server.listChanges(listed.listing(), known, flagsChanged));
                    // A connection still on a folder deleted and made again can answer for the old one:
                    // then the listing is not taken to be as new as STATUS, and is checked again.
                    boolean renumberedMeanwhile = state.isPresent() && state.get().uidValidity() != changed.uidValidity();
                    if (renumberedMeanwhile) {
                        server.reopen(folder);
                    }
                    current = renumberedMeanwhile ? new Listed(changed, listed.state(), listed.checkedAt())
                            : stored(new Listed(changed, state, now));
                }
            }
        } catch (MailfsException.Unavailable unreachable) {
            told.putBack(folder, changes);
            return listed.listing(); // what we have, while the server cannot say otherwise
        }
        listings.asMap().computeIfPresent(folder, (unused, present) -> present == listed ? current : present);
        return current.listing();
    }

    /**
     * Has the server tell of changes to {@code folder} as they happen (IDLE, on a connection of its
     * own): they show at the next look, and until then the folder costs no round trip to check.
     */
    public void watchForChanges(String folder) {
        watchedFolders.put(folder, server.watch(folder, told));
    }

    /** The state first, so that a change during the fetch shows at the next check. */
    private Listed fetchListing(String folder) {
        Optional<FolderState> state = server.folderState(folder);
        FolderListing listing = noteUidValidity(server.listMessages(folder));
        long now = ticker.read();
        return stored(new Listed(listing, state, now));
    }

    /**
     * The listing kept on disk by an earlier run, due to be checked at its first use (so that it is
     * never served without a STATUS saying it is current, or its changes fetched), else the server's.
     */
    private Listed loadListing(String folder) {
        Optional<ListingStore.Stored> kept = listingStore.flatMap(store -> store.read(folder));
        if (kept.isPresent()) {
            return new Listed(kept.get().listing(), Optional.of(kept.get().state()), dueNow());
        }
        return fetchListing(folder);
    }

    /**
     * Queues the listing for the disk, when it has a state to be checked against; only the latest of
     * a folder is written. Listings patched here (after a move, say) are not: their state is older.
     */
    private Listed stored(Listed listed) {
        if (listingStore.isPresent() && listed.state().isPresent()
                && listingsToStore.put(listed.listing().folder(), listed) == null) {
            DISK_WRITER.execute(() -> {
                Listed latest = listingsToStore.remove(listed.listing().folder());
                if (latest != null) {
                    listingStore.get().write(latest.listing(), latest.state().get());
                }
            });
        }
        return listed;
    }

    /**
     * A folder renumbered by the server (a new UIDVALIDITY: it was recreated, say) has what is kept
     * of it under the old one dropped, in memory and on disk. Nothing stale could be served anyway
     * (bodies are kept under their UIDVALIDITY); this frees the room.
     */
    private FolderListing noteUidValidity(FolderListing listing) {
        Long before = uidValidities.put(listing.folder(), listing.uidValidity());
        if (before == null || before != listing.uidValidity()) {
            disk.ifPresent(store -> store.forgetOtherUidValidities(listing.folder(), listing.uidValidity()));
        }
        if (before != null && before != listing.uidValidity()) {
            chunks.synchronous().asMap().keySet().removeIf(chunk -> isRenumbered(chunk.message(), listing));
            structures.asMap().keySet().removeIf(message -> isRenumbered(message, listing));
        }
        return listing;
    }

    private static boolean isRenumbered(MessageRef message, FolderListing listing) {
        return message.folder().equals(listing.folder()) && message.uidValidity() != listing.uidValidity();
    }

    @Override
    public Optional<FolderState> folderState(String folder) {
        return server.folderState(folder);
    }

    /**
     * Reading the start of a message that a sequential reader will follow with {@code readAhead}:
     * the first chunks of those missing from the cache are fetched in the background, in one
     * pipelined command, while this one is read.
     */
    @Override
    public byte[] readBody(MessageRef message, long offset, int length, List<MessageRef> readAhead) {
        if (offset < chunkBytes && !readAhead.isEmpty()) {
            chunks.getAll(readAhead.stream().map(next -> chunkOf(next, 0)).toList());
        }
        return readBody(message, offset, length);
    }

    /** Assembles the range from cached chunks, fetching the missing ones. */
    @Override
    public byte[] readBody(MessageRef message, long offset, int length) {
        byte[] result = new byte[length];
        int filled = 0;
        while (filled < length) {
            long position = offset + filled;
            Chunk key = chunkOf(message, position / chunkBytes);
            ChunkBytes loaded = chunk(key);
            byte[] chunk = loaded.bytes;
            int from = (int) (position % chunkBytes);
            if (from >= chunk.length) {
                break; // the message ends here
            }
            int n = Math.min(length - filled, chunk.length - from);
            System.arraycopy(chunk, from, result, filled, n);
            if (from + n == chunk.length) {
                loaded.readThrough = true;
                forgetIfReadThrough(key, loaded);
            }
            filled += n;
            if (chunk.length < chunkBytes) {
                break; // a short chunk is the last one
            }
        }
        return filled == length ? result : Arrays.copyOf(result, filled);
    }

    /**
     * A chunk read to its end is read again seldom, and then the kernel's page cache or the disk
     * store serves it: kept in memory, it would only be copied by the collector until evicted (a
     * fifth of a grep -r went to collecting such chunks). So it goes once the disk store has it,
     * whichever comes last of the reader getting to its end and the writer putting it on disk.
     */
    private void forgetIfReadThrough(Chunk key, ChunkBytes loaded) {
        if (loaded.readThrough && disk.isPresent() && disk.get().holds(key.identity(), key.index())) {
            chunks.synchronous().invalidate(key);
        }
    }

    private Chunk chunkOf(MessageRef message, long index) {
        return new Chunk(identityOf(message), message, index);
    }

    /**
     * What a message's body is kept under: on Gmail its X-GM-MSGID, when its folder's listing is
     * held, so that the message read in one label's folder is not fetched again in another.
     */
    @Override
    public MessageRef identityOf(MessageRef message) {
        if (!labels) {
            return message;
        }
        return cachedMeta(message).flatMap(MessageMeta::gmail)
                .map(gmail -> new MessageRef(GMAIL_MESSAGES, 0, gmail.messageId()))
                .orElse(message);
    }

    /** From memory, or awaited if a read-ahead is bringing it, else {@link #diskOrFetch}. */
    private ChunkBytes chunk(Chunk chunk) {
        try {
            ChunkBytes bytes = await(chunks.get(chunk, this::diskOrFetch));
            if (bytes != null) {
                return bytes;
            }
        } catch (RuntimeException e) {
            // below: a read-ahead that failed or left this chunk out is no reason to fail this read
        }
        return await(chunks.get(chunk)); // the cache dropped the failed or empty load: this one is fresh
    }

    /**
     * A chunk missing from memory: from the disk store, read on the caller's thread (handing it to
     * a loader thread and back costs more than the read), else fetched on a loader thread.
     */
    private CompletableFuture<ChunkBytes> diskOrFetch(Chunk chunk, Executor executor) {
        return loader.fromDisk(chunk).map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.supplyAsync(() -> loader.fetch(chunk), executor));
    }

    private static <T> T await(CompletableFuture<T> loading) {
        try {
            return loading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public Map<Long, BodyPart> readStructures(String folder, long uidValidity, List<Long> uids) {
        Map<Long, BodyPart> structures = new HashMap<>();
        this.structures.getAll(uids.stream().map(uid -> new MessageRef(folder, uidValidity, uid)).toList())
                .forEach((message, structure) -> structures.put(message.uid(), structure));
        return structures;
    }

    @Override
    public BodyPart readStructure(MessageRef message) {
        return structures.get(message);
    }

    /** Not cached here: callers keep the decoded result, which is what they read again. */
    @Override
    public byte[] readSection(MessageRef message, String section) {
        return server.readSection(message, section);
    }

    /**
     * The server's search, never cached. A folder whose listing held here lacks a message found (one
     * new since it was listed) is brought up to date at its next listing, not when it is next due.
     */
    @Override
    public List<SearchHits> search(SearchQuery query, Optional<String> mailbox) {
        List<SearchHits> hits = server.search(query, mailbox);
        for (SearchHits found : hits) {
            Listed listed = listings.getIfPresent(found.folder());
            if (listed != null && !holdsAll(listed.listing(), found)) {
                told.changed(found.folder(), false);
            }
        }
        return hits;
    }

    private static boolean holdsAll(FolderListing listing, SearchHits found) {
        return listing.uidValidity() == found.uidValidity() && found.uids().stream().allMatch(uid -> listing.message(uid).isPresent());
    }

    /** Moves, then shows the message in its new folder at once: the listings are patched, not fetched again. */
    @Override
    public Optional<Long> move(MessageRef message, String toFolder) {
        Optional<MessageMeta> meta = cachedMeta(message);
        Optional<Long> newUid;
        try {
            newUid = server.move(message, toFolder);
        } catch (RuntimeException e) {
            // Where the message is now is the server's to say: list both folders afresh.
            listings.invalidate(message.folder());
            listings.invalidate(toFolder);
            throw e;
        }
        removeFromListing(message);
        checkLabelFoldersSoon();
        if (newUid.isPresent() && meta.isPresent()) {
            listings.asMap().computeIfPresent(toFolder, (folder, listed) -> listed.with(withMessage(listed.listing(), meta.get().withUid(newUid.get()))));
        } else {
            listings.invalidate(toFolder);
        }
        return newUid;
    }

    @Override
    public void expunge(MessageRef message) {
        try {
            server.expunge(message);
            removeFromListing(message);
        } finally {
            checkLabelFoldersSoon();
        }
    }

    @Override
    public boolean hasLabels() {
        return labels;
    }

    @Override
    public void changeLabels(MessageRef message, Set<String> add, Set<String> remove) {
        try {
            server.changeLabels(message, add, remove);
        } finally {
            checkLabelFoldersSoon();
        }
    }

    /** Shows the message gone from its folder at once, as {@link #expunge} does. */
    @Override
    public void removeLabel(MessageRef message, String label) {
        try {
            server.removeLabel(message, label);
            removeFromListing(message);
        } finally {
            checkLabelFoldersSoon();
        }
    }

    /**
     * On Gmail a change in one folder changes others: a message that leaves a label's folder is
     * still in All Mail with one label fewer, one moved between labels is in All Mail all along. So
     * every listing held is checked (STATUS, then the changes) at its next use.
     */
    private void checkLabelFoldersSoon() {
        if (labels) {
            long due = dueNow();
            listings.asMap().replaceAll((folder, listed) -> new Listed(listed.listing(), listed.state(), Math.min(due, listed.checkedAt())));
        }
    }

    /** A time of last check that makes a listing due for its check at its next use. */
    private long dueNow() {
        return ticker.read() - CacheSettings.LISTING_CHECK_AFTER.toNanos();
    }

    /** Appends; the folder is listed afresh next time, which shows the message under its new name. */
    @Override
    public Optional<MessageRef> append(String folder, Path rfc822, Set<String> flags, Instant internalDate) {
        try {
            return server.append(folder, rfc822, flags, internalDate);
        } finally {
            listings.invalidate(folder);
            checkLabelFoldersSoon(); // on Gmail, a copy of a message the account has is labelled, not appended
        }
    }

    @Override
    public void setFlags(MessageRef message, Set<String> flags) {
        try {
            server.setFlags(message, flags);
        } finally {
            listings.invalidate(message.folder()); // the server may have kept other flags than we asked for
            checkLabelFoldersSoon(); // on Gmail, \Flagged is the label \Starred
        }
    }

    @Override
    public void createFolder(String name) {
        try {
            server.createFolder(name);
        } finally {
            folderList.invalidateAll();
        }
    }

    @Override
    public void deleteFolder(String name) {
        try {
            server.deleteFolder(name);
        } finally {
            folderList.invalidateAll();
            listings.invalidate(name);
        }
    }

    @Override
    public void renameFolder(String from, String to) {
        try {
            server.renameFolder(from, to);
        } finally {
            folderList.invalidateAll();
            listings.invalidateAll(); // every folder below it was renamed too
        }
    }

    private Optional<MessageMeta> cachedMeta(MessageRef message) {
        Listed listed = listings.getIfPresent(message.folder());
        if (listed == null || listed.listing().uidValidity() != message.uidValidity()) {
            return Optional.empty();
        }
        return listed.listing().message(message.uid());
    }

    private void removeFromListing(MessageRef message) {
        listings.asMap().computeIfPresent(message.folder(), (folder, listed) -> listed.listing().uidValidity() != message.uidValidity()
                ? listed
                : listed.with(new FolderListing(folder, listed.listing().uidValidity(),
                        listed.listing().messages().stream().filter(m -> m.uid() != message.uid()).toList())));
    }

    /** The listing with one more message, unless it was listed after the move and has it already. */
    private static FolderListing withMessage(FolderListing listing, MessageMeta message) {
        if (listing.messages().stream().anyMatch(m -> m.uid() == message.uid())) {
            return listing;
        }
        List<MessageMeta> messages = new ArrayList<>(listing.messages());
        messages.add(message);
        return new FolderListing(listing.folder(), listing.uidValidity(), messages);
    }

    /** Finishes writing to the disk store, so that the next start finds what this one read. */
    @Override
    public void close() {
        awaitDiskWrites();
        server.close();
    }
}

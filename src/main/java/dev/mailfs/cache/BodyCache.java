package dev.mailfs.cache;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageRef;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.function.UnaryOperator;

/**
 * Message bodies, in chunks of {@link CacheSettings#chunkBytes()}, and MIME structures. Neither
 * changes under its key (UIDVALIDITY and UID), so nothing here goes stale.
 *
 * <p>With a {@link DiskBodyStore}, the disk keeps the bodies, across restarts, and memory is a
 * hand-off, not a second copy: a chunk is there on its way to the reader and to disk, or while it
 * is read only in part, and leaves once it is both read to its end and on disk (see {@link
 * #forgetIfReadThrough}); read again, it comes from the kernel's page cache or the disk store.
 * Without a store, memory is the only copy, kept within {@link CacheSettings#bodyCacheBytes()},
 * least recently used first out. Structures are kept in memory, up to a number of messages, and
 * with a store on disk too ({@link StructureFiles}).
 */
final class BodyCache implements AutoCloseable {
    /**
     * Chunks load on these threads, so read-ahead runs while the reader goes on; a reader that
     * needs a chunk already on its way waits for that load instead of starting another. How many
     * talk to the server at once is bounded by the connection pool, not here.
     */
    private final ExecutorService loaders = DaemonThreads.pool("mailfs-body-loader", 8);
    private final MailSource server;
    private final Optional<DiskBodyStore> disk;
    private final int chunkBytes;
    private final long memoryBytes;
    /** What a message's body is kept under (see {@link MailSource#identityOf}). */
    private final UnaryOperator<MessageRef> identities;
    private final ChunkLoader loader;
    private final AsyncLoadingCache<Chunk, ChunkBytes> chunks;
    private final LoadingCache<MessageRef, BodyPart> structures;
    private final StructureFiles structureFiles;
    /** The UIDVALIDITY each folder was last listed under. */
    private final Map<String, Long> uidValidities = new ConcurrentHashMap<>();

    BodyCache(MailSource server, CacheSettings settings, Optional<DiskBodyStore> disk, DiskWriteQueue diskWrites, Ticker ticker,
              UnaryOperator<MessageRef> identities) {
        this.server = server;
        this.disk = disk;
        this.chunkBytes = settings.chunkBytes();
        this.memoryBytes = settings.bodyCacheBytes();
        this.identities = identities;
        this.loader = new ChunkLoader(server, disk, diskWrites, chunkBytes, this::forgetIfReadThrough);
        this.chunks = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumWeight(settings.bodyCacheBytes())
                .<Chunk, ChunkBytes>weigher((chunk, loaded) -> loaded.bytes.length)
                .executor(this::onLoader)
                .recordStats()
                .buildAsync(loader);
        this.structureFiles = new StructureFiles(disk, diskWrites, identities);
        this.structures = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(settings.structureCacheEntries())
                .build(new StructureLoader());
    }

    /**
     * One structure at a time, or many of a folder in one command (see {@link #readStructures}):
     * from the disk store where it keeps them, else from the server, and then kept there.
     */
    private final class StructureLoader implements CacheLoader<MessageRef, BodyPart> {
        @Override
        public BodyPart load(MessageRef message) {
            Optional<BodyPart> kept = structureFiles.read(message);
            if (kept.isPresent()) {
                return kept.get();
            }
            BodyPart structure = server.readStructure(message);
            structureFiles.keep(message, structure);
            return structure;
        }

        @Override
        public Map<MessageRef, BodyPart> loadAll(Set<? extends MessageRef> messages) {
            Map<MessageRef, BodyPart> loaded = new HashMap<>();
            List<MessageRef> missing = new ArrayList<>();
            for (MessageRef message : messages) {
                structureFiles.read(message).ifPresentOrElse(kept -> loaded.put(message, kept), () -> missing.add(message));
            }
            for (List<MessageRef> batch : MessageRef.byFolder(missing.stream(), m -> m)) {
                MessageRef first = batch.get(0);
                Map<Long, BodyPart> structures = server.readStructures(first.folder(), first.uidValidity(),
                        batch.stream().map(MessageRef::uid).toList());
                batch.forEach(m -> {
                    BodyPart structure = structures.get(m.uid());
                    if (structure != null) {
                        loaded.put(m, structure);
                        structureFiles.keep(m, structure);
                    }
                });
            }
            return loaded;
        }
    }

    /** Runs a load, or Caffeine's upkeep, on a loader thread; once closed, on the caller's. */
    private void onLoader(Runnable task) {
        try {
            loaders.execute(task);
        } catch (RejectedExecutionException closed) {
            task.run();
        }
    }

    /**
     * Reading the start of a message that a sequential reader will follow with {@code readAhead}:
     * the first chunks of those missing from the cache are fetched in the background, in one
     * pipelined command, while this one is read.
     */
    byte[] readBody(MessageRef message, long offset, int length, List<MessageRef> readAhead) {
        if (offset < chunkBytes && !readAhead.isEmpty()) {
            chunks.getAll(readAhead.stream().map(next -> chunkOf(next, 0)).toList());
        }
        return readBody(message, offset, length);
    }

    /** Assembles the range from cached chunks, fetching the missing ones. */
    byte[] readBody(MessageRef message, long offset, int length) {
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
     * The whole message, when one chunk holds all of it and memory or the disk store has that chunk;
     * the server is not asked. The array is the cache's own.
     */
    Optional<byte[]> heldWholeMessage(MessageRef message) {
        Chunk first = chunkOf(message, 0);
        CompletableFuture<ChunkBytes> inMemory = chunks.getIfPresent(first);
        Optional<ChunkBytes> held = inMemory != null && inMemory.isDone() && !inMemory.isCompletedExceptionally()
                ? Optional.ofNullable(inMemory.join()) : loader.fromDisk(first);
        return held.map(loaded -> loaded.bytes).filter(bytes -> bytes.length < chunkBytes);
    }

    /** The starts of several messages, each through {@link #readBody(MessageRef, long, int)}; one gone is left out. */
    Map<Long, byte[]> readBodyStarts(String folder, long uidValidity, List<Long> uids, int length) {
        Map<Long, byte[]> starts = new HashMap<>();
        for (long uid : uids) {
            try {
                starts.put(uid, readBody(new MessageRef(folder, uidValidity, uid), 0, length));
            } catch (MailfsException.NotFound gone) {
                // left out
            }
        }
        return starts;
    }

    /**
     * A chunk read to its end is read again seldom, and then the kernel's page cache or the disk
     * store serves it: kept in memory, it would only be copied by the garbage collector until
     * evicted, which cost a grep -r a good part of its time. So it goes once the disk store has it,
     * whichever comes last of the reader getting to its end and the writer putting it on disk.
     */
    void forgetIfReadThrough(Chunk key, ChunkBytes loaded) {
        if (loaded.readThrough && disk.isPresent() && disk.get().holds(key.identity(), key.index())) {
            chunks.synchronous().invalidate(key);
        }
    }

    private Chunk chunkOf(MessageRef message, long index) {
        return new Chunk(identities.apply(message), message, index);
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

    /** Waits for a load, or stops waiting when the thread is interrupted (the load goes on for whoever asks next). */
    private static <T> T await(CompletableFuture<T> loading) {
        try {
            return loading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailfsException.Interrupted("waiting for a message's bytes");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new CompletionException(e.getCause());
        }
    }

    Map<Long, BodyPart> readStructures(String folder, long uidValidity, List<Long> uids) {
        Map<Long, BodyPart> found = new HashMap<>();
        structures.getAll(uids.stream().map(uid -> new MessageRef(folder, uidValidity, uid)).toList())
                .forEach((message, structure) -> found.put(message.uid(), structure));
        return found;
    }

    BodyPart readStructure(MessageRef message) {
        return structures.get(message);
    }

    /**
     * A folder listed under a UIDVALIDITY: what is kept of it under another (the server renumbered
     * it: it was recreated, say) is dropped, in memory and on disk. Nothing stale could be served
     * anyway (bodies are kept under their UIDVALIDITY); this frees the room.
     */
    void forgetOtherUidValidities(FolderListing listing) {
        Long before = uidValidities.put(listing.folder(), listing.uidValidity());
        if (before == null || before != listing.uidValidity()) {
            disk.ifPresent(store -> store.forgetOtherUidValidities(listing.folder(), listing.uidValidity()));
        }
        if (before != null && before != listing.uidValidity()) {
            chunks.synchronous().asMap().keySet().removeIf(chunk -> isRenumbered(chunk.message(), listing));
            structures.asMap().keySet().removeIf(message -> isRenumbered(message, listing));
        }
    }

    private static boolean isRenumbered(MessageRef message, FolderListing listing) {
        return message.folder().equals(listing.folder()) && message.uidValidity() != listing.uidValidity();
    }

    /** How the memory and the disk store serve reads, for {@link MailSource#statistics()}. */
    LinkedHashMap<String, String> statistics() {
        LinkedHashMap<String, String> statistics = new LinkedHashMap<>();
        CacheStats memory = chunks.synchronous().stats();
        long bytes = chunks.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
        statistics.put("bodies in memory", mebibytes(bytes) + " of " + mebibytes(memoryBytes) + ", "
                + hitRate(memory.hitCount(), memory.missCount()));
        statistics.put("bodies on disk", disk.isPresent() ? hitRate(loader.diskHits(), loader.diskMisses()) : "off (--cache-size 0)");
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

    /** The loaders take no more: loads under way end (or fail, once the server is closed) on their own. */
    @Override
    public void close() {
        loaders.shutdown();
    }
}

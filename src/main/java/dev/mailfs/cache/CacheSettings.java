package dev.mailfs.cache;

import java.time.Duration;

/**
 * How long what the server told us is trusted, and how much of it is kept.
 *
 * @param folderListTtl  how long the folder list (LIST) is reused before asking again
 * @param listingTtl     how long a folder's message listing (one bulk UID FETCH) is kept unused;
 *                       one in use is checked with STATUS every {@link #LISTING_CHECK_AFTER}
 * @param bodyCacheBytes memory for message bytes on their way to the reader and to the disk store,
 *                       and the only copy when there is none (see {@link BodyCache}); bodies never
 *                       go stale (keyed by UIDVALIDITY+UID). 64 MiB by default: the {@link
 *                       DiskBodyStore} and the kernel's page cache keep what was read, and the
 *                       daemon aims at 300 MB of resident memory
 * @param chunkBytes     bodies are fetched and cached in pieces of this size, so reading the start
 *                       of a large message does not download all of it
 * @param structureCacheEntries how many messages' MIME structures are kept (they never go stale)
 * @param partCacheBytes memory for decoded text and attachments (small: the kernel keeps what was read, and the
 *                       daemon has 256 MB of heap for everything)
 */
public record CacheSettings(Duration folderListTtl, Duration listingTtl, long bodyCacheBytes, int chunkBytes,
                            long structureCacheEntries, long partCacheBytes) {
    public static final Duration DEFAULT_FOLDER_LIST_TTL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_LISTING_TTL = Duration.ofSeconds(30);
    /** A listing held longer is checked with STATUS before it is used again (see ListingCache.listMessages). */
    public static final Duration LISTING_CHECK_AFTER = Duration.ofSeconds(2);
    public static final long DEFAULT_BODY_CACHE_BYTES = 64L << 20;
    public static final int DEFAULT_CHUNK_BYTES = 1 << 20;
    public static final long DEFAULT_STRUCTURE_CACHE_ENTRIES = 10_000;
    public static final long DEFAULT_PART_CACHE_BYTES = 32L << 20;

    public CacheSettings {
        if (chunkBytes <= 0 || bodyCacheBytes < chunkBytes) {
            throw new IllegalArgumentException("chunkBytes must be positive and fit in bodyCacheBytes");
        }
    }

    public static CacheSettings defaults() {
        return new CacheSettings(DEFAULT_FOLDER_LIST_TTL, DEFAULT_LISTING_TTL, DEFAULT_BODY_CACHE_BYTES, DEFAULT_CHUNK_BYTES,
                DEFAULT_STRUCTURE_CACHE_ENTRIES, DEFAULT_PART_CACHE_BYTES);
    }
}

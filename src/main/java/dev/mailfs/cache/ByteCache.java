package dev.mailfs.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Function;

/** Byte arrays kept up to a memory budget, least recently used first out; for contents that never go stale. */
public final class ByteCache<K> {
    private final Cache<K, byte[]> cache;

    public ByteCache(long maxBytes) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<K, byte[]>weigher((key, bytes) -> bytes.length)
                .build();
    }

    /** The cached bytes, computed once by {@code load} when missing (concurrent callers wait for it). */
    public byte[] get(K key, Function<K, byte[]> load) {
        return cache.get(key, load);
    }
}

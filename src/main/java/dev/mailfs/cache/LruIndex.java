package dev.mailfs.cache;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link DiskBodyStore} holds: file names and their sizes, least recently used first, with
 * the total kept under a cap. One small string and one size per file, so 100,000 files cost a few MB.
 */
final class LruIndex {
    private final LinkedHashMap<String, Long> sizes = new LinkedHashMap<>(1024, 0.75f, true);
    private final long maxBytes;
    private long totalBytes;

    LruIndex(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Whether the file is known; if so it becomes the most recently used. */
    synchronized boolean use(String name) {
        return sizes.get(name) != null;
    }

    /** Whether the file is known; unlike {@link #use}, leaves the order as it is. */
    synchronized boolean contains(String name) {
        return sizes.containsKey(name);
    }

    /**
     * Records a file as the most recently used and returns the names that no longer fit, least
     * recently used first: the caller deletes them. The file itself is never one of them, even
     * when it alone passes the cap: it was kept to be read now.
     */
    synchronized List<String> add(String name, long size) {
        Long old = sizes.put(name, size);
        totalBytes += size - (old == null ? 0 : old);
        List<String> evicted = new ArrayList<>();
        for (Iterator<Map.Entry<String, Long>> eldest = sizes.entrySet().iterator(); totalBytes > maxBytes && eldest.hasNext(); ) {
            Map.Entry<String, Long> entry = eldest.next();
            if (entry.getKey().equals(name)) {
                break; // the youngest: everything older is gone
            }
            totalBytes -= entry.getValue();
            evicted.add(entry.getKey());
            eldest.remove();
        }
        return evicted;
    }

    synchronized void remove(String name) {
        Long size = sizes.remove(name);
        if (size != null) {
            totalBytes -= size;
        }
    }

    /** Forgets every file whose name starts with {@code prefix} and returns their names. */
    synchronized List<String> removeStartingWith(String prefix) {
        List<String> removed = new ArrayList<>();
        for (Iterator<Map.Entry<String, Long>> entries = sizes.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<String, Long> entry = entries.next();
            if (entry.getKey().startsWith(prefix)) {
                totalBytes -= entry.getValue();
                removed.add(entry.getKey());
                entries.remove();
            }
        }
        return removed;
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    synchronized int size() {
        return sizes.size();
    }
}

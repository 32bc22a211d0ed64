package dev.mailfs.cache;

import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageRef;
import com.github.benmanes.caffeine.cache.CacheLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Loads one chunk, or several first chunks of one folder in one pipelined fetch; from the disk
 * store when it has them, else from the server, and then keeps them on disk.
 */
final class ChunkLoader implements CacheLoader<Chunk, ChunkBytes> {
    private final MailSource server;
    private final Optional<DiskBodyStore> disk;
    private final DiskWriteQueue diskWrites;
    private final int chunkBytes;
    /** Told of each chunk fetched once the disk store has it. */
    private final BiConsumer<Chunk, ChunkBytes> onDisk;
    private final AtomicLong diskHits = new AtomicLong();
    private final AtomicLong diskMisses = new AtomicLong();

    ChunkLoader(MailSource server, Optional<DiskBodyStore> disk, DiskWriteQueue diskWrites, int chunkBytes,
                BiConsumer<Chunk, ChunkBytes> onDisk) {
        this.server = server;
        this.disk = disk;
        this.diskWrites = diskWrites;
        this.chunkBytes = chunkBytes;
        this.onDisk = onDisk;
    }

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

    /** The chunk if the disk store has it; counted as a hit or a miss of the store. */
    Optional<ChunkBytes> fromDisk(Chunk chunk) {
        Optional<byte[]> bytes = disk.flatMap(store -> store.read(chunk.identity(), chunk.index()));
        if (disk.isPresent()) {
            (bytes.isPresent() ? diskHits : diskMisses).incrementAndGet();
        }
        return bytes.map(ChunkBytes::new);
    }

    /** The chunk from the server, then queued for the disk store. */
    ChunkBytes fetch(Chunk chunk) {
        ChunkBytes fetched = new ChunkBytes(server.readBody(chunk.message(), chunk.index() * chunkBytes, chunkBytes));
        toDisk(chunk, fetched);
        return fetched;
    }

    long diskHits() {
        return diskHits.get();
    }

    long diskMisses() {
        return diskMisses.get();
    }

    private void toDisk(Chunk chunk, ChunkBytes fetched) {
        if (disk.isPresent()) {
            diskWrites.writeChunk(fetched.bytes.length, () -> {
                disk.get().write(chunk.identity(), chunk.index(), fetched.bytes);
                onDisk.accept(chunk, fetched); // the reader may have got to the end before the disk had it
            });
        }
    }
}

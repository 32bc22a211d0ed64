package dev.mailfs.cache;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.ServerTraits;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The folder list (LIST). Held for its lifetime (5 s: LIST is cheap, and a folder made by another
 * client should show within seconds), then asked for again in the background while the list held
 * answers at once ({@link BackgroundChecks}): a server that hangs holds up no {@code ls}.
 * Kept on disk when there is a store, where a mount that cannot reach the server finds it.
 */
final class FolderList implements AutoCloseable {
    private record Held(List<FolderInfo> folders, long fetchedAt) {
    }

    private final MailSource server;
    private final Ticker ticker;
    private final Duration lifetime;
    private final Optional<ListingStore> store;
    private final DiskWriteQueue diskWrites;
    /**
     * Nobody waits for a renewal: the folder list rarely changes, the look after it shows what it
     * brought, and a look must not wait for it and then again for its folder's listing check.
     */
    private final BackgroundChecks<Boolean, Held> checks = new BackgroundChecks<>("mailfs-folder-list", 1, Duration.ZERO);

    // Guarded by this object's monitor.
    /** Null: fetched at the next look. */
    private Held held;
    /** Counts changes of the folder list ({@link #invalidate}): a fetch begun before one is not held. */
    private long changes;
    private List<FolderInfo> stored = List.of();

    FolderList(MailSource server, Ticker ticker, Duration lifetime, Optional<ListingStore> store, DiskWriteQueue diskWrites) {
        this.server = server;
        this.ticker = ticker;
        this.lifetime = lifetime;
        this.store = store;
        this.diskWrites = diskWrites;
    }

    List<FolderInfo> get() {
        Held now;
        synchronized (this) {
            now = held;
        }
        if (now == null) {
            return fetchOrStored().folders();
        }
        if (ticker.read() - now.fetchedAt() < lifetime.toNanos()) {
            return now.folders();
        }
        return checks.answerSoon(Boolean.TRUE, now, () -> fetchOr(now)).folders();
    }

    /** The folder list is asked for afresh at its next use (a folder was made, deleted or renamed here). */
    synchronized void invalidate() {
        changes++;
        held = null;
    }

    @Override
    public void close() {
        checks.close();
    }

    private Held fetchOr(Held now) {
        try {
            return fetch();
        } catch (MailfsException.Unavailable away) {
            return now;
        }
    }

    /** The server's; when it cannot be reached, the one an earlier mount stored, asked for again at the next look. */
    private Held fetchOrStored() {
        try {
            return fetch();
        } catch (MailfsException.Unavailable away) {
            Optional<ListingStore.StoredFolders> kept = store.flatMap(ListingStore::readFolders);
            if (kept.isEmpty()) {
                throw away;
            }
            Held fromDisk = new Held(kept.get().folders(), ticker.read() - lifetime.toNanos());
            synchronized (this) {
                if (held == null) {
                    held = fromDisk;
                }
            }
            return fromDisk;
        }
    }

    private Held fetch() {
        long changesBefore;
        synchronized (this) {
            changesBefore = changes;
        }
        List<FolderInfo> fetchedFolders = List.copyOf(server.listFolders());
        List<FolderInfo> folders;
        Held fetched;
        boolean changed;
        synchronized (this) {
            changed = !fetchedFolders.equals(stored);
            // The same instance while nothing changed: the folder tree above is made again only for a new one.
            folders = changed ? fetchedFolders : stored;
            stored = folders;
            fetched = new Held(folders, ticker.read());
            if (changes == changesBefore) {
                held = fetched;
            }
        }
        if (changed && store.isPresent()) {
            ServerTraits traits = new ServerTraits(server.hasLabels(), server.personalPrefix());
            diskWrites.queue(() -> store.get().writeFolders(folders, traits));
        }
        return fetched;
    }
}

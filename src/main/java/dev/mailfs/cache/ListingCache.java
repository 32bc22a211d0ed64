package dev.mailfs.cache;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderState;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import dev.mailfs.mail.WatchedFolder;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The folder list and folders' listings, which change on the server: kept for a while, checked
 * before they are used again (see {@link #listMessages}), and, with a {@link ListingStore}, kept on
 * disk so that after a restart a folder is checked rather than fetched whole. Changes made through
 * mailfs patch what is held here ({@link WriteThrough}).
 */
final class ListingCache {
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

    private final MailSource server;
    private final boolean labels;
    private final Ticker ticker;
    private final FolderList folderList;
    private final LoadingCache<String, Listed> listings;
    private final ToldChanges told = new ToldChanges();
    private final Map<String, WatchedFolder> watchedFolders = new ConcurrentHashMap<>();
    private final Optional<ListingStore> store;
    private final DiskWriteQueue diskWrites;
    /** Listings waiting for the disk writer, by folder: only the latest of each is written. */
    private final Map<String, Listed> toStore = new ConcurrentHashMap<>();
    /** Told of every listing the server sent (the body cache drops what a renumbered folder kept). */
    private final Consumer<FolderListing> onListed;
    /** How long a look waits for a listing's check before it is answered with the listing held. */
    static final Duration CHECK_WAIT = Duration.ofMillis(500);
    private final BackgroundChecks<String, Listed> checks = new BackgroundChecks<>("mailfs-listing-check", 2, CHECK_WAIT);

    ListingCache(MailSource server, CacheSettings settings, Optional<ListingStore> store, DiskWriteQueue diskWrites, Ticker ticker,
                 Consumer<FolderListing> onListed) {
        this.server = server;
        this.labels = server.hasLabels();
        this.ticker = ticker;
        this.store = store;
        this.diskWrites = diskWrites;
        this.onListed = onListed;
        this.folderList = new FolderList(server, ticker, settings.folderListTtl(), store, diskWrites);
        this.listings = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(settings.listingTtl())
                .build(this::loadListing);
    }

    boolean hasLabels() {
        return labels;
    }

    List<FolderInfo> listFolders() {
        return folderList.get();
    }

    /**
     * The folder's listing. One held longer than {@link CacheSettings#LISTING_CHECK_AFTER} is checked
     * with STATUS first (one round trip); if the folder changed, only the changes are fetched. So
     * mail added, removed or flagged by another client shows within about that long. On a server
     * without CONDSTORE, whose STATUS does not tell of flags changed, every message's flags are
     * fetched at each check. One unused for the listing TTL is fetched whole again. A folder the
     * server watches for us (IDLE, {@link #watchForChanges}) is asked only when it told of a change,
     * and then at once. A check waits at most {@link #CHECK_WAIT}: then the listing held is answered,
     * and the check goes on in the background ({@link BackgroundChecks}).
     */
    FolderListing listMessages(String folder) {
        Listed listed = listings.get(folder);
        boolean due = ticker.read() - listed.checkedAt() >= CacheSettings.LISTING_CHECK_AFTER.toNanos();
        if (listed.state().isEmpty() || !(due || told.anyTold(folder))) {
            return listed.listing();
        }
        return checks.answerSoon(folder, listed, () -> checked(folder, listed)).listing();
    }

    /** The listing brought up to date: see {@link #listMessages}. */
    private Listed checked(String folder, Listed listed) {
        long now = ticker.read();
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
                    FolderListing changed = fromServer(server.listChanges(listed.listing(), known, flagsChanged));
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
            return listed; // what we have, while the server cannot say otherwise
        }
        listings.asMap().computeIfPresent(folder, (unused, present) -> present == listed ? current : present);
        return current;
    }

    /** Stops the checks under way; what they would have brought is asked for at the next look. */
    void close() {
        checks.close();
        folderList.close();
    }

    /**
     * Has the server tell of changes to {@code folder} as they happen (IDLE, on a connection of its
     * own): they show at the next look, and until then the folder costs no round trip to check.
     */
    void watchForChanges(String folder) {
        watchedFolders.put(folder, server.watch(folder, told));
    }

    /**
     * The listing kept on disk by an earlier run, due to be checked at its first use (so that it is
     * never served without a STATUS saying it is current, or its changes fetched), else the server's.
     */
    private Listed loadListing(String folder) {
        Optional<ListingStore.Stored> kept = store.flatMap(s -> s.read(folder));
        if (kept.isPresent()) {
            return new Listed(kept.get().listing(), Optional.of(kept.get().state()), dueNow());
        }
        return fetchListing(folder);
    }

    /** The state first, so that a change during the fetch shows at the next check. */
    private Listed fetchListing(String folder) {
        Optional<FolderState> state = server.folderState(folder);
        FolderListing listing = fromServer(server.listMessages(folder));
        long now = ticker.read();
        return stored(new Listed(listing, state, now));
    }

    private FolderListing fromServer(FolderListing listing) {
        onListed.accept(listing);
        return listing;
    }

    /**
     * Queues the listing for the disk, when it has a state to be checked against; only the latest of
     * a folder is written. Listings patched here (after a move, say) are not: their state is older.
     */
    private Listed stored(Listed listed) {
        if (store.isPresent() && listed.state().isPresent()
                && toStore.put(listed.listing().folder(), listed) == null) {
            diskWrites.queue(() -> {
                Listed latest = toStore.remove(listed.listing().folder());
                if (latest != null) {
                    store.get().write(latest.listing(), latest.state().get());
                }
            });
        }
        return listed;
    }

    /**
     * The server's search, never cached. A folder whose listing held here lacks a message found (one
     * new since it was listed) is brought up to date at its next listing, not when it is next due.
     */
    List<SearchHits> search(SearchQuery query, Optional<String> mailbox) {
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

    /**
     * What a message's body is kept under: on Gmail its X-GM-MSGID, when its folder's listing is
     * held, so that the message read in one label's folder is not fetched again in another.
     */
    MessageRef identityOf(MessageRef message) {
        if (!labels) {
            return message;
        }
        return cachedMeta(message).flatMap(MessageMeta::gmail)
                .map(gmail -> new MessageRef(GMAIL_MESSAGES, 0, gmail.messageId()))
                .orElse(message);
    }

    /** The message as the listing held of its folder has it, if one is held. */
    Optional<MessageMeta> cachedMeta(MessageRef message) {
        Listed listed = listings.getIfPresent(message.folder());
        if (listed == null || listed.listing().uidValidity() != message.uidValidity()) {
            return Optional.empty();
        }
        return listed.listing().message(message.uid());
    }

    long size() {
        return listings.estimatedSize();
    }

    /** The message gone from the listing held of its folder, if one is held. */
    void remove(MessageRef message) {
        removeAll(message.folder(), message.uidValidity(), Set.of(message.uid()));
    }

    /** These messages gone from the listing held of their folder, if one is held. */
    void removeAll(String folder, long uidValidity, Set<Long> uids) {
        if (uids.isEmpty()) {
            return;
        }
        listings.asMap().computeIfPresent(folder, (unused, listed) -> listed.listing().uidValidity() != uidValidity
                ? listed
                : listed.with(new FolderListing(folder, uidValidity,
                        listed.listing().messages().stream().filter(m -> !uids.contains(m.uid())).toList())));
    }

    /**
     * These messages in the listing held of {@code folder}, if one is held, each unless it has it
     * already (listed after the change).
     */
    void addAll(String folder, List<MessageMeta> messages) {
        if (messages.isEmpty()) {
            return;
        }
        listings.asMap().computeIfPresent(folder, (unused, listed) -> {
            FolderListing listing = listed.listing();
            Set<Long> held = new HashSet<>();
            listing.messages().forEach(m -> held.add(m.uid()));
            List<MessageMeta> all = new ArrayList<>(listing.messages());
            messages.stream().filter(m -> !held.contains(m.uid())).forEach(all::add);
            return listed.with(new FolderListing(folder, listing.uidValidity(), all));
        });
    }

    /** The message in the listing held of {@code folder}, if one is held and lacks it. */
    void add(String folder, MessageMeta message) {
        addAll(folder, List.of(message));
    }

    /** The folder is listed afresh at its next use. */
    void forget(String folder) {
        listings.invalidate(folder);
    }

    /** Every folder is listed afresh at its next use. */
    void forgetAll() {
        listings.invalidateAll();
    }

    /** The folder list is asked for afresh at its next use. */
    void forgetFolderList() {
        folderList.invalidate();
    }

    /**
     * On Gmail a change in one folder changes others: a message that leaves a label's folder is
     * still in All Mail with one label fewer, one moved between labels is in All Mail all along. So
     * every listing held is checked (STATUS, then the changes) at its next use.
     */
    void checkLabelFoldersSoon() {
        if (labels) {
            long due = dueNow();
            listings.asMap().replaceAll((folder, listed) -> new Listed(listed.listing(), listed.state(), Math.min(due, listed.checkedAt())));
        }
    }

    /** A time of last check that makes a listing due for its check at its next use. */
    private long dueNow() {
        return ticker.read() - CacheSettings.LISTING_CHECK_AFTER.toNanos();
    }
}

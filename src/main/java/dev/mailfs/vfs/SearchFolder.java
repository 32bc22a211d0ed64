package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.SearchQuery;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * One search folder: its query and the messages found the last time it ran. Listing the folder runs
 * the query again when those are older than {@link #SEARCH_AGAIN_AFTER}, so that new mail that
 * matches shows and mail that no longer matches leaves; looking up a name in it uses what was
 * found, so that stat and read of each file (grep -r) cost no search. Safe for many threads.
 */
final class SearchFolder {
    private static final Logger LOG = Logger.getLogger(SearchFolder.class.getName());
    /** How long what a search found is shown before a listing of the folder searches again. */
    static final Duration SEARCH_AGAIN_AFTER = Duration.ofSeconds(5);

    private record Found(FolderView view, long searchedAt) {
    }

    private final SearchQuery query;
    private final MessageSearch search;
    private final LongSupplier nanoTime;
    private volatile Found found;

    SearchFolder(SearchQuery query, MessageSearch search, LongSupplier nanoTime) {
        this.query = query;
        this.search = search;
        this.nanoTime = nanoTime;
    }

    /** For a listing: what was found, searched again first if that is older than {@link #SEARCH_AGAIN_AFTER}. */
    FolderView fresh() {
        return foundWithin(SEARCH_AGAIN_AFTER.toNanos());
    }

    /** For a lookup: what was found, searched only when nothing was yet (the first use after a restart). */
    FolderView held() {
        Found current = found;
        return current != null ? current.view() : foundWithin(Long.MAX_VALUE);
    }

    private synchronized FolderView foundWithin(long maxAgeNanos) {
        Found current = found;
        long now = nanoTime.getAsLong();
        if (current != null && now - current.searchedAt() < maxAgeNanos) {
            return current.view();
        }
        try {
            found = new Found(search.run(key(), query), now);
        } catch (MailfsException.Unavailable | MailfsException.InvalidArgument failed) {
            // Unreachable, or refused now where it ran before (a passing NO): the last results show.
            if (current == null) {
                throw failed;
            }
            LOG.fine(() -> "search '" + query + "' could not run again (" + failed.getMessage() + "); what it found before shows");
            return current.view();
        }
        return found.view();
    }

    /** What this folder's view is kept under: no server folder name holds a NUL. */
    private String key() {
        return "\0search\0" + query.text();
    }
}

package dev.mailfs.vfs;

import dev.mailfs.cache.SearchStore;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.SearchQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * {@code /.search}: the search folders made with mkdir, by name (the name is the query), kept in a
 * {@link SearchStore} when there is one so that they outlive the mount. Virtual: making or
 * forgetting one changes nothing on the server. Safe for many threads.
 */
final class SearchFolders {
    private static final Logger LOG = Logger.getLogger(SearchFolders.class.getName());
    /** The directory at the root that holds them; no folder name on the server starts with a dot. */
    static final String DIRECTORY = ".search";

    private final Map<String, SearchFolder> byName = new ConcurrentSkipListMap<>();
    private final MessageSearch search;
    private final Optional<SearchStore> store;
    private final LongSupplier nanoTime;

    /** With the searches kept in {@code store} by an earlier mount. */
    SearchFolders(MessageSearch search, Optional<SearchStore> store, LongSupplier nanoTime) {
        this.search = search;
        this.store = store;
        this.nanoTime = nanoTime;
        for (String text : store.map(SearchStore::read).orElse(List.of())) {
            try {
                byName.put(text, new SearchFolder(SearchQuery.parse(text), search, nanoTime));
            } catch (MailfsException.InvalidArgument e) {
                LOG.warning("a kept search folder is left out: " + e.getMessage());
            }
        }
    }

    /** The names of the search folders, in order. */
    Set<String> names() {
        return byName.keySet();
    }

    Optional<SearchFolder> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * mkdir: a search folder for the query {@code name}. It runs once now, so that a query the server
     * refuses fails here; a query that does not parse never reaches the server.
     *
     * @throws MailfsException.InvalidArgument saying what is wrong with the query
     * @throws MailfsException.AlreadyExists   when there is one by that name
     */
    synchronized void create(String name) {
        if (byName.containsKey(name)) {
            throw new MailfsException.AlreadyExists(DIRECTORY + "/" + name);
        }
        SearchFolder folder = new SearchFolder(SearchQuery.parse(name), search, nanoTime);
        folder.fresh();
        byName.put(name, folder);
        keep();
        LOG.info("search folder '" + name + "' made");
    }

    /** rmdir: forgets the search folder; the messages it showed stay where they are. */
    synchronized void forget(String name) {
        if (byName.remove(name) == null) {
            throw new MailfsException.NotFound(DIRECTORY + "/" + name);
        }
        keep();
    }

    private void keep() {
        store.ifPresent(kept -> kept.write(List.copyOf(byName.keySet())));
    }
}

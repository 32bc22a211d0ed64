package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import java.util.List;

/**
 * What changes mean under /.search: mkdir makes a search folder for the query that is its name,
 * rmdir forgets one, and nothing else changes there; nothing is made or removed on the server.
 * On a read-only mount too: a search folder changes no mail.
 */
final class SearchPaths {
    private final SearchFolders searches;
    private final PathResolver paths;

    SearchPaths(SearchFolders searches, PathResolver paths) {
        this.searches = searches;
        this.paths = paths;
    }

    static boolean isSearchPath(String path) {
        List<String> components = PathResolver.components(path);
        return !components.isEmpty() && components.get(0).equals(SearchFolders.DIRECTORY);
    }

    /** A search folder only shows messages: rm, mv and cp in or out of one would lose track of them. */
    static void refuseChangesThrough(String from, String to) {
        if (isSearchPath(from) || isSearchPath(to)) {
            throw new MailfsException.ReadOnly("search folders only show messages; change them in their own folders: "
                    + (isSearchPath(from) ? from : to));
        }
    }

    /** mkdir in /.search: a search folder for the query that is its name. */
    void makeSearchFolder(String path) {
        List<String> components = PathResolver.components(path);
        if (components.size() == 1) {
            throw new MailfsException.AlreadyExists(path);
        }
        if (components.size() > 2) {
            paths.resolve(PathResolver.parentOf(path)); // not found, or:
            throw new MailfsException.ReadOnly("search folders show messages; nothing can be made in them: " + path);
        }
        searches.create(components.get(1));
    }

    /** rmdir in /.search: the search folder is forgotten, the messages it shows stay where they are. */
    void forgetSearchFolder(String path) {
        List<String> components = PathResolver.components(path);
        if (components.size() == 1) {
            throw new MailfsException.NotPermitted(path + " is mailfs's own");
        }
        if (components.size() > 2) {
            paths.resolve(path);
            throw new MailfsException.ReadOnly("messages cannot be removed through a search folder: " + path);
        }
        searches.forget(components.get(1));
    }
}

package dev.mailfs.vfs;

import java.time.Instant;

/** "/.search": the search folders, beside the folders; mkdir and rmdir in it make and forget them (see {@link SearchPaths}). */
final class SearchRootNode extends Node {
    private final SearchFolders searches;
    private final Instant mountedAt;

    SearchRootNode(String path, SearchFolders searches, Instant mountedAt) {
        super(path);
        this.searches = searches;
        this.mountedAt = mountedAt;
    }

    @Override
    FileAttributes getattr() {
        return FileAttributes.directory(mountedAt);
    }

    @Override
    void list(EntrySink into) {
        for (String name : searches.names()) {
            if (!into.add(name, true, 0)) {
                return;
            }
        }
    }
}

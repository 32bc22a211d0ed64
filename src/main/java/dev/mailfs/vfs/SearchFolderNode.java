package dev.mailfs.vfs;

import java.time.Instant;

/**
 * "/.search/QUERY": the messages the query finds, under the names they have in their folders.
 * Listing it searches again when what it found is old (see {@link SearchFolder}).
 */
final class SearchFolderNode extends Node {
    private final SearchFolder folder;
    private final Instant mountedAt;

    SearchFolderNode(String path, SearchFolder folder, Instant mountedAt) {
        super(path);
        this.folder = folder;
        this.mountedAt = mountedAt;
    }

    @Override
    FileAttributes getattr() {
        return FileAttributes.directory(mountedAt);
    }

    @Override
    void list(EntrySink into) {
        folder.fresh().listInto(into);
    }
}

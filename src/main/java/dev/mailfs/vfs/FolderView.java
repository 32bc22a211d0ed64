package dev.mailfs.vfs;

import dev.mailfs.imap.FolderListing;
import dev.mailfs.imap.MessageMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * One listing of a folder with its messages' file names.
 *
 * @param entries what the folder's directory shows for its messages: "X.eml" and "X" for each
 */
record FolderView(FolderListing listing, NavigableMap<String, MessageMeta> byName, List<String> entries) {

    static FolderView of(FolderListing listing, NavigableMap<String, MessageMeta> byName) {
        List<String> entries = new ArrayList<>(byName.size() * 2);
        for (String fileName : byName.keySet()) {
            entries.add(fileName);
            entries.add(fileName.substring(0, fileName.length() - MessageNames.EXTENSION.length()));
        }
        return new FolderView(listing, byName, List.copyOf(entries));
    }
}

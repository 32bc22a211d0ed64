package dev.mailfs.vfs;

import dev.mailfs.imap.FolderListing;
import dev.mailfs.imap.MessageMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * One listing of a folder with its messages' file names.
 *
 * @param entries  what the folder's directory shows for its messages: "X.eml" and "X" for each
 * @param inOrder  the messages in the order the directory lists them
 * @param position each message file name's place in {@code inOrder}
 */
record FolderView(FolderListing listing, NavigableMap<String, MessageMeta> byName, List<String> entries,
                  List<MessageMeta> inOrder, Map<String, Integer> position) {

    static FolderView of(FolderListing listing, NavigableMap<String, MessageMeta> byName) {
        List<String> entries = new ArrayList<>(byName.size() * 2);
        Map<String, Integer> position = new HashMap<>();
        for (String fileName : byName.keySet()) {
            position.put(fileName, position.size());
            entries.add(fileName);
            entries.add(fileName.substring(0, fileName.length() - MessageNames.EXTENSION.length()));
        }
        return new FolderView(listing, byName, List.copyOf(entries), List.copyOf(byName.values()), position);
    }
}

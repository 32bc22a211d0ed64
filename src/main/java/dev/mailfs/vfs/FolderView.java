package dev.mailfs.vfs;

import dev.mailfs.imap.FolderListing;
import dev.mailfs.imap.MessageMeta;
import dev.mailfs.imap.MessageRef;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;

/**
 * One listing of a folder with its messages' file names. Kept as two sorted parallel arrays, not
 * maps: a folder of 100,000 messages is held for as long as it is in use.
 */
final class FolderView {
    private final FolderListing listing;
    private final String[] names;
    private final MessageMeta[] messages;

    private FolderView(FolderListing listing, String[] names, MessageMeta[] messages) {
        this.listing = listing;
        this.names = names;
        this.messages = messages;
    }

    /** @param byName each message under its file name ("X.eml"), in name order */
    static FolderView of(FolderListing listing, SortedMap<String, MessageMeta> byName) {
        return new FolderView(listing, byName.keySet().toArray(String[]::new), byName.values().toArray(MessageMeta[]::new));
    }

    FolderListing listing() {
        return listing;
    }

    /** The message with this file name ("X.eml"), or null. */
    MessageMeta message(String fileName) {
        int i = position(fileName);
        return i < 0 ? null : messageAt(i);
    }

    /** The message at a place in directory order (see {@link #position}). */
    MessageMeta messageAt(int position) {
        return messages[position];
    }

    /** The place of this file name in directory order, negative when there is no such message. */
    int position(String fileName) {
        return Arrays.binarySearch(names, fileName);
    }

    /** Up to {@code count} messages that follow {@code position} in directory order. */
    List<MessageRef> refsAfter(int position, int count) {
        int end = Math.min(messages.length, position + 1 + count);
        return Arrays.stream(messages, Math.min(position + 1, end), end).map(listing::refOf).toList();
    }

    int size() {
        return messages.length;
    }

    /** Whether the entry at {@code index} of {@link #entries()} is a message's directory "X" (else its file "X.eml"). */
    static boolean isDirectoryEntry(int index) {
        return index % 2 == 1;
    }

    /** What the folder's directory shows for its messages: "X.eml" and "X" for each, made as they are read. */
    List<String> entries() {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                String fileName = names[index / 2];
                return isDirectoryEntry(index) ? fileName.substring(0, fileName.length() - MessageNames.EXTENSION.length()) : fileName;
            }

            @Override
            public int size() {
                return names.length * 2;
            }
        };
    }
}

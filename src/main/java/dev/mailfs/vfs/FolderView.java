package dev.mailfs.vfs;

import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.GmailMeta;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.function.Function;
import java.util.SortedMap;

/**
 * One listing of a folder with its messages' file names. Kept as two sorted parallel arrays, not
 * maps: a folder of 100,000 messages is held for as long as it is in use. A search folder's view
 * has messages of several folders, and a third array that says where each one is.
 */
final class FolderView {
    private final FolderListing listing;
    private final String key;
    private final String[] names;
    private final MessageMeta[] messages;
    /** Where each message is, for a search folder's view; null when they are all in the listing's folder. */
    private final MessageRef[] refs;

    private FolderView(FolderListing listing, String key, String[] names, MessageMeta[] messages, MessageRef[] refs) {
        this.listing = listing;
        this.key = key;
        this.names = names;
        this.messages = messages;
        this.refs = refs;
    }

    /**
     * The messages a folder shows. A message flagged \\Deleted is on its way out (another client's
     * delete, or a move without UIDPLUS, which leaves the original so): it is not shown, unless
     * {@code showDeleted}, for those who use a mail program that marks mail deleted and want to see
     * it (and take the flag off with setfattr).
     */
    static List<MessageMeta> visible(FolderListing listing, boolean showDeleted) {
        return showDeleted ? listing.messages() : listing.messages().stream().filter(m -> !m.flags().contains(MessageNode.DELETED)).toList();
    }

    /** @param byName each message under its file name ("X.eml"), in name order */
    static FolderView of(FolderListing listing, SortedMap<String, MessageMeta> byName) {
        return new FolderView(listing, listing.folder(), byName.keySet().toArray(String[]::new), byName.values().toArray(MessageMeta[]::new), null);
    }

    /**
     * Messages found in several folders.
     *
     * @param key    what sets this view apart from any folder's, for what is kept per view
     * @param byName each message under its file name ("X.eml"), in name order
     * @param refs   where each message of {@code byName} is (by identity)
     */
    static FolderView ofFound(String key, SortedMap<String, MessageMeta> byName, Map<MessageMeta, MessageRef> refs) {
        MessageMeta[] messages = byName.values().toArray(MessageMeta[]::new);
        return new FolderView(null, key, byName.keySet().toArray(String[]::new), messages,
                Arrays.stream(messages).map(refs::get).toArray(MessageRef[]::new));
    }

    /** The folder's listing; null for a search folder's view. */
    FolderListing listing() {
        return listing;
    }

    /** The folder's name, or what sets a search folder's view apart: read-ahead is kept under it. */
    String key() {
        return key;
    }

    /** The message at a place in directory order, as the server knows it. */
    MessageRef refAt(int position) {
        return refs != null ? refs[position] : listing.refOf(messages[position]);
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
        return java.util.stream.IntStream.range(Math.min(position + 1, end), end).mapToObj(this::refAt).toList();
    }

    /** The duplicates' names (see {@link MessageNames#isDuplicateName}) by UID, for the next listing to keep. */
    Map<Long, String> duplicateNames() {
        Map<Long, String> duplicates = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (MessageNames.isDuplicateName(names[i])) {
                duplicates.put(messages[i].uid(), names[i]);
            }
        }
        return duplicates;
    }

    /**
     * This view of a new listing that holds only messages listed here exactly as they are (a
     * message moved or deleted, nothing else changed): each keeps its name, in the same order,
     * without naming or sorting anything again. Null when the listing holds anything else.
     *
     * @param unchanged this view's {@link #namesOfUnchanged}
     */
    FolderView without(FolderListing newer, List<MessageMeta> visible, Function<MessageMeta, String> unchanged) {
        Set<Long> kept = new HashSet<>(visible.size() * 2);
        for (MessageMeta message : visible) {
            if (unchanged.apply(message) == null) {
                return null;
            }
            kept.add(message.uid());
        }
        String[] keptNames = new String[kept.size()];
        MessageMeta[] keptMessages = new MessageMeta[kept.size()];
        int n = 0;
        for (int i = 0; i < messages.length && n < keptNames.length; i++) {
            if (kept.contains(messages[i].uid())) {
                keptNames[n] = names[i];
                keptMessages[n++] = messages[i];
            }
        }
        return n == keptNames.length ? new FolderView(newer, newer.folder(), keptNames, keptMessages, null) : null;
    }

    /**
     * The file name a message had here if it is listed exactly as it was (same UID, same metadata),
     * else null: what the next listing's unchanged messages keep.
     */
    Function<MessageMeta, String> namesOfUnchanged() {
        Map<Long, Integer> byUid = new HashMap<>(messages.length * 2);
        for (int i = 0; i < messages.length; i++) {
            byUid.put(messages[i].uid(), i);
        }
        return message -> {
            Integer i = byUid.get(message.uid());
            return i != null && (messages[i] == message || messages[i].equals(message)) ? names[i] : null;
        };
    }

    int size() {
        return messages.length;
    }

    /** Whether the entry at {@code index} of {@link #entries()} is a message's directory "X" (else its file "X.eml"). */
    private static boolean isDirectoryEntry(int index) {
        return index % 2 == 1;
    }

    /** Each message's "X.eml" and "X" (a Gmail message's file with its X-GM-MSGID as inode); false when the sink wants no more. */
    boolean listInto(EntrySink into) {
        List<String> entries = entries();
        for (int i = 0; i < entries.size(); i++) {
            boolean directory = isDirectoryEntry(i);
            long inode = directory ? 0 : messageAt(i / 2).gmail().map(GmailMeta::messageId).orElse(0L);
            if (!into.add(entries.get(i), directory, inode)) {
                return false;
            }
        }
        return true;
    }

    /** What the folder's directory shows for its messages: "X.eml" and "X" for each, made as they are read. */
    private List<String> entries() {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                String fileName = names[index / 2];
                return isDirectoryEntry(index) ? MessageNames.directoryName(fileName) : fileName;
            }

            @Override
            public int size() {
                return names.length * 2;
            }
        };
    }
}

package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * What grep -r and find are about to read, asked for before they get there: a folder read in
 * directory order has the starts of the next messages fetched in the background, and listing a
 * message's directory asks for the structures of the next ones with it. Per folder view (a search
 * folder's too), kept under {@link FolderView#key()}. Safe for many threads.
 */
final class ReadAhead {
    private static final Logger LOG = Logger.getLogger(ReadAhead.class.getName());

    /** How many messages a sequential reader gets fetched ahead in one round trip. */
    static final int READ_AHEAD = 32;
    /**
     * How far ahead of a sequential reader messages are asked for: batches on their way in
     * parallel. More than the connections a folder may have (4), so that a connection done with
     * one batch starts the next at once; fewer batches had the connections wait on the reader.
     */
    static final int READ_AHEAD_BATCHES = 6;
    /** How many messages' structures one command asks for when their directories are listed in turn. */
    static final int STRUCTURES_AHEAD = 64;

    private final MailSource mail;
    /** Per folder view, the position of the message last read from its start: starts in directory order mean grep -r or find. */
    private final Map<String, Integer> lastOpened = new ConcurrentHashMap<>();
    /** Per folder view, up to which position the starts of messages have been asked for ahead. */
    private final Map<String, Integer> readAheadUntil = new ConcurrentHashMap<>();
    /** Per folder view, the positions whose structures were last asked for together: [from, until). */
    private final Map<String, int[]> structuresAsked = new ConcurrentHashMap<>();

    ReadAhead(MailSource mail) {
        this.mail = mail;
    }

    /**
     * The messages to fetch along with the start of the one at {@code position}: when the folder
     * is being read in directory order and fewer than READ_AHEAD_BATCHES batches are on their way
     * ahead of this message, the next batch of READ_AHEAD messages; else none. Fetched in the
     * background, each batch on a connection of its own when the pool has one.
     */
    List<MessageRef> messagesAhead(FolderView view, int position) {
        String folderPath = view.key();
        Integer previous = lastOpened.put(folderPath, position);
        if (previous == null || position <= previous) {
            readAheadUntil.remove(folderPath); // a new pass over the folder
        }
        boolean sequential = previous != null && position > previous && position - previous <= 2;
        int until = Math.max(position, readAheadUntil.getOrDefault(folderPath, position));
        if (!sequential || until - position > READ_AHEAD * (READ_AHEAD_BATCHES - 1)) {
            return List.of();
        }
        List<MessageRef> next = view.refsAfter(until, READ_AHEAD);
        readAheadUntil.put(folderPath, until + next.size());
        return next;
    }

    /**
     * Listing a message's directory needs its structure (one BODYSTRUCTURE). find and grep -r list
     * them all, in directory order: so the structures of this message and the next ones are asked
     * for in one command, unless this one's were asked for already.
     */
    void askForStructuresAhead(FolderView view, int position) {
        int[] asked = structuresAsked.get(view.key());
        if (asked != null && position >= asked[0] && position < asked[1]) {
            return;
        }
        List<MessageRef> batch = view.refsAfter(position - 1, STRUCTURES_AHEAD);
        structuresAsked.put(view.key(), new int[] {position, position + batch.size()});
        // A search folder's messages come from several folders: one command per folder.
        for (List<MessageRef> inOneFolder : MessageRef.byFolder(batch.stream(), ref -> ref)) {
            MessageRef first = inOneFolder.get(0);
            if (inOneFolder.size() > 1) {
                try {
                    mail.readStructures(first.folder(), first.uidValidity(), inOneFolder.stream().map(MessageRef::uid).toList());
                } catch (MailfsException e) {
                    LOG.fine("asking for " + inOneFolder.size() + " structures in " + first.folder() + " at once failed ("
                            + e.getMessage() + "); one at a time");
                }
            }
        }
    }
}

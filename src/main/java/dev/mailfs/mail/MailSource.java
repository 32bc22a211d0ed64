package dev.mailfs.mail;

import dev.mailfs.errors.MailfsException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The mail server as the layers above see it. Methods fail with a
 * {@link dev.mailfs.errors.MailfsException}, which the FUSE edge turns into an errno:
 * <ul>
 *   <li>any method: NotFound (the folder or message is gone), Unavailable (the server cannot be
 *       reached, did not answer in time, is taken to be away for a while, or refused for a limit
 *       of the account: throttling, quota, too many connections), ServerError (it refused the
 *       command), LoginFailed (it refused the credentials when a connection was opened);
 *   <li>{@code createFolder}, {@code renameFolder}: AlreadyExists (the name is taken);
 *       {@code deleteFolder}: NotEmpty (the folder holds messages);
 *   <li>{@code setFlags}, {@code append}: InvalidArgument (a flag IMAP cannot store); {@code
 *       append} also ServerError when its file cannot be read;
 *   <li>{@code changeLabels}, {@code removeLabel}: NotPermitted on a server without labels;
 *   <li>{@code search}: Unsupported where the source cannot search;
 *   <li>the changing methods: ReadOnly unless a source implements them.
 * </ul>
 */
public interface MailSource extends AutoCloseable {

    /** Every mailbox the account has (LIST "" "*"). */
    List<FolderInfo> listFolders();

    /**
     * What a user looking at why something is slow wants to know (connections, caches), as lines
     * of "what: figures", in order.
     */
    default java.util.LinkedHashMap<String, String> statistics() {
        return new java.util.LinkedHashMap<>();
    }

    /** Metadata of every message in a folder, in one bulk fetch. */
    FolderListing listMessages(String folder);

    /**
     * Up to {@code length} bytes of the raw message starting at {@code offset}, fewer at its end;
     * never marks the message \Seen.
     */
    byte[] readBody(MessageRef message, long offset, int length);

    /**
     * The first {@code length} bytes of several messages of one folder in one pipelined UID FETCH;
     * a message that is gone is left out of the answer.
     */
    default Map<Long, byte[]> readBodyStarts(String folder, long uidValidity, List<Long> uids, int length) {
        Map<Long, byte[]> starts = new java.util.HashMap<>();
        for (long uid : uids) {
            try {
                starts.put(uid, readBody(new MessageRef(folder, uidValidity, uid), 0, length));
            } catch (MailfsException.NotFound gone) {
                // left out
            }
        }
        return starts;
    }

    /**
     * Like {@link #readBody(MessageRef, long, int)}, with the messages likely to be read next
     * (a grep -r going through a folder in order), which a cache may fetch in the same round trip.
     */
    default byte[] readBody(MessageRef message, long offset, int length, List<MessageRef> readAhead) {
        return readBody(message, offset, length);
    }

    /**
     * What a message's content can be kept under: the message itself, or where one message shows in
     * several folders (Gmail's labels), the same identity in each of them.
     */
    default MessageRef identityOf(MessageRef message) {
        return message;
    }

    /** The message's MIME structure (one BODYSTRUCTURE fetch). */
    /**
     * The whole raw message when it is at hand without asking the server (read before and kept),
     * and small enough to be held in memory; empty otherwise. The array is not to be changed.
     */
    default Optional<byte[]> heldWholeMessage(MessageRef message) {
        return Optional.empty();
    }

    BodyPart readStructure(MessageRef message);

    /**
     * The structures of several messages of one folder, by UID, in one command where the source
     * can; a message that is gone, or whose structure cannot be used, is left out.
     */
    default Map<Long, BodyPart> readStructures(String folder, long uidValidity, List<Long> uids) {
        Map<Long, BodyPart> structures = new java.util.HashMap<>();
        for (long uid : uids) {
            try {
                structures.put(uid, readStructure(new MessageRef(folder, uidValidity, uid)));
            } catch (MailfsException.NotFound | MailfsException.ServerError left) {
                // left out
            }
        }
        return structures;
    }

    /**
     * The raw, still transfer-encoded bytes of one part ({@link BodyPart#section()}); the section ""
     * is the whole message. Never marks the message \Seen.
     */
    byte[] readSection(MessageRef message, String section);

    /**
     * Up to {@code length} raw bytes of one part starting at {@code offset}
     * ({@code BODY.PEEK[section]<offset.length>}), fewer at its end, none past it: how a part too
     * large to hold is read, piece by piece. Never marks the message \Seen.
     */
    byte[] readSection(MessageRef message, String section, long offset, int length);

    /**
     * Whether the sizes this source reports, a message's (RFC822.SIZE) and a part's (its
     * BODYSTRUCTURE), are the bytes it serves, so that a file's size can be known without reading
     * it. A source that has not found out yet may look at {@code message} to; false when it cannot.
     */
    boolean reportsExactSizes(MessageRef message);

    /**
     * STATUS of a folder, which costs one round trip and no listing: how a listing held for a while
     * is found to be still current. Empty when this source cannot tell (then listings expire by time).
     */
    default Optional<FolderState> folderState(String folder) {
        return Optional.empty();
    }

    /**
     * The listing {@code known}, brought up to date: messages gone are dropped, new ones fetched,
     * flags changed since {@code knownState} updated where the server can say (CONDSTORE), or every
     * message's flags fetched afresh when {@code flagsChanged} and it cannot. Costs far less than
     * {@link #listMessages} when little changed; by default it is that.
     */
    default FolderListing listChanges(FolderListing known, FolderState knownState, boolean flagsChanged) {
        return listMessages(known.folder());
    }

    /**
     * Closes the connections open on {@code folder}, so that the next operation opens it afresh: one
     * kept open since the folder was deleted and made again may still answer for the old one.
     */
    default void reopen(String folder) {
    }

    /**
     * Starts telling {@code watcher} of changes to {@code folder} as the server reports them (IDLE),
     * for as long as this source is open. A source that cannot never calls it.
     */
    default WatchedFolder watch(String folder, FolderWatcher watcher) {
        return WatchedFolder.NOT_WATCHED;
    }

    /**
     * The messages that match {@code query}, by folder: in {@code mailbox} alone when given (its
     * server name), else where the source searches by itself (every folder but Trash and Junk; on
     * Gmail, All Mail). Changes nothing.
     */
    default List<SearchHits> search(SearchQuery query, Optional<String> mailbox) {
        throw new MailfsException.Unsupported("search on this server");
    }

    /**
     * Moves a message to another folder: UID MOVE, else UID COPY and a UID EXPUNGE of exactly it. It
     * is never in neither folder.
     *
     * @return its UID in the destination, when the server tells (COPYUID)
     */
    default Optional<Long> move(MessageRef message, String toFolder) {
        throw new MailfsException.ReadOnly("move " + message);
    }

    /** Deletes a message for good: \Deleted and UID EXPUNGE of exactly its UID. */
    default void expunge(MessageRef message) {
        throw new MailfsException.ReadOnly("expunge " + message);
    }

    /**
     * Whether a move is one command that either happened whole or not at all (IMAP's MOVE), so
     * that a move whose answer was lost can be looked for and asked again without a second copy.
     * Without it a move is a copy and an expunge, and a copy whose answer was lost may or may not
     * have happened.
     */
    default boolean movesAtomically() {
        return false;
    }

    /**
     * Moves messages of one folder (one UIDVALIDITY) to another in as few commands as the server
     * allows, each never in neither folder. What a server cannot move together is moved one by one.
     */
    default BatchOutcome moveAll(List<MessageRef> messages, String toFolder) {
        return BatchOutcome.oneByOne(messages, message -> move(message, toFolder));
    }

    /** Deletes messages of one folder for good, in as few commands as the server allows, and only them. */
    default BatchOutcome expungeAll(List<MessageRef> messages) {
        return BatchOutcome.oneByOne(messages, message -> {
            expunge(message);
            return Optional.empty();
        });
    }

    /**
     * Appends the message in {@code rfc822} (streamed, never whole in memory).
     *
     * @return the new message, when the server tells (APPENDUID)
     */
    default Optional<MessageRef> append(String folder, Path rfc822, Set<String> flags, Instant internalDate) {
        throw new MailfsException.ReadOnly("append to " + folder);
    }

    /**
     * Whether folders are labels of one store of messages (Gmail): a message shows in the folder of
     * each of its labels, and removing it from one folder only takes that label off.
     */
    /**
     * The prefix of the user's own folders (the personal namespace, RFC 2342): "INBOX." on Cyrus
     * and Courier, where every folder of the user is under INBOX; "" on most servers.
     */
    default String personalPrefix() {
        return "";
    }

    /** The mailbox's storage quota (RFC 9208); empty where the server has none. */
    default Optional<Quota> quota() {
        return Optional.empty();
    }

    default boolean hasLabels() {
        return false;
    }

    /** Adds and removes labels of a message (Gmail's X-GM-LABELS), which moves it into and out of label folders. */
    default void changeLabels(MessageRef message, Set<String> add, Set<String> remove) {
        throw new MailfsException.ReadOnly("labels of " + message);
    }

    /**
     * Takes {@code label}, the label of the message's folder, off the message: it leaves that folder
     * and stays in the others (Gmail).
     */
    default void removeLabel(MessageRef message, String label) {
        changeLabels(message, Set.of(), Set.of(label));
    }

    /** Takes {@code label} off messages of its folder, in as few commands as the server allows (Gmail). */
    default BatchOutcome removeLabelAll(List<MessageRef> messages, String label) {
        return BatchOutcome.oneByOne(messages, message -> {
            removeLabel(message, label);
            return Optional.empty();
        });
    }

    /** Replaces a message's flags (system flags like \Seen and keywords). */
    default void setFlags(MessageRef message, Set<String> flags) {
        throw new MailfsException.ReadOnly("flags of " + message);
    }

    default void createFolder(String name) {
        throw new MailfsException.ReadOnly("create " + name);
    }

    default void deleteFolder(String name) {
        throw new MailfsException.ReadOnly("delete " + name);
    }

    default void renameFolder(String from, String to) {
        throw new MailfsException.ReadOnly("rename " + from);
    }

    @Override
    void close();
}

package dev.mailfs.imap;

import static dev.mailfs.imap.OneMessage.stillThere;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BatchOutcome;
import dev.mailfs.mail.MessageRef;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedFileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Changes to messages, each addressed by UID so that it touches exactly the message meant: move,
 * expunge, append, flags and Gmail's labels. A change retried after a lost connection first looks
 * whether the lost attempt already made it.
 */
final class MessageChanges {
    // Under the facade's name, which is how the log has always shown these lines.
    private static final Logger LOG = Logger.getLogger(ImapMailSource.class.getName());

    /** A Message-ID Gmail's search can be asked for as one word: no spaces, quotes or parentheses. */

    private final ImapConnection connection;
    private final GmailCopies gmailCopies;
    /** Whether a UID MOVE of this server has answered COPYUID: see {@link #moveWithoutLookingFirst}. */
    private volatile boolean movesSayWhatTheyMoved;

    MessageChanges(ImapConnection connection, FolderSync folders) {
        this.connection = connection;
        this.gmailCopies = new GmailCopies(connection, folders);
    }

    /** What a move has done so far, so that a retry after a lost connection does not do it twice. */
    private static final class MoveProgress {
        boolean attempted;
        boolean copySent;
        boolean copied;
        Optional<Long> newUid = Optional.empty();
    }

    @SuppressWarnings("unchecked")
    Optional<Long> move(MessageRef message, String toFolder) {
        MoveProgress progress = new MoveProgress();
        long uid = message.uid();
        return connection.withWritableFolder(message.folder(), folder -> {
            if (!progress.attempted && movesSayWhatTheyMoved && connection.store().hasCapability("MOVE")) {
                progress.attempted = true; // an answer lost with the connection may hide a move that happened
                Optional<Long> moved = moveWithoutLookingFirst(folder, message, toFolder);
                if (moved.isPresent()) {
                    return moved;
                }
                progress.attempted = false; // answered without COPYUID by a server that says it: nothing moved
            }
            if (!stillThere(folder, message)) {
                if (progress.attempted) {
                    return progress.newUid; // it left the source in an attempt whose answer was lost
                }
                throw new MailfsException.NotFound("message " + uid + " in " + message.folder());
            }
            progress.attempted = true;
            if (connection.store().hasCapability("MOVE")) {
                Optional<Long> moved = (Optional<Long>) folder.doCommand(p -> UidCommands.move(p, uid, toFolder));
                movesSayWhatTheyMoved |= moved.isPresent();
                return moved;
            }
            if (progress.copySent && !progress.copied) {
                // The connection broke before the server said whether it copied: copying again could
                // make a second copy, deleting the original could lose the message. Leave both be.
                throw new MailfsException.Unavailable("the connection broke during UID COPY of message " + uid + " from "
                        + message.folder() + " to " + toFolder + "; it is still in " + message.folder()
                        + " and may also be in " + toFolder, null);
            }
            if (!progress.copied) {
                progress.copySent = true;
                progress.newUid = (Optional<Long>) folder.doCommand(p -> UidCommands.copy(p, uid, toFolder));
                progress.copied = true;
            }
            removeExactly(folder, uid);
            return progress.newUid;
        });
    }

    /**
     * UID MOVE without looking first whether the message is there: one round trip where looking
     * cost two, once the server has shown that its moves say what they moved (COPYUID, which RFC
     * 6851 only recommends). Then an answer without COPYUID means nothing moved, and the caller
     * looks why, as before any other move.
     */
    @SuppressWarnings("unchecked")
    private static Optional<Long> moveWithoutLookingFirst(IMAPFolder folder, MessageRef message, String toFolder) throws MessagingException {
        OneMessage.checkUidValidity(folder, message);
        return (Optional<Long>) folder.doCommand(p -> UidCommands.move(p, message.uid(), toFolder));
    }

    /**
     * One UID MOVE of the set where the server has MOVE, else one by one ({@link #move}). An answer
     * without COPYUID, or one lost with the connection, is followed by a look at which messages are
     * still in the source (UID SEARCH UID): only those are moved again. A refusal may have moved
     * some (RFC 6851): those still there are then moved one by one, so that only the message the
     * server refuses stays behind, with the server's reason.
     */
    BatchOutcome moveAll(List<MessageRef> messages, String toFolder) {
        MessageRef first = messages.get(0);
        if (messages.size() == 1 || !hasCapability("MOVE")) {
            return BatchOutcome.oneByOne(messages, message -> move(message, toFolder));
        }
        List<Long> uids = messages.stream().map(MessageRef::uid).toList();
        BatchOutcome.Builder outcome = new BatchOutcome.Builder();
        boolean[] attempted = {false};
        try {
            connection.withWritableFolder(first.folder(), folder -> {
                OneMessage.checkUidValidity(folder, first);
                List<Long> left = attempted[0] ? stillHeld(folder, uids) : uids;
                attempted[0] = true; // an answer lost with the connection may hide a move that happened
                Map<Long, Long> moved = left.isEmpty() ? Map.of() : moveSet(folder, left, toFolder);
                Set<Long> notSaid = new HashSet<>(left);
                notSaid.removeAll(moved.keySet());
                Set<Long> stayed = notSaid.isEmpty() ? Set.of() : new HashSet<>(stillHeld(folder, List.copyOf(notSaid)));
                if (!stayed.isEmpty()) {
                    moved = new HashMap<>(moved); // not yet seen by this connection when moved: once more, after the NOOP
                    moved.putAll(moveSet(folder, List.copyOf(stayed), toFolder));
                }
                for (long uid : uids) {
                    if (moved.containsKey(uid)) {
                        outcome.done(uid, Optional.of(moved.get(uid)));
                    } else if (!left.contains(uid) || moved.isEmpty()) {
                        outcome.done(uid, Optional.empty()); // moved by the lost attempt, or by a server that does not say
                    } else {
                        outcome.gone(uid); // the server said what it moved, and not this: another client took it
                    }
                }
                return null;
            });
            return outcome.build();
        } catch (MailfsException.Unavailable | MailfsException.Interrupted e) {
            return new BatchOutcome.Builder().failed(e);
        } catch (MailfsException refused) {
            // Also NO [EXPUNGEISSUED] (another client took one of them) and a new UIDVALIDITY: each
            // message's own move then says which it was.
            LOG.info("UID MOVE of " + uids.size() + " messages from " + first.folder() + " to " + toFolder + " refused ("
                    + refused.getMessage() + "): moving them one by one");
            return BatchOutcome.oneByOne(messages, message -> move(message, toFolder));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, Long> moveSet(IMAPFolder folder, List<Long> uids, String toFolder) throws MessagingException {
        return (Map<Long, Long>) folder.doCommand(p -> UidCommands.moveAll(p, uids, toFolder));
    }

    /** Which of these UIDs the folder still has, after a NOOP that shows what other connections did. */
    @SuppressWarnings("unchecked")
    private static List<Long> stillHeld(IMAPFolder folder, List<Long> uids) throws MessagingException {
        Set<Long> present = (Set<Long>) folder.doCommand(p -> {
            p.noop();
            return UidCommands.present(p, uids);
        });
        return uids.stream().filter(present::contains).toList();
    }

    /**
     * \Deleted and UID EXPUNGE of exactly the set, in two commands, where the server has UIDPLUS;
     * else one by one ({@link #expunge}).
     */
    BatchOutcome expungeAll(List<MessageRef> messages) {
        return togetherIfPossible(messages, hasCapability("UIDPLUS"), (p, uids) -> UidCommands.expungeAllExactly(p, uids), message -> {
            expunge(message);
            return Optional.empty();
        });
    }

    /** On Gmail, one UID STORE -X-GM-LABELS of the set: the messages leave the label's folder. */
    BatchOutcome removeLabelAll(List<MessageRef> messages, String label) {
        return togetherIfPossible(messages, connection.isGmail(),
                (p, uids) -> GmailCommands.changeLabels(p, UidSet.of(uids), false, List.of(label)), message -> {
                    changeLabels(message, Set.of(), Set.of(label));
                    return Optional.empty();
                });
    }

    /** A command on a set of UIDs of the open folder. */
    @FunctionalInterface
    private interface SetCommand {
        void run(IMAPProtocol protocol, List<Long> uids) throws ProtocolException;
    }

    /**
     * A change that may be asked again harmlessly (a UID no longer there is passed over): one
     * command on the whole set where the server {@code can}, else, and after a refusal, each
     * message on its own, which says which one was refused or gone.
     */
    private BatchOutcome togetherIfPossible(List<MessageRef> messages, boolean can, SetCommand together, BatchOutcome.Change alone) {
        MessageRef first = messages.get(0);
        if (messages.size() == 1 || !can) {
            return BatchOutcome.oneByOne(messages, alone);
        }
        List<Long> uids = messages.stream().map(MessageRef::uid).toList();
        try {
            connection.withWritableFolder(first.folder(), folder -> {
                OneMessage.checkUidValidity(folder, first);
                folder.doCommand(p -> {
                    together.run(p, uids);
                    return null;
                });
                return null;
            });
            BatchOutcome.Builder outcome = new BatchOutcome.Builder();
            uids.forEach(uid -> outcome.done(uid, Optional.empty()));
            return outcome.build();
        } catch (MailfsException.Unavailable | MailfsException.Interrupted e) {
            return new BatchOutcome.Builder().failed(e);
        } catch (MailfsException refused) {
            return BatchOutcome.oneByOne(messages, alone);
        }
    }

    boolean movesAtomically() {
        try {
            return hasCapability("MOVE");
        } catch (MailfsException e) {
            return false;
        }
    }

    private boolean hasCapability(String name) {
        return connection.withStore("its capabilities", () -> connection.store().hasCapability(name));
    }

    void expunge(MessageRef message) {
        boolean[] attempted = {false};
        connection.withWritableFolder(message.folder(), folder -> {
            if (!stillThere(folder, message)) {
                if (attempted[0]) {
                    return null; // gone in an attempt whose answer was lost: done
                }
                throw new MailfsException.NotFound("message " + message.uid() + " in " + message.folder());
            }
            attempted[0] = true;
            removeExactly(folder, message.uid());
            return null;
        });
    }

    /**
     * \Deleted and UID EXPUNGE of this message alone. Without UIDPLUS there is no such EXPUNGE, and a
     * plain one would take every other \Deleted message along: then it stays flagged only.
     */
    private void removeExactly(IMAPFolder folder, long uid) throws MessagingException {
        if (connection.store().hasCapability("UIDPLUS")) {
            folder.doCommand(p -> {
                UidCommands.expungeExactly(p, uid);
                return null;
            });
        } else {
            folder.doCommand(p -> {
                UidCommands.flagDeleted(p, uid);
                return null;
            });
            LOG.warning(connection.settings().describe() + " has no UIDPLUS: a message in " + folder.getFullName()
                    + " is flagged \\Deleted but not expunged, so that no other message goes with it");
        }
    }

    /**
     * Appends once, never retried: an answer lost with the connection may hide an APPEND that
     * happened, and a second one would make a duplicate.
     */
    Optional<MessageRef> append(String folderName, Path rfc822, Set<String> flags, Instant internalDate) {
        Flags storedFlags = ImapFlags.toFlags(flags);
        connection.reconnect();
        try {
            if (connection.isGmail() && gmailCopies.placeExisting(folderName, rfc822)) {
                return Optional.empty(); // not a message of ours: nothing may ever expunge it as an earlier version
            }
        } catch (IOException e) {
            throw new MailfsException.ServerError("cannot read the message to append: " + e.getMessage(), e);
        }
        try (SharedFileInputStream content = new SharedFileInputStream(rfc822.toFile());
             DatedMessage message = new DatedMessage(connection.session(), content, internalDate)) {
            message.setFlags(storedFlags, true);
            IMAPFolder folder = (IMAPFolder) connection.store().getFolder(folderName);
            AppendUID[] appended = folder.appendUIDMessages(new Message[] {message});
            return appended == null || appended.length == 0 || appended[0] == null
                    ? Optional.empty()
                    : Optional.of(new MessageRef(folderName, appended[0].uidvalidity, appended[0].uid));
        } catch (MessagingException e) {
            throw ImapErrors.translate(e, "appending to " + folderName);
        } catch (IOException e) {
            throw new MailfsException.ServerError("cannot read the message to append: " + e.getMessage(), e);
        }
    }

    /**
     * A message that tells APPEND its INTERNALDATE. Closing it closes the stream of its content,
     * which the parser opened on the file beside the one given (a SharedFileInputStream keeps the
     * file open until every stream of it is closed): one descriptor per file copied in, before.
     */
    private static final class DatedMessage extends MimeMessage implements AutoCloseable {
        private final Date internalDate;

        DatedMessage(Session session, InputStream content, Instant internalDate) throws MessagingException {
            super(session, content);
            this.internalDate = Date.from(internalDate);
        }

        @Override
        public Date getReceivedDate() {
            return internalDate;
        }

        @Override
        public void close() throws IOException {
            if (contentStream != null) {
                contentStream.close();
            }
        }
    }

    void changeLabels(MessageRef message, Set<String> add, Set<String> remove) {
        if (!connection.isGmail()) {
            throw new MailfsException.NotPermitted(connection.settings().describe() + " has no labels: it is not Gmail");
        }
        connection.withWritableFolder(message.folder(), folder -> {
            if (!stillThere(folder, message)) {
                throw new MailfsException.NotFound("message " + message.uid() + " in " + message.folder());
            }
            folder.doCommand(p -> {
                if (!add.isEmpty()) {
                    GmailCommands.changeLabels(p, message.uid(), true, add);
                }
                if (!remove.isEmpty()) {
                    GmailCommands.changeLabels(p, message.uid(), false, remove);
                }
                return null;
            });
            return null;
        });
    }

    void setFlags(MessageRef message, Set<String> names) {
        Flags wanted = ImapFlags.toFlags(names);
        connection.withWritableFolder(message.folder(), folder -> {
            if (!stillThere(folder, message)) {
                throw new MailfsException.NotFound("message " + message.uid() + " in " + message.folder());
            }
            folder.doCommand(p -> {
                UidCommands.replaceFlags(p, message.uid(), wanted);
                return null;
            });
            return null;
        });
    }
}

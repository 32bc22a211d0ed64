package dev.mailfs.imap;

import jakarta.mail.Flags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * The changing commands, addressed by UID so that they touch exactly the message meant (Angus's own
 * move and copy address sequence numbers).
 */
final class UidCommands {
    private UidCommands() {
    }

    /** UID MOVE (RFC 6851) of one message; its new UID when the server tells (COPYUID). */
    static Optional<Long> move(IMAPProtocol protocol, long uid, String destination) throws ProtocolException {
        return Optional.ofNullable(UidSet.copyUids(run(protocol, "UID MOVE", uid, destination)).get(uid));
    }

    /** UID COPY of one message; its new UID when the server tells (COPYUID, with UIDPLUS). */
    static Optional<Long> copy(IMAPProtocol protocol, long uid, String destination) throws ProtocolException {
        return Optional.ofNullable(UidSet.copyUids(run(protocol, "UID COPY", uid, destination)).get(uid));
    }

    /**
     * UID MOVE of several messages in one command; what the server said it moved (COPYUID: source
     * UID to new UID), empty when it did not say.
     */
    static Map<Long, Long> moveAll(IMAPProtocol protocol, List<Long> uids, String destination) throws ProtocolException {
        Argument arguments = new Argument();
        arguments.writeAtom(UidSet.of(uids));
        arguments.writeString(protocol.supportsUtf8() ? destination : BASE64MailboxEncoder.encode(destination));
        return UidSet.copyUids(execute(protocol, "UID MOVE", arguments));
    }

    /** \Deleted and UID EXPUNGE of exactly these UIDs, in two commands. */
    static void expungeAllExactly(IMAPProtocol protocol, List<Long> uids) throws ProtocolException {
        String set = UidSet.of(uids);
        execute(protocol, "UID STORE " + set + " +FLAGS.SILENT (\\Deleted)", null);
        execute(protocol, "UID EXPUNGE " + set, null);
    }

    /** Which of these UIDs the open folder still has. */
    static Set<Long> present(IMAPProtocol protocol, List<Long> uids) throws ProtocolException {
        Set<Long> present = new HashSet<>();
        for (long uid : foundUids(execute(protocol, "UID SEARCH UID " + UidSet.of(uids), null))) {
            present.add(uid);
        }
        present.retainAll(Set.copyOf(uids)); // only what was asked for, whatever a server adds
        return present;
    }

    /** \Deleted and UID EXPUNGE (RFC 4315) of this one UID: no other \Deleted message goes with it. */
    static void expungeExactly(IMAPProtocol protocol, long uid) throws ProtocolException {
        expungeAllExactly(protocol, List.of(uid));
    }

    static void flagDeleted(IMAPProtocol protocol, long uid) throws ProtocolException {
        execute(protocol, "UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)", null);
    }

    /** UID STORE FLAGS: the message's flags become exactly these, whatever they were. */
    static void replaceFlags(IMAPProtocol protocol, long uid, Flags flags) throws ProtocolException {
        List<String> names = new ArrayList<>();
        for (Flags.Flag flag : flags.getSystemFlags()) {
            names.add(SYSTEM_FLAG_NAMES.get(flag));
        }
        names.addAll(List.of(flags.getUserFlags()));
        execute(protocol, "UID STORE " + uid + " FLAGS.SILENT (" + String.join(" ", names) + ")", null);
    }

    private static final Map<Flags.Flag, String> SYSTEM_FLAG_NAMES = Map.of(
            Flags.Flag.SEEN, "\\Seen",
            Flags.Flag.ANSWERED, "\\Answered",
            Flags.Flag.FLAGGED, "\\Flagged",
            Flags.Flag.DELETED, "\\Deleted",
            Flags.Flag.DRAFT, "\\Draft");

    /** Whether the open folder still has a message with this UID. */
    static boolean exists(IMAPProtocol protocol, long uid) throws ProtocolException {
        for (Response response : execute(protocol, "UID FETCH " + uid + " (UID)", null)) {
            if (response instanceof FetchResponse fetch && fetch.getItem(UID.class) != null && fetch.getItem(UID.class).uid == uid) {
                return true;
            }
        }
        return false;
    }

    /** UID SEARCH ALL: the UIDs of every message in the open folder, ascending. */
    static long[] allUids(IMAPProtocol protocol) throws ProtocolException {
        return foundUids(execute(protocol, "UID SEARCH ALL", null));
    }

    /** UID SEARCH with these criteria: the UIDs of the matching messages in the open folder, ascending. */
    static long[] search(IMAPProtocol protocol, Argument criteria) throws ProtocolException {
        return foundUids(execute(protocol, "UID SEARCH", criteria));
    }

    private static long[] foundUids(Response[] responses) {
        LongStream.Builder uids = LongStream.builder();
        for (Response response : responses) {
            if (response instanceof IMAPResponse answer && answer.keyEquals("SEARCH")) {
                for (long uid; (uid = answer.readLong()) != -1; ) {
                    uids.add(uid);
                }
            }
        }
        return uids.build().sorted().toArray();
    }

    private static Response[] run(IMAPProtocol protocol, String command, long uid, String destination) throws ProtocolException {
        Argument arguments = new Argument();
        arguments.writeAtom(Long.toString(uid));
        arguments.writeString(protocol.supportsUtf8() ? destination : BASE64MailboxEncoder.encode(destination));
        return execute(protocol, command, arguments);
    }

    static Response[] execute(IMAPProtocol protocol, String command, Argument arguments) throws ProtocolException {
        Response[] responses = protocol.command(command, arguments);
        protocol.notifyResponseHandlers(responses); // EXPUNGE and EXISTS keep Angus's numbering right
        protocol.handleResult(responses[responses.length - 1]);
        return responses;
    }

}

package dev.mailfs.imap;

import dev.mailfs.mail.BodyPart;
import jakarta.mail.Flags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * UID FETCH commands sent as raw IMAP, so that they are addressed by UID (sequence numbers shift
 * when another client expunges), answered fresh from the server (Angus caches what it fetched once)
 * and done in one round trip.
 */
final class RawFetch {
    private RawFetch() {
    }

    /** Part of a message's raw bytes, or empty when no message has that UID any more. */
    static Optional<byte[]> bodyRange(IMAPProtocol protocol, long uid, long offset, int length) throws ProtocolException {
        return body(protocol, uid, "BODY.PEEK[]<" + offset + "." + length + ">");
    }

    /** The first {@code length} bytes of each of these messages, by UID, in one command. */
    static Map<Long, byte[]> bodyStarts(IMAPProtocol protocol, List<Long> uids, int length) throws ProtocolException {
        Map<Long, byte[]> starts = new HashMap<>();
        String set = uids.stream().map(String::valueOf).collect(Collectors.joining(","));
        for (FetchResponse fetch : run(protocol, "UID FETCH " + set + " (UID BODY.PEEK[]<0." + length + ">)")) {
            UID uid = fetch.getItem(UID.class);
            BODY body = fetch.getItem(BODY.class);
            if (uid != null && body != null) {
                ByteArray bytes = body.getByteArray();
                starts.put(uid.uid, bytes == null ? new byte[0]
                        : Arrays.copyOfRange(bytes.getBytes(), bytes.getStart(), bytes.getStart() + bytes.getCount()));
            }
        }
        return starts;
    }

    /** The raw (still transfer-encoded) bytes of one section, or empty when no message has that UID any more. */
    static Optional<byte[]> section(IMAPProtocol protocol, long uid, String section) throws ProtocolException {
        return body(protocol, uid, "BODY.PEEK[" + section + "]");
    }

    /** Part of one section's raw bytes, or empty when no message has that UID any more. */
    static Optional<byte[]> sectionRange(IMAPProtocol protocol, long uid, String section, long offset, int length)
            throws ProtocolException {
        return body(protocol, uid, "BODY.PEEK[" + section + "]<" + offset + "." + length + ">");
    }

    /**
     * The MIME structures of several messages in one command, by UID; a message that is gone, or
     * whose structure cannot be used, is left out (asked alone, it says why).
     */
    static Map<Long, BodyPart> structures(IMAPProtocol protocol, List<Long> uids) throws ProtocolException {
        Map<Long, BodyPart> structures = new HashMap<>();
        String set = uids.stream().map(String::valueOf).collect(Collectors.joining(","));
        for (FetchResponse fetch : run(protocol, "UID FETCH " + set + " (UID BODYSTRUCTURE)")) {
            UID uid = fetch.getItem(UID.class);
            BODYSTRUCTURE structure = fetch.getItem(BODYSTRUCTURE.class);
            if (uid != null && structure != null) {
                try {
                    structures.put(uid.uid, BodyStructures.ofMessage(structure));
                } catch (RuntimeException unusable) {
                    // left out
                }
            }
        }
        return structures;
    }

    /** The message's MIME structure, or empty when no message has that UID any more. */
    static Optional<BodyPart> structure(IMAPProtocol protocol, long uid) throws ProtocolException {
        for (FetchResponse fetch : run(protocol, "UID FETCH " + uid + " (UID BODYSTRUCTURE)")) {
            UID fetchedUid = fetch.getItem(UID.class);
            BODYSTRUCTURE structure = fetch.getItem(BODYSTRUCTURE.class);
            if (fetchedUid != null && fetchedUid.uid == uid && structure != null) {
                return Optional.of(BodyStructures.ofMessage(structure));
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> body(IMAPProtocol protocol, long uid, String item) throws ProtocolException {
        String command = "UID FETCH " + uid + " (UID " + item + ")";
        for (FetchResponse fetch : run(protocol, command)) {
            UID fetchedUid = fetch.getItem(UID.class);
            BODY body = fetch.getItem(BODY.class);
            if (fetchedUid != null && fetchedUid.uid == uid && body != null) {
                ByteArray bytes = body.getByteArray();
                if (bytes == null) {
                    return Optional.of(new byte[0]);
                }
                return Optional.of(Arrays.copyOfRange(bytes.getBytes(), bytes.getStart(), bytes.getStart() + bytes.getCount()));
            }
        }
        return Optional.empty();
    }

    private static List<FetchResponse> run(IMAPProtocol protocol, String command) throws ProtocolException {
        List<FetchResponse> fetches = new ArrayList<>();
        StreamedCommand.run(protocol, command, fetches::add);
        return fetches;
    }

    static Set<String> flagNames(Flags flags) {
        Set<String> names = new LinkedHashSet<>();
        if (flags == null) {
            return names;
        }
        for (Flags.Flag flag : flags.getSystemFlags()) {
            if (flag != Flags.Flag.RECENT) { // the server's note about this session, not the message's
                names.add(systemFlagName(flag));
            }
        }
        names.addAll(List.of(flags.getUserFlags()));
        return names;
    }

    private static String systemFlagName(Flags.Flag flag) {
        if (flag == Flags.Flag.SEEN) {
            return "\\Seen";
        } else if (flag == Flags.Flag.ANSWERED) {
            return "\\Answered";
        } else if (flag == Flags.Flag.FLAGGED) {
            return "\\Flagged";
        } else if (flag == Flags.Flag.DELETED) {
            return "\\Deleted";
        } else if (flag == Flags.Flag.DRAFT) {
            return "\\Draft";
        } else if (flag == Flags.Flag.RECENT) {
            return "\\Recent";
        }
        return "\\Unknown";
    }
}

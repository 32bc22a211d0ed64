package dev.mailfs.imap;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * Gmail's own commands (X-GM-EXT-1), addressed by UID like {@link UidCommands}. Angus's gimap
 * provider reads Gmail's answers; it addresses messages by sequence number, so these are sent raw.
 */
final class GmailCommands {
    private GmailCommands() {
    }

    /** UID STORE +X-GM-LABELS or -X-GM-LABELS: adds or removes labels of one message. */
    static void changeLabels(IMAPProtocol protocol, long uid, boolean add, Collection<String> labels) throws ProtocolException {
        Argument list = new Argument();
        for (String label : labels) {
            if (label.startsWith("\\")) {
                list.writeAtom(label); // \Inbox, \Starred: Gmail's system labels are atoms
            } else {
                list.writeString(BASE64MailboxEncoder.encode(label));
            }
        }
        Argument arguments = new Argument();
        arguments.writeAtom((add ? "+" : "-") + "X-GM-LABELS");
        arguments.writeArgument(list);
        UidCommands.execute(protocol, "UID STORE " + uid, arguments);
    }

    /** The first of {@code uids} whose RFC822.SIZE is {@code size}. */
    static Optional<Long> withSize(IMAPProtocol protocol, long[] uids, long size) throws ProtocolException {
        if (uids.length == 0) {
            return Optional.empty();
        }
        List<String> set = Arrays.stream(uids).mapToObj(String::valueOf).toList();
        for (Response response : UidCommands.execute(protocol, "UID FETCH " + String.join(",", set) + " (UID RFC822.SIZE)", null)) {
            if (response instanceof FetchResponse fetch && fetch.getItem(UID.class) != null
                    && fetch.getItem(RFC822SIZE.class) != null && fetch.getItem(RFC822SIZE.class).size == size) {
                return Optional.of(fetch.getItem(UID.class).uid);
            }
        }
        return Optional.empty();
    }
}

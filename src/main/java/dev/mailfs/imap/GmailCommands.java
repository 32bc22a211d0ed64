package dev.mailfs.imap;

import java.util.Collection;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Gmail's own commands (X-GM-EXT-1), addressed by UID like {@link UidCommands}. Angus's gimap
 * provider reads Gmail's answers; it addresses messages by sequence number, so these are sent raw.
 */
final class GmailCommands {
    private GmailCommands() {
    }

    /** UID STORE +X-GM-LABELS or -X-GM-LABELS: adds or removes labels of one message. */
    static void changeLabels(IMAPProtocol protocol, long uid, boolean add, Collection<String> labels) throws ProtocolException {
        changeLabels(protocol, Long.toString(uid), add, labels);
    }

    /** UID STORE ±X-GM-LABELS of every message of a UID set. */
    static void changeLabels(IMAPProtocol protocol, String uidSet, boolean add, Collection<String> labels) throws ProtocolException {
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
        UidCommands.execute(protocol, "UID STORE " + uidSet, arguments);
    }
}

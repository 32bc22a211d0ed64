package dev.mailfs.testing.gmail;

import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;

/**
 * Folder and label names on the wire: modified UTF-7 (RFC 3501 5.1.3), since this server does not
 * offer UTF8=ACCEPT.
 */
final class MailboxNames {

    private MailboxNames() {
    }

    static String encode(String name) {
        return BASE64MailboxEncoder.encode(name);
    }

    static String decode(String wire) {
        return BASE64MailboxDecoder.decode(wire);
    }

    /** A mailbox name as LIST and STATUS show it: always quoted, like Gmail. */
    static String quoted(String name) {
        return MimeTree.quote(encode(name));
    }

    /**
     * A label in an X-GM-LABELS list: an atom when possible, else a quoted string. System labels are
     * quoted ({@code "\\Inbox"}) as Gmail sends them, or with {@code bare} written as Google's example
     * does ({@code \Inbox}), on which Angus's own gimap parser (backslash ends an atom there) loops
     * until the heap is gone.
     */
    static String label(String label, boolean bare) {
        String wire = encode(label);
        if (bare && wire.startsWith("\\") && wire.chars().skip(1).allMatch(Character::isLetter)) {
            return wire;
        }
        boolean atom = !wire.isEmpty() && wire.chars().allMatch(c -> c > ' ' && c < 127 && "(){%*\"\\]".indexOf(c) < 0);
        return atom ? wire : MimeTree.quote(wire);
    }
}

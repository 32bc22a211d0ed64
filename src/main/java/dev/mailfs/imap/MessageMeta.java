package dev.mailfs.imap;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What one bulk metadata fetch tells about a message.
 *
 * @param size         RFC822.SIZE, the exact byte count of BODY[]
 * @param internalDate when the server received the message
 * @param sentDate     the Date: header, when present and parseable
 * @param subject      decoded from RFC 2047, empty when there is none
 * @param to           the To: addresses, comma separated, empty when there are none
 * @param messageId    the Message-ID header, empty when there is none
 * @param flags        system flags as IMAP spells them (\Seen) and keywords
 */
public record MessageMeta(
        long uid,
        long size,
        Instant internalDate,
        Optional<Instant> sentDate,
        String subject,
        String from,
        String to,
        String messageId,
        Set<String> flags) {

    public MessageMeta {
        flags = Set.copyOf(flags);
    }

    /** The same message with the flags the server now gives it. */
    public MessageMeta withFlags(Set<String> newFlags) {
        return new MessageMeta(uid, size, internalDate, sentDate, subject, from, to, messageId, newFlags);
    }

    /** The same message under another UID, after a move. */
    public MessageMeta withUid(long newUid) {
        return new MessageMeta(newUid, size, internalDate, sentDate, subject, from, to, messageId, flags);
    }
}

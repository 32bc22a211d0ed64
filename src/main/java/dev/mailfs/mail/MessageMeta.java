package dev.mailfs.mail;

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
 * @param gmail        Gmail's ids and labels, on a Gmail account only
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
        Set<String> flags,
        Optional<GmailMeta> gmail) {

    public MessageMeta {
        flags = SharedSets.of(flags);
    }

    /** A message of a server that is not Gmail. */
    public MessageMeta(long uid, long size, Instant internalDate, Optional<Instant> sentDate, String subject, String from,
                       String to, String messageId, Set<String> flags) {
        this(uid, size, internalDate, sentDate, subject, from, to, messageId, flags, Optional.empty());
    }

    /** The same message with the flags, and on Gmail the labels, the server now gives it. */
    public MessageMeta with(FlagsUpdate update) {
        Optional<GmailMeta> newGmail = update.labels().isPresent() && gmail.isPresent()
                ? Optional.of(gmail.get().withLabels(update.labels().get())) : gmail;
        return new MessageMeta(uid, size, internalDate, sentDate, subject, from, to, messageId, update.flags(), newGmail);
    }

    /** The same message under another UID, after a move. */
    public MessageMeta withUid(long newUid) {
        return new MessageMeta(newUid, size, internalDate, sentDate, subject, from, to, messageId, flags, gmail);
    }
}

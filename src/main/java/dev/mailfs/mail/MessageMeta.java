package dev.mailfs.mail;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one bulk metadata fetch tells about a message: its uid, RFC822.SIZE (the exact byte count
 * of BODY[]), when the server received it (INTERNALDATE), the Date: header when present and
 * parseable, the subject decoded from RFC 2047 and the Message-ID (each empty when there is none),
 * the first From address, the To addresses comma separated, its flags as IMAP spells them
 * ({@code \Seen}) with its keywords, and on a Gmail account Gmail's ids and labels.
 *
 * <p>A value with the accessors a record would have, but not a record: a listing holds one per
 * message, 300,000 for a Gmail All Mail, and the two dates are kept as numbers, not as two
 * {@link Instant}s and an {@link Optional} (64 bytes a message less).
 */
public final class MessageMeta {
    /** In {@link #sentNanos}: the message has no Date: mailfs could read. */
    private static final int NO_DATE = -1;

    private final long uid;
    private final long size;
    private final long receivedSeconds;
    private final int receivedNanos;
    private final long sentSeconds;
    private final int sentNanos;
    private final String subject;
    private final String from;
    private final String to;
    private final String messageId;
    private final Set<String> flags;
    /** Null when the account is not Gmail's. */
    private final GmailMeta gmail;

    public MessageMeta(long uid, long size, Instant internalDate, Optional<Instant> sentDate, String subject, String from,
                       String to, String messageId, Set<String> flags, Optional<GmailMeta> gmail) {
        this.uid = uid;
        this.size = size;
        this.receivedSeconds = internalDate.getEpochSecond();
        this.receivedNanos = internalDate.getNano();
        this.sentSeconds = sentDate.map(Instant::getEpochSecond).orElse(0L);
        this.sentNanos = sentDate.map(Instant::getNano).orElse(NO_DATE);
        this.subject = subject;
        this.from = from;
        this.to = to;
        this.messageId = messageId;
        this.flags = SharedSets.of(flags);
        this.gmail = gmail.orElse(null);
    }

    /** A message of a server that is not Gmail. */
    public MessageMeta(long uid, long size, Instant internalDate, Optional<Instant> sentDate, String subject, String from,
                       String to, String messageId, Set<String> flags) {
        this(uid, size, internalDate, sentDate, subject, from, to, messageId, flags, Optional.empty());
    }

    public long uid() {
        return uid;
    }

    public long size() {
        return size;
    }

    public Instant internalDate() {
        return Instant.ofEpochSecond(receivedSeconds, receivedNanos);
    }

    public Optional<Instant> sentDate() {
        return sentNanos == NO_DATE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(sentSeconds, sentNanos));
    }

    public String subject() {
        return subject;
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    public String messageId() {
        return messageId;
    }

    public Set<String> flags() {
        return flags;
    }

    public Optional<GmailMeta> gmail() {
        return Optional.ofNullable(gmail);
    }

    /** The same message with the flags, and on Gmail the labels, the server now gives it. */
    public MessageMeta with(FlagsUpdate update) {
        Optional<GmailMeta> newGmail = update.labels().isPresent() && gmail != null
                ? Optional.of(gmail.withLabels(update.labels().get())) : gmail();
        return new MessageMeta(uid, size, internalDate(), sentDate(), subject, from, to, messageId, update.flags(), newGmail);
    }

    /** The same message under another UID, after a move. */
    public MessageMeta withUid(long newUid) {
        return new MessageMeta(newUid, size, internalDate(), sentDate(), subject, from, to, messageId, flags, gmail());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageMeta that
                && uid == that.uid && size == that.size
                && receivedSeconds == that.receivedSeconds && receivedNanos == that.receivedNanos
                && sentSeconds == that.sentSeconds && sentNanos == that.sentNanos
                && Objects.equals(subject, that.subject) && Objects.equals(from, that.from) && Objects.equals(to, that.to)
                && Objects.equals(messageId, that.messageId) && flags.equals(that.flags) && Objects.equals(gmail, that.gmail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uid, size, receivedSeconds, receivedNanos, sentSeconds, sentNanos, subject, from, to, messageId,
                flags, gmail);
    }

    @Override
    public String toString() {
        return "MessageMeta[uid=" + uid + ", size=" + size + ", internalDate=" + internalDate() + ", sentDate=" + sentDate()
                + ", subject=" + subject + ", from=" + from + ", to=" + to + ", messageId=" + messageId + ", flags=" + flags
                + ", gmail=" + gmail() + "]";
    }
}

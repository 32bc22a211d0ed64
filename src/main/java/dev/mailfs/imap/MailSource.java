package dev.mailfs.imap;

import java.util.List;

/**
 * The mail server as the layers above see it. Every method may throw the
 * {@link dev.mailfs.errors.MailfsException} subclasses: NotFound, Unavailable, ServerError.
 */
public interface MailSource extends AutoCloseable {

    /** Every mailbox the account has (LIST "" "*"). */
    List<FolderInfo> listFolders();

    /** Metadata of every message in a folder, in one bulk fetch. */
    FolderListing listMessages(String folder);

    /**
     * Up to {@code length} bytes of the raw message starting at {@code offset}, fewer at its end;
     * never marks the message \Seen.
     */
    byte[] readBody(MessageRef message, long offset, int length);

    /** The message's MIME structure (one BODYSTRUCTURE fetch). */
    BodyPart readStructure(MessageRef message);

    /**
     * The raw, still transfer-encoded bytes of one part ({@link BodyPart#section()}); the section ""
     * is the whole message. Never marks the message \Seen.
     */
    byte[] readSection(MessageRef message, String section);

    @Override
    void close();
}

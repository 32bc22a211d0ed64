package dev.mailfs.mail;

/**
 * Told what the server says of a folder a {@link MailSource} watches (IMAP IDLE). Called on the
 * watching threads; must not block.
 */
public interface FolderWatcher {
    /** From now on the server tells of changes; what changed before is unknown, so check once. */
    void watching(String folder);

    /** The server told of new or expunged messages, or (with {@code flags}) of flags changed. */
    void changed(String folder, boolean flags);

    /** The server no longer tells (connection lost, IDLE not offered): ask it again, until {@link #watching}. */
    void notWatching(String folder);
}

package dev.mailfs.mail;

/** A folder the server watches for us: see {@link MailSource#watch}. */
public interface WatchedFolder {
    /** A source that cannot watch: nothing to ask. */
    WatchedFolder NOT_WATCHED = () -> { };

    /**
     * Asks the server, in the background, to tell now what it may hold back until a command comes
     * (not every server tells of flags during IDLE); it also shows that the connection still lives.
     */
    void askNow();
}

package dev.mailfs.testing.gmail;

/**
 * The names under which Gmail shows its system folders over IMAP. They depend on the account's
 * language (and, for some old accounts, "[Google Mail]" instead of "[Gmail]"), which is why clients
 * must find them by their SPECIAL-USE attribute, never by name. A null name: hidden from IMAP.
 */
public record SystemFolders(
        String root, String allMail, String drafts, String important, String sentMail, String spam,
        String starred, String trash) {

    /** Gmail in English, as in Google's IMAP extension documentation. */
    public static SystemFolders english() {
        return new SystemFolders("[Gmail]", "[Gmail]/All Mail", "[Gmail]/Drafts", "[Gmail]/Important",
                "[Gmail]/Sent Mail", "[Gmail]/Spam", "[Gmail]/Starred", "[Gmail]/Trash");
    }

    /** Gmail in British English, where Trash is the Bin. */
    public static SystemFolders british() {
        return new SystemFolders("[Gmail]", "[Gmail]/All Mail", "[Gmail]/Drafts", "[Gmail]/Important",
                "[Gmail]/Sent Mail", "[Gmail]/Spam", "[Gmail]/Starred", "[Gmail]/Bin");
    }

    /**
     * The same, with Trash hidden from IMAP (Gmail's settings let a user hide All Mail, Trash, Spam
     * and the others): the folder is not listed and cannot be selected, while messages may still go
     * there.
     */
    public SystemFolders withoutTrash() {
        return new SystemFolders(root, allMail, drafts, important, sentMail, spam, starred, null);
    }

    /** The same, with All Mail hidden from IMAP. */
    public SystemFolders withoutAllMail() {
        return new SystemFolders(root, null, drafts, important, sentMail, spam, starred, trash);
    }

    /** Gmail in German ("Google Mail" accounts). */
    public static SystemFolders german() {
        return new SystemFolders("[Google Mail]", "[Google Mail]/Alle Nachrichten", "[Google Mail]/Entwürfe",
                "[Google Mail]/Wichtig", "[Google Mail]/Gesendet", "[Google Mail]/Spam",
                "[Google Mail]/Markiert", "[Google Mail]/Papierkorb");
    }
}

package dev.mailfs.mail;

import java.util.Set;

/**
 * One mailbox as LIST reports it.
 *
 * @param fullName   the server's name, decoded from modified UTF-7
 * @param delimiter  the hierarchy delimiter, or 0 when the server has a flat namespace
 * @param selectable false for \Noselect and \NonExistent mailboxes, which can only hold children
 * @param specialUse RFC 6154 attributes such as \Trash and \Sent, as the server spells them
 */
public record FolderInfo(String fullName, char delimiter, boolean selectable, Set<String> specialUse) {
    public static final String TRASH = "\\Trash";
    public static final String ALL = "\\All";
    public static final String JUNK = "\\Junk";

    public FolderInfo {
        specialUse = Set.copyOf(specialUse);
    }

    /** A folder without a special use. */
    public FolderInfo(String fullName, char delimiter, boolean selectable) {
        this(fullName, delimiter, selectable, Set.of());
    }

    public boolean isTrash() {
        return is(TRASH);
    }

    /** Gmail's "[Gmail]/All Mail": every message that is not in Trash or Spam. */
    public boolean isAllMail() {
        return is(ALL);
    }

    public boolean isJunk() {
        return is(JUNK);
    }

    /** Whether the server marks this folder with the special-use attribute {@code attribute}. */
    public boolean is(String attribute) {
        return specialUse.stream().anyMatch(attribute::equalsIgnoreCase);
    }
}

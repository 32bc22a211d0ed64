package dev.mailfs.imap;

/**
 * One mailbox as LIST reports it.
 *
 * @param fullName   the server's name, decoded from modified UTF-7
 * @param delimiter  the hierarchy delimiter, or 0 when the server has a flat namespace
 * @param selectable false for \Noselect and \NonExistent mailboxes, which can only hold children
 */
public record FolderInfo(String fullName, char delimiter, boolean selectable) {
}

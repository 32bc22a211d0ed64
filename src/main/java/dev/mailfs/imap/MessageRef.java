package dev.mailfs.imap;

/**
 * What makes a message's content immutable: a UID is never reused within one UIDVALIDITY of a folder.
 */
public record MessageRef(String folder, long uidValidity, long uid) {
}

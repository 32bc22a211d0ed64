package dev.mailfs.mail;

/**
 * What STATUS says of a folder. Equal states mean the same messages: a message added takes a new
 * UID (UIDNEXT grows), one removed lowers MESSAGES, a new UIDVALIDITY renumbers them all. With
 * CONDSTORE, HIGHESTMODSEQ also grows when a flag changes; without it, it is 0.
 */
public record FolderState(long uidValidity, long uidNext, long messages, long highestModSeq) {
}

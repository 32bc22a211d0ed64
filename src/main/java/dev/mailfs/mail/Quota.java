package dev.mailfs.mail;

/**
 * The mailbox's storage quota (RFC 9208, the STORAGE resource of INBOX's quota root).
 *
 * @param usedBytes  what the mail takes now
 * @param limitBytes what it may take
 */
public record Quota(long usedBytes, long limitBytes) {
}

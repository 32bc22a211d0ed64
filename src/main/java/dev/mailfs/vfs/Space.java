package dev.mailfs.vfs;

/**
 * What df shows of a mount: the mailbox's quota, where the server has one.
 *
 * @param totalBytes what the mail may take
 * @param freeBytes  what is left of it
 */
public record Space(long totalBytes, long freeBytes) {
}

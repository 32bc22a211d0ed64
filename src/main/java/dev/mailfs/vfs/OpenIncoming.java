package dev.mailfs.vfs;

/** A new file being copied into a folder: the one kind of file that has an open handle. */
record OpenIncoming(IncomingMessage message) {
}

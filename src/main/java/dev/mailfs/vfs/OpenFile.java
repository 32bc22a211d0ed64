package dev.mailfs.vfs;

/** What an open file handle reads from or writes to. */
sealed interface OpenFile permits OpenMessage, OpenPart, OpenIncoming {
    long size();
}

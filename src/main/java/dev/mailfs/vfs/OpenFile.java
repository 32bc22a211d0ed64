package dev.mailfs.vfs;

/** What an open file handle reads from. */
sealed interface OpenFile permits OpenMessage, OpenPart {
    long size();
}

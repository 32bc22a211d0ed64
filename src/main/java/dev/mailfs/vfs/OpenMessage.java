package dev.mailfs.vfs;

import dev.mailfs.imap.MessageRef;

/** An open .eml file: it keeps serving the message it was opened on, whatever the folder does. */
record OpenMessage(MessageRef message, long size) implements OpenFile {
}

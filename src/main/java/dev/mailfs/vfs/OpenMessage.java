package dev.mailfs.vfs;

import dev.mailfs.imap.MessageRef;

import java.util.List;

/**
 * An open .eml file: it keeps serving the message it was opened on, whatever the folder does.
 *
 * @param readAhead the messages a sequential reader will open next, fetched with this one's start
 */
record OpenMessage(MessageRef message, long size, List<MessageRef> readAhead) implements OpenFile {
}

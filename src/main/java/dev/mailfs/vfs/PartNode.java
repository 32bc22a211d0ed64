package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;

/**
 * A name inside a message's directory, at any depth of enclosed messages: a decoded part or an
 * enclosed message's directory. Nothing in a message can be removed or made on its own.
 */
abstract class PartNode extends Node {
    PartNode(String path) {
        super(path);
    }

    @Override
    final void remove() {
        throw new MailfsException.AccessDenied(path + " is part of a message; remove the message's .eml");
    }

    @Override
    final FolderNode asFolderForChange(String notAFolder) {
        throw noChangesInsideAMessage(path);
    }
}

package dev.mailfs.vfs;

/**
 * A name inside a message's directory, at any depth of enclosed messages: a decoded part or an
 * enclosed message's directory. Nothing in a message can be removed or made on its own: an unlink
 * here only hides the name, for the rmdir of the message's directory that {@code rm -r} sends
 * next (see {@link HiddenParts}).
 */
abstract class PartNode extends Node {
    /** The message's directory this is in ("/INBOX/X"). */
    final String messageDirectory;
    /** Where in it ("body.txt", "fwd/body.txt"). */
    final String relative;
    final HiddenParts hidden;

    PartNode(String path, String messageDirectory, HiddenParts hidden) {
        super(path);
        this.messageDirectory = messageDirectory;
        this.relative = path.substring(messageDirectory.length() + 1);
        this.hidden = hidden;
    }

    @Override
    final FolderNode asFolderForChange(String notAFolder) {
        throw noChangesInsideAMessage(path);
    }
}

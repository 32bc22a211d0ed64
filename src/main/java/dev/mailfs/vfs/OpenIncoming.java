package dev.mailfs.vfs;

/** A new file being copied into a folder. */
record OpenIncoming(IncomingMessage message) implements OpenFile {
    @Override
    public long size() {
        return message.size();
    }
}

package dev.mailfs.vfs;

/** An open decoded file (body.txt, an attachment): its bytes, decoded once when it was opened. */
record OpenPart(byte[] content) implements OpenFile {
    @Override
    public long size() {
        return content.length;
    }
}

package dev.mailfs.vfs;

/**
 * An open file whose bytes were made when it was opened: a decoded part (body.txt, an
 * attachment), or mailfs's status.
 *
 * @param changes whether another open may give other bytes (the status), so that the kernel
 *                must not keep its pages
 */
record OpenPart(byte[] content, boolean changes) implements OpenFile {
    @Override
    public long size() {
        return content.length;
    }
}

package dev.mailfs.vfs;

/** An open /.mailfs/status: the report as it was when opened. */
record OpenStatus(byte[] content) implements OpenFile {
    @Override
    public long size() {
        return content.length;
    }
}

package dev.mailfs.mime;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Text written as UTF-8 to a stream, remembering its last character: where body.txt's parts each end in a newline. */
final class LastCharWriter extends Writer {
    private final Writer out;
    private boolean wroteAny;
    private char last;

    LastCharWriter(OutputStream out) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 << 10);
    }

    boolean wroteAny() {
        return wroteAny;
    }

    /** The last character written; meaningful once {@link #wroteAny}. */
    char last() {
        return last;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        if (length > 0) {
            out.write(chars, offset, length);
            wroteAny = true;
            last = chars[offset + length - 1];
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes; the stream it writes to is its owner's to close. */
    @Override
    public void close() throws IOException {
        flush();
    }
}

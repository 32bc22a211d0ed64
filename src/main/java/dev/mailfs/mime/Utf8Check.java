package dev.mailfs.mime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Whether bytes are valid UTF-8 as Java's decoder judges it, for bytes in memory and for a stream read piece by piece. */
final class Utf8Check {
    private static final int PIECE = 8 << 10;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Where the decoded characters go: only whether decoding succeeds matters. */
    private final CharBuffer discarded = CharBuffer.allocate(PIECE);

    private Utf8Check() {
    }

    static boolean isValid(byte[] bytes) {
        Utf8Check check = new Utf8Check();
        ByteBuffer all = ByteBuffer.wrap(bytes);
        return check.accepts(all, true) && check.flushes();
    }

    static boolean isValid(InputStream in) throws IOException {
        Utf8Check check = new Utf8Check();
        ByteBuffer bytes = ByteBuffer.allocate(PIECE);
        boolean end = false;
        while (!end) {
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            end = n < 0;
            bytes.position(bytes.position() + Math.max(n, 0)).flip();
            if (!check.accepts(bytes, end)) {
                return false;
            }
            bytes.compact(); // keeps the start of a character cut at the end of this piece
        }
        return check.flushes();
    }

    /** Decodes what it can of {@code bytes}; false at the first byte that is not UTF-8 (or a character cut at the end). */
    private boolean accepts(ByteBuffer bytes, boolean end) {
        CoderResult result;
        do {
            result = decoder.decode(bytes, discarded, end);
            discarded.clear();
        } while (result.isOverflow());
        return !result.isError();
    }

    private boolean flushes() {
        return !decoder.flush(discarded).isError();
    }
}

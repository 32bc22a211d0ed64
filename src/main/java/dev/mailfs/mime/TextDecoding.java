package dev.mailfs.mime;

import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns text bytes into text: in the declared charset when Java knows it; otherwise (no charset,
 * an unknown one, or ASCII, which mail often declares for 8-bit bytes) as UTF-8 when they are
 * valid UTF-8, else as Windows-1252, which maps every byte to something readable. Never fails on
 * the bytes themselves.
 */
public final class TextDecoding {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** Bytes read from a file at a time, and chars converted at a time: memory is bounded by these, whatever the file's size. */
    private static final int PIECE = 8 << 10;

    private TextDecoding() {
    }

    public static String decode(byte[] bytes, String declaredCharset) {
        Charset charset = declared(declaredCharset);
        if (charset == null) {
            charset = undeclared(Utf8Check.isValid(bytes));
        }
        return new String(bytes, charset);
    }

    /**
     * Writes to {@code out} what {@code decode(Files.readAllBytes(bytes), declaredCharset)} gives with
     * each CRLF turned into LF, reading the file piece by piece (twice when the charset is not
     * declared: once to learn whether it is valid UTF-8). Does not close {@code out}.
     */
    public static void decodeTo(Path bytes, String declaredCharset, Writer out) throws IOException {
        decodeTo(() -> Files.newInputStream(bytes), declaredCharset, out);
    }

    /** Bytes that can be read more than once. */
    interface ByteSource {
        InputStream open() throws IOException;
    }

    static void decodeTo(ByteSource bytes, String declaredCharset, Writer out) throws IOException {
        Charset charset = declared(declaredCharset);
        if (charset == null) {
            try (InputStream in = bytes.open()) {
                charset = undeclared(Utf8Check.isValid(in));
            }
        }
        try (InputStream in = bytes.open()) {
            convert(in, charset, out);
        }
    }

    /** As {@code new String(bytes, charset)} does (malformed bytes become U+FFFD), with CRLF turned into LF. */
    private static void convert(InputStream in, Charset charset, Writer out) throws IOException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer bytes = ByteBuffer.allocate(PIECE);
        CharBuffer chars = CharBuffer.allocate(PIECE);
        UnixLineEnds text = new UnixLineEnds(out);
        boolean end = false;
        while (!end) {
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            end = n < 0;
            bytes.position(bytes.position() + Math.max(n, 0)).flip();
            CoderResult result;
            do {
                result = decoder.decode(bytes, chars, end);
                text.write(chars.flip());
                chars.clear();
            } while (result.isOverflow());
            bytes.compact(); // keeps the start of a character cut at the end of this piece
        }
        while (decoder.flush(chars).isOverflow()) {
            text.write(chars.flip());
            chars.clear();
        }
        text.write(chars.flip());
        text.finish();
    }

    /** The charset to read the bytes in when the declared name settles it; null when the bytes must decide. */
    private static Charset declared(String name) {
        Charset charset = known(name);
        // ASCII bytes read the same in UTF-8, and 8-bit bytes declared as ASCII are the sender's mistake.
        return StandardCharsets.US_ASCII.equals(charset) ? null : charset;
    }

    private static Charset undeclared(boolean validUtf8) {
        return validUtf8 ? StandardCharsets.UTF_8 : WINDOWS_1252;
    }

    private static Charset known(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            // Java's own names first: MimeUtility.javaCharset maps "us-ascii" to ISO-8859-1.
            String trimmed = name.trim();
            String javaName = Charset.isSupported(trimmed) ? trimmed : MimeUtility.javaCharset(trimmed);
            if (Charset.isSupported(javaName)) {
                Charset charset = Charset.forName(javaName);
                // Mail that says ISO-8859-1 is Windows-1252 in practice (the HTML5 rule as well).
                return charset.equals(StandardCharsets.ISO_8859_1) ? WINDOWS_1252 : charset;
            }
        } catch (RuntimeException e) {
            // an illegal charset name: treat it as unknown
        }
        return null;
    }

    /** Writes text with each CRLF turned into LF; a CR at the end of one piece waits for the next. */
    private static final class UnixLineEnds {
        private final Writer out;
        private final char[] converted = new char[PIECE];
        private boolean heldCarriageReturn;

        UnixLineEnds(Writer out) {
            this.out = out;
        }

        void write(CharBuffer chars) throws IOException {
            int n = 0;
            while (chars.hasRemaining()) {
                char c = chars.get();
                if (heldCarriageReturn && c != '\n') {
                    converted[n++] = '\r';
                }
                heldCarriageReturn = c == '\r';
                if (!heldCarriageReturn) {
                    converted[n++] = c;
                }
                if (n >= converted.length - 1) {
                    out.write(converted, 0, n);
                    n = 0;
                }
            }
            out.write(converted, 0, n);
        }

        void finish() throws IOException {
            if (heldCarriageReturn) {
                out.write('\r');
                heldCarriageReturn = false;
            }
        }
    }
}

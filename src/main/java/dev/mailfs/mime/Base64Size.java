package dev.mailfs.mime;

import java.util.OptionalLong;

/**
 * The size a base64 section decodes to (by {@link TransferDecoding}), from its encoded size and
 * its first {@link #HEAD} and last {@link #TAIL} bytes, so that {@code stat} of an attachment does
 * not download it.
 *
 * <p>Mailers write base64 in lines of one length L (a multiple of 4: 76 for Java's MIME encoder,
 * Gmail and Outlook, 72 for Thunderbird, 64 for OpenSSL) ending in CRLF (or LF), every line full
 * but the last. The head shows L, the line end and that the first lines follow that layout; the
 * tail shows the last line (at most L characters, maybe "=" padding, maybe a line end) and that
 * the full lines before it follow the same layout at the offsets the encoded size puts them. Then
 * the section holds (full lines) × L + (last line) alphabet characters, which gives the size. When
 * anything the head or tail shows does not fit (lines of different lengths, a character outside the
 * alphabet or a blank on a full line, a last line that is too long or wrongly padded, a size that
 * does not end on a line boundary), the answer is empty and the caller decodes the part to learn
 * its size. A section of at most HEAD + TAIL bytes is seen whole, and counted.
 *
 * <p>What it cannot see is the middle. Bytes added or removed there shift the tail out of the
 * layout, and the answer is empty; but a middle that keeps the length and breaks the layout (a
 * stray character in place of an alphabet one, a line split in two whose parts add up to a full
 * line) gives a wrong size: whoever decodes the part later should compare the length it gets.
 */
public final class Base64Size {
    /** How many bytes of the section's start the caller fetches: enough for two lines of up to 124 characters. */
    public static final int HEAD = 256;
    /** How many bytes of the section's end the caller fetches. */
    public static final int TAIL = 256;

    private Base64Size() {
    }

    /**
     * The number of bytes {@code TransferDecoding.decode(section, "base64")} returns, or empty when
     * {@code head} and {@code tail} cannot prove it.
     *
     * @param encodedSize the section's exact length in bytes, as the server reports it. If it is
     *     wrong by whole lines, so is the answer: the caller proves it by asking for more bytes of
     *     the tail than remain (the server then sends just those that do)
     * @param head the section's first min(HEAD, encodedSize) bytes
     * @param tail the section's last min(TAIL, encodedSize) bytes
     */
    public static OptionalLong decodedSize(long encodedSize, byte[] head, byte[] tail) {
        if (encodedSize < 0 || head.length != Math.min(HEAD, encodedSize) || tail.length != Math.min(TAIL, encodedSize)) {
            return OptionalLong.empty();
        }
        if (encodedSize <= HEAD + TAIL) {
            return seenWhole((int) encodedSize, head, tail);
        }
        Layout layout = Layout.of(head);
        if (layout == null || !layout.follows(head, head.length, 0)) {
            return OptionalLong.empty();
        }
        return layout.lastLineSize(tail, encodedSize - tail.length);
    }

    /** Head and tail together are the whole section: counts its alphabet characters, if they agree where they overlap. */
    private static OptionalLong seenWhole(int size, byte[] head, byte[] tail) {
        int overlap = head.length + tail.length - size; // how many of tail's first bytes head holds too
        for (int i = 0; i < overlap; i++) {
            if (head[size - tail.length + i] != tail[i]) {
                return OptionalLong.empty();
            }
        }
        long characters = alphabetCharacters(head, 0, head.length) + alphabetCharacters(tail, overlap, tail.length);
        return OptionalLong.of(Base64Decoder.decodedLength(characters));
    }

    private static long alphabetCharacters(byte[] bytes, int from, int to) {
        long count = 0;
        for (int i = from; i < to; i++) {
            if (Base64Decoder.inAlphabet(bytes[i])) {
                count++;
            }
        }
        return count;
    }

    /** Lines of {@code lineLength} alphabet characters, each followed by CRLF or by LF. */
    private record Layout(int lineLength, boolean crlf) {

        /** The layout the head's first line shows, or null if it shows none: no line end, or a line that is empty or not whole quanta. */
        static Layout of(byte[] head) {
            int lf = 0;
            while (lf < head.length && head[lf] != '\n') {
                lf++;
            }
            if (lf == head.length) {
                return null;
            }
            boolean crlf = lf > 0 && head[lf - 1] == '\r';
            int lineLength = crlf ? lf - 1 : lf;
            Layout layout = new Layout(lineLength, crlf);
            return lineLength > 0 && lineLength % 4 == 0 && 2 * layout.period() <= head.length ? layout : null;
        }

        /** Bytes from one line's start to the next's. */
        int period() {
            return lineLength + (crlf ? 2 : 1);
        }

        /** Whether {@code bytes[0, length)}, which start at that offset of the section, are where full lines put them. */
        boolean follows(byte[] bytes, int length, long offset) {
            int column = (int) (offset % period());
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                boolean fits = column < lineLength ? Base64Decoder.inAlphabet(b)
                        : column == lineLength && crlf ? b == '\r'
                        : b == '\n';
                if (!fits) {
                    return false;
                }
                column = column + 1 == period() ? 0 : column + 1;
            }
            return true;
        }

        /**
         * The decoded size of a section whose tail (at that offset) ends in a last line of at most
         * lineLength characters (maybe "=" padding, maybe a line end) after full lines; else empty.
         */
        OptionalLong lastLineSize(byte[] tail, long offset) {
            int end = tail.length;
            if (tail[end - 1] == '\n' && (!crlf || tail[end - 2] == '\r')) {
                end -= crlf ? 2 : 1;
            }
            int padding = 0;
            while (padding < 2 && tail[end - 1] == '=') {
                end--;
                padding++;
            }
            int characters = 0;
            while (characters < lineLength && Base64Decoder.inAlphabet(tail[end - 1])) {
                end--;
                characters++;
            }
            boolean asEncoded = characters > 0 && characters % 4 != 1 && (padding == 0 || padding == 4 - characters % 4);
            long fullLinesEnd = offset + end; // must be where a line ends: else the last line is longer than the others
            if (!asEncoded || fullLinesEnd % period() != 0 || !follows(tail, end, offset)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Base64Decoder.decodedLength(fullLinesEnd / period() * lineLength + characters));
        }
    }
}

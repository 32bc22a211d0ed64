package dev.mailfs.mime;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Undoes a Content-Transfer-Encoding, leniently: broken input from real mail (stray characters,
 * wrong padding, bad escapes) gives the best bytes it can, never an exception. Whole or as a
 * stream: both run the same decoder ({@link Base64Decoder}, {@link QuotedPrintableDecoder}), so
 * they give the same bytes.
 */
public final class TransferDecoding {
    private TransferDecoding() {
    }

    public static byte[] decode(byte[] raw, String encoding) {
        ChunkDecoder decoder = decoderFor(encoding);
        if (decoder == null) {
            return raw;
        }
        byte[] out = new byte[decoder.maxOutput(raw.length)];
        int n = decoder.decode(raw, 0, raw.length, out, 0);
        n += decoder.finish(out, n);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * The decoded bytes of {@code raw}, exactly those {@link #decode} gives for all of it, read
     * from it a piece at a time: memory stays bounded whatever its length. Closing the returned
     * stream closes {@code raw}.
     */
    public static InputStream decoding(InputStream raw, String encoding) {
        ChunkDecoder decoder = decoderFor(encoding);
        return decoder == null ? raw : new DecodingInputStream(raw, decoder);
    }

    /** A new decoder, or null for 7bit, 8bit, binary, none and encodings we do not know: their bytes are the content. */
    private static ChunkDecoder decoderFor(String encoding) {
        return switch (encoding.toLowerCase(Locale.ROOT).trim()) {
            case "base64" -> new Base64Decoder();
            case "quoted-printable" -> new QuotedPrintableDecoder();
            default -> null;
        };
    }
}

package dev.mailfs.mime;

import java.util.Arrays;

/**
 * Quoted-printable (RFC 2045 6.7), leniently: "=XX" is a byte, "=" with optional trailing blanks
 * and a line end (CRLF or a bare LF) is a soft line break, and anything malformed stays as it is.
 * What follows an "=" decides what it means, so an "=" and what follows it are held back until
 * it is known (at most {@link #MAX_TRAILING_BLANKS} + 2 bytes).
 */
final class QuotedPrintableDecoder implements ChunkDecoder {
    /**
     * A soft line break has at most this many blanks between its "=" and its line end: no line
     * is longer (RFC 5322 2.1.1), and it bounds what is held back. After more, the "=" stays.
     */
    static final int MAX_TRAILING_BLANKS = 998;

    /** Each byte's value as a hexadecimal digit, or -1. */
    private static final byte[] HEX = new byte[256];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int i = 0; i < 16; i++) {
            HEX[Character.forDigit(i, 16)] = (byte) i;
            HEX[Character.toUpperCase(Character.forDigit(i, 16))] = (byte) i;
        }
    }

    private enum State {
        TEXT, // nothing held back
        EQUALS, // held back: "=" and maybe blanks
        EQUALS_DIGIT, // held back: "=" and one hexadecimal digit
        EQUALS_CR // held back: "=", maybe blanks, and CR
    }

    private State state = State.TEXT;
    /** The blanks after a held back "=". */
    private final byte[] blanks = new byte[MAX_TRAILING_BLANKS];
    private int blankCount;
    /** The digit after a held back "=", in state EQUALS_DIGIT. */
    private byte digit;

    @Override
    public int maxOutput(int inputLength) {
        return inputLength + MAX_TRAILING_BLANKS + 2;
    }

    @Override
    public int decode(byte[] in, int offset, int length, byte[] out, int outOffset) {
        int o = outOffset;
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = in[i];
            switch (state) {
                case TEXT -> {
                    while (b != '=' && i + 1 < end) { // the common case: copy up to the next "="
                        out[o++] = b;
                        b = in[++i];
                    }
                    o = text(b, out, o);
                }
                case EQUALS -> {
                    if (b == '\n') {
                        clear(); // a soft line break: nothing of it stays
                    } else if (b == '\r') {
                        state = State.EQUALS_CR;
                    } else if ((b == ' ' || b == '\t') && blankCount < MAX_TRAILING_BLANKS) {
                        blanks[blankCount++] = b;
                    } else if (blankCount == 0 && HEX[b & 0xff] >= 0) {
                        digit = b;
                        state = State.EQUALS_DIGIT;
                    } else {
                        o = text(b, out, release(out, o));
                    }
                }
                case EQUALS_DIGIT -> {
                    if (HEX[b & 0xff] >= 0) {
                        out[o++] = (byte) (HEX[digit & 0xff] << 4 | HEX[b & 0xff]);
                        state = State.TEXT;
                    } else {
                        o = text(b, out, release(out, o));
                    }
                }
                case EQUALS_CR -> {
                    if (b == '\n') {
                        clear(); // a soft line break: nothing of it stays
                    } else {
                        o = text(b, out, release(out, o));
                    }
                }
            }
        }
        return o - outOffset;
    }

    @Override
    public int finish(byte[] out, int outOffset) {
        return release(out, outOffset) - outOffset;
    }

    /** A byte with nothing held back: an "=" starts being held back, anything else is itself. */
    private int text(byte b, byte[] out, int o) {
        if (b == '=') {
            state = State.EQUALS;
        } else {
            out[o++] = b;
        }
        return o;
    }

    private void clear() {
        state = State.TEXT;
        blankCount = 0;
    }

    /** Writes what is held back as it is (it was no escape and no soft break); returns the new output position. */
    private int release(byte[] out, int o) {
        if (state == State.TEXT) {
            return o;
        }
        out[o++] = '=';
        if (state == State.EQUALS_DIGIT) {
            out[o++] = digit;
        }
        System.arraycopy(blanks, 0, out, o, blankCount);
        o += blankCount;
        if (state == State.EQUALS_CR) {
            out[o++] = '\r';
        }
        clear();
        return o;
    }
}

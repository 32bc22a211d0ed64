package dev.mailfs.mime;

import java.util.Arrays;

/**
 * Base64, leniently: only alphabet characters count, so line breaks, garbage and misplaced "="
 * are skipped; at the end, a lone last character carries no byte and missing padding is assumed.
 */
final class Base64Decoder implements ChunkDecoder {
    /** Each byte's 6-bit value in the base64 alphabet, or -1 for every other byte. */
    private static final byte[] VALUES = new byte[256];
    /**
     * The same values already shifted to their place in a quantum of four characters, and negative
     * for every other byte, so that a quantum is four lookups OR-ed together (twice as fast as
     * shifting each value, where the daemon spends most of a large attachment's time).
     */
    private static final int[] FIRST = new int[256];
    private static final int[] SECOND = new int[256];
    private static final int[] THIRD = new int[256];
    private static final int[] FOURTH = new int[256];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int[] place : new int[][] {FIRST, SECOND, THIRD, FOURTH}) {
            Arrays.fill(place, Integer.MIN_VALUE);
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            char c = alphabet.charAt(i);
            VALUES[c] = (byte) i;
            FIRST[c] = i << 18;
            SECOND[c] = i << 12;
            THIRD[c] = i << 6;
            FOURTH[c] = i;
        }
    }

    /** The characters of the quantum not yet complete, 6 bits each, the last one lowest. */
    private int bits;
    /** How many characters {@link #bits} holds: 0 to 3. */
    private int count;

    static boolean inAlphabet(byte b) {
        return VALUES[b & 0xff] >= 0;
    }

    /** How many bytes this decoder makes of that many alphabet characters (a lone last one makes none). */
    static long decodedLength(long alphabetCharacters) {
        long characters = alphabetCharacters % 4 == 1 ? alphabetCharacters - 1 : alphabetCharacters;
        return characters / 4 * 3 + Math.max(0, characters % 4 - 1);
    }

    @Override
    public int maxOutput(int inputLength) {
        return (inputLength + 3) / 4 * 3 + 2;
    }

    @Override
    public int decode(byte[] in, int offset, int length, byte[] out, int outOffset) {
        int bits = this.bits;
        int count = this.count;
        int o = outOffset;
        int i = offset;
        int end = offset + length;
        int lastQuantum = end - 4;
        while (i < end) {
            if (count == 0) { // the common case: four alphabet characters at once, until a line end
                while (i <= lastQuantum) {
                    int quantum = FIRST[in[i] & 0xff] | SECOND[in[i + 1] & 0xff] | THIRD[in[i + 2] & 0xff] | FOURTH[in[i + 3] & 0xff];
                    if (quantum < 0) {
                        break;
                    }
                    out[o] = (byte) (quantum >> 16);
                    out[o + 1] = (byte) (quantum >> 8);
                    out[o + 2] = (byte) quantum;
                    o += 3;
                    i += 4;
                }
                if (i == end) {
                    break;
                }
            }
            int value = VALUES[in[i++] & 0xff];
            if (value < 0) {
                continue;
            }
            bits = bits << 6 | value;
            if (++count == 4) {
                out[o++] = (byte) (bits >> 16);
                out[o++] = (byte) (bits >> 8);
                out[o++] = (byte) bits;
                bits = 0;
                count = 0;
            }
        }
        this.bits = bits;
        this.count = count;
        return o - outOffset;
    }

    @Override
    public int finish(byte[] out, int outOffset) {
        int written = 0;
        if (count == 2) { // 12 bits: one byte, 4 padding bits
            out[outOffset] = (byte) (bits >> 4);
            written = 1;
        } else if (count == 3) { // 18 bits: two bytes, 2 padding bits
            out[outOffset] = (byte) (bits >> 10);
            out[outOffset + 1] = (byte) (bits >> 2);
            written = 2;
        } // count 1: a lone last character carries no byte
        bits = 0;
        count = 0;
        return written;
    }
}

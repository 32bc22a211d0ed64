package dev.mailfs.mime;

/**
 * A transfer decoding fed its input in pieces of any size. It keeps what a piece ends in the
 * middle of (an unfinished base64 quantum, a quoted-printable escape cut after its "=") for the
 * next piece, so the bytes out do not depend on where the input was cut.
 */
interface ChunkDecoder {

    /** At most how many bytes one {@link #decode} of that many input bytes, or {@link #finish}, writes. */
    int maxOutput(int inputLength);

    /** Decodes {@code in[offset, offset + length)} into {@code out} from {@code outOffset}; returns how many bytes it wrote. */
    int decode(byte[] in, int offset, int length, byte[] out, int outOffset);

    /** Ends the input: writes what the kept bytes give; returns how many bytes it wrote. */
    int finish(byte[] out, int outOffset);
}

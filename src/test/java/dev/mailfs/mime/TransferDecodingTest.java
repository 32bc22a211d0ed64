package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransferDecodingTest {

    /** Decodes encoded text given as ISO-8859-1 characters, one character per byte. */
    private static byte[] decode(String encoded, String encoding) {
        return TransferDecoding.decode(encoded.getBytes(StandardCharsets.ISO_8859_1), encoding);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // --- base64 ----------------------------------------------------------------------------

    @Test
    void base64IgnoresCrlfAndLfLineBreaks() {
        assertArrayEquals(ascii("Hello, world!"), decode("SGVsbG8s\r\nIHdvcmxk\nIQ==\r\n", "base64"));
    }

    @Test
    void base64SkipsGarbageCharactersAndEqualsSignsInTheMiddle() {
        // "SGVs" "bG8=" with '=', '*', '!', a space, a tab and a high byte sprinkled in.
        assertArrayEquals(ascii("Hello"), decode("SG=Vs*=b \tG\u00e98!=", "base64"));
    }

    @Test
    void base64WithoutPaddingDecodesAsIfPadded() {
        assertArrayEquals(ascii("Hi"), decode("SGk", "base64"));
        assertArrayEquals(ascii("Hello"), decode("SGVsbG8", "base64"));
    }

    @Test
    void base64LoneTrailingCharacterIsDropped() {
        // 9 alphabet characters: the 9th carries fewer than 8 bits, so no byte.
        assertArrayEquals(ascii("Hello!"), decode("SGVsbG8hX", "base64"));
    }

    @Test
    void base64OfEmptyInputIsEmpty() {
        assertArrayEquals(new byte[0], decode("", "base64"));
        assertArrayEquals(new byte[0], decode("\r\n", "base64"));
    }

    @Test
    void base64OfOnlyGarbageIsEmpty() {
        assertArrayEquals(new byte[0], decode("*** ==== !!!", "base64"));
    }

    @Test
    void base64DecodesBinaryBytes() {
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff, 0x00}, decode("iVBOR/8A", "base64"));
    }

    // --- quoted-printable ------------------------------------------------------------------

    @Test
    void quotedPrintableCrlfSoftLineBreakJoinsTheWord() {
        assertArrayEquals(ascii("flamingo"), decode("fla=\r\nmingo", "quoted-printable"));
    }

    @Test
    void quotedPrintableLfSoftLineBreakJoinsTheWord() {
        assertArrayEquals(ascii("flamingo"), decode("fla=\nmingo", "quoted-printable"));
    }

    @Test
    void quotedPrintableSoftLineBreakAtTheVeryEndDisappears() {
        assertArrayEquals(ascii("end"), decode("end=\r\n", "quoted-printable"));
        assertArrayEquals(ascii("end"), decode("end=\n", "quoted-printable"));
    }

    @Test
    void quotedPrintableHardLineBreaksStay() {
        assertArrayEquals(ascii("one\r\ntwo\n"), decode("one\r\ntwo\n", "quoted-printable"));
    }

    @Test
    void quotedPrintableHexEscapesBecomeBytes() {
        assertArrayEquals(utf8("ä"), decode("=C3=A4", "quoted-printable"));
        assertArrayEquals(utf8("Grüße = 5"), decode("Gr=C3=BC=C3=9Fe =3D 5", "quoted-printable"));
    }

    @Test
    void quotedPrintableAcceptsLowercaseHex() {
        assertArrayEquals(utf8("ä"), decode("=c3=a4", "quoted-printable"));
    }

    @Test
    void quotedPrintableMalformedEscapeIsKeptAsIs() {
        assertArrayEquals(ascii("a=ZZb"), decode("a=ZZb", "quoted-printable"));
        assertArrayEquals(ascii("x=4"), decode("x=4", "quoted-printable"));
        assertArrayEquals(ascii("a = b"), decode("a = b", "quoted-printable"));
    }

    @Test
    void quotedPrintableTrailingEqualsIsKeptAsIs() {
        assertArrayEquals(ascii("abc="), decode("abc=", "quoted-printable"));
    }

    @Test
    void quotedPrintableSoftLineBreakWithTrailingWhitespaceJoinsTheWord() {
        assertArrayEquals(ascii("flamingo"), decode("fla= \r\nmingo", "quoted-printable"));
        assertArrayEquals(ascii("flamingo"), decode("fla=\t\nmingo", "quoted-printable"));
    }

    // --- identity encodings and names --------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"7bit", "8bit", "binary", "", "x-unknown", "x-uuencode"})
    void identityAndUnknownEncodingsPassBytesThroughUnchanged(String encoding) {
        byte[] raw = {'S', 'G', 'k', '=', '=', 'C', '3', '\r', '\n', (byte) 0xe4, 0x00};
        assertArrayEquals(raw.clone(), TransferDecoding.decode(raw, encoding));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BASE64", "Base64", " base64 ", "\tbase64\r\n"})
    void base64NameIsCaseInsensitiveAndTrimmed(String encoding) {
        assertArrayEquals(ascii("Hi"), decode("SGk=", encoding));
    }

    @ParameterizedTest
    @ValueSource(strings = {"QUOTED-PRINTABLE", "Quoted-Printable", "  quoted-printable  "})
    void quotedPrintableNameIsCaseInsensitiveAndTrimmed(String encoding) {
        assertArrayEquals(utf8("ä"), decode("=C3=A4", encoding));
    }
}

package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TextDecodingTest {
    private static final Charset KOI8_R = Charset.forName("KOI8-R");

    /** Bytes given as ISO-8859-1 characters, one character per byte (U+00FC is the byte 0xFC). */
    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // --- declared charsets Java knows ---------------------------------------------------------

    @Test
    void declaredIso88591IsReadAsWindows1252() {
        // 0x80 is a C1 control in ISO-8859-1 but the euro sign in Windows-1252; deliberately the latter.
        assertEquals("5 € Grüße", TextDecoding.decode(bytes("5 \u0080 Gr\u00fc\u00dfe"), "ISO-8859-1"));
    }

    @Test
    void declaredWindows1252DecodesSmartQuotesAndEllipsis() {
        assertEquals("“Hi” it’s…", TextDecoding.decode(bytes("\u0093Hi\u0094 it\u0092s\u0085"), "windows-1252"));
    }

    @Test
    void declaredUtf8IsDecodedAsUtf8() {
        assertEquals("Grüße € 日本", TextDecoding.decode(utf8("Grüße € 日本"), "UTF-8"));
    }

    @Test
    void declaredKoi8rIsDecodedAsKoi8r() {
        assertEquals("Привет", TextDecoding.decode("Привет".getBytes(KOI8_R), "koi8-r"));
    }

    @Test
    void declaredUsAsciiWithOnlyAsciiBytesIsUnchanged() {
        assertEquals("plain text\n", TextDecoding.decode(bytes("plain text\n"), "us-ascii"));
    }

    @Test
    void declaredUsAsciiWithUtf8BytesIsReadAsUtf8() {
        assertEquals("Grüße €", TextDecoding.decode(utf8("Grüße €"), "us-ascii"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ascii", "ANSI_X3.4-1968"})
    void declaredAsciiUnderJavaNamesWithUtf8BytesIsReadAsUtf8(String charset) {
        assertEquals("Grüße €", TextDecoding.decode(utf8("Grüße €"), charset));
    }

    @Test
    void declaredUsAsciiWithLatin1BytesIsReadAsWindows1252() {
        assertEquals("Grüße€", TextDecoding.decode(bytes("Gr\u00fc\u00dfe\u0080"), "us-ascii"));
    }

    // --- no charset or an unknown one --------------------------------------------------------

    @Test
    void unknownCharsetWithValidUtf8IsReadAsUtf8() {
        assertEquals("Grüße € 日本", TextDecoding.decode(utf8("Grüße € 日本"), "x-nope"));
    }

    @Test
    void unknownCharsetWithInvalidUtf8IsReadAsWindows1252() {
        assertEquals("Grüße “€”", TextDecoding.decode(bytes("Gr\u00fc\u00dfe \u0093\u0080\u0094"), "x-nope"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void missingCharsetWithValidUtf8IsReadAsUtf8(String charset) {
        assertEquals("Grüße", TextDecoding.decode(utf8("Grüße"), charset));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void missingCharsetWithInvalidUtf8IsReadAsWindows1252(String charset) {
        assertEquals("Grüße€", TextDecoding.decode(bytes("Gr\u00fc\u00dfe\u0080"), charset));
    }

    @Test
    void illegalCharsetNameIsTreatedAsUnknown() {
        assertEquals("Grüße", TextDecoding.decode(utf8("Grüße"), "utf 8; format=flowed"));
        assertEquals("Grüße", TextDecoding.decode(bytes("Gr\u00fc\u00dfe"), "utf 8; format=flowed"));
    }

    @Test
    void emptyBytesAreTheEmptyString() {
        assertEquals("", TextDecoding.decode(new byte[0], "utf-8"));
        assertEquals("", TextDecoding.decode(new byte[0], null));
    }

    // --- how charset names are read -------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"KOI8-R", "Koi8-R", " koi8-r ", "\tkoi8-r\t"})
    void charsetNameIsCaseInsensitiveAndSurroundingWhitespaceIsTrimmed(String charset) {
        assertEquals("Привет", TextDecoding.decode("Привет".getBytes(KOI8_R), charset));
    }

    @Test
    void quotesAroundCharsetNameAreNotStrippedSoTheNameCountsAsUnknown() {
        // The name is taken literally: "\"koi8-r\"" is not a legal charset name, so best effort applies
        // (the IMAP layer hands over parameter values already unquoted).
        byte[] koi8 = "Привет".getBytes(KOI8_R);
        assertEquals(new String(koi8, Charset.forName("windows-1252")), TextDecoding.decode(koi8, "\"koi8-r\""));
        assertEquals("Grüße", TextDecoding.decode(utf8("Grüße"), "\"utf-8\""));
    }

    @Test
    void mimeAliasLatin1IsReadAsWindows1252() {
        assertEquals("€é", TextDecoding.decode(bytes("\u0080\u00e9"), "latin1"));
    }

    @Test
    void mimeAliasUtf8WithoutDashIsUtf8() {
        assertEquals("Grüße", TextDecoding.decode(utf8("Grüße"), "utf8"));
    }

    @Test
    void mimeAliasCp1252IsWindows1252() {
        assertEquals("“€”", TextDecoding.decode(bytes("\u0093\u0080\u0094"), "cp1252"));
    }
}

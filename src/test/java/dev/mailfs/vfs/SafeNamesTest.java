package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeNamesTest {
    private static final String FALLBACK = "(fallback)";

    private static String sanitize(String raw) {
        return SafeNames.sanitize(raw, FALLBACK);
    }

    private static int utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The result encodes to UTF-8 and back unchanged: no half code point, no lone surrogate. */
    private static void assertWellFormed(String name) {
        assertEquals(name, new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertFalse(name.contains("\uFFFD"), "a replacement character was introduced: " + name);
        assertTrue(Normalizer.isNormalized(name, Normalizer.Form.NFC), "not NFC: " + name);
    }

    // --- separators and traversal ----------------------------------------------------------

    @ParameterizedTest
    @MethodSource
    void separatorsBecomeUnderscores(String raw, String expected) {
        assertEquals(expected, sanitize(raw));
    }

    static Stream<Arguments> separatorsBecomeUnderscores() {
        return Stream.of(
                Arguments.of("a/b", "a_b"),
                Arguments.of("a\\b", "a_b"),
                Arguments.of("a//b\\\\c", "a__b__c"),
                Arguments.of("report/2024\\final.pdf", "report_2024_final.pdf"));
    }

    @Test
    void pathTraversalIsJustAFileName() {
        assertEquals("_._.._etc_passwd", sanitize("../../etc/passwd"));
    }

    @Test
    void absolutePathIsJustAFileName() {
        assertEquals("_abs_path", sanitize("/abs/path"));
    }

    @Test
    void windowsTraversalIsJustAFileName() {
        assertEquals("_._.._windows_system32", sanitize("..\\..\\windows\\system32"));
    }

    // --- "." and ".." and leading dot or dash ------------------------------------------------

    @ParameterizedTest
    @MethodSource
    void dotNamesAreNeverReturnedAsSuch(String raw, String expected) {
        String name = sanitize(raw);
        assertEquals(expected, name);
        assertNotEquals(".", name);
        assertNotEquals("..", name);
    }

    static Stream<Arguments> dotNamesAreNeverReturnedAsSuch() {
        return Stream.of(
                Arguments.of(".", "_"),
                Arguments.of("..", "_."),
                Arguments.of("...", "_.."),
                Arguments.of(" . ", "_"),
                Arguments.of(" .. ", "_."),
                Arguments.of("\t..\n", "_."),
                Arguments.of("\u202E..", "_."),
                Arguments.of("./", "__"),
                Arguments.of("../", "_._"));
    }

    @ParameterizedTest
    @MethodSource
    void leadingDotOrDashIsReplaced(String raw, String expected) {
        assertEquals(expected, sanitize(raw));
    }

    static Stream<Arguments> leadingDotOrDashIsReplaced() {
        return Stream.of(
                Arguments.of(".hidden", "_hidden"),
                Arguments.of(".bashrc", "_bashrc"),
                Arguments.of("-rf", "_rf"),
                Arguments.of("--help", "_-help"),
                Arguments.of("   .hidden", "_hidden"),      // leading spaces go first, then the dot is caught
                Arguments.of("\u0000-rf", "_rf"),           // so do leading controls
                Arguments.of("\u202E.hidden", "_hidden"),   // and leading bidi controls
                Arguments.of("a.b-c", "a.b-c"));             // only the first character matters
    }

    // --- empty and fallback -------------------------------------------------------------------

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "   ", "\t", "\n", "\r\n", " \t \n ", "\u00A0", "\u2028", "\u0000", "\u0001\u001F\u007F",
            "\u0085", "\u202E", "\u200E\u200F\u2066\u2069"})
    void nothingLeftGivesTheFallback(String raw) {
        assertEquals(FALLBACK, sanitize(raw));
    }

    // --- control characters and whitespace ------------------------------------------------------

    @ParameterizedTest
    @MethodSource
    void controlsAndWhitespaceCollapseToSingleSpaces(String raw, String expected) {
        String name = sanitize(raw);
        assertEquals(expected, name);
        name.codePoints().forEach(cp -> assertFalse(Character.isISOControl(cp), "control U+" + Integer.toHexString(cp) + " in " + name));
    }

    static Stream<Arguments> controlsAndWhitespaceCollapseToSingleSpaces() {
        return Stream.of(
                Arguments.of("a\u0000b", "a b"),                 // NUL
                Arguments.of("a\u0001b", "a b"),                 // C0
                Arguments.of("a\u001Bb", "a b"),                 // ESC, as in terminal escapes
                Arguments.of("a\u001B[31mred", "a [31mred"),
                Arguments.of("a\u007Fb", "a b"),                 // DEL
                Arguments.of("a\u0085b", "a b"),                 // C1 NEXT LINE
                Arguments.of("a\u009Bb", "a b"),                 // C1 CSI
                Arguments.of("a\tb", "a b"),
                Arguments.of("a\nb", "a b"),
                Arguments.of("a\r\nb", "a b"),
                Arguments.of("a \t\n\u0000  b", "a b"),          // a run becomes one space
                Arguments.of("a\u00A0b", "a b"),                 // no-break space
                Arguments.of("a\u2028b", "a b"),                 // line separator
                Arguments.of("  padded  ", "padded"),            // trimmed both ends
                Arguments.of("\n\tSubject line\r\n", "Subject line"),
                Arguments.of("one  two   three", "one two three"));
    }

    // --- bidi controls --------------------------------------------------------------------------

    @Test
    void rightToLeftOverrideIsRemoved() {
        // "invoice\u202Efdp.exe" would display as "invoiceexe.pdf"
        assertEquals("invoicefdp.exe", sanitize("invoice\u202Efdp.exe"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069})
    void everyBidiControlIsRemoved(int control) {
        assertEquals("ab", sanitize("a" + Character.toString(control) + "b"));
    }

    @Test
    void rightToLeftLettersAreKept() {
        assertEquals("שלום", sanitize("שלום"));
    }

    // --- surrogates and normalisation --------------------------------------------------------------

    @ParameterizedTest
    @MethodSource
    void loneSurrogateBecomesReplacementCharacter(String raw, String expected) {
        String name = sanitize(raw);
        assertEquals(expected, name);
        assertEquals(name, new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    static Stream<Arguments> loneSurrogateBecomesReplacementCharacter() {
        return Stream.of(
                Arguments.of("a\uD800b", "a\uFFFDb"),     // lone high
                Arguments.of("a\uDC00b", "a\uFFFDb"),     // lone low
                Arguments.of("ab\uD83D", "ab\uFFFD"),     // high at the end
                Arguments.of("\uDE00ab", "\uFFFDab"),     // low at the start
                Arguments.of("a\uDE00\uD83Db", "a\uFFFD\uFFFDb")); // a pair in the wrong order
    }

    @Test
    void validSurrogatePairIsKept() {
        assertEquals("party \uD83C\uDF89 time", sanitize("party \uD83C\uDF89 time"));
    }

    @Test
    void decomposedInputComesOutComposed() {
        assertEquals("Entw\u00FCrfe", sanitize("Entwu\u0308rfe"));
        assertEquals("caf\u00E9", sanitize("cafe\u0301"));
        assertEquals("\uAC00", sanitize("\u1100\u1161")); // Hangul jamo compose to one syllable
    }

    @Test
    void composedInputIsUnchanged() {
        assertEquals("Entw\u00FCrfe", sanitize("Entw\u00FCrfe"));
    }

    @Test
    void removingABidiControlStillLeavesNfc() {
        String name = sanitize("caf" + "e\u202E\u0301");
        assertEquals("caf\u00E9", name);
        assertTrue(Normalizer.isNormalized(name, Normalizer.Form.NFC));
    }

    // --- length ------------------------------------------------------------------------------------

    @Test
    void shortNameIsNotTruncated() {
        String name = "a".repeat(255);
        assertEquals(name, sanitize(name));
    }

    @Test
    void longAsciiIsCutTo255Bytes() {
        String name = sanitize("a".repeat(400));
        assertEquals("a".repeat(255), name);
        assertWellFormed(name);
    }

    @ParameterizedTest
    @MethodSource
    void longMultiByteIsCutOnACodePointBoundary(String character, int expectedCount, int expectedBytes) {
        String name = sanitize(character.repeat(400));
        assertEquals(character.repeat(expectedCount), name);
        assertEquals(expectedBytes, utf8Bytes(name));
        assertTrue(utf8Bytes(name) <= SafeNames.MAX_NAME_BYTES);
        assertWellFormed(name);
    }

    static Stream<Arguments> longMultiByteIsCutOnACodePointBoundary() {
        return Stream.of(
                Arguments.of("\u00FC", 127, 254),              // ü: 2 bytes, 127 fit, the 128th would make 256
                Arguments.of("\u65E5", 85, 255),               // 日: 3 bytes, exactly 255
                Arguments.of("\uD83D\uDE00", 63, 252),         // 😀: 4 bytes, 64 would make 256
                Arguments.of("a\u00FC", 85, 255));             // mixed 1+2 bytes: 85 pairs = 255
    }

    @Test
    void longDecomposedInputIsComposedBeforeCounting() {
        // 400 × "u" + U+0308 is 1200 UTF-8 bytes decomposed, 800 composed; 127 "ü" fit either way
        String name = sanitize("u\u0308".repeat(400));
        assertEquals("\u00FC".repeat(127), name);
        assertWellFormed(name);
    }

    @Test
    void truncationThatEndsWithASpaceIsStripped() {
        // 254 letters, a space, a letter: 256 bytes; cut at 255 would end with the space
        String name = sanitize("a".repeat(254) + " b");
        assertEquals("a".repeat(254), name);
    }

    @Test
    void multiByteTruncationThatEndsWithASpaceIsStripped() {
        // 127 × ü (254 bytes), a space, "x": cut at 255 would keep the space
        String name = sanitize("\u00FC".repeat(127) + " x");
        assertEquals("\u00FC".repeat(127), name);
        assertWellFormed(name);
    }

    @Test
    void controlsCountAsOneSpaceWhenTruncating() {
        // the run of 10 controls collapses to one space before the length is measured
        String name = sanitize("a".repeat(250) + "\u0000".repeat(10) + "bcd");
        assertEquals("a".repeat(250) + " bcd", name);
    }

    @Test
    void smallerByteLimitIsHonoured() {
        assertEquals("abc", SafeNames.sanitize("abcdef", FALLBACK, 3));
        assertEquals("\u00FC", SafeNames.sanitize("\u00FC\u00FC", FALLBACK, 3));      // the second ü does not fit whole
        assertEquals("ab", SafeNames.sanitize("ab cd", FALLBACK, 3));                  // "ab " stripped
        assertEquals(FALLBACK, SafeNames.sanitize("\u65E5", FALLBACK, 2));            // nothing fits whole
    }

    @Test
    void truncateUtf8NeverSplitsACodePoint() {
        assertEquals("a", SafeNames.truncateUtf8("a\uD83D\uDE00", 4));
        assertEquals("a\uD83D\uDE00", SafeNames.truncateUtf8("a\uD83D\uDE00", 5));
        assertEquals("", SafeNames.truncateUtf8("\u65E5", 2));
    }

    // --- everything at once ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "/abs/path", ".", "..", "-", "\u0000", "a\u0000b", "\u202E.exe",
            "C:\\Windows\\evil.dll", "\uD800", " \t.", "a/../b", "con", "~"})
    void everyResultIsASafePathComponent(String raw) {
        String name = sanitize(raw);
        assertFalse(name.isEmpty());
        assertFalse(name.contains("/"), name);
        assertFalse(name.contains("\\"), name);
        assertFalse(name.contains("\u0000"), name);
        assertNotEquals(".", name);
        assertNotEquals("..", name);
        assertFalse(name.startsWith("."), name);
        assertFalse(name.startsWith("-"), name);
        assertFalse(name.startsWith(" ") || name.endsWith(" "), name);
        assertTrue(utf8Bytes(name) <= SafeNames.MAX_NAME_BYTES);
        name.codePoints().forEach(cp -> assertFalse(Character.isISOControl(cp), name));
        assertTrue(Normalizer.isNormalized(name, Normalizer.Form.NFC));
    }

    /** Names that need no change are given back at once; that shortcut answers what the whole work would. */
    @Test
    void theShortcutForPlainAsciiAgreesWithTheWholeWork() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        String alphabet = "ab .-/\\\t\u007F~!(x";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder raw = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            int maxBytes = 1 + random.nextInt(12);
            assertEquals(SafeNames.sanitizeFully(raw.toString(), FALLBACK, maxBytes), SafeNames.sanitize(raw.toString(), FALLBACK, maxBytes),
                    "for \"" + raw + "\" in " + maxBytes + " bytes");
        }
    }
}

package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.it.TrickyMail.Case;
import dev.mailfs.it.TrickyMail.Expected;
import dev.mailfs.vfs.SafeNames;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the corpus itself: well-formed where it should be, and its expectations agree with an
 * independent reading by Jakarta Mail (names by the directory rules, contents, body words).
 */
class TrickyMailTest {
    private static final List<Case> ALL = TrickyMail.all();
    /** Cases whose body words are readable in the raw bytes: nothing hides the ASCII words of these. */
    private static final Set<String> WORDS_VISIBLE_IN_RAW = Set.of("unknown-charset", "broken-addresses");

    static Stream<Arguments> cases() {
        return ALL.stream().map(c -> Arguments.of(Named.of(c.key(), c)));
    }

    /** Every case but no-headers, which has neither headers nor a body that Jakarta Mail can find. */
    static Stream<Arguments> casesWithHeaders() {
        return ALL.stream().filter(c -> !c.key().equals("no-headers")).map(c -> Arguments.of(Named.of(c.key(), c)));
    }

    @Test
    void everyCaseIsThereOnceInOrder() {
        assertEquals(List.of("latin1", "cp1252", "utf8-base64", "utf8-qp", "html-only", "alternative", "attachments",
                "hostile-names", "encoded-names", "nested", "smime-signed", "calendar", "no-headers",
                "unclosed-multipart", "bad-base64", "unknown-charset", "wrong-content-length", "undeclared-8bit", "broken-addresses"),
                ALL.stream().map(Case::key).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void linesEndInCrlfAndStayWithinTheRfcLimit(Case c) {
        assertCrlfOnly(c.raw());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithHeaders")
    void headersNameTheCase(Case c) {
        String head = headerBlock(c.raw());
        assertEquals(List.of("<" + c.key() + "@tricky.mailfs.dev>"), headerValues(head, "Message-ID"));
        assertEquals(List.of("Tricky: " + c.key()), headerValues(head, "Subject"));
        assertEquals(1, headerValues(head, "Date").size());
    }

    @Test
    void messageIdsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (Case c : ALL) {
            for (String id : headerValues(headerBlock(c.raw()), "Message-ID")) {
                assertTrue(seen.add(id), "repeated Message-ID " + id);
            }
        }
        assertEquals(ALL.size() - 1, seen.size(), "every case but no-headers has one");
        assertFalse(seen.contains(headerValues(headerBlock(TrickyMail.largeAttachment().raw()), "Message-ID").get(0)));
    }

    @Test
    void noHeadersIsExactlyTwoLinesOfText() {
        Case c = ALL.stream().filter(k -> k.key().equals("no-headers")).findFirst().orElseThrow();
        assertArrayEquals("just some text without any header\r\nsecond line\r\n".getBytes(StandardCharsets.US_ASCII),
                c.raw());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithHeaders")
    void parsesWithJakartaMail(Case c) throws Exception {
        MimeMessage message = parse(c.raw());
        assertFalse(leaves(message).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void expectedFilesAreNonEmptyUniqueAndAlreadySafe(Case c) {
        Set<String> names = new HashSet<>();
        for (Expected file : c.files()) {
            assertTrue(file.content().length > 0, file.name());
            assertTrue(names.add(file.name()), "repeated " + file.name());
            assertFalse(file.name().equals("body.txt") || file.name().equals("body.html"), file.name());
            assertEquals(file.name(), SafeNames.sanitizeFileName(file.name(), "?"), "not a safe name");
        }
    }

    /** The expected files are exactly the files Jakarta Mail's reading of the message gives by the rules. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithHeaders")
    void expectedFilesMatchAnIndependentReading(Case c) throws Exception {
        Map<String, byte[]> reference = referenceFiles(parse(c.raw()));
        assertEquals(reference.keySet(), Set.copyOf(c.files().stream().map(Expected::name).toList()));
        for (Expected file : c.files()) {
            assertArrayEquals(reference.get(file.name()), file.content(), file.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithHeaders")
    void bodyWordsAppearInTheDecodedBody(Case c) throws Exception {
        String body = referenceBodyText(parse(c.raw()));
        for (String word : c.bodyWords()) {
            assertTrue(body.contains(word), word + " not in: " + body);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bodyWordsAreHiddenInTheRawBytes(Case c) {
        if (WORDS_VISIBLE_IN_RAW.contains(c.key())) {
            return;
        }
        for (String word : c.bodyWords()) {
            assertFalse(contains(c.raw(), word.getBytes(StandardCharsets.UTF_8)), word + " is readable in the raw bytes");
        }
    }

    @Test
    void namedExamplesOfTheRules() {
        assertEquals(List.of("report.pdf", "part-3.pdf", "data.csv", "body (2).txt", "same.txt", "same (2).txt"),
                names("attachments"));
        assertEquals(List.of("_._.._etc_passwd", "_abs_path", "a_b", "ctl name.txt", "part-6.bin", "_", "_.",
                "a".repeat(251) + ".txt", "_rf.txt", "_hidden"), names("hostile-names"));
        assertEquals(List.of("Überweisung März.pdf", "日本語.txt", "Schöne Grüße.txt", "Grüße aus Köln.bin", "México.txt"),
                names("encoded-names"));
        assertEquals(List.of("Inner subject.eml"), names("nested"));
        assertEquals(List.of("part-1-3.ics", "invite.ics"), names("calendar"));
    }

    @Test
    void bodiesAreReallyInTheirCharsets() {
        assertFalse(validUtf8(body(raw("undeclared-8bit"))), "must not be valid UTF-8");
        assertFalse(validUtf8(body(raw("latin1"))));
        assertFalse(validUtf8(body(raw("cp1252"))));
        assertTrue(contains(raw("cp1252"), new byte[] {(byte) 0x80}), "the euro sign is 0x80");
    }

    @Test
    void largeAttachmentIsTwentyMebibytes() throws Exception {
        Case c = TrickyMail.largeAttachment();
        assertTrue(c.raw().length > 20 * 1024 * 1024 && c.raw().length < 30_000_000, "raw size " + c.raw().length);
        assertCrlfOnly(c.raw());
        assertEquals(2, c.files().size());
        assertEquals("notes.txt", c.files().get(1).name());
        assertEquals("big.bin", c.files().get(0).name());
        assertEquals(20 * 1024 * 1024, c.files().get(0).content().length);
        assertArrayEquals(c.files().get(0).content(), TrickyMail.largeAttachment().files().get(0).content(),
                "the same bytes every time");
        MimeMessage message = parse(c.raw());
        assertArrayEquals(c.files().get(0).content(), referenceFiles(message).get("big.bin"));
        assertTrue(referenceBodyText(message).contains("behemoth"));
        assertFalse(contains(c.raw(), "behemoth".getBytes(StandardCharsets.US_ASCII)));
    }

    // ---- raw bytes ----

    private static void assertCrlfOnly(byte[] raw) {
        int lineStart = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\r') {
                assertTrue(i + 1 < raw.length && raw[i + 1] == '\n', "bare CR at " + i);
            } else if (raw[i] == '\n') {
                assertTrue(i > 0 && raw[i - 1] == '\r', "bare LF at " + i);
                assertTrue(i - 1 - lineStart <= 998, "line longer than 998 bytes at " + lineStart);
                lineStart = i + 1;
            }
        }
        assertTrue(raw.length >= 2 && raw[raw.length - 2] == '\r' && raw[raw.length - 1] == '\n', "ends with CRLF");
    }

    private static String headerBlock(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? "" : text.substring(0, end + 2);
    }

    private static List<String> headerValues(String head, String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":[ \\t]*([^\\r\\n]*)").matcher(head);
        List<String> values = new ArrayList<>();
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static byte[] body(byte[] raw) {
        int start = headerBlock(raw).length() + 2;
        return Arrays.copyOfRange(raw, start, raw.length);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] raw(String key) {
        return ALL.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow().raw();
    }

    private static List<String> names(String key) {
        return ALL.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow()
                .files().stream().map(Expected::name).toList();
    }

    // ---- an independent reading with Jakarta Mail ----

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    private record Leaf(String section, MimePart part) {
    }

    /** The leaf parts in section order; nested messages are leaves here (their insides are their own). */
    private static List<Leaf> leaves(MimeMessage message) throws Exception {
        List<Leaf> out = new ArrayList<>();
        collect(message, "", out);
        return out;
    }

    private static void collect(MimePart part, String section, List<Leaf> out) throws Exception {
        if (!part.isMimeType("multipart/*")) {
            out.add(new Leaf(section.isEmpty() ? "1" : section, part));
            return;
        }
        Multipart multipart = (Multipart) part.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            String child = section.isEmpty() ? String.valueOf(i + 1) : section + "." + (i + 1);
            collect((MimePart) multipart.getBodyPart(i), child, out);
        }
    }

    private static boolean isBody(MimePart part) throws Exception {
        return (part.isMimeType("text/plain") || part.isMimeType("text/html"))
                && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
    }

    /** The files of X/ other than body.txt and body.html, by the rules in {@link TrickyMail}. */
    private static Map<String, byte[]> referenceFiles(MimeMessage message) throws Exception {
        Set<String> taken = new HashSet<>(Set.of("body.txt", "body.html"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Leaf leaf : leaves(message)) {
            MimePart part = leaf.part();
            if (isBody(part)) {
                continue;
            }
            String dashed = leaf.section().replace('.', '-');
            String filename = filename(part);
            if (part.isMimeType("message/rfc822")) {
                String base = filename != null && filename.toLowerCase().endsWith(".eml")
                        ? filename.substring(0, filename.length() - 4)
                        : ((MimeMessage) part.getContent()).getSubject();
                String name = SafeNames.sanitize(base, "message-" + dashed) + ".eml";
                files.put(unique(name, taken), readAll(rawStream(part)));
            } else {
                String name = SafeNames.sanitizeFileName(filename, "part-" + dashed + "." + extension(part));
                files.put(unique(name, taken), readAll(part.getInputStream()));
            }
        }
        return files;
    }

    private static InputStream rawStream(MimePart part) throws Exception {
        return part instanceof MimeMessage m ? m.getRawInputStream()
                : ((MimeBodyPart) part).getRawInputStream();
    }

    /** The Content-Disposition filename or else the Content-Type name (RFC 2231 by Jakarta Mail), RFC 2047-decoded. */
    private static String filename(MimePart part) throws Exception {
        String name = part.getFileName();
        return name == null ? null : MimeUtility.decodeText(name);
    }

    private static String extension(MimePart part) throws Exception {
        String type = new ContentType(part.getContentType()).getBaseType().toLowerCase();
        return switch (type) {
            case "application/pdf" -> "pdf";
            case "image/png" -> "png";
            case "image/jpeg" -> "jpg";
            case "image/gif" -> "gif";
            case "text/calendar" -> "ics";
            case "text/csv" -> "csv";
            case "text/plain" -> "txt";
            case "text/html" -> "html";
            case "application/zip" -> "zip";
            case "application/json" -> "json";
            case "application/pkcs7-signature" -> "p7s";
            case "application/pkcs7-mime" -> "p7m";
            case "message/rfc822" -> "eml";
            default -> "bin";
        };
    }

    private static String unique(String name, Set<String> taken) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = stem + " (" + n + ")" + ext;
        }
        return candidate;
    }

    /** The text/plain body parts decoded and joined, or else the HTML parts without their tags. */
    private static String referenceBodyText(MimeMessage message) throws Exception {
        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder();
        for (Leaf leaf : leaves(message)) {
            MimePart part = leaf.part();
            if (!isBody(part)) {
                continue;
            }
            String text = decode(readAll(part.getInputStream()), new ContentType(part.getContentType()).getParameter("charset"));
            (part.isMimeType("text/plain") ? plain : html).append(text).append('\n');
        }
        return plain.length() > 0 ? plain.toString() : html.toString().replaceAll("<[^>]*>", " ");
    }

    private static String decode(byte[] bytes, String charset) {
        if (charset != null && Charset.isSupported(charset)) {
            return new String(bytes, Charset.forName(charset));
        }
        return validUtf8(bytes) ? new String(bytes, StandardCharsets.UTF_8) : new String(bytes, Charset.forName("windows-1252"));
    }

    private static boolean validUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** All bytes up to the end, or up to a decoding error (best effort, as the mount does). */
    private static byte[] readAll(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (in) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) != -1; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // keep what was decoded before the error
        }
        return out.toByteArray();
    }
}

package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.MailRequest.ReadBody;
import dev.mailfs.testing.MailRequest.ReadSection;
import dev.mailfs.testing.MailRequest.ReadStructure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageContentsTest {
    private static final MessageRef MESSAGE = new MessageRef("INBOX", 7, 42);
    private static final MessageRef OTHER_MESSAGE = new MessageRef("INBOX", 7, 43);
    private static final long CACHE_BYTES = 1 << 20;

    // --- building structures by hand, numbered as IMAP numbers sections ---------------------------

    private static BodyPart leaf(String section, String type, String subtype, Map<String, String> params,
            String disposition, Map<String, String> dparams, String encoding) {
        return new BodyPart(section, type, subtype, params, disposition, dparams, encoding, 100, List.of(), "");
    }

    private static BodyPart multipart(String section, String subtype, BodyPart... children) {
        return new BodyPart(section, "multipart", subtype, Map.of("boundary", "b" + section), "", Map.of(), "", 0,
                List.of(children), "");
    }

    private static BodyPart plain(String section, String charset, String encoding) {
        return leaf(section, "text", "plain", Map.of("charset", charset), "", Map.of(), encoding);
    }

    private static BodyPart html(String section, String charset, String encoding) {
        return leaf(section, "text", "html", Map.of("charset", charset), "", Map.of(), encoding);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String base64Mime(byte[] bytes) {
        return Base64.getMimeEncoder(12, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes) + "\r\n";
    }

    private final InMemoryMailSource mail = new InMemoryMailSource().folder("INBOX", 7);
    private final MessageContents contents = new MessageContents(mail, CACHE_BYTES);

    /** Every byte of a decoded file. */
    private static byte[] all(DecodedFile file) {
        return file.read(0, Math.toIntExact(file.size()));
    }

    @AfterEach
    void deleteTheStoreOfLargeParts() {
        contents.close();
    }
    /** The sections the test gave, by which {@link #sized} sizes the structures it makes by hand. */
    private final Map<String, byte[]> sections = new HashMap<>();

    MessageContentsTest() {
        // Both too large to be cut up here, unless a test gives the whole message (section "").
        mail.addGenerated("INBOX", MESSAGE.uid(), MessageContents.SMALL_MESSAGE);
        mail.addGenerated("INBOX", OTHER_MESSAGE.uid(), MessageContents.SMALL_MESSAGE);
    }

    /** What the server answers for this section of both messages. */
    private MessageContentsTest section(String section, String rawLatin1) {
        return section(section, rawLatin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    private MessageContentsTest section(String section, byte[] raw) {
        sections.put(section, raw);
        mail.serve(MESSAGE, section, raw);
        mail.serve(OTHER_MESSAGE, section, raw);
        return this;
    }

    /**
     * The tree with each leaf's (and enclosed message's) size set to the length of its given
     * section, as a server's BODYSTRUCTURE would give it: MessageContents checks sizes.
     */
    private BodyPart sized(BodyPart part) {
        byte[] raw = sections.get(part.section());
        long size = raw != null && !part.isMultipart() ? raw.length : part.size();
        return new BodyPart(part.section(), part.type(), part.subtype(), part.parameters(), part.disposition(),
                part.dispositionParameters(), part.encoding(), size, part.parts().stream().map(this::sized).toList(),
                part.enclosedSubject());
    }

    /** How often each section was asked for, of any message. */
    private Map<String, Integer> sectionReads() {
        Map<String, Integer> reads = new HashMap<>();
        mail.requests(ReadSection.class).forEach(read -> reads.merge(read.section(), 1, Integer::sum));
        return reads;
    }

    private int reads(String section) {
        return sectionReads().getOrDefault(section, 0);
    }

    private final Logger contentsLog = Logger.getLogger(MessageContents.class.getName());
    private Level savedLevel;

    @BeforeEach
    void quietFallbackWarnings() {
        savedLevel = contentsLog.getLevel();
        contentsLog.setLevel(Level.SEVERE);
    }

    @AfterEach
    void restoreLogging() {
        contentsLog.setLevel(savedLevel);
    }

    /** The layout MessageContents makes of this structure; call it after storing the sections. */
    private MessageLayout layoutOf(BodyPart structure) {
        mail.serve(MESSAGE, sized(structure));
        return contents.layout(MESSAGE);
    }

    // --- body.txt -----------------------------------------------------------------------------------

    /** grep -r reads X.eml before X/: with the whole (small) message at hand, its parts cost the server nothing. */
    @Test
    void theSectionsOfASmallMessageAreCutOutOfItWithoutAskingTheServer() {
        section("", "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello there.\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n"
                + "--b--\r\n");
        section("1", "Hello there.").section("2", "AAEC"); // what BODY[1] and BODY[2] would be: sizes for BODYSTRUCTURE
        BodyPart attachment = leaf("2", "application", "octet-stream", Map.of(), "attachment", Map.of(), "base64");
        MessageLayout layout = layoutOf(multipart("", "mixed", plain("1", "utf-8", "7bit"), attachment));

        assertEquals("Hello there.\n", utf8(all(contents.bodyText(MESSAGE, layout))));
        assertArrayEquals(new byte[] {0, 1, 2}, all(contents.part(MESSAGE, sized(attachment))));
        assertEquals(0, reads("1") + reads("2"), "no section was asked of the server");
    }

    /** A message with a 20 MB attachment: its notes must not cost a megabyte of its start to find out it is large. */
    @Test
    void aLargeMessagesTextIsAskedOfTheServerWithoutReadingTheMessage() {
        section("1", "Small notes.\r\n").section("2", "x".repeat(MessageContents.SMALL_MESSAGE));
        BodyPart attachment = leaf("2", "application", "octet-stream", Map.of(), "attachment", Map.of(), "7bit");
        MessageLayout layout = layoutOf(multipart("", "mixed", plain("1", "utf-8", "7bit"), attachment));

        assertEquals("Small notes.\n", utf8(all(contents.bodyText(MESSAGE, layout))));
        assertEquals(0, mail.count(ReadBody.class));
        assertEquals(1, reads("1"));
    }

    @Test
    void aSectionFoundHereOfAnotherSizeThanTheServerSaidIsAskedOfTheServer() {
        section("", "Content-Type: text/plain\r\n\r\nShort.\r\n");
        section("1", "What the server has for section 1, longer.");
        MessageLayout layout = layoutOf(plain("1", "utf-8", "7bit"));

        assertEquals("What the server has for section 1, longer.\n", utf8(all(contents.bodyText(MESSAGE, layout))));
        assertEquals(1, reads("1"));
    }

    @Test
    void bodyTextJoinsTextPartsWithUnixLineEnds() {
        section("1", "Hello\r\nworld\r\n").section("2", "Second part\r\n");
        MessageLayout layout = layoutOf(multipart("", "mixed", plain("1", "utf-8", "7bit"), plain("2", "utf-8", "7bit")));

        assertEquals("Hello\nworld\nSecond part\n", utf8(all(contents.bodyText(MESSAGE, layout))));
    }

    @Test
    void bodyTextEndsEachPartWithANewline() {
        section("1", "no newline").section("2", "also none");
        MessageLayout layout = layoutOf(multipart("", "mixed", plain("1", "utf-8", "7bit"), plain("2", "utf-8", "7bit")));

        assertEquals("no newline\nalso none\n", utf8(all(contents.bodyText(MESSAGE, layout))));
    }

    @Test
    void bodyTextDecodesBase64Iso88591() {
        byte[] latin1 = "Grüße aus Köln\r\n".getBytes(StandardCharsets.ISO_8859_1);
        section("1", base64Mime(latin1));
        MessageLayout layout = layoutOf(plain("1", "ISO-8859-1", "base64"));

        assertEquals("Grüße aus Köln\n", utf8(all(contents.bodyText(MESSAGE, layout))));
    }

    @Test
    void bodyTextDecodesQuotedPrintableUtf8() {
        section("1", "Gr=C3=BC=C3=9Fe, a very long li=\r\nne\r\n");
        MessageLayout layout = layoutOf(plain("1", "utf-8", "quoted-printable"));

        assertEquals("Grüße, a very long line\n", utf8(all(contents.bodyText(MESSAGE, layout))));
    }

    @Test
    void bodyTextIsTheRenderedHtmlWhenThereIsNoTextPart() {
        section("1", "<html><head><title>x</title></head><body><p>Hello <b>world</b></p><p>Bye&nbsp;now</p></body></html>");
        MessageLayout layout = layoutOf(html("1", "utf-8", "7bit"));

        assertEquals("Hello world\nBye now\n", utf8(all(contents.bodyText(MESSAGE, layout))));
    }

    @Test
    void bodyTextIgnoresTheHtmlWhenThereIsATextPart() {
        section("1", "plain version\r\n").section("2", "<p>html version</p>");
        MessageLayout layout = layoutOf(multipart("", "alternative", plain("1", "utf-8", "7bit"), html("2", "utf-8", "7bit")));

        assertEquals("plain version\n", utf8(all(contents.bodyText(MESSAGE, layout))));
        assertEquals(0, reads("2"));
    }

    @Test
    void bodyTextOfAMessageWithoutTextOrHtmlIsEmpty() {
        MessageLayout layout = layoutOf(leaf("1", "application", "pdf", Map.of(), "attachment", Map.of(), "base64"));

        assertArrayEquals(new byte[0], all(contents.bodyText(MESSAGE, layout)));
        assertEquals(Map.of(), sectionReads());
    }

    @Test
    void bodyTextOfAnEnclosedMessageIsOnlyItsOwnText() {
        section("1", "outer\r\n").section("2.1", "inner\r\n");
        MessageLayout outer = layoutOf(multipart("", "mixed", plain("1", "utf-8", "7bit"),
                new BodyPart("2", "message", "rfc822", Map.of(), "", Map.of(), "7bit", 100,
                        List.of(multipart("2", "mixed", plain("2.1", "utf-8", "7bit"))), "Fwd")));
        BodyPart forwarded = outer.files().get(0);

        assertEquals("outer\n", utf8(all(contents.bodyText(MESSAGE, outer))));
        assertEquals("inner\n", utf8(all(contents.bodyText(MESSAGE, outer.enclosed(forwarded)))));
    }

    // --- body.html ----------------------------------------------------------------------------------

    @Test
    void bodyHtmlIsReencodedAsUtf8WithAByteOrderMark() {
        section("1", "caf\u00e9\r\n").section("2", "<p>caf=E9 =80</p>\r\n");
        MessageLayout layout = layoutOf(multipart("", "alternative", plain("1", "utf-8", "7bit"),
                html("2", "iso-8859-1", "quoted-printable")));

        assertArrayEquals("\uFEFF<p>café €</p>\n".getBytes(StandardCharsets.UTF_8), all(contents.bodyHtml(MESSAGE, layout)));
    }

    @Test
    void bodyHtmlIsEmptyWithoutHtml() {
        section("1", "text\r\n");
        MessageLayout layout = layoutOf(plain("1", "utf-8", "7bit"));

        assertArrayEquals(new byte[0], all(contents.bodyHtml(MESSAGE, layout)));
    }

    @Test
    void bodyHtmlDoesNotDeclareACharsetThatContradictsItsUtf8Bytes() {
        section("1", "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
                + "</head><body><p>caf\u00e9</p></body></html>");
        MessageLayout layout = layoutOf(html("1", "iso-8859-1", "7bit"));

        byte[] html = all(contents.bodyHtml(MESSAGE, layout));

        boolean utf8Bom = html.length >= 3 && (html[0] & 0xff) == 0xef && (html[1] & 0xff) == 0xbb && (html[2] & 0xff) == 0xbf;
        boolean declaresLatin1 = utf8(html).toLowerCase(Locale.ROOT).contains("charset=iso-8859-1");
        assertTrue(utf8Bom || !declaresLatin1, "UTF-8 bytes labelled iso-8859-1: " + utf8(html));
    }

    // --- attachments --------------------------------------------------------------------------------

    @Test
    void partBytesUndoesBase64() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, (byte) 0xff, (byte) 0xfe};
        section("1", "see attached\r\n").section("2", base64Mime(png));
        MessageLayout layout = layoutOf(multipart("", "mixed", plain("1", "utf-8", "7bit"),
                leaf("2", "image", "png", Map.of(), "attachment", Map.of("filename", "a.png"), "base64")));
        BodyPart image = layout.files().get(0);

        assertArrayEquals(png, all(contents.part(MESSAGE, image)));
    }

    @Test
    void partBytesOfAnEnclosedMessageIsTheRawMessage() {
        String raw = "Subject: Fwd\r\n\r\nbody =C3=A4 SGk=\r\n";
        section("2", raw);
        BodyPart forwarded = sized(new BodyPart("2", "message", "rfc822", Map.of(), "", Map.of(), "7bit", 0,
                List.of(plain("2.1", "utf-8", "7bit")), "Fwd"));

        assertArrayEquals(raw.getBytes(StandardCharsets.ISO_8859_1), all(contents.part(MESSAGE, forwarded)));
    }

    @Test
    void partBytesOfTextIsNotCharsetConverted() {
        section("2", "caf\u00e9\r\n");
        BodyPart notes = sized(leaf("2", "text", "plain", Map.of("charset", "iso-8859-1"), "attachment",
                Map.of("filename", "notes.txt"), "8bit"));

        assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0xe9, '\r', '\n'}, all(contents.part(MESSAGE, notes)));
    }

    // --- caching --------------------------------------------------------------------------------------

    @Test
    void bodyTextIsReadFromTheServerOnce() {
        section("1", "one\r\n").section("2", "two\r\n");
        MessageLayout layout = layoutOf(multipart("", "mixed", plain("1", "utf-8", "7bit"), plain("2", "utf-8", "7bit")));

        byte[] first = all(contents.bodyText(MESSAGE, layout));
        byte[] second = all(contents.bodyText(MESSAGE, layout));

        assertArrayEquals("one\ntwo\n".getBytes(StandardCharsets.UTF_8), second);
        assertArrayEquals(first, second);
        assertEquals(Map.of("1", 1, "2", 1), sectionReads());
    }

    @Test
    void bodyHtmlIsReadFromTheServerOnce() {
        section("1", "<p>x</p>");
        MessageLayout layout = layoutOf(html("1", "utf-8", "7bit"));

        all(contents.bodyHtml(MESSAGE, layout));
        all(contents.bodyHtml(MESSAGE, layout));

        assertEquals(Map.of("1", 1), sectionReads());
    }

    @Test
    void partBytesIsReadFromTheServerOnce() {
        section("2", "JVBERi0=");
        BodyPart pdf = sized(leaf("2", "application", "pdf", Map.of(), "attachment", Map.of(), "base64"));

        byte[] first = all(contents.part(MESSAGE, pdf));
        byte[] second = all(contents.part(MESSAGE, pdf));

        assertArrayEquals("%PDF-".getBytes(StandardCharsets.US_ASCII), second);
        assertArrayEquals(first, second);
        assertEquals(Map.of("2", 1), sectionReads());
    }

    @Test
    void differentMessagesAreCachedApart() {
        section("1", "same section\r\n");
        MessageLayout layout = layoutOf(plain("1", "utf-8", "7bit"));

        all(contents.bodyText(MESSAGE, layout));
        all(contents.bodyText(OTHER_MESSAGE, layout));

        assertEquals(2, reads("1"));
    }

    @Test
    void failedSectionReadIsNotCachedAndIsRetried() {
        section("1", "now there\r\n");
        MessageLayout layout = layoutOf(plain("1", "utf-8", "7bit"));
        mail.failNext(1, ReadSection.class, new MailfsException.Unavailable("connection reset", null));

        assertThrows(MailfsException.Unavailable.class, () -> all(contents.bodyText(MESSAGE, layout)));

        assertEquals("now there\n", utf8(all(contents.bodyText(MESSAGE, layout))));
        assertEquals(2, reads("1"));
    }

    @Test
    void topLevelEnclosedMessageAndItsBodyDoNotShareACacheEntry() {
        section("1.1", "inner text\r\n").section("1.2", "<p>inner html</p>");
        BodyPart innerBody = multipart("1", "alternative", plain("1.1", "utf-8", "7bit"), html("1.2", "utf-8", "7bit"));
        MessageLayout outer = layoutOf(new BodyPart("1", "message", "rfc822", Map.of(), "", Map.of(), "7bit", 100,
                List.of(innerBody), "Inner"));
        MessageLayout inner = outer.enclosed(outer.files().get(0));

        assertEquals("", utf8(all(contents.bodyText(MESSAGE, outer))));
        assertEquals("inner text\n", utf8(all(contents.bodyText(MESSAGE, inner))));
    }

    // --- the structure and its failures ----------------------------------------------------------------

    @Test
    void layoutIsTheLayoutOfTheServersStructure() {
        BodyPart structure = multipart("", "alternative", plain("1", "utf-8", "7bit"), html("2", "utf-8", "7bit"));
        mail.serve(MESSAGE, structure);

        MessageLayout layout = contents.layout(MESSAGE);

        assertSame(structure, layout.root());
        assertEquals(List.of(structure.parts().get(0)), layout.text());
        assertEquals(List.of(structure.parts().get(1)), layout.html());
    }

    @Test
    void serverErrorOnStructureShowsTheWholeMessageAsText() {
        mail.fail(ReadStructure.class, new MailfsException.ServerError("BAD BODYSTRUCTURE", null));

        MessageLayout layout = contents.layout(MESSAGE);

        assertEquals("", layout.root().section());
        assertEquals(1, layout.text().size());
        BodyPart whole = layout.text().get(0);
        assertEquals("", whole.section());
        assertEquals("text/plain", whole.mimeType());
        assertEquals(List.of(), layout.html());
        assertEquals(List.of(), layout.files());
    }

    @Test
    void serverErrorOnStructureGivesTheRawMessageAsBodyText() {
        mail.fail(ReadStructure.class, new MailfsException.ServerError("BAD BODYSTRUCTURE", null));
        section("", "Subject: Gr=?utf-8?q?=C3=BC?=\r\nContent-Type: text/plain\r\n\r\nGr\u00fc\u00dfe\r\n");

        MessageLayout layout = contents.layout(MESSAGE);

        assertEquals("Subject: Gr=?utf-8?q?=C3=BC?=\nContent-Type: text/plain\n\nGrüße\n",
                utf8(all(contents.bodyText(MESSAGE, layout))));
        assertEquals(Map.of(), sectionReads(), "read as its .eml is, a piece at a time, whatever its size");
        assertEquals(1, mail.count(ReadBody.class));
    }

    @Test
    void notFoundOnStructureIsNotSwallowed() {
        MailfsException.NotFound notFound = new MailfsException.NotFound("message 42");
        mail.fail(ReadStructure.class, notFound);

        assertSame(notFound, assertThrows(MailfsException.NotFound.class, () -> contents.layout(MESSAGE)));
    }

    @Test
    void unavailableOnStructureIsNotSwallowed() {
        MailfsException.Unavailable unavailable = new MailfsException.Unavailable("timed out", null);
        mail.fail(ReadStructure.class, unavailable);

        assertSame(unavailable, assertThrows(MailfsException.Unavailable.class, () -> contents.layout(MESSAGE)));
    }
}

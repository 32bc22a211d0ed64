package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.mail.BodyPart;
import dev.mailfs.mime.MessageLayout;
import dev.mailfs.vfs.MessageDirectory.BodyHtml;
import dev.mailfs.vfs.MessageDirectory.BodyText;
import dev.mailfs.vfs.MessageDirectory.EnclosedDirectory;
import dev.mailfs.vfs.MessageDirectory.Entry;
import dev.mailfs.vfs.MessageDirectory.PartFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageDirectoryTest {

    // --- building structures by hand, numbered as IMAP numbers sections ---------------------------

    private static BodyPart leaf(String section, String type, String subtype, Map<String, String> params,
            String disposition, Map<String, String> dparams, String encoding) {
        return new BodyPart(section, type, subtype, params, disposition, dparams, encoding, 100, List.of(), "");
    }

    private static BodyPart multipart(String section, String subtype, BodyPart... children) {
        return new BodyPart(section, "multipart", subtype, Map.of("boundary", "b" + section), "", Map.of(), "", 0,
                List.of(children), "");
    }

    private static BodyPart enclosedMessage(String section, String subject, Map<String, String> dparams, BodyPart body) {
        return new BodyPart(section, "message", "rfc822", Map.of(), dparams.isEmpty() ? "" : "attachment", dparams, "7bit",
                500, body == null ? List.of() : List.of(body), subject);
    }

    private static BodyPart enclosedMessage(String section, String subject, BodyPart body) {
        return enclosedMessage(section, subject, Map.of(), body);
    }

    private static BodyPart plain(String section) {
        return leaf(section, "text", "plain", Map.of("charset", "utf-8"), "", Map.of(), "7bit");
    }

    private static BodyPart html(String section) {
        return leaf(section, "text", "html", Map.of("charset", "utf-8"), "", Map.of(), "7bit");
    }

    private static BodyPart attachment(String section, String type, String subtype, String fileName) {
        return leaf(section, type, subtype, Map.of(), "attachment", Map.of("filename", fileName), "base64");
    }

    private static BodyPart unnamed(String section, String type, String subtype) {
        return leaf(section, type, subtype, Map.of(), "attachment", Map.of(), "base64");
    }

    /** The directory of a multipart/mixed message: a text part at 1, then the given parts at 2, 3, … */
    private static MessageDirectory directoryOf(BodyPart... parts) {
        BodyPart[] all = new BodyPart[parts.length + 1];
        all[0] = plain("1");
        System.arraycopy(parts, 0, all, 1, parts.length);
        return new MessageDirectory(MessageLayout.of(multipart("", "mixed", all)));
    }

    private static List<String> names(MessageDirectory directory) {
        return List.copyOf(directory.entries().keySet());
    }

    private static int utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    // --- body.txt and body.html ----------------------------------------------------------------------

    @Test
    void plainMessageHasOnlyBodyTxt() {
        MessageLayout layout = MessageLayout.of(plain("1"));
        MessageDirectory directory = new MessageDirectory(layout);
        assertEquals(List.of("body.txt"), names(directory));
        assertSame(layout, assertInstanceOf(BodyText.class, directory.entries().get("body.txt")).layout());
    }

    @Test
    void bodyTxtIsThereEvenWhenTheMessageHasNoTextAtAll() {
        MessageDirectory directory = new MessageDirectory(MessageLayout.of(unnamed("1", "application", "pdf")));
        assertEquals(List.of("body.txt", "part-1.pdf"), names(directory));
    }

    @Test
    void bodyHtmlOnlyWhenThereIsHtml() {
        MessageLayout layout = MessageLayout.of(multipart("", "alternative", plain("1"), html("2")));
        MessageDirectory directory = new MessageDirectory(layout);
        assertEquals(List.of("body.txt", "body.html"), names(directory));
        assertSame(layout, assertInstanceOf(BodyHtml.class, directory.entries().get("body.html")).layout());
    }

    @Test
    void bodyTxtComesFirstAndAttachmentsFollowInOrder() {
        BodyPart html = html("1.2");
        BodyPart pdf = attachment("2", "application", "pdf", "b.pdf");
        BodyPart png = attachment("3", "image", "png", "a.png");
        MessageDirectory directory = new MessageDirectory(MessageLayout.of(
                multipart("", "mixed", multipart("1", "alternative", plain("1.1"), html), pdf, png)));
        assertEquals(List.of("body.txt", "body.html", "b.pdf", "a.png"), names(directory));
        assertSame(pdf, assertInstanceOf(PartFile.class, directory.entries().get("b.pdf")).part());
        assertSame(png, assertInstanceOf(PartFile.class, directory.entries().get("a.png")).part());
    }

    @Test
    void entriesCannotBeModified() {
        MessageDirectory directory = directoryOf();
        Map<String, Entry> entries = directory.entries();
        assertThrows(UnsupportedOperationException.class, () -> entries.remove("body.txt"));
    }

    // --- attachment names ----------------------------------------------------------------------------

    @Test
    void attachmentNameIsSanitised() {
        MessageDirectory directory = directoryOf(attachment("2", "application", "octet-stream", "../../etc/passwd"));
        assertEquals(List.of("body.txt", SafeNames.sanitize("../../etc/passwd", "unused")), names(directory));
        assertEquals(List.of("body.txt", "_._.._etc_passwd"), names(directory));
    }

    @Test
    void unnamedPartIsNamedBySectionAndType() {
        MessageDirectory directory = directoryOf(unnamed("2", "application", "pdf"));
        assertEquals(List.of("body.txt", "part-2.pdf"), names(directory));
    }

    @Test
    void unnamedNestedPartUsesDashesForTheSectionDots() {
        MessageDirectory directory = directoryOf(multipart("2", "related", html("2.1"), unnamed("2.2", "image", "png")),
                unnamed("3", "image", "jpeg"));
        assertEquals(List.of("body.txt", "body.html", "part-2-2.png", "part-3.jpg"), names(directory));
    }

    @Test
    void unnamedPartOfUnknownTypeGetsBin() {
        MessageDirectory directory = directoryOf(unnamed("2", "application", "x-frobnicate"));
        assertEquals(List.of("body.txt", "part-2.bin"), names(directory));
    }

    @Test
    void inlineImageAndCalendarWithoutNamesAreNamedBySection() {
        MessageDirectory directory = directoryOf(
                leaf("2", "image", "png", Map.of(), "inline", Map.of(), "base64"),
                leaf("3", "text", "calendar", Map.of(), "", Map.of(), "7bit"));
        assertEquals(List.of("body.txt", "part-2.png", "part-3.ics"), names(directory));
    }

    @Test
    void nameThatSanitisesToNothingFallsBackToThePartName() {
        MessageDirectory directory = directoryOf(attachment("2", "application", "pdf", "\u202e\u200b \t"));
        assertEquals(List.of("body.txt", "part-2.pdf"), names(directory));
    }

    @Test
    void rfc2047EncodedFileNameIsDecoded() {
        MessageDirectory directory = directoryOf(
                attachment("2", "application", "pdf", "=?UTF-8?B?w5xiZXJ3ZWlzdW5nLnBkZg==?="));
        assertEquals(List.of("body.txt", "Überweisung.pdf"), names(directory));
    }

    @Test
    void contentTypeNameIsUsedWhenThereIsNoDispositionFileName() {
        MessageDirectory directory = directoryOf(
                leaf("2", "application", "pdf", Map.of("name", "invoice.pdf"), "attachment", Map.of(), "base64"),
                leaf("3", "image", "png", Map.of("name", "inline.png"), "", Map.of(), "base64"));
        assertEquals(List.of("body.txt", "invoice.pdf", "inline.png"), names(directory));
    }

    @Test
    void dispositionFileNameWinsOverContentTypeName() {
        MessageDirectory directory = directoryOf(leaf("2", "application", "pdf", Map.of("name", "type-name.pdf"),
                "attachment", Map.of("filename", "disposition-name.pdf"), "base64"));
        assertEquals(List.of("body.txt", "disposition-name.pdf"), names(directory));
    }

    // --- unique names --------------------------------------------------------------------------------

    @Test
    void duplicateNamesGetNumberedBeforeTheExtension() {
        BodyPart first = attachment("2", "text", "plain", "same.txt");
        BodyPart second = attachment("3", "text", "plain", "same.txt");
        BodyPart third = attachment("4", "text", "plain", "same.txt");
        MessageDirectory directory = directoryOf(first, second, third);
        assertEquals(List.of("body.txt", "same.txt", "same (2).txt", "same (3).txt"), names(directory));
        assertSame(first, ((PartFile) directory.entries().get("same.txt")).part());
        assertSame(second, ((PartFile) directory.entries().get("same (2).txt")).part());
        assertSame(third, ((PartFile) directory.entries().get("same (3).txt")).part());
    }

    @Test
    void duplicateNameWithoutExtensionGetsNumberAtTheEnd() {
        MessageDirectory directory = directoryOf(attachment("2", "application", "octet-stream", "README"),
                attachment("3", "application", "octet-stream", "README"));
        assertEquals(List.of("body.txt", "README", "README (2)"), names(directory));
    }

    @Test
    void numberingSkipsANameAnAttachmentAlreadyHas() {
        MessageDirectory directory = directoryOf(attachment("2", "text", "plain", "same.txt"),
                attachment("3", "text", "plain", "same (2).txt"), attachment("4", "text", "plain", "same.txt"));
        assertEquals(List.of("body.txt", "same.txt", "same (2).txt", "same (3).txt"), names(directory));
    }

    @Test
    void attachmentNamedBodyTxtDoesNotHideTheBody() {
        BodyPart impostor = attachment("2", "text", "plain", "body.txt");
        MessageDirectory directory = directoryOf(impostor);
        assertEquals(List.of("body.txt", "body (2).txt"), names(directory));
        assertInstanceOf(BodyText.class, directory.entries().get("body.txt"));
        assertSame(impostor, ((PartFile) directory.entries().get("body (2).txt")).part());
    }

    @Test
    void attachmentNamedBodyHtmlDoesNotHideTheHtmlBody() {
        MessageDirectory directory = new MessageDirectory(MessageLayout.of(multipart("", "mixed",
                multipart("1", "alternative", plain("1.1"), html("1.2")), attachment("2", "text", "html", "body.html"))));
        assertEquals(List.of("body.txt", "body.html", "body (2).html"), names(directory));
        assertInstanceOf(BodyHtml.class, directory.entries().get("body.html"));
    }

    @Test
    void attachmentNamedBodyHtmlKeepsItsNameWhenThereIsNoHtmlBody() {
        MessageDirectory directory = directoryOf(attachment("2", "text", "html", "body.html"));
        assertEquals(List.of("body.txt", "body.html"), names(directory));
        assertInstanceOf(PartFile.class, directory.entries().get("body.html"));
    }

    @Test
    void duplicateOfA255ByteNameHasItsStemShortened() {
        String name = "a".repeat(251) + ".txt";
        assertEquals(255, utf8Bytes(name));

        MessageDirectory directory = directoryOf(attachment("2", "text", "plain", name), attachment("3", "text", "plain", name));

        String numbered = "a".repeat(247) + " (2).txt";
        assertEquals(List.of("body.txt", name, numbered), names(directory));
        assertEquals(255, utf8Bytes(numbered));
    }

    @Test
    void duplicateOfA255ByteMultibyteNameIsCutBetweenCharacters() {
        String name = "é".repeat(125) + "a.txt"; // 250 + 1 + 4 bytes
        assertEquals(255, utf8Bytes(name));

        MessageDirectory directory = directoryOf(attachment("2", "text", "plain", name), attachment("3", "text", "plain", name));

        String numbered = "é".repeat(123) + " (2).txt"; // 247 bytes of room hold 123 two-byte characters
        assertEquals(List.of("body.txt", name, numbered), names(directory));
        assertTrue(utf8Bytes(numbered) <= 255);
    }

    @Test
    void overlongAttachmentNameKeepsItsExtension() {
        String name = "x".repeat(300) + ".pdf";
        MessageDirectory directory = directoryOf(attachment("2", "application", "pdf", name));
        String shown = names(directory).get(1);
        assertTrue(shown.endsWith(".pdf"), () -> "extension lost: …" + shown.substring(shown.length() - 10));
        assertTrue(utf8Bytes(shown) <= 255);
    }

    // --- enclosed messages ------------------------------------------------------------------------------

    @Test
    void enclosedMessageIsNamedBySubjectAsFileAndDirectory() {
        BodyPart innerText = plain("2.1");
        BodyPart forwarded = enclosedMessage("2", "Subj", multipart("2", "mixed", innerText, html("2.2")));
        MessageDirectory directory = directoryOf(forwarded);

        assertEquals(List.of("body.txt", "Subj.eml", "Subj"), names(directory));
        assertSame(forwarded, assertInstanceOf(PartFile.class, directory.entries().get("Subj.eml")).part());
        MessageDirectory inner = assertInstanceOf(EnclosedDirectory.class, directory.entries().get("Subj")).directory();
        assertEquals(List.of("body.txt", "body.html"), names(inner));
        MessageLayout innerLayout = ((BodyText) inner.entries().get("body.txt")).layout();
        assertEquals(List.of(innerText), innerLayout.text());
    }

    @Test
    void enclosedDirectoryListsTheInnerAttachments() {
        BodyPart forwarded = enclosedMessage("2", "Subj", multipart("2", "mixed", plain("2.1"),
                attachment("2.2", "application", "pdf", "inner.pdf"), unnamed("2.3", "image", "png")));
        MessageDirectory inner = ((EnclosedDirectory) directoryOf(forwarded).entries().get("Subj")).directory();
        assertEquals(List.of("body.txt", "inner.pdf", "part-2-3.png"), names(inner));
    }

    @Test
    void enclosedMessageWithEmlFileNameUsesItWithoutTheExtensionForTheDirectory() {
        BodyPart forwarded = enclosedMessage("2", "Subj", Map.of("filename", "fwd.eml"), plain("2.1"));
        MessageDirectory directory = directoryOf(forwarded);
        assertEquals(List.of("body.txt", "fwd.eml", "fwd"), names(directory));
        assertInstanceOf(PartFile.class, directory.entries().get("fwd.eml"));
        assertInstanceOf(EnclosedDirectory.class, directory.entries().get("fwd"));
    }

    @Test
    void enclosedMessageFileNameExtensionIsMatchedCaseInsensitively() {
        MessageDirectory directory = directoryOf(enclosedMessage("2", "Subj", Map.of("filename", "Forward.EML"), plain("2.1")));
        assertEquals(List.of("body.txt", "Forward.eml", "Forward"), names(directory));
    }

    @Test
    void enclosedMessageFileNameWithoutEmlGetsIt() {
        MessageDirectory directory = directoryOf(enclosedMessage("2", "Subj", Map.of("filename", "forwarded"), plain("2.1")));
        assertEquals(List.of("body.txt", "forwarded.eml", "forwarded"), names(directory));
    }

    @Test
    void enclosedMessageFileNameThatIsOnlyEmlFallsBackToTheSubject() {
        MessageDirectory directory = directoryOf(enclosedMessage("2", "Subj", Map.of("filename", ".eml"), plain("2.1")));
        assertEquals(List.of("body.txt", "Subj.eml", "Subj"), names(directory));
    }

    @Test
    void twoEnclosedMessagesWithTheSameSubjectAreNumbered() {
        BodyPart first = enclosedMessage("2", "Subj", plain("2.1"));
        BodyPart second = enclosedMessage("3", "Subj", plain("3.1"));
        MessageDirectory directory = directoryOf(first, second);
        assertEquals(List.of("body.txt", "Subj.eml", "Subj", "Subj (2).eml", "Subj (2)"), names(directory));
        assertSame(first, ((PartFile) directory.entries().get("Subj.eml")).part());
        assertSame(second, ((PartFile) directory.entries().get("Subj (2).eml")).part());
    }

    @Test
    void enclosedMessageAvoidsANameAnAttachmentAlreadyHas() {
        MessageDirectory directory = directoryOf(attachment("2", "application", "octet-stream", "Subj.eml"),
                enclosedMessage("3", "Subj", plain("3.1")));
        assertEquals(List.of("body.txt", "Subj.eml", "Subj (2).eml", "Subj (2)"), names(directory));
    }

    @Test
    void enclosedMessageWithoutSubjectIsNamedBySection() {
        MessageDirectory directory = directoryOf(attachment("2", "application", "pdf", "a.pdf"),
                enclosedMessage("3", "", plain("3.1")));
        assertEquals(List.of("body.txt", "a.pdf", "message-3.eml", "message-3"), names(directory));
    }

    @Test
    void nestedEnclosedMessageWithoutSubjectUsesDashesForTheSectionDots() {
        MessageDirectory directory = directoryOf(multipart("2", "mixed", enclosedMessage("2.1", "  ", plain("2.1.1"))));
        assertEquals(List.of("body.txt", "message-2-1.eml", "message-2-1"), names(directory));
    }

    @Test
    void hostileSubjectIsSanitised() {
        MessageDirectory directory = directoryOf(enclosedMessage("2", "../x", plain("2.1")));
        assertEquals(List.of("body.txt", "_._x.eml", "_._x"), names(directory));
    }

    @Test
    void longSubjectLeavesRoomForEmlAndForTheNumber() {
        String subject = "s".repeat(300);
        MessageDirectory directory = directoryOf(enclosedMessage("2", subject, plain("2.1")),
                enclosedMessage("3", subject, plain("3.1")));
        String first = "s".repeat(251);
        String second = "s".repeat(247) + " (2)";
        assertEquals(List.of("body.txt", first + ".eml", first, second + ".eml", second), names(directory));
        assertEquals(255, utf8Bytes(first + ".eml"));
        assertEquals(255, utf8Bytes(second + ".eml"));
    }

    @Test
    void emptyEnclosedMessageHasADirectoryWithOnlyBodyTxt() {
        MessageDirectory directory = directoryOf(enclosedMessage("2", "Empty", null));
        MessageDirectory inner = ((EnclosedDirectory) directory.entries().get("Empty")).directory();
        assertEquals(List.of("body.txt"), names(inner));
    }

    @Test
    void enclosedMessageInsideAnEnclosedMessageGetsItsOwnDirectory() {
        BodyPart deepest = enclosedMessage("2.2", "Deeper", plain("2.2.1"));
        BodyPart forwarded = enclosedMessage("2", "Fwd", multipart("2", "mixed", plain("2.1"), deepest));
        MessageDirectory inner = ((EnclosedDirectory) directoryOf(forwarded).entries().get("Fwd")).directory();
        assertEquals(List.of("body.txt", "Deeper.eml", "Deeper"), names(inner));
        MessageDirectory innermost = ((EnclosedDirectory) inner.entries().get("Deeper")).directory();
        assertEquals(List.of("body.txt"), names(innermost));
    }
}

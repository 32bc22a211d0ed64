package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.mailfs.mail.BodyPart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageLayoutTest {

    // --- building structures by hand, numbered as IMAP numbers sections ---------------------------

    private static BodyPart leaf(String section, String type, String subtype, Map<String, String> params,
            String disposition, Map<String, String> dparams, String encoding) {
        return new BodyPart(section, type, subtype, params, disposition, dparams, encoding, 100, List.of(), "");
    }

    private static BodyPart multipart(String section, String subtype, BodyPart... children) {
        return new BodyPart(section, "multipart", subtype, Map.of("boundary", "b" + section), "", Map.of(), "", 0,
                List.of(children), "");
    }

    /** A message/rfc822 part; {@code body} is null for one whose body the server did not describe. */
    private static BodyPart enclosedMessage(String section, String subject, BodyPart body) {
        return new BodyPart(section, "message", "rfc822", Map.of(), "", Map.of(), "7bit", 500,
                body == null ? List.of() : List.of(body), subject);
    }

    private static BodyPart plain(String section) {
        return leaf(section, "text", "plain", Map.of("charset", "utf-8"), "", Map.of(), "7bit");
    }

    private static BodyPart html(String section) {
        return leaf(section, "text", "html", Map.of("charset", "utf-8"), "", Map.of(), "quoted-printable");
    }

    private static BodyPart attachment(String section, String type, String subtype, String fileName) {
        return leaf(section, type, subtype, Map.of(), "attachment", Map.of("filename", fileName), "base64");
    }

    // --- single parts ---------------------------------------------------------------------------------

    @Test
    void singleTextPlainMessageIsText() {
        BodyPart root = plain("1");
        MessageLayout layout = MessageLayout.of(root);
        assertSame(root, layout.root());
        assertEquals(List.of(root), layout.text());
        assertEquals(List.of(), layout.html());
        assertEquals(List.of(), layout.files());
    }

    @Test
    void singleTextHtmlMessageIsHtml() {
        BodyPart root = html("1");
        MessageLayout layout = MessageLayout.of(root);
        assertEquals(List.of(), layout.text());
        assertEquals(List.of(root), layout.html());
        assertEquals(List.of(), layout.files());
    }

    @Test
    void textPlainLeavesAreTextInOrder() {
        BodyPart first = plain("1");
        BodyPart second = plain("2");
        MessageLayout layout = MessageLayout.of(multipart("", "mixed", first, second));
        assertEquals(List.of(first, second), layout.text());
        assertEquals(List.of(), layout.files());
    }

    @Test
    void inlineTextPlainIsText() {
        BodyPart inline = leaf("1", "text", "plain", Map.of(), "inline", Map.of(), "7bit");
        assertEquals(List.of(inline), MessageLayout.of(multipart("", "mixed", inline)).text());
    }

    // --- files ----------------------------------------------------------------------------------------

    @Test
    void textPlainWithAttachmentDispositionIsAFile() {
        BodyPart body = plain("1");
        BodyPart notes = attachment("2", "text", "plain", "notes.txt");
        MessageLayout layout = MessageLayout.of(multipart("", "mixed", body, notes));
        assertEquals(List.of(body), layout.text());
        assertEquals(List.of(notes), layout.files());
    }

    @Test
    void textHtmlWithAttachmentDispositionIsAFile() {
        BodyPart page = attachment("2", "text", "html", "page.html");
        MessageLayout layout = MessageLayout.of(multipart("", "mixed", plain("1"), page));
        assertEquals(List.of(), layout.html());
        assertEquals(List.of(page), layout.files());
    }

    @Test
    void inlineImageIsAFile() {
        BodyPart logo = leaf("2", "image", "png", Map.of(), "inline", Map.of("filename", "logo.png"), "base64");
        MessageLayout layout = MessageLayout.of(multipart("", "related", html("1"), logo));
        assertEquals(List.of(logo), layout.files());
        assertEquals(List.of(), layout.text());
    }

    @Test
    void textCalendarWithoutDispositionIsAFile() {
        BodyPart invite = leaf("2", "text", "calendar", Map.of("method", "REQUEST"), "", Map.of(), "7bit");
        MessageLayout layout = MessageLayout.of(multipart("", "mixed", plain("1"), invite));
        assertEquals(List.of(invite), layout.files());
        assertEquals(1, layout.text().size());
    }

    @Test
    void enclosedMessageIsAFileAndItsPartsStayOutOfTheOuterLayout() {
        BodyPart outerText = plain("1");
        BodyPart innerText = plain("2.1");
        BodyPart innerHtml = html("2.2");
        BodyPart innerPdf = attachment("2.3", "application", "pdf", "inner.pdf");
        BodyPart forwarded = enclosedMessage("2", "Fwd", multipart("2", "mixed", innerText, innerHtml, innerPdf));

        MessageLayout layout = MessageLayout.of(multipart("", "mixed", outerText, forwarded));

        assertEquals(List.of(outerText), layout.text());
        assertEquals(List.of(), layout.html());
        assertEquals(List.of(forwarded), layout.files());
    }

    @Test
    void enclosedMessageWithAttachmentDispositionIsAFile() {
        BodyPart forwarded = new BodyPart("2", "message", "rfc822", Map.of(), "attachment", Map.of("filename", "fwd.eml"),
                "7bit", 500, List.of(plain("2.1")), "Fwd");
        assertEquals(List.of(forwarded), MessageLayout.of(multipart("", "mixed", plain("1"), forwarded)).files());
    }

    // --- multipart nesting ----------------------------------------------------------------------------

    @Test
    void alternativeOfTextAndHtmlGivesOneOfEach() {
        BodyPart text = plain("1");
        BodyPart html = html("2");
        MessageLayout layout = MessageLayout.of(multipart("", "alternative", text, html));
        assertEquals(List.of(text), layout.text());
        assertEquals(List.of(html), layout.html());
        assertEquals(List.of(), layout.files());
    }

    @Test
    void mixedNestedInAlternativeIsSortedThroughout() {
        BodyPart text = plain("1");
        BodyPart html = html("2.1");
        BodyPart logo = leaf("2.2", "image", "png", Map.of(), "inline", Map.of(), "base64");
        MessageLayout layout = MessageLayout.of(
                multipart("", "alternative", text, multipart("2", "mixed", html, logo)));
        assertEquals(List.of(text), layout.text());
        assertEquals(List.of(html), layout.html());
        assertEquals(List.of(logo), layout.files());
    }

    @Test
    void alternativeNestedInMixedWithAttachmentsKeepsFileOrder() {
        BodyPart text = plain("1.1");
        BodyPart html = html("1.2");
        BodyPart pdf = attachment("2", "application", "pdf", "a.pdf");
        BodyPart zip = attachment("3", "application", "zip", "b.zip");
        MessageLayout layout = MessageLayout.of(
                multipart("", "mixed", multipart("1", "alternative", text, html), pdf, zip));
        assertEquals(List.of(text), layout.text());
        assertEquals(List.of(html), layout.html());
        assertEquals(List.of(pdf, zip), layout.files());
    }

    @Test
    void emptyMultipartHasNoParts() {
        MessageLayout layout = MessageLayout.of(multipart("", "mixed"));
        assertEquals(List.of(), layout.text());
        assertEquals(List.of(), layout.html());
        assertEquals(List.of(), layout.files());
    }

    // --- enclosed messages ------------------------------------------------------------------------------

    @Test
    void enclosedGivesTheLayoutOfTheInnerMultipartMessage() {
        BodyPart innerText = plain("3.1");
        BodyPart innerPdf = attachment("3.2", "application", "pdf", "inner.pdf");
        BodyPart innerBody = multipart("3", "mixed", innerText, innerPdf);
        BodyPart forwarded = enclosedMessage("3", "Fwd", innerBody);
        MessageLayout outer = MessageLayout.of(multipart("", "mixed", plain("1"), attachment("2", "image", "png", "x.png"), forwarded));

        MessageLayout inner = outer.enclosed(forwarded);

        assertSame(innerBody, inner.root());
        assertEquals("3", inner.root().section());
        assertEquals(List.of(innerText), inner.text());
        assertEquals(List.of(), inner.html());
        assertEquals(List.of(innerPdf), inner.files());
    }

    @Test
    void enclosedGivesTheLayoutOfAnInnerSinglePartMessage() {
        BodyPart innerHtml = html("2.1");
        BodyPart forwarded = enclosedMessage("2", "Fwd", innerHtml);
        MessageLayout inner = MessageLayout.of(multipart("", "mixed", plain("1"), forwarded)).enclosed(forwarded);
        assertSame(innerHtml, inner.root());
        assertEquals(List.of(), inner.text());
        assertEquals(List.of(innerHtml), inner.html());
    }

    @Test
    void enclosedMessageInsideAnEnclosedMessageIsAFileOfTheInnerLayout() {
        BodyPart deepest = enclosedMessage("2.2", "Deeper", plain("2.2.1"));
        BodyPart forwarded = enclosedMessage("2", "Fwd", multipart("2", "mixed", plain("2.1"), deepest));
        MessageLayout inner = MessageLayout.of(multipart("", "mixed", plain("1"), forwarded)).enclosed(forwarded);
        assertEquals(List.of(deepest), inner.files());
        assertEquals(List.of(deepest.parts().get(0)), inner.enclosed(deepest).text());
    }

    @Test
    void enclosedOfAnEmptyMessageHasNoParts() {
        BodyPart empty = enclosedMessage("2", "", null);
        MessageLayout inner = MessageLayout.of(multipart("", "mixed", plain("1"), empty)).enclosed(empty);
        assertSame(empty, inner.root());
        assertEquals(List.of(), inner.text());
        assertEquals(List.of(), inner.html());
        assertEquals(List.of(), inner.files());
    }
}

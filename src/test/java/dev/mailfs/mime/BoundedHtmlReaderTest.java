package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BoundedHtmlReaderTest {
    private static final int LIMIT = 10;

    private static String bounded(String html) throws IOException {
        StringWriter out = new StringWriter();
        try (Reader reader = new BoundedHtmlReader(new StringReader(html), LIMIT)) {
            reader.transferTo(out);
        }
        return out.toString();
    }

    @Test
    void aLongRunOfTextGetsAnEmptyElementInItAfterEachLimit() throws IOException {
        assertEquals("<p>abcdefghij<wbr/>klmnopqrst<wbr/>uv</p>", bounded("<p>abcdefghijklmnopqrstuv</p>"));
    }

    @Test
    void textIsNotCutInACharacterReferenceNorALineEndNorASurrogatePair() throws IOException {
        assertEquals("<p>abcdefghi&amp;<wbr/>x</p>", bounded("<p>abcdefghi&amp;x</p>"));
        assertEquals("<p>abcdefghij\r\n<wbr/>x</p>", bounded("<p>abcdefghij\r\nx</p>"));
        assertEquals("<p>abcdefghi😀<wbr/>x</p>", bounded("<p>abcdefghi😀x</p>"));
    }

    @Test
    void whitespaceAloneIsNotCut() throws IOException {
        String html = "<head>" + " ".repeat(50) + "<title>t</title></head><table>" + "\n".repeat(50) + "<tr>";
        assertEquals(html, bounded(html));
    }

    @Test
    void aLongQuotedAttributeValueLosesItsEnd() throws IOException {
        assertEquals("<img src=\"data:image\" alt='0123456789'>x", bounded("<img src=\"data:image/png;base64,AAAA\" alt='0123456789ABC'>x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<style>p { color: red } /* long enough comment */</style>",
        "<script>var s = \"a long string in a script\";</script>",
        "<title>a title longer than the limit</title>", "<textarea>text in a text area, long</textarea>",
        "<!-- a comment longer than the limit -->", "<unquoted value=abcdefghijklmnopqrstuvwxyz>",
        "<script><!--<script>x</script> still in the script long --></script>"})
    void nothingIsChangedWhereJsoupDoesNotReadText(String html) throws IOException {
        assertEquals(html, bounded(html));
    }

    @Test
    void textAfterManyStylesScriptsAndTitlesIsStillCut() throws IOException {
        String blocks = "<style>.a > b { content: \"x\" }</style><script>if (a < b) { s = '</p>'; }</script>"
                + "<title>t</title><p>short</p>";
        String bounded = bounded(blocks.repeat(20) + "<p>abcdefghijklmnopqrstuv</p>");
        assertTrue(bounded.endsWith("<p>abcdefghij<wbr/>klmnopqrst<wbr/>uv</p>"), bounded);
        assertFalse(bounded.substring(0, bounded.length() - 40).contains("<wbr/>"), bounded);
    }

    @Test
    void closingLeavesTheReaderItReadsOpen() throws IOException {
        StringReader html = new StringReader("<p>x</p>");
        new BoundedHtmlReader(html).close();
        html.reset(); // throws when closed
    }
}

package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlTextTest {

    // --- blocks and lines ----------------------------------------------------------------------

    @Test
    void paragraphsBecomeSeparateLines() {
        assertEquals("One\nTwo\n", HtmlText.render("<p>One</p><p>Two</p>"));
    }

    @Test
    void lineBreaksBecomeSeparateLines() {
        assertEquals("first\nsecond\nthird\n", HtmlText.render("first<br>second<br/>third"));
    }

    @Test
    void listItemsBecomeSeparateLines() {
        assertEquals("apples\npears\n", HtmlText.render("<ul><li>apples</li><li>pears</li></ul>"));
    }

    @Test
    void textAroundANestedBlockIsOnItsOwnLines() {
        assertEquals("before\ninside\nafter\n", HtmlText.render("<div>before<p>inside</p>after</div>"));
    }

    @Test
    void headingsAreTheirOwnLines() {
        assertEquals("Title\nBody text\n", HtmlText.render("<h1>Title</h1>Body text"));
    }

    // --- invisible content ------------------------------------------------------------------------

    @Test
    void scriptStyleAndHeadContentDisappear() {
        String html = "<html><head><title>Page title</title><style>p { color: red }</style></head>"
                + "<body><script>alert('x')</script><p>Hi</p><style>.a{}</style></body></html>";
        assertEquals("Hi\n", HtmlText.render(html));
    }

    // --- text ------------------------------------------------------------------------------------

    @Test
    void entitiesAreDecoded() {
        assertEquals("Tom & Jerry été <3\n", HtmlText.render("<p>Tom &amp; Jerry&nbsp;&eacute;t&eacute; &lt;3</p>"));
    }

    @Test
    void nonBreakingSpacesAndWhitespaceRunsBecomeOneSpace() {
        assertEquals("a b c\n", HtmlText.render("a&nbsp;&nbsp; b \t\n  c"));
    }

    @Test
    void nestedInlineTagsKeepWordsTogether() {
        assertEquals("flamingo\n", HtmlText.render("<b>fla</b>mingo"));
        assertEquals("flamingo and something\n", HtmlText.render("<p><b>fla</b>mingo and <i>so<u>me</u></i>thing</p>"));
    }

    @Test
    void spacesAtLineStartsAndEndsAreRemoved() {
        assertEquals("spaced out\nnext\n", HtmlText.render("  <p>  spaced   out  </p><p> next </p> "));
    }

    // --- overall shape ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "<p></p>", "text", "<p>a</p><br><br>", "\n\n<div>x</div>\n\n", "<br><br>y"})
    void resultEndsWithExactlyOneNewline(String html) {
        String text = HtmlText.render(html);
        assertTrue(text.endsWith("\n"), () -> "no final newline: " + text);
        assertFalse(text.endsWith("\n\n"), () -> "more than one final newline: " + text);
        assertFalse(text.startsWith("\n") && text.length() > 1, () -> "leading blank line: " + text);
    }

    @Test
    void emptyHtmlIsASingleNewline() {
        assertEquals("\n", HtmlText.render(""));
    }

    @Test
    void neverMoreThanOneBlankLineInARow() {
        String html = "<p>a</p>\n\n\n<p>b</p><br><br><br><p></p><div></div>\n\n<div> </div>\n\n<p>c</p>";
        String text = HtmlText.render(html);
        assertFalse(text.contains("\n\n\n"), () -> "a run of blank lines: " + text.replace("\n", "\\n"));
        assertEquals("a\n\nb\n\nc\n", text);
    }

    @Test
    void repeatedLineBreaksGiveNoBlankLines() {
        assertEquals("a\nb\n", HtmlText.render("a<br><br><br>b"));
    }

    // --- broken HTML ------------------------------------------------------------------------------------

    @Test
    void unclosedTagsDoNotThrowAndKeepTheText() {
        assertEquals("unclosed bold\nx\n", HtmlText.render("<p>unclosed <b>bold <div>x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<<<>>>", "</div></p></body>", "<p <b>x", "&bogus; &#xZZ; &#99999999;", "<script>never closed",
            "<!-- unterminated comment", "<table><td>cell"})
    void garbledHtmlDoesNotThrow(String html) {
        String text = assertDoesNotThrow(() -> HtmlText.render(html));
        assertTrue(text.endsWith("\n"));
    }

    // --- known gaps -----------------------------------------------------------------------------------

    @Test
    void preformattedTextKeepsItsLines() {
        assertEquals("line one\nline two\n", HtmlText.render("<pre>line one\nline two</pre>"));
    }

    @Test
    void adjacentTableCellsAreSeparated() {
        String text = HtmlText.render("<table><tr><td>Name</td><td>Value</td></tr></table>");
        assertTrue(text.matches("Name[ \\t\\n]+Value\\n"), () -> "cells not separated: " + text.replace("\n", "\\n"));
    }
}

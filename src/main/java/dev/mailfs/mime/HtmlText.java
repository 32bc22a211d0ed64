package dev.mailfs.mime;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Iterator;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.jsoup.parser.StreamParser;

/**
 * Renders HTML mail as plain text a person can read and grep: text kept, blocks on their own lines.
 * <p>
 * HTML of any size renders in bounded memory: jsoup's {@link StreamParser} hands over each element
 * once it is complete, {@link HtmlTextWriter} writes the text up to there and takes what it wrote out
 * of the tree, and {@link TidyText} tidies the text as it goes. The text is the one a walk over the
 * whole parsed document gives, except around content the parser moves in front of a table it has
 * already begun (text or tags between a table's rows, "foster parenting"): that text comes where the
 * writer finds it, after the part of the table already written, instead of before the table. No text
 * is lost or repeated either way.
 */
public final class HtmlText {
    private HtmlText() {
    }

    public static String render(String html) {
        StringWriter text = new StringWriter();
        try {
            renderTo(new StringReader(html), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // neither a StringReader nor a StringWriter fails
        }
        return text.toString();
    }

    /** Writes the text of the HTML read from {@code html} to {@code text}; closes neither. */
    public static void renderTo(Reader html, Writer text) throws IOException {
        TidyText tidy = new TidyText(text);
        HtmlTextWriter writer = new HtmlTextWriter(tidy);
        // Positions are tracked for what comes with them: an element's end, set when the parser ends it.
        try (StreamParser parser = new StreamParser(Parser.htmlParser().setTrackPosition(true))) {
            parser.parse(new BoundedHtmlReader(html), "");
            Iterator<Element> completed = parser.iterator();
            while (completed.hasNext()) {
                writer.writeUpToTheEndOf(completed.next());
            }
            writer.writeRest(parser.document());
        } catch (UncheckedIOException e) {
            throw e.getCause(); // jsoup's, for a read that failed, or the writer's
        }
        tidy.finish();
    }
}

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
 * HTML of any size renders in bounded memory: {@link BoundedHtmlReader} keeps each token jsoup
 * builds small, jsoup's {@link StreamParser} hands over each element once it is complete,
 * {@link HtmlTextWriter} writes the text up to there and takes what it wrote out of the tree, and
 * {@link TidyText} tidies the text as it goes. Small and big messages go the same way.
 * <p>
 * The text is what a walk over the whole parsed document gives (what render gave before it
 * streamed), except where jsoup moves content it has already handed over, which only broken markup
 * makes it do: content it puts before a table already begun (text or tags between a table's rows,
 * "foster parenting") or moves out of misnested formatting tags ({@code <b><p>x</b>y</p>}) comes
 * where the writer found it, and a line break next to it can move; and a {@code <frameset>} makes
 * jsoup drop the body before it, which is written by then. No text is lost.
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

package dev.mailfs.mime;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * HTML as jsoup is to read it, changed so that no token jsoup builds grows past a bound: jsoup holds
 * a run of text, or an attribute value, whole in one string, however long. A long run of text gets
 * an empty {@code <wbr/>} element in it, which renders as nothing, so that the text stays the same;
 * a long quoted attribute value loses its end (data: images), which no text shows.
 * <p>
 * Where a character falls comes from {@link HtmlScan}s, which follow jsoup's tokenizer, each way it
 * may have gone; a change is made only where all agree. A run of text is not cut within a character
 * reference, a surrogate pair or a line end, nor while it is only whitespace: jsoup places
 * whitespace by other rules than text (before the body, in tables), and an element there could move
 * what follows. When the ways the tokenizer may have gone grow too many (markup no mail has), the
 * rest of the HTML goes through unchanged.
 */
final class BoundedHtmlReader extends Reader {
    static final int LIMIT = 8 << 10;
    private static final char[] SPLIT = "<wbr/>".toCharArray();
    private static final int MAX_SCANS = 8;

    private final Reader in;
    private final int limit;
    /** The ways jsoup's tokenizer may have gone, none twice; empty once they grew too many. */
    private final List<HtmlScan> scans = new ArrayList<>(List.of(new HtmlScan()));
    private final char[] input = new char[8 << 10];
    private int position;
    private int available;
    private boolean ended;
    /** How much of {@link #SPLIT} is still to be handed out. */
    private int splitting;

    /** Characters of text since the last markup, and whether one of them is not whitespace. */
    private int run;
    private boolean runHasText;
    /** Characters of the quoted attribute value being read. */
    private int valueLength;
    /** Where all scans stand after the last character: in text, in a quoted attribute value, at a place an element may go. */
    private boolean inText = true;
    private boolean inValue;
    private boolean atTextBoundary = true;

    BoundedHtmlReader(Reader in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    BoundedHtmlReader(Reader in) {
        this(in, LIMIT);
    }

    @Override
    public int read(char[] out, int offset, int length) throws IOException {
        int n = 0;
        while (n < length) {
            if (splitting > 0) {
                out[offset + n++] = SPLIT[SPLIT.length - splitting--];
                continue;
            }
            if (position == available && !fill()) {
                break;
            }
            char c = input[position];
            if (run >= limit && runHasText && atTextBoundary && c != '<' && c != '&' && c != '\n' && c != '\r'
                    && !Character.isLowSurrogate(c)) {
                splitting = SPLIT.length;
                run = 0;
                runHasText = false;
                continue;
            }
            position++;
            if (keep(c)) {
                out[offset + n++] = c;
            }
        }
        return n == 0 && ended ? -1 : n;
    }

    /** Moves the scans on by c; false when c is dropped (beyond the limit in a quoted attribute value). */
    private boolean keep(char c) {
        boolean wasText = inText;
        boolean wasValue = inValue;
        advanceScans(c);
        if (wasText && inText) { // not the character that ends a tag
            run++;
            runHasText |= !Character.isWhitespace(c);
        } else {
            run = 0;
            runHasText = false;
        }
        if (wasValue && inValue) {
            return ++valueLength <= limit;
        }
        valueLength = 0;
        return true;
    }

    /** Moves every scan on by c, adds the ways they fork into, drops those that meet, and notes where all stand. */
    private void advanceScans(char c) {
        for (int i = 0, n = scans.size(); i < n; i++) {
            HtmlScan fork = scans.get(i).advance(c);
            if (fork != null) {
                scans.add(fork);
            }
        }
        for (int i = scans.size() - 1; i > 0; i--) {
            if (scans.subList(0, i).contains(scans.get(i))) {
                scans.remove(i);
            }
        }
        if (scans.size() > MAX_SCANS) {
            scans.clear();
        }
        boolean any = !scans.isEmpty();
        inText = any;
        inValue = any;
        atTextBoundary = any;
        for (HtmlScan scan : scans) {
            inText &= scan.inText();
            inValue &= scan.inQuotedValue();
            atTextBoundary &= scan.atTextBoundary();
        }
    }

    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        int n = in.read(input, 0, input.length);
        if (n < 0) {
            ended = true;
            return false;
        }
        position = 0;
        available = n;
        return true;
    }

    /** Leaves the reader it reads open: jsoup closes what it parses, and the caller owns that reader. */
    @Override
    public void close() {
        ended = true;
    }
}

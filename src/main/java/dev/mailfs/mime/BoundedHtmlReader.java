package dev.mailfs.mime;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
    private List<HtmlScan> scans = new ArrayList<>(List.of(new HtmlScan()));
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

    /** Moves every scan on by c, adds the ways it forks into, and notes where they all stand. */
    private void advanceScans(char c) {
        List<HtmlScan> forks = null;
        boolean text = true;
        boolean value = true;
        boolean boundary = true;
        for (HtmlScan scan : scans) {
            HtmlScan fork = scan.advance(c);
            if (fork != null) {
                forks = forks == null ? new ArrayList<>() : forks;
                forks.add(fork);
            }
            text &= scan.inText();
            value &= scan.inQuotedValue();
            boundary &= scan.atTextBoundary();
        }
        if (forks != null || scans.size() > 1) {
            Set<HtmlScan> distinct = new LinkedHashSet<>(scans);
            if (forks != null) {
                distinct.addAll(forks);
                for (HtmlScan fork : forks) {
                    text &= fork.inText();
                    value &= fork.inQuotedValue();
                    boundary &= fork.atTextBoundary();
                }
            }
            scans = distinct.size() <= MAX_SCANS ? new ArrayList<>(distinct) : List.of();
        }
        boolean any = !scans.isEmpty();
        inText = any && text;
        inValue = any && value;
        atTextBoundary = any && boundary;
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

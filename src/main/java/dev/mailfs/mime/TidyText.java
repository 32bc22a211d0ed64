package dev.mailfs.mime;

import java.io.IOException;
import java.io.Writer;

/**
 * Where rendered HTML text goes, tidied as it streams through: each run of blanks (spaces, tabs,
 * no-break spaces) becomes one space, spaces around line ends go, at most one blank line stays in a
 * row, whitespace at the start and the end goes, and the text ends in one newline. It gives what
 * these regular expressions give over the whole text, in that order, without holding it:
 * {@code replaceAll("[ \\t\\u00A0]+", " ")}, {@code replaceAll(" *\n *", "\n")},
 * {@code replaceAll("\\n{3,}", "\n\n")}, {@code strip()}, {@code + "\n"}. Each stage below is one of
 * them, handing its output to the next.
 * <p>
 * The one place it can differ: whitespace that may end the text is held back until something
 * follows it, and a run longer than {@link #MAX_HELD} characters is written out rather than held, so
 * a text ending in such a run (thousands of odd whitespace characters, never from ordinary HTML) keeps
 * it.
 */
final class TidyText {
    static final int MAX_HELD = 8 << 10;

    private final Writer out;
    private final char[] buffer = new char[8 << 10];
    private int buffered;

    /** The last character handed in before any tidying, '\n' when none yet: line breaks are not doubled. */
    private char lastRaw = '\n';
    private boolean anyRaw;
    // collapseBlanks
    private boolean inBlankRun;
    // dropSpacesAroundLineEnds
    private boolean heldSpace;
    private boolean afterLineEnd;
    // limitBlankLines
    private int lineEndsInARow;
    // strip
    private boolean started;
    private final StringBuilder heldWhitespace = new StringBuilder();

    TidyText(Writer out) {
        this.out = out;
    }

    void append(String text) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            append(text.charAt(i));
        }
    }

    void append(char c) throws IOException {
        lastRaw = c;
        anyRaw = true;
        collapseBlanks(c);
    }

    /** Ends the line unless the text so far is empty or already ends a line. */
    void lineBreak() throws IOException {
        if (anyRaw && lastRaw != '\n') {
            append('\n');
        }
    }

    /** Ends the text with one newline and writes out what is buffered; does not close the writer. */
    void finish() throws IOException {
        if (heldSpace) {
            limitBlankLines(' ');
        }
        heldWhitespace.setLength(0); // strip()
        write('\n');
        out.write(buffer, 0, buffered);
        buffered = 0;
    }

    /** {@code replaceAll("[ \\t\\u00A0]+", " ")} */
    private void collapseBlanks(char c) throws IOException {
        boolean blank = c == ' ' || c == '\t' || c == '\u00A0';
        if (!blank) {
            dropSpacesAroundLineEnds(c);
        } else if (!inBlankRun) {
            dropSpacesAroundLineEnds(' ');
        }
        inBlankRun = blank;
    }

    /** {@code replaceAll(" *\n *", "\n")}: after collapseBlanks, spaces come one at a time. */
    private void dropSpacesAroundLineEnds(char c) throws IOException {
        if (c == ' ') {
            heldSpace = !afterLineEnd;
            return;
        }
        if (c == '\n') {
            heldSpace = false;
            afterLineEnd = true;
        } else {
            if (heldSpace) {
                limitBlankLines(' ');
                heldSpace = false;
            }
            afterLineEnd = false;
        }
        limitBlankLines(c);
    }

    /** {@code replaceAll("\\n{3,}", "\n\n")} */
    private void limitBlankLines(char c) throws IOException {
        lineEndsInARow = c == '\n' ? lineEndsInARow + 1 : 0;
        if (lineEndsInARow <= 2) {
            strip(c);
        }
    }

    /** {@code strip()}: whitespace is held until something that is not whitespace follows it. */
    private void strip(char c) throws IOException {
        if (!Character.isWhitespace(c)) {
            started = true;
            writeHeldWhitespace();
            write(c);
        } else if (started) {
            heldWhitespace.append(c);
            if (heldWhitespace.length() > MAX_HELD) {
                writeHeldWhitespace(); // see the class comment
            }
        }
    }

    private void writeHeldWhitespace() throws IOException {
        for (int i = 0; i < heldWhitespace.length(); i++) {
            write(heldWhitespace.charAt(i));
        }
        heldWhitespace.setLength(0);
    }

    private void write(char c) throws IOException {
        if (buffered == buffer.length) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
        buffer[buffered++] = c;
    }
}

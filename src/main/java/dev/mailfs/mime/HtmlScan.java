package dev.mailfs.mime;

import java.util.Objects;
import java.util.Set;

/**
 * Follows jsoup's HTML tokenizer character by character, far enough to say where a character
 * falls: in text, in a quoted attribute value, or elsewhere (tags, comments, doctypes, CDATA, and
 * the content of elements read as text up to their end tag, such as script, style and title). The
 * states and their quirks are jsoup's ({@code org.jsoup.parser.TokeniserState}).
 * <p>
 * Where the tokenizer's way depends on more than the characters, the scan goes both ways (see
 * {@link #advance}): jsoup's tree builder decides whether a start tag such as {@code <title>} or
 * {@code <style>} switches to text (not in a select or a frameset), and jsoup ends a title or
 * textarea at the next tag when it sees no end tag ahead in its buffer.
 */
final class HtmlScan {
    /** Start tags after which jsoup reads their content as text up to their end tag, with character references (RCDATA) or without. */
    private static final Set<String> RCDATA = Set.of("title", "textarea");
    private static final Set<String> RAWTEXT = Set.of("style", "xmp", "iframe", "noembed", "noframes");

    private enum State {
        DATA, TAG_OPEN, END_TAG_OPEN, TAG_NAME, BEFORE_ATTRIBUTE_NAME, ATTRIBUTE_NAME, AFTER_ATTRIBUTE_NAME,
        BEFORE_ATTRIBUTE_VALUE, DOUBLE_QUOTED_VALUE, SINGLE_QUOTED_VALUE, UNQUOTED_VALUE, AFTER_QUOTED_VALUE,
        SELF_CLOSING, MARKUP_DECLARATION, BOGUS_COMMENT, COMMENT, DOCTYPE, BEFORE_DOCTYPE_NAME, DOCTYPE_NAME, CDATA,
        TEXT_CONTENT, PLAIN_TEXT
    }

    private State state = State.DATA;
    /** TAG_NAME and after: the tag's name, lower case, and whether it is a start tag. */
    private final StringBuilder tagName = new StringBuilder();
    private boolean startTag;
    /** MARKUP_DECLARATION: what follows "<!" so far; COMMENT and CDATA: the last characters, which may end it. */
    private final StringBuilder seen = new StringBuilder();
    /** TEXT_CONTENT: the content of script, style, title and the like, up to its end tag. */
    private TextContentScan text;
    /** DATA: whether the characters since '&' may still be read as a character reference. */
    private boolean inReference;
    /** Templates open: jsoup reads the first tag in a template differently from others. */
    private int templates;
    /** The other way the tokenizer may have gone at the character being read, if any. */
    private HtmlScan fork;

    /** In text between tags, and not within a character reference: an element inserted here does not change the text. */
    boolean atTextBoundary() {
        return state == State.DATA && !inReference && templates == 0;
    }

    boolean inText() {
        return state == State.DATA;
    }

    boolean inQuotedValue() {
        return state == State.DOUBLE_QUOTED_VALUE || state == State.SINGLE_QUOTED_VALUE;
    }

    /** Moves on by c; returns a second scan when jsoup may go either of two ways here, else null. */
    HtmlScan advance(char c) {
        fork = null;
        step(c);
        HtmlScan other = fork;
        fork = null;
        return other;
    }

    private void step(char c) {
        switch (state) {
            case DATA -> data(c);
            case TAG_OPEN -> tagOpen(c);
            case END_TAG_OPEN -> {
                if (isLetter(c)) {
                    beginTag(false, c);
                } else if (c == '>') {
                    toData();
                } else {
                    state = State.BOGUS_COMMENT;
                }
            }
            case TAG_NAME -> {
                if (isSpace(c)) {
                    state = State.BEFORE_ATTRIBUTE_NAME;
                } else if (c == '/') {
                    state = State.SELF_CLOSING;
                } else if (c == '>') {
                    endOfTag();
                } else {
                    tagName.append(Character.toLowerCase(c));
                }
            }
            case BEFORE_ATTRIBUTE_NAME, AFTER_ATTRIBUTE_NAME -> {
                if (c == '/') {
                    state = State.SELF_CLOSING;
                } else if (c == '>') {
                    endOfTag();
                } else if (c == '=' && state == State.AFTER_ATTRIBUTE_NAME) {
                    state = State.BEFORE_ATTRIBUTE_VALUE;
                } else if (!isSpace(c)) {
                    state = State.ATTRIBUTE_NAME;
                }
            }
            case ATTRIBUTE_NAME -> {
                if (isSpace(c)) {
                    state = State.AFTER_ATTRIBUTE_NAME;
                } else if (c == '/') {
                    state = State.SELF_CLOSING;
                } else if (c == '=') {
                    state = State.BEFORE_ATTRIBUTE_VALUE;
                } else if (c == '>') {
                    endOfTag();
                }
            }
            case BEFORE_ATTRIBUTE_VALUE -> {
                if (c == '"') {
                    state = State.DOUBLE_QUOTED_VALUE;
                } else if (c == '\'') {
                    state = State.SINGLE_QUOTED_VALUE;
                } else if (c == '>') {
                    endOfTag();
                } else if (!isSpace(c)) {
                    state = State.UNQUOTED_VALUE;
                }
            }
            case DOUBLE_QUOTED_VALUE -> {
                if (c == '"') {
                    state = State.AFTER_QUOTED_VALUE;
                }
            }
            case SINGLE_QUOTED_VALUE -> {
                if (c == '\'') {
                    state = State.AFTER_QUOTED_VALUE;
                }
            }
            case UNQUOTED_VALUE -> {
                if (isSpace(c)) {
                    state = State.BEFORE_ATTRIBUTE_NAME;
                } else if (c == '>') {
                    endOfTag();
                }
            }
            case AFTER_QUOTED_VALUE, SELF_CLOSING -> {
                if (c == '>') {
                    endOfTag();
                } else if (c == '/' && state == State.AFTER_QUOTED_VALUE) {
                    state = State.SELF_CLOSING;
                } else {
                    state = State.BEFORE_ATTRIBUTE_NAME;
                    step(c);
                }
            }
            case MARKUP_DECLARATION -> markupDeclaration(c);
            case BOGUS_COMMENT, DOCTYPE_NAME -> {
                if (c == '>') {
                    toData();
                }
            }
            // jsoup takes the first character after "<!DOCTYPE" and spaces as the name's start, even a '>'
            case DOCTYPE -> {
                if (c == '>') {
                    toData();
                } else {
                    state = State.BEFORE_DOCTYPE_NAME;
                }
            }
            case BEFORE_DOCTYPE_NAME -> {
                if (!isSpace(c)) {
                    state = State.DOCTYPE_NAME;
                }
            }
            case COMMENT -> comment(c);
            case CDATA -> {
                if (c == '>' && endsWith("]]")) {
                    toData();
                } else {
                    remember(c, 2);
                }
            }
            case TEXT_CONTENT -> {
                if (text.mayEndBefore(c)) {
                    fork = copy(); // jsoup ends a title with no end tag ahead at the next tag: "<" then c
                    fork.state = State.TAG_OPEN;
                    fork.text = null;
                    fork.step(c);
                }
                if (text.endsAt(c)) {
                    text = null;
                    startTag = false;
                    tagName.setLength(0);
                    state = State.TAG_NAME; // the end tag's name is read; what follows it, as in any tag
                    step(c);
                }
            }
            case PLAIN_TEXT -> {
                // never ends
            }
        }
    }

    private void data(char c) {
        if (c == '<') {
            state = State.TAG_OPEN;
            inReference = false; // '<' ends one
        } else if (c == '&') {
            inReference = true;
        } else if (inReference && !Character.isLetterOrDigit(c) && c != '#') {
            inReference = false;
        }
    }

    private void tagOpen(char c) {
        if (c == '!') {
            state = State.MARKUP_DECLARATION;
            seen.setLength(0);
        } else if (c == '/') {
            state = State.END_TAG_OPEN;
        } else if (c == '?') {
            state = State.BOGUS_COMMENT;
        } else if (isLetter(c)) {
            beginTag(true, c);
        } else {
            state = State.DATA; // the '<' was text
            data(c);
        }
    }

    private void beginTag(boolean start, char first) {
        startTag = start;
        tagName.setLength(0);
        tagName.append(Character.toLowerCase(first));
        state = State.TAG_NAME;
    }

    /** After "<!": a comment, a doctype, CDATA, or else a bogus comment up to the next '>'. */
    private void markupDeclaration(char c) {
        seen.append(c);
        String s = seen.toString();
        if (s.equals("--")) {
            state = State.COMMENT;
            seen.setLength(0);
        } else if (s.equalsIgnoreCase("DOCTYPE")) {
            state = State.DOCTYPE;
        } else if (s.equals("[CDATA[")) {
            state = State.CDATA;
            seen.setLength(0);
        } else if (!"--".startsWith(s) && !"DOCTYPE".regionMatches(true, 0, s, 0, s.length()) && !"[CDATA[".startsWith(s)) {
            // jsoup's bogus comment starts at the first character after "<!"; none before c is a '>'
            if (c == '>') {
                toData();
            } else {
                state = State.BOGUS_COMMENT;
            }
        }
    }

    /** A comment ends at "-->", "--!>", or a '>' right after "<!--" or "<!---". */
    private void comment(char c) {
        if (c == '>' && (seen.isEmpty() || seen.toString().equals("-") || endsWith("--") || endsWith("--!"))) {
            toData();
        } else {
            remember(c, 3);
        }
    }

    private void endOfTag() {
        String name = tagName.toString();
        boolean start = startTag;
        toData();
        if (name.equals("template")) {
            templates = start ? templates + 1 : Math.max(0, templates - 1);
        }
        if (!start || !RCDATA.contains(name) && !RAWTEXT.contains(name) && !name.equals("script")
                && !name.equals("plaintext")) {
            return;
        }
        fork = copy(); // the tree builder may ignore the tag (in a select, a frameset), and stay in text
        if (name.equals("script")) {
            text = new ScriptContentScan();
        } else if (name.equals("plaintext")) {
            state = State.PLAIN_TEXT;
            return;
        } else {
            text = new TextContentScan(name, RAWTEXT.contains(name));
        }
        state = State.TEXT_CONTENT;
    }

    /** Back in text, with nothing kept of the markup before: scans that got here apart are alike again. */
    private void toData() {
        state = State.DATA;
        tagName.setLength(0);
        startTag = false;
        seen.setLength(0);
        text = null;
        inReference = false;
    }

    private HtmlScan copy() {
        HtmlScan copy = new HtmlScan();
        copy.state = state;
        copy.tagName.append(tagName);
        copy.startTag = startTag;
        copy.seen.append(seen);
        copy.text = text == null ? null : text.copy();
        copy.inReference = inReference;
        copy.templates = templates;
        return copy;
    }

    /** Two scans in the same state read the rest alike: one of them is enough. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HtmlScan other && state == other.state && startTag == other.startTag
                && inReference == other.inReference && templates == other.templates
                && tagName.compareTo(other.tagName) == 0 && seen.compareTo(other.seen) == 0
                && Objects.equals(text, other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, templates);
    }

    private boolean endsWith(String suffix) {
        int start = seen.length() - suffix.length();
        return start >= 0 && seen.indexOf(suffix, start) == start;
    }

    /** Keeps the last {@code n} characters in {@link #seen}. */
    private void remember(char c, int n) {
        seen.append(c);
        if (seen.length() > n) {
            seen.delete(0, seen.length() - n);
        }
    }

    /** What starts a tag name after '<' or "&lt;/" for jsoup: an ASCII letter ("&lt;日" is text). */
    static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }
}

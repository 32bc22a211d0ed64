package dev.mailfs.mime;

import java.util.Objects;

/**
 * Follows jsoup's tokenizer through the content of an element it reads as text, up to the end tag
 * ("&lt;/name" and a space, '/' or '>'): RAWTEXT (style and the like) or RCDATA (title, textarea).
 * In RAWTEXT, jsoup takes the character after a matching name as text when it is none of those; in
 * RCDATA it reads it again. In RCDATA, jsoup also ends the text at a tag when it sees no end tag
 * ahead in its buffer, which a scan cannot know: {@link #mayEndBefore} says where.
 */
class TextContentScan {
    private final String name;
    private final boolean raw;
    private final StringBuilder endName = new StringBuilder();
    /** 0: text; 1: after '<'; 2: after "&lt;/"; 3: in the end tag's name. */
    private int step;

    TextContentScan(String name, boolean raw) {
        this.name = name;
        this.raw = raw;
    }

    /** Whether jsoup may end RCDATA before the '<' just read, c making it a tag. */
    boolean mayEndBefore(char c) {
        return !raw && step == 1 && HtmlScan.isLetter(c);
    }

    /** Whether the text ends before c, which is then to be read as within the end tag. */
    boolean endsAt(char c) {
        switch (step) {
            case 1 -> {
                step = c == '/' ? 2 : 0;
                return step == 0 && endsAt(c);
            }
            case 2 -> {
                if (!HtmlScan.isLetter(c)) {
                    step = 0;
                    return endsAt(c);
                }
                endName.setLength(0);
                endName.append(c);
                step = 3;
                return false;
            }
            case 3 -> {
                if (HtmlScan.isLetter(c)) {
                    endName.append(c);
                    return false;
                }
                step = 0;
                boolean appropriate = endName.toString().equalsIgnoreCase(name);
                if (appropriate && (HtmlScan.isSpace(c) || c == '/' || c == '>')) {
                    return true;
                }
                return !(appropriate && raw) && endsAt(c);
            }
            default -> {
                if (c == '<') {
                    step = 1;
                }
                return false;
            }
        }
    }

    TextContentScan copy() {
        TextContentScan copy = new TextContentScan(name, raw);
        copy.step = step;
        copy.endName.append(endName);
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextContentScan other && getClass() == other.getClass() && name.equals(other.name)
                && raw == other.raw && step == other.step && endName.compareTo(other.endName) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, step, endName.toString());
    }
}

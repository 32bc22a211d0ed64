package dev.mailfs.mime;

import java.util.Objects;

/**
 * Follows jsoup's tokenizer through the content of a script, up to its end tag. A script is not
 * ended by every "&lt;/script>": after "&lt;!--" and "&lt;script" in it (script data escaped, then double
 * escaped) the next "&lt;/script>" belongs to the script, as the HTML standard and jsoup read it.
 */
final class ScriptContentScan extends TextContentScan {
    private enum Step {
        DATA, LESS_THAN, END_TAG_OPEN, END_TAG_NAME, ESCAPE_START, ESCAPE_START_DASH,
        ESCAPED, ESCAPED_DASH, ESCAPED_DASH_DASH, ESCAPED_LESS_THAN, ESCAPED_END_TAG_OPEN, ESCAPED_END_TAG_NAME,
        DOUBLE_ESCAPE_START, DOUBLE_ESCAPED, DOUBLE_ESCAPED_DASH, DOUBLE_ESCAPED_DASH_DASH, DOUBLE_ESCAPED_LESS_THAN,
        DOUBLE_ESCAPE_END
    }

    private Step step = Step.DATA;
    private final StringBuilder name = new StringBuilder();

    ScriptContentScan() {
        super("script", true);
    }

    @Override
    boolean endsAt(char c) {
        switch (step) {
            case DATA -> step = c == '<' ? Step.LESS_THAN : Step.DATA;
            case LESS_THAN -> {
                if (c == '/') {
                    step = Step.END_TAG_OPEN;
                } else if (c == '!') {
                    step = Step.ESCAPE_START;
                } else {
                    return again(Step.DATA, c);
                }
            }
            case END_TAG_OPEN, ESCAPED_END_TAG_OPEN -> {
                if (!HtmlScan.isLetter(c)) {
                    return again(step == Step.END_TAG_OPEN ? Step.DATA : Step.ESCAPED, c);
                }
                name.setLength(0);
                name.append(c);
                step = step == Step.END_TAG_OPEN ? Step.END_TAG_NAME : Step.ESCAPED_END_TAG_NAME;
            }
            case END_TAG_NAME, ESCAPED_END_TAG_NAME -> {
                if (HtmlScan.isLetter(c)) {
                    name.append(c);
                    return false;
                }
                Step text = step == Step.END_TAG_NAME ? Step.DATA : Step.ESCAPED;
                boolean appropriate = name.toString().equalsIgnoreCase("script");
                if (appropriate && (HtmlScan.isSpace(c) || c == '/' || c == '>')) {
                    return true;
                }
                if (appropriate) {
                    step = text; // jsoup takes c as text
                } else {
                    return again(text, c);
                }
            }
            case ESCAPE_START, ESCAPE_START_DASH -> {
                if (c != '-') {
                    return again(Step.DATA, c);
                }
                step = step == Step.ESCAPE_START ? Step.ESCAPE_START_DASH : Step.ESCAPED_DASH_DASH;
            }
            case ESCAPED, ESCAPED_DASH, ESCAPED_DASH_DASH -> {
                if (c == '<') {
                    step = Step.ESCAPED_LESS_THAN;
                } else if (c == '-') {
                    step = step == Step.ESCAPED ? Step.ESCAPED_DASH : Step.ESCAPED_DASH_DASH;
                } else {
                    step = c == '>' && step == Step.ESCAPED_DASH_DASH ? Step.DATA : Step.ESCAPED;
                }
            }
            case ESCAPED_LESS_THAN -> {
                if (HtmlScan.isLetter(c)) {
                    name.setLength(0);
                    name.append(c);
                    step = Step.DOUBLE_ESCAPE_START;
                } else if (c == '/') {
                    step = Step.ESCAPED_END_TAG_OPEN;
                } else {
                    return again(Step.ESCAPED, c);
                }
            }
            case DOUBLE_ESCAPE_START, DOUBLE_ESCAPE_END -> {
                if (HtmlScan.isLetter(c)) {
                    name.append(c);
                    return false;
                }
                boolean starting = step == Step.DOUBLE_ESCAPE_START;
                if (HtmlScan.isSpace(c) || c == '/' || c == '>') {
                    boolean script = name.toString().equalsIgnoreCase("script");
                    step = script == starting ? Step.DOUBLE_ESCAPED : Step.ESCAPED;
                } else {
                    return again(starting ? Step.ESCAPED : Step.DOUBLE_ESCAPED, c);
                }
            }
            case DOUBLE_ESCAPED, DOUBLE_ESCAPED_DASH, DOUBLE_ESCAPED_DASH_DASH -> {
                if (c == '<') {
                    step = Step.DOUBLE_ESCAPED_LESS_THAN;
                } else if (c == '-') {
                    step = step == Step.DOUBLE_ESCAPED ? Step.DOUBLE_ESCAPED_DASH : Step.DOUBLE_ESCAPED_DASH_DASH;
                } else {
                    step = c == '>' && step == Step.DOUBLE_ESCAPED_DASH_DASH ? Step.DATA : Step.DOUBLE_ESCAPED;
                }
            }
            case DOUBLE_ESCAPED_LESS_THAN -> {
                if (c != '/') {
                    return again(Step.DOUBLE_ESCAPED, c);
                }
                name.setLength(0);
                step = Step.DOUBLE_ESCAPE_END;
            }
        }
        return false;
    }

    /** Goes to the step and reads c again there. */
    private boolean again(Step next, char c) {
        step = next;
        return endsAt(c);
    }

    @Override
    ScriptContentScan copy() {
        ScriptContentScan copy = new ScriptContentScan();
        copy.step = step;
        copy.name.append(name);
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScriptContentScan other && step == other.step && name.compareTo(other.name) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, name.toString());
    }
}

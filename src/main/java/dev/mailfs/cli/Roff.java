package dev.mailfs.cli;

import java.util.List;

/** A manual page being written in roff (man(7) macros), with the text escaped as groff needs it. */
final class Roff {
    private final StringBuilder page = new StringBuilder();

    /** A request such as {@code .TH} or {@code .SH}; arguments with a space are quoted. */
    void macro(String name, String... arguments) {
        page.append('.').append(name);
        for (String argument : arguments) {
            String escaped = escape(argument).replace("\"", "\\(dq");
            page.append(' ').append(escaped.isEmpty() || escaped.contains(" ") ? "\"" + escaped + "\"" : escaped);
        }
        page.append('\n');
    }

    /** A line of running text; groff fills it into the paragraph. */
    void text(String line) {
        String escaped = escape(line.strip());
        page.append(escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" : "").append(escaped).append('\n');
    }

    /** {@code literal} in bold, then {@code value} in italics (a placeholder such as FILE). */
    void bold(String literal, String value) {
        if (value.isEmpty()) {
            macro("B", literal);
        } else {
            macro("BI", literal, value);
        }
    }

    /** Lines as picocli writes them: a blank line starts a paragraph, indented lines are kept as they are. */
    void paragraphs(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                macro("PP");
            } else if (line.startsWith("  ")) {
                int end = i;
                while (end < lines.size() && lines.get(end).startsWith("  ")) {
                    end++;
                }
                verbatim(lines.subList(i, end).stream().map(String::strip).toList());
                i = end - 1;
            } else {
                text(line);
            }
        }
    }

    /** Lines printed as they are, indented, not filled: examples and commands. */
    void verbatim(List<String> lines) {
        macro("RS");
        macro("nf");
        for (String line : lines) {
            text(line);
        }
        macro("fi");
        macro("RE");
    }

    @Override
    public String toString() {
        return page.toString();
    }

    /** Backslash, minus (so that options copy as ASCII) and anything outside ASCII as groff escapes. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '\\') {
                escaped.append("\\e");
            } else if (c == '-') {
                escaped.append("\\-");
            } else if (c > 0x7e) {
                escaped.append(String.format("\\[u%04X]", c));
            } else {
                escaped.append((char) c);
            }
        });
        return escaped.toString();
    }
}

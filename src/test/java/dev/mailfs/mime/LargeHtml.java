package dev.mailfs.mime;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * A large HTML mail made from a seed, like a long report: table rows, paragraphs, pre blocks,
 * inline data: images and paragraphs of tens of thousands of characters without a tag, and the
 * text HtmlText must render from it, line by line.
 */
final class LargeHtml {
    private static final String[] NAMES = {"Müller & Co", "Øresund AB", "東京商事", "O'Brien <Ltd>", "Café \"Zur Post\""};

    private final Random random;
    private final Writer html;
    private final MessageDigest expected;
    private final StringBuilder expectedText;

    private LargeHtml(long seed, Writer html, StringBuilder expectedText) {
        this.random = new Random(seed);
        this.html = html;
        this.expectedText = expectedText;
        this.expected = sha256();
    }

    /** Writes about {@code size} characters of HTML and returns the SHA-256 of the text it renders to, in UTF-8. */
    static String write(Path file, long size, long seed) throws IOException {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            LargeHtml mail = new LargeHtml(seed, out, null);
            mail.writeAll(size);
            return HexFormat.of().formatHex(mail.expected.digest());
        }
    }

    /** The HTML and its text, for a small size: to check what this class expects against the renderer of old. */
    static String[] small(long size, long seed) throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        StringBuilder text = new StringBuilder();
        new LargeHtml(seed, out, text).writeAll(size);
        return new String[] {out.toString(), text.toString()};
    }

    private void writeAll(long size) throws IOException {
        html.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Monthly report</title>"
                + "<style>td { padding: 2px } .x:after { content: \"<not text>\" }</style></head><body>");
        html.write("<h1>Monthly report</h1>");
        line("Monthly report");
        long written = 0;
        for (int block = 0; written < size; block++) {
            written += switch (random.nextInt(10)) {
                case 0 -> longParagraph(block);
                case 1 -> inlineImage(block);
                case 2, 3 -> preformatted(block);
                default -> tableRows(block);
            };
        }
        html.write("<p>End of report.</p></body></html>");
        line("End of report.");
    }

    /** Compact table rows: each row one line, its cells separated by one space. */
    private int tableRows(int block) throws IOException {
        StringBuilder rows = new StringBuilder("<table>");
        for (int row = 0; row < 20; row++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            int amount = random.nextInt(100000);
            rows.append("<tr><td>").append(block).append('.').append(row).append("</td><td>").append(escape(name))
                    .append("</td><td>&euro;&nbsp;").append(amount).append("</td></tr>");
            line(block + "." + row + " " + name + " € " + amount);
        }
        rows.append("</table>");
        html.write(rows.toString());
        return rows.length();
    }

    private int preformatted(int block) throws IOException {
        StringBuilder pre = new StringBuilder("<pre>");
        for (int n = 0; n < 10; n++) {
            String text = "line " + block + "." + n + " of a log\t\tstatus=" + random.nextInt(600);
            pre.append(n == 0 ? "" : "\n").append("    ").append(escape(text));
            line(text.replaceAll("[ \\t]+", " "));
        }
        pre.append("</pre>");
        html.write(pre.toString());
        return pre.length();
    }

    /** Tens of thousands of characters without a tag: longer than any token may be. */
    private int longParagraph(int block) throws IOException {
        StringBuilder words = new StringBuilder("paragraph ").append(block);
        while (words.length() < 30000) {
            words.append(random.nextBoolean() ? " grüße" : " word").append(random.nextInt(1000));
        }
        html.write("<p>" + words + "</p>");
        line(words.toString());
        return words.length() + 7;
    }

    /** A chart as a data: URL of hundreds of kilobytes, which renders as nothing, and its caption. */
    private int inlineImage(int block) throws IOException {
        int length = 200_000 + random.nextInt(200_000);
        html.write("<p><img alt=\"chart\" src=\"data:image/png;base64,");
        char[] base64 = new char[length];
        for (int i = 0; i < length; i++) {
            base64[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charAt(random.nextInt(64));
        }
        html.write(base64);
        html.write("\">Chart " + block + "</p>");
        line("Chart " + block);
        return length + 60;
    }

    private void line(String text) {
        expected.update((text + "\n").getBytes(StandardCharsets.UTF_8));
        if (expectedText != null) {
            expectedText.append(text).append('\n');
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

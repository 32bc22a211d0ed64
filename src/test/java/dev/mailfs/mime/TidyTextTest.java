package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TidyText gives what the regular expressions HtmlText ran over the whole text gave. */
class TidyTextTest {
    private static final String[] PIECES = {"a", "word", " ", "  ", "\t", "\u00A0", "\n", "\n\n\n", "\r", "\f", "\u2003",
            "\u3000", "\u000B", "\u2007", "\u202F", "é", "😀", " \n ", "\t\u00A0 "};

    @Test
    void tidiesAsTheRegularExpressionsDid() throws IOException {
        for (int seed = 0; seed < 10000; seed++) {
            Random random = new Random(seed);
            StringBuilder raw = new StringBuilder();
            StringWriter out = new StringWriter();
            TidyText tidy = new TidyText(out);
            for (int n = random.nextInt(25); n > 0; n--) {
                if (random.nextInt(4) == 0) {
                    tidy.lineBreak();
                    if (raw.length() > 0 && raw.charAt(raw.length() - 1) != '\n') {
                        raw.append('\n');
                    }
                } else {
                    String piece = PIECES[random.nextInt(PIECES.length)];
                    tidy.append(piece);
                    raw.append(piece);
                }
            }
            tidy.finish();
            assertEquals(regularExpressions(raw.toString()), out.toString(), "seed " + seed);
        }
    }

    @Test
    void aLongRunOfOddWhitespaceAtTheEndIsWrittenRatherThanHeld() throws IOException {
        StringWriter out = new StringWriter();
        TidyText tidy = new TidyText(out);
        tidy.append("x" + "\r".repeat(TidyText.MAX_HELD + 1));
        tidy.finish();
        assertEquals("x" + "\r".repeat(TidyText.MAX_HELD + 1) + "\n", out.toString());
    }

    private static String regularExpressions(String text) {
        return text.replaceAll("[ \\t\\u00A0]+", " ").replaceAll(" *\n *", "\n").replaceAll("\\n{3,}", "\n\n").strip() + "\n";
    }
}

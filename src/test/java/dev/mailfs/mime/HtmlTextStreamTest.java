package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HtmlText renders as a parser-and-walk over the whole document did ({@link OriginalHtmlText}), now
 * that it streams: exactly for ordinary mail, and with no text lost or added for any markup.
 */
class HtmlTextStreamTest {

    static Stream<Path> mail() throws IOException, URISyntaxException {
        Path corpus = Path.of(HtmlTextStreamTest.class.getResource("html-mail").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(corpus)) {
            files = list.sorted().toList();
        }
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("mail")
    void ordinaryMailRendersAsTheWholeDocumentDid(Path file) throws IOException {
        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(OriginalHtmlText.render(html), HtmlText.render(html));
    }

    /**
     * Broken markup where jsoup moves content the writer has partly written (foster parenting out of
     * tables, misnested formatting elements) may put it elsewhere than a walk over the whole tree
     * would, but never loses or repeats text. (A frameset makes jsoup drop the body parsed before
     * it, which the writer may have written already.)
     */
    @Test
    void tagSoupLosesAndRepeatsNoText() {
        int differ = 0;
        for (int seed = 0; seed < 5000; seed++) {
            String html = TagSoup.of(new Random(seed), 1 + seed % 60);
            String expected = OriginalHtmlText.render(html);
            String actual = HtmlText.render(html);
            if (!expected.equals(actual)) {
                differ++;
                assertTrue(contains(actual, expected) && (contains(expected, actual) || html.contains("<frameset")),
                        () -> "text lost or repeated:\n" + html + "\n--- expected\n" + expected + "--- actual\n" + actual);
            }
        }
        assertTrue(differ < 100, "the layout differs too often: " + differ);
    }

    @Test
    void aReadErrorIsThrownAsItself() {
        Reader failing = new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public void close() {
            }
        };
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> HtmlText.renderTo(failing, new StringWriter()));
        assertEquals("disk gone", e.getMessage());
    }

    /** Whether each character of b other than whitespace is in a, at least as often. */
    private static boolean contains(String a, String b) {
        Map<Integer, Integer> counts = new HashMap<>();
        a.codePoints().filter(c -> !Character.isWhitespace(c)).forEach(c -> counts.merge(c, 1, Integer::sum));
        return b.codePoints().filter(c -> !Character.isWhitespace(c)).allMatch(c -> counts.merge(c, -1, Integer::sum) >= 0);
    }
}

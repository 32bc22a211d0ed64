package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
import org.junit.jupiter.api.io.TempDir;
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

    @ParameterizedTest
    @MethodSource("mail")
    void ordinaryMailRendersTheSameReadInTinyPiecesWithTinyTokens(Path file) throws IOException {
        String html = Files.readString(file, StandardCharsets.UTF_8);
        for (int limit : new int[] {1, 5, 40}) {
            StringWriter text = new StringWriter();
            HtmlText.renderTo(new BoundedHtmlReader(new TinyReads(html, new Random(limit)), limit), text);
            assertEquals(HtmlText.render(html), text.toString(), "text runs and attribute values cut at " + limit);
        }
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
        for (int seed = 0; seed < 3000; seed++) {
            String html = TagSoup.of(new Random(seed), 1 + seed % 60);
            String expected = OriginalHtmlText.render(html);
            String actual = HtmlText.render(html);
            if (!expected.equals(actual)) {
                differ++;
                assertTrue(contains(actual, expected) && (contains(expected, actual) || html.contains("<frameset")),
                        () -> "text lost or repeated:\n" + html + "\n--- expected\n" + expected + "--- actual\n" + actual);
            }
        }
        assertTrue(differ < 60, "the layout differs too often: " + differ);
    }

    /**
     * Cutting long text runs and attribute values changes no text, wherever jsoup's tokenizer
     * stands. (Not followed: where jsoup ends a title or a textarea without an end tag depends on
     * what its buffer holds, and with frameset or template markup around that an insertion can
     * change where.)
     */
    @Test
    void boundingTokensChangesNoText() throws IOException {
        for (int seed = 0; seed < 2500; seed++) {
            Random random = new Random(seed);
            String html = TagSoup.of(random, 1 + seed % 60);
            if (html.contains("<frameset") || html.contains("<template")) {
                continue;
            }
            String expected = HtmlText.render(html);
            StringWriter text = new StringWriter();
            HtmlText.renderTo(new BoundedHtmlReader(new StringReader(html), 1 + random.nextInt(12)), text);
            String actual = text.toString();
            assertTrue(sameText(expected, actual), () -> html + "\n--- expected\n" + expected + "--- actual\n" + actual);
        }
    }

    @Test
    void aLargeMailRendersAsItsGeneratorExpectsAndAsTheWholeDocumentDid() throws IOException {
        String[] mail = LargeHtml.small(400_000, 1);
        assertEquals(mail[1], OriginalHtmlText.render(mail[0]));
        assertEquals(mail[1], HtmlText.render(mail[0]));
    }

    /** 50 MB of HTML (100 MB as Java characters) in a 16 MB heap: memory does not grow with the mail. */
    @Test
    void aFiftyMegabyteMailRendersInASmallHeap(@TempDir Path dir) throws IOException, InterruptedException {
        Path html = dir.resolve("big.html");
        String expected = LargeHtml.write(html, 50 << 20, 2);
        assertEquals(List.of(expected), SmallHeapRun.run("16m", "html", html.toString()));
    }

    @Test
    void renderToLeavesItsReaderAndWriterOpen() throws IOException {
        StringReader html = new StringReader("<p>one</p>");
        StringWriter text = new StringWriter();
        HtmlText.renderTo(html, text);
        html.reset(); // throws if closed
        assertEquals("one\n", text.toString());
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

    /** The same characters other than whitespace, as often each. */
    private static boolean sameText(String a, String b) {
        return contains(a, b) && contains(b, a);
    }

    /** Whether each character of b other than whitespace is in a, at least as often. */
    private static boolean contains(String a, String b) {
        Map<Integer, Integer> counts = new HashMap<>();
        a.codePoints().filter(c -> !Character.isWhitespace(c)).forEach(c -> counts.merge(c, 1, Integer::sum));
        return b.codePoints().filter(c -> !Character.isWhitespace(c)).allMatch(c -> counts.merge(c, -1, Integer::sum) >= 0);
    }

    /** Hands out 1 to 7 characters per read. */
    private static final class TinyReads extends Reader {
        private final StringReader text;
        private final Random random;

        TinyReads(String text, Random random) {
            this.text = new StringReader(text);
            this.random = random;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            try {
                return text.read(buffer, offset, Math.min(length, 1 + random.nextInt(7)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
        }
    }
}

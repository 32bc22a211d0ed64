package dev.mailfs.mime;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/** HtmlText as it was before it streamed (whole document in memory, then regular expressions): the reference the streaming one is held to. */
final class OriginalHtmlText {
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4",
            "h5", "h6", "blockquote", "pre", "hr", "ul", "ol", "section", "article", "header", "footer", "title");
    private static final Set<String> INVISIBLE = Set.of("script", "style", "head");
    private static final Set<String> CELLS = Set.of("td", "th");

    private OriginalHtmlText() {
    }

    static String render(String html) {
        StringBuilder text = new StringBuilder();
        Element body = Jsoup.parse(html);
        body.select(String.join(",", INVISIBLE)).remove();
        body.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    text.append(insidePre(textNode) ? textNode.getWholeText() : textNode.text());
                } else if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                    newLine(text);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                    newLine(text);
                } else if (node instanceof Element element && CELLS.contains(element.normalName())) {
                    text.append(' ');
                }
            }
        });
        return text.toString().replaceAll("[ \\t\\u00A0]+", " ").replaceAll(" *\n *", "\n").replaceAll("\\n{3,}", "\n\n").strip() + "\n";
    }

    private static boolean insidePre(TextNode node) {
        for (Node parent = node.parentNode(); parent != null; parent = parent.parentNode()) {
            if (parent instanceof Element element && element.normalName().equals("pre")) {
                return true;
            }
        }
        return false;
    }

    private static void newLine(StringBuilder text) {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }
}

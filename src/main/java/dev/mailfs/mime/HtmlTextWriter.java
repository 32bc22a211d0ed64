package dev.mailfs.mime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.Range;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * Writes the text of a document while jsoup parses it, and takes what it wrote out of the tree, so
 * that the tree only holds the elements still open and what lies between them.
 * <p>
 * The text is what a walk over the whole document gives: text nodes (whitespace collapsed, except
 * inside pre), a line break at the start and end of a block, a space after a table cell, nothing from
 * script, style and head. The walk is cut at each element the parser completes: whatever comes before
 * that element's end is written then. Elements the parser may still add to stay in the tree, opened
 * (their start written, their end not yet), with what they hold so far written and taken out.
 */
final class HtmlTextWriter {
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4",
            "h5", "h6", "blockquote", "pre", "hr", "ul", "ol", "section", "article", "header", "footer", "title");
    private static final Set<String> INVISIBLE = Set.of("script", "style", "head");
    private static final Set<String> CELLS = Set.of("td", "th");

    private final TidyText text;
    /** Elements still in the tree whose start is written and whose end is not. */
    private final Set<Element> opened = Collections.newSetFromMap(new IdentityHashMap<>());

    HtmlTextWriter(TidyText text) {
        this.text = text;
    }

    /**
     * Writes what is still in the tree before the end of the element, in document order: the start
     * of each ancestor not opened yet and the nodes before the next one down, then the element.
     */
    void writeUpToTheEndOf(Element element) throws IOException {
        List<Element> path = new ArrayList<>();
        for (Element e = element; e != null; e = e.parent()) {
            path.add(e);
        }
        Collections.reverse(path);
        boolean hidden = false;
        for (int i = 0; i < path.size() - 1; i++) {
            Element ancestor = path.get(i);
            if (isInvisibleAndGrowing(ancestor)) {
                return;
            }
            hidden |= INVISIBLE.contains(ancestor.normalName());
            open(ancestor, hidden);
            writeChildren(ancestor, path.get(i + 1), hidden);
        }
        writeChild(element, hidden);
    }

    /**
     * Whether the element is script, style or head and the parser may still add to it. Nothing in
     * it is written (it shows nothing) nor taken out until it is done: with misnested formatting tags
     * around svg or math content, jsoup can still move what is in it out of it, into the text.
     */
    private static boolean isInvisibleAndGrowing(Element element) {
        return INVISIBLE.contains(element.normalName()) && mayStillGrow(element);
    }

    /** Writes what is left of the document: everything, as the parser has ended. */
    void writeRest(Document document) {
        writeWhole(document, false);
    }

    /**
     * Writes the children of the element that come before {@code next} (all when it is null), each
     * with {@link #writeChild}.
     */
    private void writeChildren(Element element, Node next, boolean hidden) throws IOException {
        int i = 0;
        while (i < element.childNodeSize() && element.childNode(i) != next) {
            if (writeChild(element.childNode(i), hidden)) {
                i++;
            }
        }
    }

    /**
     * Writes the node and takes it out of the tree; but an element the parser may still add to is
     * only written so far (what it holds taken out) and stays, opened. Returns whether it stays.
     */
    private boolean writeChild(Node node, boolean hidden) throws IOException {
        if (node instanceof Element element && mayStillGrow(element)) {
            if (isInvisibleAndGrowing(element)) {
                return true;
            }
            hidden |= INVISIBLE.contains(element.normalName());
            open(element, hidden);
            writeChildren(element, null, hidden);
            return true;
        }
        writeWhole(node, hidden);
        node.remove();
        return false;
    }

    /**
     * Whether the parser may still add to the element or to what it holds: it or an element on its
     * last path is still open (has no end yet, the parser tracking positions). Broken markup can end
     * an element with its last child still open (a formatting element left open at {@code </form>},
     * misnested formatting elements), and jsoup hands over an element when its parent ends or the
     * next one begins beside it, which can be before it ends. Body and html take what comes after
     * their end tags, and jsoup at times puts content at the end of html, after body.
     */
    private static boolean mayStillGrow(Element element) {
        if (element.normalName().equals("body") || element.normalName().equals("html")) {
            return true;
        }
        for (Element e = element; e != null; e = e.lastElementChild()) {
            if (!isEnded(e)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the parser has ended the element. When it reopens a formatting element (a {@code <b>}
     * closed too early), its copy comes with the original's positions, end included; the copy's own
     * start is set when it is inserted, after that end.
     */
    private static boolean isEnded(Element element) {
        Range end = element.endSourceRange();
        return end.isTracked() && end.startPos() >= element.sourceRange().startPos();
    }

    private void open(Element element, boolean hidden) throws IOException {
        if (opened.add(element) && !hidden) {
            head(element);
        }
    }

    /** Writes the node and everything in it (but the start of elements already opened), and empties it. */
    private void writeWhole(Node node, boolean hidden) {
        node.traverse(new NodeVisitor() {
            private int hiddenDepth = hidden ? 1 : 0;

            @Override
            public void head(Node node, int depth) {
                if (node instanceof Element element && INVISIBLE.contains(element.normalName())) {
                    hiddenDepth++;
                }
                if (hiddenDepth == 0 && !opened.contains(node)) {
                    HtmlTextWriter.this.head(node);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (hiddenDepth == 0) {
                    HtmlTextWriter.this.tail(node);
                }
                if (node instanceof Element element) {
                    opened.remove(element);
                    if (INVISIBLE.contains(element.normalName())) {
                        hiddenDepth--;
                    }
                    // Should the parser still hold the element and put it back in the tree (broken
                    // markup can make it), it must not bring its text a second time.
                    element.empty();
                }
            }
        });
    }

    private void head(Node node) {
        try {
            if (node instanceof TextNode textNode) {
                text.append(insidePre(textNode) ? textNode.getWholeText() : textNode.text());
            } else if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                text.lineBreak();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void tail(Node node) {
        try {
            if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                text.lineBreak();
            } else if (node instanceof Element element && CELLS.contains(element.normalName())) {
                text.append(' ');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean insidePre(TextNode node) {
        for (Node parent = node.parentNode(); parent != null; parent = parent.parentNode()) {
            if (parent instanceof Element element && element.normalName().equals("pre")) {
                return true;
            }
        }
        return false;
    }
}

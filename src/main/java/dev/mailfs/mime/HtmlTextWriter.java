package dev.mailfs.mime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
    /**
     * Elements still in the tree whose start is written and whose end is not, with where they stand
     * (under script, style or head; inside pre). An element's ancestors are opened before it.
     */
    private final Map<Element, Context> opened = new IdentityHashMap<>();

    /**
     * Where a node stands: under which script, style or head element, if any (its text shows
     * nothing), and whether inside pre (its text keeps its whitespace).
     */
    private record Context(Element invisible, boolean pre) {
        static final Context TOP = new Context(null, false);

        Context enter(Element element) {
            String name = element.normalName();
            return new Context(invisible != null || !INVISIBLE.contains(name) ? invisible : element, pre || name.equals("pre"));
        }

        boolean hidden() {
            return invisible != null;
        }
    }

    HtmlTextWriter(TidyText text) {
        this.text = text;
    }

    /**
     * Writes what is still in the tree before the end of the element, in document order: the start
     * of each ancestor not opened yet and the nodes before the next one down, then the element. The
     * walk up stops at the nearest opened ancestor: what came before that was written when it was
     * opened (so that deep nesting costs no walk over all ancestors at each element).
     */
    void writeUpToTheEndOf(Element element) throws IOException {
        List<Element> unopened = new ArrayList<>();
        Element ancestor = element.parent();
        while (ancestor != null && !opened.containsKey(ancestor)) {
            unopened.add(ancestor);
            ancestor = ancestor.parent();
        }
        Context context = ancestor == null ? Context.TOP : opened.get(ancestor);
        if (ancestor != null && isGrowingInvisible(context)) {
            return;
        }
        Node next = unopened.isEmpty() ? element : unopened.get(unopened.size() - 1);
        if (ancestor != null) {
            writeChildren(ancestor, next, context);
        }
        for (int i = unopened.size() - 1; i >= 0; i--) {
            Element e = unopened.get(i);
            context = context.enter(e);
            if (isGrowingInvisible(context)) {
                return;
            }
            open(e, context);
            writeChildren(e, i > 0 ? unopened.get(i - 1) : element, context);
        }
        writeChild(element, context);
    }

    /**
     * Whether the node stands under a script, style or head element the parser may still add to.
     * Nothing in it is written (it shows nothing) nor taken out until it is done: with misnested
     * formatting tags around svg or math content, jsoup can still move what is in it into the text.
     */
    private static boolean isGrowingInvisible(Context context) {
        return context.hidden() && mayStillGrow(context.invisible());
    }

    /** Writes what is left of the document: everything, as the parser has ended. */
    void writeRest(Document document) {
        writeWhole(document, Context.TOP);
    }

    /**
     * Writes the children of the element that come before {@code next} (all when it is null), each
     * with {@link #writeChild}; {@code context} is the element's.
     */
    private void writeChildren(Element element, Node next, Context context) throws IOException {
        int i = 0;
        while (i < element.childNodeSize() && element.childNode(i) != next) {
            if (writeChild(element.childNode(i), context)) {
                i++;
            }
        }
    }

    /**
     * Writes the node and takes it out of the tree; but an element the parser may still add to is
     * only written so far (what it holds taken out) and stays, opened. Returns whether it stays.
     * {@code context} is the parent's.
     */
    private boolean writeChild(Node node, Context context) throws IOException {
        if (node instanceof Element element && mayStillGrow(element)) {
            Context own = context.enter(element);
            if (!isGrowingInvisible(own)) {
                open(element, own);
                writeChildren(element, null, own);
            }
            return true;
        }
        writeWhole(node, context);
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

    private void open(Element element, Context context) throws IOException {
        if (opened.putIfAbsent(element, context) == null && !context.hidden()) {
            head(element, false);
        }
    }

    /**
     * Writes the node and everything in it (but the start of elements already opened), and empties
     * it; {@code context} is the parent's.
     */
    private void writeWhole(Node node, Context context) {
        node.traverse(new NodeVisitor() {
            private int hiddenDepth = context.hidden() ? 1 : 0;
            private int preDepth = context.pre() ? 1 : 0;

            @Override
            public void head(Node node, int depth) {
                if (node instanceof Element element) {
                    hiddenDepth += INVISIBLE.contains(element.normalName()) ? 1 : 0;
                    preDepth += element.normalName().equals("pre") ? 1 : 0;
                }
                if (hiddenDepth == 0 && !opened.containsKey(node)) {
                    HtmlTextWriter.this.head(node, preDepth > 0);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (hiddenDepth == 0) {
                    HtmlTextWriter.this.tail(node);
                }
                if (node instanceof Element element) {
                    opened.remove(element);
                    hiddenDepth -= INVISIBLE.contains(element.normalName()) ? 1 : 0;
                    preDepth -= element.normalName().equals("pre") ? 1 : 0;
                    // Should the parser still hold the element and put it back in the tree (broken
                    // markup can make it), it must not bring its text a second time.
                    element.empty();
                }
            }
        });
    }

    private void head(Node node, boolean insidePre) {
        try {
            if (node instanceof TextNode textNode) {
                text.append(insidePre ? textNode.getWholeText() : textNode.text());
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
}

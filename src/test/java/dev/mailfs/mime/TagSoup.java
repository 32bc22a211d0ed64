package dev.mailfs.mime;

import java.util.Random;

/** Random HTML, broken in the ways mail is: misnested, unclosed and misplaced tags among text, entities and comments. */
final class TagSoup {
    private static final String[] TAGS = {"p", "div", "br", "li", "ul", "ol", "table", "tbody", "thead", "tr", "td", "th",
            "caption", "colgroup", "col", "b", "i", "u", "a", "span", "font", "em", "strong", "nobr", "pre", "blockquote",
            "h1", "h3", "hr", "section", "header", "footer", "center", "dl", "dt", "dd", "head", "title", "style", "script",
            "body", "html", "select", "option", "textarea", "form", "input", "img", "svg", "math", "noscript",
            "iframe", "xmp", "wbr", "template", "o:p", "meta", "link", "frameset", "listing"};
    private static final String[] TEXTS = {"word", "two words", " ", "  ", "\n", "\n\n  ", "\t", "&nbsp;", "&amp;", "&lt;b&gt;",
            "&eacute;t&eacute;", "&#8217;", "&#x1F600;", "&bogus;", "& ", "&amp", "日本語", "\u00a0", "\u200b", "\u00ad", "😀",
            "\u2003", "\r\n", "x\ry", "<", ">", "a=b", "\"quoted\"", "'single'", "<!-- comment -->", "<!--[if mso]><b>x</b><![endif]-->",
            "<!---->", "<!-->", "<!DOCTYPE html>", "<?xml version=\"1.0\"?>", "</>", "<![CDATA[ c ]]>", "&zwnj;", "&#160;",
            "a longer run of words, with punctuation; and more", "<script><!--<script>x</script>y=\"</script>", "<!DOCTYPE >x>",
            "<!-x>", "<!->", "<div<p>", "<a b=c<d>", "</ x>", "<title>t<b>", "&amp;amp", "&#x41;&#65", "x&y;z"};
    private static final String[] ATTRIBUTES = {" class=\"x\"", " style='color: red'", " href=http://example.com/?a=1&b=2",
            " title=\"a > b\"", " alt='<p>'", " disabled", " data-x = \"y\"", " type=hidden", " src=\"data:image/png;base64,iVBORw0KGgo=\""};

    private TagSoup() {
    }

    static String of(Random random, int pieces) {
        StringBuilder html = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            if (random.nextInt(5) < 2) {
                html.append(TEXTS[random.nextInt(TEXTS.length)]);
                continue;
            }
            String tag = TAGS[random.nextInt(TAGS.length)];
            if (random.nextInt(3) == 0) {
                html.append("</").append(tag).append('>');
                continue;
            }
            html.append('<').append(tag);
            for (int n = random.nextInt(3); n > 0; n--) {
                html.append(ATTRIBUTES[random.nextInt(ATTRIBUTES.length)]);
            }
            html.append(random.nextInt(6) == 0 ? "/>" : ">");
        }
        return html.toString();
    }
}

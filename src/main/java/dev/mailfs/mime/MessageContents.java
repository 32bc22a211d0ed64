package dev.mailfs.mime;

import dev.mailfs.cache.ByteCache;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A message's decoded contents: its layout from one BODYSTRUCTURE fetch, and each part fetched on
 * its own (BODY.PEEK[section]) when first asked for, decoded, and kept.
 */
public final class MessageContents {
    private static final Logger LOG = Logger.getLogger(MessageContents.class.getName());
    /** Stands for the whole message read as text, when the server cannot describe its structure. */
    private static final BodyPart WHOLE_MESSAGE = new BodyPart("", "text", "plain", Map.of(), "", Map.of(), "", 0, List.of(), "");

    private enum Kind { TEXT, HTML, PART }

    /**
     * @param section for TEXT and HTML the layout root's section and MIME type together: a top
     *                message/rfc822 part and the multipart body inside it share section "1"
     */
    private record Key(MessageRef message, String section, Kind kind) {
    }

    private static String rootOf(MessageLayout layout) {
        return layout.root().section() + " " + layout.root().mimeType();
    }

    /** Messages below this size have their sections cut out here from the whole (see {@link #fromSmallWholeMessage}). */
    static final int SMALL_MESSAGE = 128 << 10;

    private final MailSource mail;
    private final ByteCache<Key> decoded;
    /** Kept apart from {@link #decoded}: its loaders ask for whole messages, and a cache may not load into itself. */
    private final ByteCache<MessageRef> wholeMessages;

    public MessageContents(MailSource mail, long cacheBytes) {
        this.mail = mail;
        this.decoded = new ByteCache<>(cacheBytes);
        this.wholeMessages = new ByteCache<>(cacheBytes);
    }

    public MessageLayout layout(MessageRef message) {
        try {
            return MessageLayout.of(mail.readStructure(message));
        } catch (MailfsException.ServerError e) {
            LOG.warning("no usable structure for message " + message.uid() + " in " + message.folder()
                    + " (" + e.getMessage() + "); showing it whole as body.txt");
            return MessageLayout.of(WHOLE_MESSAGE);
        }
    }

    /**
     * body.txt: the text parts in UTF-8 with Unix line ends, each ending in a newline; the HTML
     * rendered as text when there is no text part.
     */
    public byte[] bodyText(MessageRef message, MessageLayout layout) {
        return decoded.get(new Key(mail.identityOf(message), rootOf(layout), Kind.TEXT), key -> {
            String text = layout.text().isEmpty() && !layout.html().isEmpty()
                    ? HtmlText.render(joined(message, layout.html()))
                    : joined(message, layout.text());
            return text.getBytes(StandardCharsets.UTF_8);
        });
    }

    /**
     * body.html: the HTML parts in UTF-8, led by a UTF-8 byte order mark, which browsers obey over any
     * charset the HTML itself declares (it was right for the bytes before we converted them).
     */
    public byte[] bodyHtml(MessageRef message, MessageLayout layout) {
        return decoded.get(new Key(mail.identityOf(message), rootOf(layout), Kind.HTML),
                key -> layout.html().isEmpty() ? new byte[0] : ("\uFEFF" + joined(message, layout.html())).getBytes(StandardCharsets.UTF_8));
    }

    /** An attachment's bytes with the transfer encoding undone; for message/rfc822, the enclosed message. */
    public byte[] partBytes(MessageRef message, BodyPart part) {
        return decoded.get(new Key(mail.identityOf(message), part.section(), Kind.PART),
                key -> TransferDecoding.decode(rawSection(message, part), part.encoding()));
    }

    /**
     * BODY.PEEK[section] as the server sends it, checked against the size its BODYSTRUCTURE gave.
     * Some servers fail on sections or send other bytes (GreenMail with enclosed messages); then the
     * section is cut out of the whole message here.
     */
    private byte[] rawSection(MessageRef message, BodyPart part) {
        if (part.section().isEmpty()) {
            return wholeMessage(message);
        }
        byte[] cutOut = fromSmallWholeMessage(message, part);
        if (cutOut != null) {
            return cutOut;
        }
        String problem;
        try {
            byte[] bytes = mail.readSection(message, part.section());
            if (bytes.length == part.size()) {
                return bytes;
            }
            problem = "the server sent " + bytes.length + " bytes where its BODYSTRUCTURE said " + part.size();
        } catch (MailfsException.ServerError e) {
            problem = e.getMessage();
        }
        String why = problem;
        LOG.fine(() -> "section " + part.section() + " of message " + message.uid() + " in " + message.folder() + ": " + why
                + "; taking it from the whole message");
        byte[] local = LocalSections.extract(wholeMessage(message), part.section());
        if (local == null) {
            throw new MailfsException.ServerError("section " + part.section() + " of message " + message.uid() + " in "
                    + message.folder() + ": " + why + ", and it is not in the whole message either", null);
        }
        return local;
    }

    /**
     * The section cut out of the whole message when that is small: grep -r and file managers read
     * "X.eml" before "X/", so its bytes are at hand (the read-ahead fetched them with the others),
     * and body.txt and the attachments then cost no round trip each. Null when the message is
     * larger than {@link #SMALL_MESSAGE} or the section found here is not the size BODYSTRUCTURE
     * gave; then the server is asked for the section.
     */
    private byte[] fromSmallWholeMessage(MessageRef message, BodyPart part) {
        try {
            if (partBytes(mail.readStructure(message)) >= SMALL_MESSAGE) {
                return null; // large: reading its start to learn that would cost more than the section
            }
        } catch (MailfsException.ServerError noStructure) {
            return null;
        }
        byte[] start = mail.readBody(message, 0, SMALL_MESSAGE);
        if (start.length >= SMALL_MESSAGE) {
            return null;
        }
        byte[] local = LocalSections.extract(start, part.section());
        return local != null && local.length == part.size() ? local : null;
    }

    /** What BODYSTRUCTURE says the parts take, at least as much as the message without its headers. */
    private static long partBytes(BodyPart part) {
        if (part.isMultipart()) {
            return part.parts().stream().mapToLong(MessageContents::partBytes).sum();
        }
        return Math.max(0, part.size());
    }

    private byte[] wholeMessage(MessageRef message) {
        return wholeMessages.get(mail.identityOf(message), key -> mail.readSection(message, ""));
    }

    private String joined(MessageRef message, List<BodyPart> parts) {
        StringBuilder text = new StringBuilder();
        for (BodyPart part : parts) {
            byte[] bytes = TransferDecoding.decode(rawSection(message, part), part.encoding());
            text.append(TextDecoding.decode(bytes, part.parameters().get("charset")).replace("\r\n", "\n"));
            if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
        }
        return text.toString();
    }
}

package dev.mailfs.mime;

import dev.mailfs.cache.ByteCache;
import dev.mailfs.cache.DiskBodyStore;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageRef;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A message's decoded contents: its layout from one BODYSTRUCTURE fetch, and each part fetched on
 * its own (BODY.PEEK[section]) when first asked for, decoded, and kept: in memory when it is small,
 * else as a file on disk ({@link PartFiles}), so that memory stays bounded whatever the message.
 */
public final class MessageContents implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MessageContents.class.getName());
    /** Stands for the whole message read as text, when the server cannot describe its structure. */
    private static final BodyPart WHOLE_MESSAGE = new BodyPart("", "text", "plain", Map.of(), "", Map.of(), "", 0, List.of(), "");

    /** The longest line RFC 5322 allows, CRLF included. */
    private static final int FIRST_LINE = 1000;

    /** Messages below this size have their sections cut out here from the whole (see {@link #fromSmallWholeMessage}). */
    static final int SMALL_MESSAGE = 128 << 10;
    /**
     * Parts larger than this, as the server sends them, are decoded to a file on disk, never held in
     * memory; smaller ones are decoded in memory, where a grep -r reads them fastest.
     */
    static final long LARGE_PART = 1 << 20;
    /** What a section cut out of a large message may take in memory when BODYSTRUCTURE said it was small. */
    private static final int LARGEST_SMALL_SECTION = 8 << 20;

    /** What a decoded file is, and the start of the name it is kept under in the disk store (see {@link #storedName}). */
    enum Kind {
        TEXT("text "), TEXT_WITH_HEADER("text with header "), HTML("html "), PART("part ");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** @param section a part's section, or for TEXT and HTML {@link #rootOf} the layout */
        String storedName(String section) {
            return prefix + section;
        }
    }

    /**
     * @param section for TEXT and HTML the layout root's section and MIME type together: a top
     *                message/rfc822 part and the multipart body inside it share section "1"
     */
    private record Key(MessageRef message, String section, Kind kind) {
    }

    static String rootOf(MessageLayout layout) {
        return layout.root().section() + " " + layout.root().mimeType();
    }

    private final MailSource mail;
    private final ByteCache<Key> decoded;
    private final PartFiles files;
    private final KeptParts kept;
    /**
     * The last few messages whose parts were cut out here, parsed: grep -r reads a message's
     * body.txt, body.html and attachments one after another, and each would parse it again.
     */
    private final Cache<MessageRef, LocalSections.Parsed> parsed = Caffeine.newBuilder().maximumSize(8).build();
    /** A store made here, for want of one given, and deleted at close. */
    private final TemporaryStore ownStore;

    /**
     * @param cacheBytes memory for small decoded parts
     * @param store      where large parts are decoded to: the account's disk store, or a temporary one
     */
    public MessageContents(MailSource mail, long cacheBytes, DiskBodyStore store) {
        this(mail, cacheBytes, () -> store, null, Optional.of(store));
    }

    /** Large parts go to a temporary store of its own, made when first needed and deleted at {@link #close}. */
    public MessageContents(MailSource mail, long cacheBytes) {
        this(mail, cacheBytes, new TemporaryStore());
    }

    private MessageContents(MailSource mail, long cacheBytes, TemporaryStore ownStore) {
        this(mail, cacheBytes, ownStore, ownStore, Optional.empty());
    }

    /** @param keepSmall where small decoded parts are kept too: the account's disk store, not a temporary one */
    private MessageContents(MailSource mail, long cacheBytes, Supplier<DiskBodyStore> store, TemporaryStore ownStore,
                            Optional<DiskBodyStore> keepSmall) {
        this.mail = mail;
        this.decoded = new ByteCache<>(cacheBytes);
        this.files = new PartFiles(mail, store);
        this.kept = new KeptParts(keepSmall);
        this.ownStore = ownStore;
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
     * The layout of a message whose listing found none of From, Subject and Message-ID in its
     * header. Such a message may have no header at all (Courier accepts one), and servers take its
     * first lines for a header and show the rest, if anything, as its text: when its first line is
     * no header field, the whole message is its text.
     */
    public MessageLayout layoutWithoutHeaderFields(MessageRef message) {
        MessageLayout layout = layout(message);
        if (layout.root().isMultipart() || !layout.root().mimeType().equals("text/plain")) {
            return layout;
        }
        byte[] start = mail.readBody(message, 0, FIRST_LINE);
        int end = 0;
        while (end < start.length && start[end] != '\n' && start[end] != '\r') {
            end++;
        }
        String firstLine = new String(start, 0, end, StandardCharsets.ISO_8859_1);
        // an mbox's From_ line is a header's too
        boolean header = firstLine.isEmpty() || firstLine.startsWith("From ") || HeaderSummary.isField(firstLine);
        return header ? layout : MessageLayout.of(WHOLE_MESSAGE);
    }

    /**
     * body.txt: the text parts in UTF-8 with Unix line ends, each ending in a newline; the HTML
     * rendered as text when there is no text part.
     */
    public DecodedFile bodyText(MessageRef message, MessageLayout layout) {
        return bodyText(message, layout, false);
    }

    /**
     * body.txt, led by the message's From, To, Cc, Date and Subject when {@code withHeader} (see
     * {@link HeaderSummary}): for a message's own body.txt, not an enclosed message's.
     */
    public DecodedFile bodyText(MessageRef message, MessageLayout layout, boolean withHeader) {
        boolean htmlOnly = layout.text().isEmpty() && !layout.html().isEmpty();
        boolean summarized = withHeader && layout.root() != WHOLE_MESSAGE;
        Supplier<byte[]> header = summarized ? () -> HeaderSummary.of(header(message)) : () -> new byte[0];
        if (isLarge(htmlOnly ? layout.html() : layout.text())) {
            return files.bodyText(message, layout, summarized, header);
        }
        Kind kind = summarized ? Kind.TEXT_WITH_HEADER : Kind.TEXT;
        return DecodedFile.of(small(new Key(mail.identityOf(message), rootOf(layout), kind), () -> {
            String text = htmlOnly ? HtmlText.render(joined(message, layout.html())) : joined(message, layout.text());
            byte[] lead = header.get();
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            byte[] whole = java.util.Arrays.copyOf(lead, lead.length + body.length);
            System.arraycopy(body, 0, whole, lead.length, body.length);
            return whole;
        }));
    }

    /**
     * The message's header: from its start when the message is small (its bytes are read for its
     * parts anyway), else BODY.PEEK[HEADER], so that a stat of a large message's body.txt does not
     * download a chunk of its attachment; that failing (offline), from a start read before.
     */
    private byte[] header(MessageRef message) {
        Optional<byte[]> held = mail.heldWholeMessage(message);
        if (held.isPresent()) {
            return held.get();
        }
        try {
            if (partBytes(mail.readStructure(message)) >= SMALL_MESSAGE) {
                return mail.readSection(message, "HEADER");
            }
        } catch (MailfsException.ServerError | MailfsException.Unavailable e) {
            LOG.fine(() -> "the header of message " + message.uid() + " in " + message.folder() + ": " + e.getMessage());
        }
        return mail.readBody(message, 0, HeaderSummary.HEADER_BYTES);
    }

    /**
     * body.html: the HTML parts in UTF-8, led by a UTF-8 byte order mark, which browsers obey over any
     * charset the HTML itself declares (it was right for the bytes before we converted them).
     */
    public DecodedFile bodyHtml(MessageRef message, MessageLayout layout) {
        if (isLarge(layout.html())) {
            return files.bodyHtml(message, layout);
        }
        return DecodedFile.of(small(new Key(mail.identityOf(message), rootOf(layout), Kind.HTML),
                () -> layout.html().isEmpty() ? new byte[0] : ("\uFEFF" + joined(message, layout.html())).getBytes(StandardCharsets.UTF_8)));
    }

    /** An attachment's bytes with the transfer encoding undone; for message/rfc822, the enclosed message. */
    public DecodedFile part(MessageRef message, BodyPart part) {
        if (isLarge(List.of(part))) {
            return files.part(message, part);
        }
        return DecodedFile.of(small(new Key(mail.identityOf(message), part.section(), Kind.PART),
                () -> TransferDecoding.decode(rawSection(message, part), part.encoding())));
    }

    /** A small part decoded in memory: from memory, else as kept on disk, else decoded now (and kept). */
    private byte[] small(Key key, Supplier<byte[]> decode) {
        return decoded.get(key, unused -> kept.get(key.message(), key.kind().storedName(key.section()), decode));
    }

    /** Ends the decoding of large parts, and deletes their temporary store if this made one. */
    @Override
    public void close() {
        kept.close();
        files.close();
        if (ownStore != null) {
            ownStore.close();
        }
    }

    /** Whether these parts are too large to decode in memory; the whole message (section "") always is. */
    private static boolean isLarge(List<BodyPart> parts) {
        long size = 0;
        for (BodyPart part : parts) {
            if (part.section().isEmpty()) {
                return true;
            }
            size += Math.max(0, part.size());
        }
        return size > LARGE_PART;
    }

    /**
     * BODY.PEEK[section] as the server sends it, checked against the size its BODYSTRUCTURE gave.
     * Some servers fail on sections or send other bytes (GreenMail with enclosed messages); then the
     * section is cut out of the whole message here.
     */
    private byte[] rawSection(MessageRef message, BodyPart part) {
        byte[] cutOut = fromSmallWholeMessage(message, part, true);
        if (cutOut == null) {
            cutOut = fromHeldWholeMessage(message, part);
        }
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
        } catch (MailfsException.Unavailable away) {
            // offline, or the server not answering: what the message's bytes read before give is better than nothing
            byte[] local = fromSmallWholeMessage(message, part, false);
            if (local == null) {
                throw away;
            }
            return local;
        }
        String why = problem;
        LOG.fine(() -> "section " + part.section() + " of message " + message.uid() + " in " + message.folder() + ": " + why
                + "; taking it from the whole message");
        byte[] local = fromSmallWholeMessage(message, part, false);
        if (local == null) {
            local = fromLargeWholeMessage(message, part);
        }
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
     * larger than {@link #SMALL_MESSAGE}, or when {@code onlyOfItsSize} and the section found here is
     * not the size BODYSTRUCTURE gave; then the server is asked for the section.
     */
    private byte[] fromSmallWholeMessage(MessageRef message, BodyPart part, boolean onlyOfItsSize) {
        try {
            if (partBytes(mail.readStructure(message)) >= SMALL_MESSAGE) {
                return null; // large: reading its start to learn that would cost more than the section
            }
        } catch (MailfsException.ServerError noStructure) {
            return null;
        }
        LocalSections.Parsed whole = parsedWhole(message, () -> {
            byte[] start = mail.readBody(message, 0, SMALL_MESSAGE);
            return start.length < SMALL_MESSAGE ? Optional.of(start) : Optional.empty();
        });
        byte[] local = whole == null ? null : whole.extract(part.section());
        return local != null && (!onlyOfItsSize || local.length == part.size()) ? local : null;
    }

    /**
     * The section cut out of a larger message read whole before (grep -r read its .eml), so that
     * reading its parts asks the server nothing; null when it is not held, or the section found
     * there is not the size BODYSTRUCTURE gave.
     */
    private byte[] fromHeldWholeMessage(MessageRef message, BodyPart part) {
        LocalSections.Parsed whole = parsedWhole(message, () -> mail.heldWholeMessage(message));
        byte[] local = whole == null ? null : whole.extract(part.section());
        return local != null && local.length == part.size() ? local : null;
    }

    /** The whole message parsed, as parsed lately, else from what {@code whole} gives; null when it gives nothing. */
    private LocalSections.Parsed parsedWhole(MessageRef message, Supplier<Optional<byte[]>> whole) {
        MessageRef identity = mail.identityOf(message);
        LocalSections.Parsed known = parsed.getIfPresent(identity);
        if (known != null) {
            return known;
        }
        Optional<LocalSections.Parsed> fresh = whole.get().map(LocalSections::parse);
        fresh.ifPresent(p -> parsed.put(identity, p));
        return fresh.orElse(null);
    }

    /** The section cut out of a large message, kept whole on disk for it; null when it is not there or not small after all. */
    private byte[] fromLargeWholeMessage(MessageRef message, BodyPart part) {
        Path whole = files.wholeMessage(message);
        try (InputStream local = LocalSections.open(whole, part.section())) {
            if (local == null) {
                return null;
            }
            byte[] bytes = local.readNBytes(LARGEST_SMALL_SECTION + 1);
            return bytes.length > LARGEST_SMALL_SECTION ? null : bytes;
        } catch (IOException e) {
            throw new MailfsException.NoSpace("cannot read message " + message.uid() + " in " + message.folder() + " back from the disk (" + e + ")");
        }
    }

    /** What BODYSTRUCTURE says the parts take, at least as much as the message without its headers. */
    private static long partBytes(BodyPart part) {
        if (part.isMultipart()) {
            return part.parts().stream().mapToLong(MessageContents::partBytes).sum();
        }
        return Math.max(0, part.size());
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

    /** A temporary store made when first needed (in the system's directory for temporary files) and deleted at close. */
    private static final class TemporaryStore implements Supplier<DiskBodyStore> {
        private DiskBodyStore store;

        @Override
        public synchronized DiskBodyStore get() {
            if (store == null) {
                try {
                    store = DiskBodyStore.temporary(Path.of(System.getProperty("java.io.tmpdir")), 1 << 20, DiskBodyStore.DEFAULT_MAX_BYTES);
                } catch (IOException e) {
                    throw new MailfsException.NoSpace("no temporary directory for large parts (" + e + ")");
                }
            }
            return store;
        }

        synchronized void close() {
            if (store != null) {
                store.close();
                store = null;
            }
        }
    }
}

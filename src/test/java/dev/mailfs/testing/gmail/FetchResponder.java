package dev.mailfs.testing.gmail;

import dev.mailfs.testing.gmail.GmailStore.Message;
import dev.mailfs.testing.gmail.ImapCommand.Atom;
import dev.mailfs.testing.gmail.ImapCommand.BadCommand;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ObjLongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the text of one {@code * n FETCH (...)} answer. Literals are embedded as
 * {@code {n}CRLF} followed by their bytes, each byte one char (ISO-8859-1), so the session writes
 * the whole answer as ISO-8859-1.
 */
final class FetchResponder {

    /** One requested fetch item; for BODY[...] the section (upper case) and partial range. */
    record Item(String name, String section, boolean peek, long offset, long length) {
        boolean isBody() {
            return section != null;
        }

        /** Whether fetching this item marks the message \Seen (RFC 3501 6.4.5). */
        boolean setsSeen() {
            return (isBody() && !peek) || name.equals("RFC822") || name.equals("RFC822.TEXT");
        }

        /** Whether the bytes sent count as message body for {@link GmailServer#bodyBytesSent}. */
        boolean countsAsBody() {
            if (name.equals("RFC822") || name.equals("RFC822.TEXT")) {
                return true;
            }
            if (!isBody()) {
                return false;
            }
            return !(section.endsWith("HEADER") || section.contains("HEADER.FIELDS") || section.endsWith("MIME"));
        }
    }

    private static final Pattern BODY = Pattern.compile("(BODY|BODY\\.PEEK)\\[([^\\]]*)](?:<(\\d+)(?:\\.(\\d+))?>)?",
            Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter INTERNALDATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private final GmailStore store;
    private final ObjLongConsumer<Message> bodyBytesSent;
    private final java.util.function.BooleanSupplier bareLabels;
    private final java.util.function.Supplier<String> leftOutLabel;

    /**
     * @param bareLabels    whether system labels are written bare ({@code \\Inbox}) rather than quoted
     * @param leftOutLabel the label X-GM-LABELS leaves out, the selected folder's when the server is
     *                      set so ({@link GmailServer#setSelectedLabelLeftOut}); null for none
     */
    FetchResponder(GmailStore store, ObjLongConsumer<Message> bodyBytesSent, java.util.function.BooleanSupplier bareLabels,
                   java.util.function.Supplier<String> leftOutLabel) {
        this.bareLabels = bareLabels;
        this.leftOutLabel = leftOutLabel;
        this.store = store;
        this.bodyBytesSent = bodyBytesSent;
    }

    static List<Item> parseItems(Object token) {
        List<Item> items = new ArrayList<>();
        for (Object o : ImapCommand.list(token)) {
            if (!(o instanceof Atom a)) {
                throw new BadCommand("Invalid fetch item");
            }
            String text = a.text();
            String upper = text.toUpperCase(Locale.ROOT);
            switch (upper) {
                case "ALL" -> List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE")
                        .forEach(n -> items.add(new Item(n, null, false, -1, -1)));
                case "FAST" -> List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE")
                        .forEach(n -> items.add(new Item(n, null, false, -1, -1)));
                case "FULL" -> List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY")
                        .forEach(n -> items.add(new Item(n, null, false, -1, -1)));
                case "UID", "FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE", "BODY", "RFC822",
                        "RFC822.HEADER", "RFC822.TEXT", "MODSEQ", "X-GM-MSGID", "X-GM-THRID", "X-GM-LABELS" ->
                        items.add(new Item(upper, null, false, -1, -1));
                default -> {
                    Matcher m = BODY.matcher(text);
                    if (!m.matches()) {
                        throw new BadCommand("Unknown fetch item " + text);
                    }
                    String section = m.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
                    long offset = m.group(3) == null ? -1 : Long.parseLong(m.group(3));
                    long length = m.group(4) == null ? -1 : Long.parseLong(m.group(4));
                    items.add(new Item("BODY", section, m.group(1).length() > 4, offset, length));
                }
            }
        }
        return items;
    }

    /**
     * @param flagsChanged add FLAGS to the answer (RFC 3501: a fetch that set \Seen says so)
     */
    String respond(Message m, int seq, long uid, List<Item> items, boolean uidCommand, boolean withModSeq,
            boolean flagsChanged) {
        List<String> parts = new ArrayList<>();
        boolean hasUid = false;
        boolean hasFlags = false;
        boolean hasModSeq = false;
        for (Item item : items) {
            switch (item.name()) {
                case "UID" -> {
                    parts.add("UID " + uid);
                    hasUid = true;
                }
                case "FLAGS" -> {
                    parts.add("FLAGS " + flags(m));
                    hasFlags = true;
                }
                case "INTERNALDATE" -> parts.add("INTERNALDATE \"" + INTERNALDATE.format(m.internalDate) + "\"");
                case "RFC822.SIZE" -> parts.add("RFC822.SIZE " + m.raw.length);
                case "ENVELOPE" -> parts.add("ENVELOPE " + m.mime.envelope());
                case "BODYSTRUCTURE" -> parts.add("BODYSTRUCTURE " + m.mime.bodyStructure(true));
                case "BODY" -> {
                    if (item.isBody()) {
                        parts.add(body(m, item));
                    } else {
                        parts.add("BODY " + m.mime.bodyStructure(false));
                    }
                }
                case "RFC822" -> parts.add("RFC822 " + literal(m, m.raw, true));
                case "RFC822.HEADER" -> parts.add("RFC822.HEADER " + literal(m, m.mime.section("HEADER"), false));
                case "RFC822.TEXT" -> parts.add("RFC822.TEXT " + literal(m, m.mime.section("TEXT"), true));
                case "MODSEQ" -> {
                    parts.add("MODSEQ (" + m.modseq + ")");
                    hasModSeq = true;
                }
                case "X-GM-MSGID" -> parts.add("X-GM-MSGID " + m.msgId);
                case "X-GM-THRID" -> parts.add("X-GM-THRID " + m.thrId);
                case "X-GM-LABELS" -> parts.add("X-GM-LABELS " + labels(m));
                default -> throw new IllegalStateException(item.name());
            }
        }
        if (flagsChanged && !hasFlags) {
            parts.add("FLAGS " + flags(m));
        }
        if (uidCommand && !hasUid) {
            parts.add("UID " + uid);
        }
        if (withModSeq && !hasModSeq) {
            parts.add("MODSEQ (" + m.modseq + ")");
        }
        return "* " + seq + " FETCH (" + String.join(" ", parts) + ")";
    }

    String flags(Message m) {
        return "(" + String.join(" ", store.flagsOf(m)) + ")";
    }

    String labels(Message m) {
        List<String> out = new ArrayList<>();
        String leftOut = leftOutLabel.get();
        for (String label : store.labelsOf(m)) {
            if (!label.equals(leftOut)) {
                out.add(MailboxNames.label(label, bareLabels.getAsBoolean()));
            }
        }
        return "(" + String.join(" ", out) + ")";
    }

    private String body(Message m, Item item) {
        byte[] bytes = m.mime.section(item.section());
        if (bytes == null) {
            bytes = new byte[0];
        }
        String origin = "";
        if (item.offset() >= 0) {
            int from = (int) Math.min(item.offset(), bytes.length);
            int to = item.length() < 0 ? bytes.length : (int) Math.min(bytes.length, from + item.length());
            bytes = java.util.Arrays.copyOfRange(bytes, from, to);
            origin = "<" + item.offset() + ">";
        }
        return "BODY[" + item.section() + "]" + origin + " " + literal(m, bytes, item.countsAsBody());
    }

    private String literal(Message m, byte[] bytes, boolean countsAsBody) {
        if (countsAsBody) {
            bodyBytesSent.accept(m, bytes.length);
        }
        return "{" + bytes.length + "}\r\n" + new String(bytes, StandardCharsets.ISO_8859_1);
    }
}

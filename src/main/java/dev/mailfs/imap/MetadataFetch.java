package dev.mailfs.imap;

import dev.mailfs.mail.FlagsUpdate;
import dev.mailfs.mail.GmailMeta;
import dev.mailfs.mail.MessageMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.angus.mail.gimap.protocol.GmailProtocol;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.Item;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

/** The listing of a folder: one bulk {@code UID FETCH 1:*}, read as it streams in. */
final class MetadataFetch {
    private static final Logger LOG = Logger.getLogger(MetadataFetch.class.getName());
    static final String ITEMS = "(UID RFC822.SIZE INTERNALDATE FLAGS " + HeaderFields.FETCH_ITEM + ")";
    /** For servers whose RFC822.SIZE is wrong: the whole message too, to count its bytes. */
    static final String MEASURING_ITEMS = "(UID INTERNALDATE FLAGS " + HeaderFields.FETCH_ITEM + " BODY.PEEK[])";
    /** Asked of Gmail besides: its ids and labels (X-GM-EXT-1). */
    private static final String GMAIL_ITEMS = "X-GM-MSGID X-GM-THRID X-GM-LABELS";
    private static final String GMAIL_LABELS = "X-GM-LABELS";

    private MetadataFetch() {
    }

    /**
     * Metadata of every message in the open folder, in UID order.
     *
     * @param measureSizes count each message's bytes instead of trusting RFC822.SIZE (downloads them)
     */
    static List<MessageMeta> all(IMAPProtocol protocol, String folder, boolean measureSizes) throws ProtocolException {
        return of(protocol, folder, "1:*", measureSizes);
    }

    /** Metadata of the messages in {@code uids} (an IMAP UID set), in UID order. */
    static List<MessageMeta> of(IMAPProtocol protocol, String folder, String uids, boolean measureSizes) throws ProtocolException {
        List<MessageMeta> messages = new ArrayList<>();
        String items = measureSizes ? MEASURING_ITEMS : ITEMS;
        ListedAddresses addresses = new ListedAddresses();
        int unreadable = StreamedCommand.run(protocol, "UID FETCH " + uids + " " + withGmailItems(protocol, items),
                fetch -> toMeta(fetch, measureSizes, addresses).ifPresent(messages::add));
        if (unreadable > 0) {
            LOG.warning(folder + ": the server's answer for " + unreadable + " messages could not be parsed; they are not shown");
        }
        messages.sort((a, b) -> Long.compare(a.uid(), b.uid()));
        return messages;
    }

    /** Whether this connection is to Gmail, through Angus's gimap provider, which reads Gmail's items. */
    private static boolean isGmail(IMAPProtocol protocol) {
        return protocol instanceof GmailProtocol;
    }

    /** {@code items} ("(A B)"), with Gmail's ids and labels when the server is Gmail. */
    private static String withGmailItems(IMAPProtocol protocol, String items) {
        return isGmail(protocol) ? items.substring(0, items.length() - 1) + " " + GMAIL_ITEMS + ")" : items;
    }

    /** The flags (and labels) of every message whose flags changed after {@code modSeq} (CONDSTORE, RFC 7162), by UID. */
    static Map<Long, FlagsUpdate> flagsChangedSince(IMAPProtocol protocol, long modSeq) throws ProtocolException {
        return flags(protocol, "UID FETCH 1:* " + labelsToo(protocol) + " (CHANGEDSINCE " + modSeq + ")");
    }

    /** The flags (and labels) of every message, by UID: what a server without CONDSTORE can say of flags changed. */
    static Map<Long, FlagsUpdate> allFlags(IMAPProtocol protocol) throws ProtocolException {
        return flags(protocol, "UID FETCH 1:* " + labelsToo(protocol));
    }

    private static String labelsToo(IMAPProtocol protocol) {
        return isGmail(protocol) ? "(UID FLAGS " + GMAIL_LABELS + ")" : "(UID FLAGS)";
    }

    private static Map<Long, FlagsUpdate> flags(IMAPProtocol protocol, String command) throws ProtocolException {
        Map<Long, FlagsUpdate> flags = new HashMap<>();
        StreamedCommand.run(protocol, command, fetch -> {
            UID uid = fetch.getItem(UID.class);
            FLAGS changed = fetch.getItem(FLAGS.class);
            if (uid != null && changed != null) {
                flags.put(uid.uid, new FlagsUpdate(RawFetch.flagNames(changed), labels(fetch)));
            }
        });
        return flags;
    }

    /** X-GM-LABELS, decoded from modified UTF-7; empty when the answer has none. */
    private static Optional<Set<String>> labels(FetchResponse fetch) {
        Object labels = extensionItems(fetch).get(GMAIL_LABELS);
        if (!(labels instanceof String[] encoded)) {
            return Optional.empty();
        }
        Set<String> decoded = new java.util.HashSet<>();
        for (String label : encoded) {
            if (label != null && !label.isEmpty()) { // older Angus read "X-GM-LABELS ()" as one empty label
                decoded.add(BASE64MailboxDecoder.decode(label));
            }
        }
        return Optional.of(decoded);
    }

    /** Gmail's items in the answer; none (not even an empty map, from Angus) when the server is not Gmail. */
    private static Map<String, Object> extensionItems(FetchResponse fetch) {
        Map<String, Object> items = fetch.getExtensionItems();
        return items == null ? Map.of() : items;
    }

    private static Optional<GmailMeta> gmail(FetchResponse fetch) {
        Map<String, Object> items = extensionItems(fetch);
        if (!(items.get("X-GM-MSGID") instanceof Long messageId) || !(items.get("X-GM-THRID") instanceof Long threadId)) {
            return Optional.empty();
        }
        return Optional.of(new GmailMeta(messageId, threadId, labels(fetch).orElse(Set.of())));
    }

    /** Empty for an unsolicited update (a flag change elsewhere), which is not one of our answers. */
    static Optional<MessageMeta> toMeta(FetchResponse fetch, boolean measureSizes, ListedAddresses addresses) {
        UID uid = fetch.getItem(UID.class);
        INTERNALDATE internalDate = fetch.getItem(INTERNALDATE.class);
        byte[] header = null;
        long size = -1;
        for (int i = 0; i < fetch.getItemCount(); i++) {
            Item item = fetch.getItem(i);
            if (item instanceof BODY body) {
                if (String.valueOf(body.getSection()).toUpperCase(Locale.ROOT).startsWith("HEADER")) {
                    header = bytes(body);
                } else if (measureSizes) {
                    size = body.getByteArray() == null ? 0 : body.getByteArray().getCount();
                }
            } else if (item instanceof RFC822SIZE reported && !measureSizes) {
                size = reported.size;
            }
        }
        if (uid == null || internalDate == null || header == null || size < 0) {
            return Optional.empty();
        }
        HeaderFields fields = HeaderFields.parse(header);
        return Optional.of(new MessageMeta(
                uid.uid,
                size,
                internalDate.getDate().toInstant(),
                fields.date(),
                fields.subject(),
                addresses.from(fields),
                addresses.to(fields),
                fields.messageId(),
                RawFetch.flagNames(fetch.getItem(FLAGS.class)),
                gmail(fetch)));
    }

    private static byte[] bytes(BODY body) {
        ByteArray bytes = body.getByteArray();
        return bytes == null ? new byte[0] : bytes.getNewBytes();
    }
}

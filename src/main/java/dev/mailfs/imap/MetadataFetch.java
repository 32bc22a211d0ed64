package dev.mailfs.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.HashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
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
        int unreadable = StreamedCommand.run(protocol, "UID FETCH " + uids + " " + (measureSizes ? MEASURING_ITEMS : ITEMS),
                fetch -> toMeta(fetch, measureSizes).ifPresent(messages::add));
        if (unreadable > 0) {
            LOG.warning(folder + ": the server's answer for " + unreadable + " messages could not be parsed; they are not shown");
        }
        messages.sort((a, b) -> Long.compare(a.uid(), b.uid()));
        return messages;
    }

    /** The flags of every message whose flags changed after {@code modSeq} (CONDSTORE, RFC 7162), by UID. */
    static Map<Long, Set<String>> flagsChangedSince(IMAPProtocol protocol, long modSeq) throws ProtocolException {
        return flags(protocol, "UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE " + modSeq + ")");
    }

    /** The flags of every message, by UID: what a server without CONDSTORE can say of flags changed. */
    static Map<Long, Set<String>> allFlags(IMAPProtocol protocol) throws ProtocolException {
        return flags(protocol, "UID FETCH 1:* (UID FLAGS)");
    }

    private static Map<Long, Set<String>> flags(IMAPProtocol protocol, String command) throws ProtocolException {
        Map<Long, Set<String>> flags = new HashMap<>();
        StreamedCommand.run(protocol, command, fetch -> {
            UID uid = fetch.getItem(UID.class);
            FLAGS changed = fetch.getItem(FLAGS.class);
            if (uid != null && changed != null) {
                flags.put(uid.uid, RawFetch.flagNames(changed));
            }
        });
        return flags;
    }

    /** Empty for an unsolicited update (a flag change elsewhere), which is not one of our answers. */
    static Optional<MessageMeta> toMeta(FetchResponse fetch, boolean measureSizes) {
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
                fields.from(),
                fields.to(),
                fields.messageId(),
                RawFetch.flagNames(fetch.getItem(FLAGS.class))));
    }

    private static byte[] bytes(BODY body) {
        ByteArray bytes = body.getByteArray();
        return bytes == null ? new byte[0] : bytes.getNewBytes();
    }
}

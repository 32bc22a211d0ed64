package dev.mailfs.vfs;

import dev.mailfs.mail.MessageMeta;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The extended attributes of a message's file and directory: what its name does not say.
 * {@code user.mail.flags}, and on Gmail {@code user.mail.labels}, can be written.
 */
final class MessageAttributes {
    static final String NAMESPACE = "user.";
    static final String PREFIX = NAMESPACE + "mail.";
    static final String FLAGS = PREFIX + "flags";
    static final String LABELS = PREFIX + "labels";
    static final String THREAD_ID = PREFIX + "thread-id";

    private MessageAttributes() {
    }

    static Map<String, byte[]> of(MessageMeta message) {
        Map<String, byte[]> attributes = new LinkedHashMap<>();
        attributes.put(PREFIX + "from", utf8(message.from()));
        attributes.put(PREFIX + "to", utf8(message.to()));
        attributes.put(PREFIX + "subject", utf8(message.subject()));
        attributes.put(PREFIX + "date", utf8(message.sentDate().orElse(message.internalDate()).toString()));
        attributes.put(PREFIX + "message-id", utf8(message.messageId()));
        attributes.put(FLAGS, utf8(String.join(" ", new TreeSet<>(message.flags()))));
        return attributes;
    }

    /** Those of a Gmail message seen in {@code folder}, with its labels and X-GM-THRID besides. */
    static Map<String, byte[]> of(MessageMeta message, String folder, GmailLabels gmail) {
        Map<String, byte[]> attributes = of(message);
        message.gmail().ifPresent(ids -> {
            attributes.put(LABELS, GmailLabels.format(gmail.labelsOf(ids, folder)));
            attributes.put(THREAD_ID, utf8(Long.toUnsignedString(ids.threadId())));
        });
        return attributes;
    }

    /** "\Seen \Flagged" (or comma separated) to a set of flag names. */
    static Set<String> parseFlags(byte[] value) {
        Set<String> flags = new TreeSet<>();
        for (String flag : new String(value, StandardCharsets.UTF_8).split("[\\s,]+")) {
            if (!flag.isEmpty()) {
                flags.add(flag);
            }
        }
        return flags;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}

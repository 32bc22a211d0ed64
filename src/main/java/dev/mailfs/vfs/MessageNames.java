package dev.mailfs.vfs;

import dev.mailfs.mail.MessageMeta;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Names messages "2024-03-01 14.32 Subject (a1b2c3d4).eml": the date sorts, the subject reads, and
 * the id, a hash of the Message-ID (on Gmail the X-GM-MSGID in hex, as Gmail's web addresses show
 * it), keeps the name unique and the same in every folder. Names
 * depend only on the message itself, so flag changes never rename; true duplicates (same id, date
 * and subject) but the first (in UID order) get " u" and their UID after the id, and keep the name while
 * the mount lasts.
 */
public final class MessageNames {
    public static final String EXTENSION = ".eml";
    static final String NO_SUBJECT = "(no subject)";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH.mm");
    /** Finding a provider costs as much as the hash of a Message-ID, and a listing hashes every one. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(MessageNames::sha256);

    private final ZoneId zone;

    public MessageNames(ZoneId zone) {
        this.zone = zone;
    }

    /** Every message's file name, keyed by name, in name order. */
    public TreeMap<String, MessageMeta> nameAll(Collection<MessageMeta> messages) {
        return nameAll(messages, Map.of());
    }

    /**
     * Every message's file name, keyed by name, in name order. A duplicate named before (by UID,
     * see {@link #isDuplicateName}) keeps its name, so that deleting one of them renames none of
     * the others while the mount lasts.
     */
    public TreeMap<String, MessageMeta> nameAll(Collection<MessageMeta> messages, Map<Long, String> duplicatesNamedBefore) {
        return nameAll(messages, duplicatesNamedBefore, message -> null);
    }

    /**
     * The same, where {@code unchanged} gives the name of a message listed before exactly as it is
     * now (else null): it keeps it without being named again (naming is most of a listing's cost).
     */
    public TreeMap<String, MessageMeta> nameAll(Collection<MessageMeta> messages, Map<Long, String> duplicatesNamedBefore,
                                                Function<MessageMeta, String> unchanged) {
        List<MessageMeta> byUid = new ArrayList<>(messages);
        byUid.sort((a, b) -> Long.compare(a.uid(), b.uid()));
        Map<String, MessageMeta> named = new HashMap<>(); // sorted once at the end: cheaper than a tree all along
        List<MessageMeta> toName = new ArrayList<>();
        for (MessageMeta message : byUid) {
            String kept = unchanged.apply(message);
            if (kept != null && !named.containsKey(kept)) {
                named.put(kept, message);
                continue;
            }
            String before = duplicatesNamedBefore.get(message.uid());
            if (before != null && before.equals(name(message, " u" + message.uid())) && !named.containsKey(before)) {
                named.put(before, message);
            } else {
                toName.add(message);
            }
        }
        // Naming is most of a listing's work once the server has answered: both cores do it.
        List<String> plainNames = toName.parallelStream().map(message -> name(message, "")).toList();
        for (int i = 0; i < toName.size(); i++) {
            MessageMeta message = toName.get(i);
            String name = plainNames.get(i);
            if (named.containsKey(name)) {
                name = name(message, " u" + message.uid());
            }
            // The same UID twice: a search folder's messages come from several folders.
            for (int n = 2; named.containsKey(name); n++) {
                name = name(message, " u" + message.uid() + " " + n);
            }
            named.put(name, message);
        }
        return new TreeMap<>(named);
    }

    /** The name (or path) of a message's directory, from its file's ("X.eml" → "X"); a directory's as it is. */
    static String directoryName(String name) {
        return name.endsWith(EXTENSION) ? name.substring(0, name.length() - EXTENSION.length()) : name;
    }

    /** Whether {@code name} is a duplicate's, with " u" and its UID after the id: "… (a1b2c3d4 u42).eml". */
    static boolean isDuplicateName(String name) {
        int open = name.lastIndexOf('(');
        return open >= 0 && name.indexOf(" u", open) > 0;
    }

    private String name(MessageMeta message, String suffix) {
        String date = DATE.format(message.sentDate().orElse(message.internalDate()).atZone(zone));
        return compose(date, message.subject(), shortId(message) + suffix);
    }

    private static String compose(String date, String subject, String id) {
        String fixed = date + "  (" + id + ")" + EXTENSION;
        int budget = SafeNames.MAX_NAME_BYTES - SafeNames.utf8Length(fixed);
        String safeSubject = SafeNames.sanitize(subject, NO_SUBJECT, budget);
        return date + " " + safeSubject + " (" + id + ")" + EXTENSION;
    }

    /**
     * On Gmail the X-GM-MSGID in hex; elsewhere eight hex digits of SHA-256 over the Message-ID, or
     * over what identifies a message without one.
     */
    static String shortId(MessageMeta message) {
        if (message.gmail().isPresent()) {
            return Long.toHexString(message.gmail().get().messageId());
        }
        String identity = !message.messageId().isEmpty()
                ? message.messageId()
                : message.sentDate().orElse(message.internalDate()) + "\n" + message.from() + "\n" + message.subject() + "\n" + message.size();
        byte[] digest = SHA_256.get().digest(identity.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 4);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

package dev.mailfs.testing;

import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.GmailMeta;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.SearchQuery;
import dev.mailfs.testing.gmail.MimeTree;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One message {@link InMemoryMailSource} holds: its bytes (or bytes made from their position, for a
 * message too large to hold), what a listing says of it, its flags and, on Gmail, its labels. Each
 * folder that shows it numbers it with a UID of its own. Guarded by the source's monitor.
 */
final class StoredMessage {
    /** Where a message is on Gmail: in the folders of its labels and All Mail, or alone in Trash or Spam. */
    enum Place { LABELLED, TRASH, SPAM }

    /** Null for a generated message. */
    private final byte[] raw;
    private final long generatedSize;
    /** What makes a generated message's bytes differ from another's. */
    private final long seed;
    /** What a listing says of it but its UID, flags and labels. */
    private final MessageMeta described;
    private Set<String> flags;
    /** Null unless the source is in Gmail's labels mode. */
    private GmailMeta gmail;
    Place place = Place.LABELLED;
    /** What a test says the server answers, whatever the bytes hold; "" is the whole message. */
    private final Map<String, byte[]> givenSections = new HashMap<>();
    private BodyPart givenStructure;
    private MimeTree tree;

    private StoredMessage(byte[] raw, long generatedSize, long seed, MessageMeta described) {
        this.raw = raw;
        this.generatedSize = generatedSize;
        this.seed = seed;
        this.described = described;
        this.flags = described.flags();
        this.gmail = described.gmail().orElse(null);
    }

    static StoredMessage of(byte[] raw, MessageMeta described) {
        if (described.size() != raw.length) {
            throw new IllegalArgumentException("a listing tells a message's size: " + described.size() + " for " + raw.length + " bytes");
        }
        return new StoredMessage(raw.clone(), 0, 0, described);
    }

    static StoredMessage generated(long seed, MessageMeta described) {
        return new StoredMessage(null, described.size(), seed, described);
    }

    /** The listing's entry for it in a folder, without the label {@code leftOut} when Gmail leaves the folder's own out. */
    MessageMeta meta(long uid, Optional<String> leftOut) {
        Optional<GmailMeta> labelled = Optional.ofNullable(gmail).map(ids -> leftOut.isEmpty() ? ids
                : ids.withLabels(ids.labels().stream().filter(label -> !label.equals(leftOut.get())).collect(Collectors.toSet())));
        return new MessageMeta(uid, size(), described.internalDate(), described.sentDate(), described.subject(), described.from(),
                described.to(), described.messageId(), flags, labelled);
    }

    long size() {
        byte[] whole = givenSections.get("");
        return whole != null ? whole.length : raw != null ? raw.length : generatedSize;
    }

    byte[] read(long offset, int length) {
        byte[] whole = givenSections.getOrDefault("", raw);
        if (whole == null) {
            return InMemoryMailSource.generatedBytes(seed, offset, (int) Math.max(0, Math.min(length, generatedSize - offset)));
        }
        return Arrays.copyOfRange(whole, (int) Math.min(offset, whole.length), (int) Math.min(whole.length, offset + length));
    }

    /** As BODYSTRUCTURE describes it; a generated message is one text/plain part. */
    BodyPart structure() {
        if (givenStructure != null) {
            return givenStructure;
        }
        if (raw == null) {
            return new BodyPart("1", "text", "plain", Map.of(), "", Map.of(), "7bit", generatedSize, List.of(), "");
        }
        return tree().structure();
    }

    /** BODY[section], empty when there is no such section (as Dovecot answers). */
    byte[] section(String section) {
        byte[] given = givenSections.get(section);
        if (given != null) {
            return given.clone();
        }
        if (section.isEmpty() || raw == null && section.equals("1")) {
            return read(0, (int) size());
        }
        byte[] bytes = raw == null ? null : tree().section(section);
        return bytes == null ? new byte[0] : bytes;
    }

    void give(String section, byte[] bytes) {
        givenSections.put(section, bytes.clone());
    }

    void give(BodyPart structure) {
        givenStructure = structure;
    }

    Set<String> flags() {
        return flags;
    }

    void flags(Set<String> newFlags) {
        flags = Set.copyOf(newFlags);
    }

    boolean hasLabels() {
        return gmail != null;
    }

    void gmail(GmailMeta ids) {
        gmail = ids;
    }

    Set<String> labels() {
        return gmail.labels();
    }

    void labels(Set<String> newLabels) {
        gmail = gmail.withLabels(newLabels);
    }

    /** Labelling a message in Trash or Spam restores it, as on Gmail. */
    void addLabel(String label) {
        Set<String> labels = new HashSet<>(gmail.labels());
        labels.add(label);
        labels(labels);
        place = Place.LABELLED;
    }

    void removeLabel(String label) {
        Set<String> labels = new HashSet<>(gmail.labels());
        labels.remove(label);
        labels(labels);
    }

    /** Whether the message matches every term of the query, as the server's SEARCH would find it. */
    boolean matches(SearchQuery query) {
        return query.terms().stream().allMatch(term -> term.negated() != matches(term));
    }

    private boolean matches(SearchQuery.Term term) {
        return switch (term.key()) {
            case FROM -> contains(described.from(), term.value());
            case TO -> contains(described.to(), term.value());
            case SUBJECT -> contains(described.subject(), term.value());
            case TEXT -> contains(String.join("\n", described.subject(), described.from(), described.to(),
                    raw == null ? "" : new String(raw, StandardCharsets.UTF_8)), term.value());
            case SINCE -> !day().isBefore(term.date());
            case BEFORE -> day().isBefore(term.date());
            case UNREAD -> !flags.contains("\\Seen");
            case READ -> flags.contains("\\Seen");
            case FLAGGED -> flags.contains("\\Flagged");
            case ATTACHMENT -> structure().mimeType().equals("multipart/mixed");
        };
    }

    private LocalDate day() {
        return described.internalDate().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static boolean contains(String text, String value) {
        return text.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
    }

    private MimeTree tree() {
        if (tree == null) {
            tree = new MimeTree(raw);
        }
        return tree;
    }
}

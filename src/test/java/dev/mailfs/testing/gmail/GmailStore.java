package dev.mailfs.testing.gmail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The mailbox: one store of messages, each with its labels, and every folder a view of it.
 *
 * <p>A folder's view is recomputed after every change; a message that enters a view gets that
 * folder's next UID, one that leaves loses its UID, and one that comes back gets a new one. All
 * state is guarded by this object's monitor; listeners are told of changes after it is released,
 * so a session may take its own lock and then this one, never the other way round.
 */
final class GmailStore {

    static final String INBOX = "\\Inbox";
    static final String SENT = "\\Sent";
    static final String DRAFT = "\\Draft";
    static final String IMPORTANT = "\\Important";
    static final String STARRED = "\\Starred";
    private static final List<String> SYSTEM_LABELS = List.of(INBOX, SENT, DRAFT, IMPORTANT, STARRED);
    private static final List<String> SYSTEM_FLAGS = List.of("\\Answered", "\\Flagged", "\\Draft", "\\Deleted", "\\Seen");
    static final long FIRST_MSGID = 1_700_000_000_000_000_000L;

    enum Place { NORMAL, TRASH, SPAM }

    enum Kind {
        INBOX(GmailStore.INBOX, null), LABEL(null, null), ALL(null, "\\All"), DRAFTS(DRAFT, "\\Drafts"),
        IMPORTANT(GmailStore.IMPORTANT, "\\Important"), SENT(GmailStore.SENT, "\\Sent"), SPAM(null, "\\Junk"),
        STARRED(GmailStore.STARRED, "\\Flagged"), TRASH(null, "\\Trash");

        final String label;
        final String specialUse;

        Kind(String label, String specialUse) {
            this.label = label;
            this.specialUse = specialUse;
        }
    }

    static final class Message {
        final long msgId;
        final long thrId;
        final byte[] raw;
        final Instant internalDate;
        final MimeTree mime;
        final String messageIdHeader;
        Place place = Place.NORMAL;
        final LinkedHashSet<String> labels = new LinkedHashSet<>(); // includes \Starred for \Flagged
        final Set<String> flags = new TreeSet<>(); // everything but \Flagged and \Recent
        long modseq;
        boolean deleted; // gone for good

        Message(long msgId, long thrId, byte[] raw, Instant internalDate, MimeTree mime, String messageIdHeader) {
            this.msgId = msgId;
            this.thrId = thrId;
            this.raw = raw;
            this.internalDate = internalDate;
            this.mime = mime;
            this.messageIdHeader = messageIdHeader;
        }
    }

    static final class Folder {
        String name;
        final Kind kind;
        String label; // the label this folder shows, null for All Mail, Trash, Spam
        final long uidValidity;
        long uidNext = 1;
        final TreeMap<Long, Message> byUid = new TreeMap<>();
        final Map<Message, Long> uidOf = new HashMap<>();

        Folder(String name, Kind kind, String label, long uidValidity) {
            this.name = name;
            this.kind = kind;
            this.label = label;
            this.uidValidity = uidValidity;
        }

        boolean shows(Message m) {
            if (m.deleted) {
                return false;
            }
            return switch (kind) {
                case TRASH -> m.place == Place.TRASH;
                case SPAM -> m.place == Place.SPAM;
                case ALL -> m.place == Place.NORMAL;
                default -> m.place == Place.NORMAL && m.labels.contains(label);
            };
        }

        boolean isSystem() {
            return kind != Kind.LABEL;
        }
    }

    private final SystemFolders names;
    private final Map<String, Folder> folders = new LinkedHashMap<>();
    private final List<Message> messages = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long nextMsgId = FIRST_MSGID;
    private long modseq = 1;
    private long nextUidValidity = 1;
    GmailServer.LastFolderExpunge lastFolderExpunge = GmailServer.LastFolderExpunge.ARCHIVE;

    GmailStore(SystemFolders names) {
        this.names = names;
        addFolder("INBOX", Kind.INBOX, INBOX);
        addFolder(names.allMail(), Kind.ALL, null);
        addFolder(names.drafts(), Kind.DRAFTS, DRAFT);
        addFolder(names.important(), Kind.IMPORTANT, IMPORTANT);
        addFolder(names.sentMail(), Kind.SENT, SENT);
        addFolder(names.spam(), Kind.SPAM, null);
        addFolder(names.starred(), Kind.STARRED, STARRED);
        addFolder(names.trash(), Kind.TRASH, null);
    }

    SystemFolders names() {
        return names;
    }

    private Folder addFolder(String name, Kind kind, String label) {
        if (name == null) {
            return null; // hidden from IMAP
        }
        Folder folder = new Folder(name, kind, label, nextUidValidity++);
        folders.put(name, folder);
        return folder;
    }

    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Runs a change under the lock, refreshes every view, then tells the listeners. */
    <T> T change(Supplier<T> action) {
        T result;
        synchronized (this) {
            result = action.get();
            refresh();
        }
        listeners.forEach(Runnable::run);
        return result;
    }

    void change(Runnable action) {
        change(() -> {
            action.run();
            return null;
        });
    }

    private void refresh() {
        for (Folder folder : folders.values()) {
            folder.uidOf.entrySet().removeIf(e -> {
                if (!folder.shows(e.getKey())) {
                    folder.byUid.remove(e.getValue());
                    return true;
                }
                return false;
            });
            for (Message m : messages) {
                if (!folder.uidOf.containsKey(m) && folder.shows(m)) {
                    long uid = folder.uidNext++;
                    folder.uidOf.put(m, uid);
                    folder.byUid.put(uid, m);
                }
            }
        }
        messages.removeIf(m -> m.deleted);
    }

    // ---------------------------------------------------------------- lookups (hold the lock)

    synchronized Folder folder(String name) {
        if (name.equalsIgnoreCase("INBOX")) {
            return folders.get("INBOX");
        }
        return folders.get(name);
    }

    synchronized Folder folderOfKind(Kind kind) {
        return folders.values().stream().filter(f -> f.kind == kind).findFirst().orElseThrow();
    }

    synchronized List<Folder> folders() {
        return new ArrayList<>(folders.values());
    }

    synchronized Message byMsgId(long msgId) {
        return messages.stream().filter(m -> m.msgId == msgId).findFirst().orElse(null);
    }

    synchronized List<Message> messages() {
        return new ArrayList<>(messages);
    }

    synchronized long highestModSeq() {
        return modseq;
    }

    /** A view's messages by UID, copied under the lock. */
    synchronized TreeMap<Long, Message> view(Folder folder) {
        return new TreeMap<>(folder.byUid);
    }

    synchronized Long uidIn(Folder folder, Message m) {
        return folder.uidOf.get(m);
    }

    synchronized List<String> flagsOf(Message m) {
        List<String> out = new ArrayList<>();
        for (String f : SYSTEM_FLAGS) {
            if (f.equals("\\Flagged") ? m.labels.contains(STARRED) : m.flags.contains(f)) {
                out.add(f);
            }
        }
        m.flags.stream().filter(f -> !f.startsWith("\\")).forEach(out::add);
        return out;
    }

    synchronized List<String> labelsOf(Message m) {
        return new ArrayList<>(m.labels);
    }

    synchronized Set<String> keywordsInUse() {
        Set<String> out = new TreeSet<>();
        messages.forEach(m -> m.flags.stream().filter(f -> !f.startsWith("\\")).forEach(out::add));
        return out;
    }

    // ---------------------------------------------------------------- changes (call inside change())

    Message deliver(byte[] raw, Instant internalDate, Collection<String> labels, Collection<String> flags, Place place) {
        byte[] crlf = toCrlf(raw);
        MimeTree mime = new MimeTree(crlf);
        String messageId = mime.root.header("Message-ID");
        long msgId = nextMsgId;
        long before = modseq;
        // Gmail's ids grow with time, not by one; any increasing 64-bit number will do.
        nextMsgId += 1_048_573L;
        Message m = new Message(msgId, threadOf(mime, msgId), crlf, internalDate, mime, messageId);
        m.place = place;
        messages.add(m);
        if (place == Place.NORMAL) {
            addLabels(m, labels);
        }
        setFlags(m, StoreMode.ADD, flags);
        modseq = before;
        m.modseq = ++modseq; // one change, however many labels and flags it came with
        return m;
    }

    private long threadOf(MimeTree mime, long ownId) {
        List<String> parents = new ArrayList<>();
        String references = mime.root.header("References");
        if (references != null) {
            parents.addAll(List.of(references.trim().split("\\s+")));
        }
        String inReplyTo = mime.root.header("In-Reply-To");
        if (inReplyTo != null) {
            parents.add(inReplyTo.trim());
        }
        for (String parent : parents) {
            Message found = byMessageId(parent);
            if (found != null) {
                return found.thrId;
            }
        }
        return ownId;
    }

    /** The message (not deleted for good) with the Message-ID of {@code raw}; null when none, or it has none. */
    Message sameMessageId(byte[] raw) {
        String messageId = new MimeTree(toCrlf(raw)).root.header("Message-ID");
        return messageId == null ? null : byMessageId(messageId);
    }

    Message byMessageId(String header) {
        String wanted = normaliseMessageId(header);
        for (Message m : messages) {
            if (!m.deleted && m.messageIdHeader != null && normaliseMessageId(m.messageIdHeader).equals(wanted)) {
                return m;
            }
        }
        return null;
    }

    static String normaliseMessageId(String id) {
        String s = id.trim();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        return s.trim();
    }

    private static byte[] toCrlf(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        if (!s.contains("\n") || !s.replace("\r\n", "").contains("\n")) {
            return raw;
        }
        return s.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    void touch(Message m) {
        m.modseq = ++modseq;
    }

    enum StoreMode { REPLACE, ADD, REMOVE }

    /** Sets flags the IMAP way; \Flagged is the \Starred label. Returns true if anything changed. */
    boolean setFlags(Message m, StoreMode mode, Collection<String> given) {
        List<String> before = flagsOf(m);
        Set<String> wanted = new LinkedHashSet<>();
        for (String f : given) {
            wanted.add(canonicalFlag(f));
        }
        wanted.remove("\\Recent");
        if (mode == StoreMode.REPLACE) {
            m.flags.clear();
            m.labels.remove(STARRED);
        }
        for (String f : wanted) {
            boolean add = mode != StoreMode.REMOVE;
            if (f.equals("\\Flagged")) {
                if (add) {
                    m.labels.add(STARRED);
                } else {
                    m.labels.remove(STARRED);
                }
            } else if (add) {
                m.flags.add(f);
            } else {
                m.flags.remove(f);
            }
        }
        if (m.place != Place.NORMAL) {
            m.labels.remove(STARRED);
        }
        boolean changed = !before.equals(flagsOf(m));
        if (changed) {
            touch(m);
        }
        return changed;
    }

    static String canonicalFlag(String f) {
        for (String s : SYSTEM_FLAGS) {
            if (s.equalsIgnoreCase(f)) {
                return s;
            }
        }
        return f.equalsIgnoreCase("\\Recent") ? "\\Recent" : f;
    }

    /** Gmail's spelling of a label given by a client: system labels are case-insensitive. */
    static String canonicalLabel(String label) {
        for (String s : SYSTEM_LABELS) {
            if (s.equalsIgnoreCase(label)) {
                return s;
            }
        }
        return label;
    }

    boolean addLabels(Message m, Collection<String> labels) {
        boolean changed = false;
        for (String given : labels) {
            String label = canonicalLabel(given);
            if (!label.startsWith("\\")) {
                ensureLabelFolder(label);
            }
            if (m.place != Place.NORMAL) {
                m.place = Place.NORMAL; // labelling a message in Trash or Spam restores it
                changed = true;
            }
            changed |= m.labels.add(label);
        }
        if (changed) {
            touch(m);
        }
        return changed;
    }

    boolean removeLabels(Message m, Collection<String> labels) {
        boolean changed = false;
        for (String given : labels) {
            changed |= m.labels.remove(canonicalLabel(given));
        }
        if (changed) {
            touch(m);
        }
        return changed;
    }

    /** Creates a user label's folder (and its parents, as Gmail shows nested labels). */
    Folder ensureLabelFolder(String label) {
        Folder existing = folder(label);
        if (existing != null) {
            return existing;
        }
        int slash = label.lastIndexOf('/');
        if (slash > 0) {
            ensureLabelFolder(label.substring(0, slash));
        }
        return addFolder(label, Kind.LABEL, label);
    }

    void toTrash(Message m, Place place) {
        m.place = place;
        m.labels.clear();
        touch(m);
    }

    void deleteForever(Message m) {
        m.deleted = true;
        touch(m);
    }

    /** COPY (and the first half of MOVE) into a folder, as Gmail maps it onto labels. */
    void copyInto(Message m, Folder target) {
        switch (target.kind) {
            case TRASH -> toTrash(m, Place.TRASH);
            case SPAM -> toTrash(m, Place.SPAM);
            case ALL -> {
                if (m.place != Place.NORMAL) {
                    m.place = Place.NORMAL;
                    touch(m);
                }
            }
            default -> addLabels(m, List.of(target.label));
        }
    }

    /** The second half of MOVE: the message leaves the source folder. */
    void leave(Message m, Folder source) {
        if (source.label != null && m.place == Place.NORMAL) {
            removeLabels(m, List.of(source.label));
        }
    }

    /**
     * \Deleted + EXPUNGE in a folder: a label folder loses its label (INBOX archives), Trash and
     * Spam delete for good, and a message left in no visible folder (or expunged from All Mail)
     * gets the "last visible folder" treatment.
     */
    void expunge(Message m, Folder from) {
        switch (from.kind) {
            case TRASH, SPAM -> {
                deleteForever(m);
                return;
            }
            case ALL -> lastVisibleFolder(m);
            default -> {
                removeLabels(m, List.of(from.label));
                if (m.labels.isEmpty()) {
                    lastVisibleFolder(m);
                }
            }
        }
        if (!m.deleted && m.flags.remove("\\Deleted")) {
            touch(m);
        }
    }

    private void lastVisibleFolder(Message m) {
        switch (lastFolderExpunge) {
            case ARCHIVE -> { }
            case TRASH -> toTrash(m, Place.TRASH);
            case DELETE_FOREVER -> deleteForever(m);
        }
    }

    void deleteLabel(Folder folder) {
        for (Message m : messages) {
            removeLabels(m, List.of(folder.label));
        }
        folders.remove(folder.name);
        folder.byUid.clear();
        folder.uidOf.clear();
    }

    void renameLabel(Folder folder, String newName) {
        List<Folder> affected = new ArrayList<>();
        for (Folder f : folders.values()) {
            if (f.kind == Kind.LABEL && (f == folder || f.name.startsWith(folder.name + "/"))) {
                affected.add(f);
            }
        }
        int slash = newName.lastIndexOf('/');
        if (slash > 0) {
            ensureLabelFolder(newName.substring(0, slash));
        }
        String oldName = folder.name;
        for (Folder f : affected) {
            String renamed = newName + f.name.substring(oldName.length());
            folders.remove(f.name);
            for (Message m : messages) {
                if (m.labels.remove(f.label)) {
                    m.labels.add(renamed);
                    touch(m);
                }
            }
            f.name = renamed;
            f.label = renamed;
            folders.put(renamed, f);
        }
    }

    Folder createLabel(String name) {
        return ensureLabelFolder(name);
    }

}

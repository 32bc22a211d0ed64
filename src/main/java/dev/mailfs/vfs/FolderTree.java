package dev.mailfs.vfs;

import dev.mailfs.mail.FolderInfo;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The directory tree that the server's folders make: each folder name is split at its hierarchy
 * delimiter, each part made a safe directory name. Parents the server does not list, and \Noselect
 * folders, are directories that hold only other directories. Where the user's own folders live
 * under a prefix ("INBOX." on Cyrus and Courier) they show at the top without it, as mail programs
 * show them: "INBOX.Trash" is /Trash, and INBOX itself /INBOX.
 */
public final class FolderTree {

    /** One directory: a mailbox ({@code serverName} present and selectable) or only a parent of others. */
    public static final class Node {
        private final Optional<String> serverName;
        private final boolean selectable;
        private final Map<String, Node> children = new TreeMap<>();

        private Node(Optional<String> serverName, boolean selectable) {
            this.serverName = serverName;
            this.selectable = selectable;
        }

        /** The mailbox to SELECT, when this directory holds messages. */
        public Optional<String> mailbox() {
            return selectable ? serverName : Optional.empty();
        }

        public Map<String, Node> children() {
            return Collections.unmodifiableMap(children);
        }

        /** The server's name for this directory; empty for the root. */
        public Optional<String> serverName() {
            return serverName;
        }

        /** Whether this is the top of the mount. */
        public boolean isRoot() {
            return serverName.isEmpty();
        }
    }

    private final Node root = new Node(Optional.empty(), false);
    private final List<FolderInfo> source;
    private final String personalPrefix;
    private final GmailLabels labels;

    public FolderTree(List<FolderInfo> folders) {
        this(folders, "");
    }

    /** @param personalPrefix the prefix of the user's own folders (see {@code MailSource.personalPrefix}) */
    public FolderTree(List<FolderInfo> folders, String personalPrefix) {
        this.source = folders;
        this.personalPrefix = personalPrefix;
        this.labels = new GmailLabels(folders);
        // Shorter names first, so that a listed parent is placed before its children; then by name,
        // so that which of two clashing names gets " (2)" does not depend on the server's order.
        folders.stream()
                .sorted(java.util.Comparator.comparingInt((FolderInfo f) -> f.fullName().length()).thenComparing(FolderInfo::fullName))
                .forEach(this::add);
    }

    /** Which folder stands for which label, on Gmail. */
    GmailLabels labels() {
        return labels;
    }

    /** The hierarchy delimiter that new folder names are built with. */
    public char delimiter() {
        return source.stream().map(FolderInfo::delimiter).filter(d -> d != 0).findFirst().orElse('/');
    }

    /** The prefix of the user's own folders, which the top of the mount leaves out; "" on most servers. */
    public String personalPrefix() {
        return personalPrefix;
    }

    /** The folder list this tree was built from. */
    public List<FolderInfo> source() {
        return source;
    }

    public Node root() {
        return root;
    }

    /** The directory at these path components, if there is one. */
    public Optional<Node> find(List<String> components) {
        Node node = root;
        for (String component : components) {
            node = node.children.get(component);
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    private void add(FolderInfo folder) {
        String name = folder.fullName();
        boolean personal = !personalPrefix.isEmpty() && name.startsWith(personalPrefix) && name.length() > personalPrefix.length();
        String shown = personal ? name.substring(personalPrefix.length()) : name;
        List<String> parts = folder.delimiter() == 0
                ? List.of(shown)
                : List.of(shown.split(java.util.regex.Pattern.quote(String.valueOf(folder.delimiter())), -1));
        Node node = root;
        StringBuilder serverPath = new StringBuilder(personal ? personalPrefix : "");
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                serverPath.append(folder.delimiter());
            }
            serverPath.append(parts.get(i));
            boolean last = i == parts.size() - 1;
            node = childFor(node, parts.get(i), serverPath.toString(), last ? folder : null);
        }
    }

    /** The child for one server name part, created if need be; a safe name that is taken gets " (2)". */
    private static Node childFor(Node parent, String part, String serverPath, FolderInfo listed) {
        String base = SafeNames.sanitize(part, "_");
        for (int n = 1; ; n++) {
            String name = n == 1 ? base : base + " (" + n + ")";
            Node existing = parent.children.get(name);
            if (existing == null) {
                Node created = listed == null
                        ? new Node(Optional.of(serverPath), false)
                        : new Node(Optional.of(serverPath), listed.selectable());
                parent.children.put(name, created);
                return created;
            }
            if (existing.serverName.equals(Optional.of(serverPath))) {
                return existing;
            }
        }
    }
}

package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a path into the node it names. The top of the mount holds the account's folders, and
 * beside them /.mailfs (mailfs's status) and /.search (the search folders); a folder holds its
 * subfolders and, per message, "X.eml" and "X/"; a message's directory its parts, and an enclosed
 * message's directory its own. Resolving asks for nothing a listing has not already brought,
 * except inside a message's directory, whose contents need its structure.
 */
final class PathResolver {
    private final MountedAccount account;
    private final SearchFolders searches;
    private final StatusFile status;
    private final IncomingFiles incoming;

    PathResolver(MountedAccount account, SearchFolders searches, StatusFile status, IncomingFiles incoming) {
        this.account = account;
        this.searches = searches;
        this.status = status;
        this.incoming = incoming;
    }

    /** @throws MailfsException.NotFound when nothing has that path (a file being copied in is no node) */
    Node resolve(String path) {
        List<String> components = components(path);
        if (!components.isEmpty() && components.get(0).equals(StatusFile.DIRECTORY)) {
            if (components.size() == 1) {
                return new StatusDirectoryNode(path, account.mountedAt());
            } else if (components.size() == 2 && components.get(1).equals(StatusFile.NAME)) {
                return new StatusFileNode(path, status);
            }
            throw new MailfsException.NotFound(path);
        }
        if (!components.isEmpty() && components.get(0).equals(SearchFolders.DIRECTORY)) {
            return resolveSearch(path, components);
        }
        int depth = 0;
        FolderTree.Node folder = account.folderTree().root();
        while (depth < components.size() && folder.children().containsKey(components.get(depth))) {
            folder = folder.children().get(components.get(depth++));
        }
        if (depth == components.size()) {
            return new FolderNode(path, folder, account);
        }
        if (folder.mailbox().isEmpty()) {
            throw new MailfsException.NotFound(path);
        }
        return resolveMessage(path, account.view(folder.mailbox().get()), components, depth);
    }

    /**
     * The folder at {@code path}, for a change inside it: mkdir, a new file, a move into it.
     *
     * @param notAFolder what the error says when {@code path} is no folder (nor a message's directory, which says so)
     */
    FolderNode folderForChange(String path, String notAFolder) {
        return resolve(path).asFolderForChange(notAFolder);
    }

    /** Whether something has this path already: a node, or a file being copied in. */
    boolean isTaken(String path) {
        if (incoming.isBeingCopiedIn(path)) {
            return true;
        }
        try {
            resolve(path);
            return true;
        } catch (MailfsException.NotFound e) {
            return false;
        }
    }

    /** "/.search", a search folder, or a message in one: what the search found last (no search per lookup). */
    private Node resolveSearch(String path, List<String> components) {
        if (components.size() == 1) {
            return new SearchRootNode(path, searches, account.mountedAt());
        }
        SearchFolder search = searches.get(components.get(1)).orElseThrow(() -> new MailfsException.NotFound(path));
        if (components.size() == 2) {
            return new SearchFolderNode(path, search, account.mountedAt());
        }
        return resolveMessage(path, search.held(), components, 2);
    }

    /**
     * The message named by {@code components[depth]} in {@code view}, its directory, or a part
     * inside that; else the name a message left a moment ago (see {@link Tombstones}).
     */
    private Node resolveMessage(String path, FolderView view, List<String> components, int depth) {
        String name = components.get(depth);
        int position = view.position(name);
        if (position >= 0) {
            if (depth + 1 < components.size()) {
                throw new MailfsException.NotADirectory(path);
            }
            return new MessageFileNode(path, account, view, position);
        }
        position = view.position(name + MessageNames.EXTENSION);
        if (position < 0) {
            return account.tombstones().at(path).map(gone -> new TombstoneNode(gone, account.tombstones()))
                    .orElseThrow(() -> new MailfsException.NotFound(path));
        }
        if (depth + 1 == components.size()) {
            return new MessageDirectoryNode(path, account, view, position);
        }
        List<String> rest = components.subList(depth + 1, components.size());
        String messageDirectory = "/" + String.join("/", components.subList(0, depth + 1));
        if (account.hiddenParts().isHidden(messageDirectory, String.join("/", rest))) {
            throw new MailfsException.NotFound(path);
        }
        MessageRef ref = view.refAt(position);
        MessageMeta meta = view.messageAt(position);
        return resolvePart(path, messageDirectory, ref, meta, account.directoryOf(ref, meta), rest);
    }

    /** The part named by {@code rest} in a message's directory, down through enclosed messages' directories. */
    private Node resolvePart(String path, String messageDirectory, MessageRef ref, MessageMeta meta, MessageDirectory directory,
                             List<String> rest) {
        MessageDirectory.Entry entry = directory.entries().get(rest.get(0));
        if (entry == null) {
            throw new MailfsException.NotFound(path);
        }
        if (entry instanceof MessageDirectory.EnclosedDirectory enclosed) {
            return rest.size() == 1 ? new EnclosedMessageNode(path, messageDirectory, account.hiddenParts(), meta, enclosed.directory())
                    : resolvePart(path, messageDirectory, ref, meta, enclosed.directory(), rest.subList(1, rest.size()));
        }
        if (rest.size() == 1) {
            return new PartFileNode(path, messageDirectory, account, ref, meta, entry);
        }
        throw new MailfsException.NotADirectory(path);
    }

    /** The names a path is made of, without empty ones ("/a//b/" is a, b). */
    static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}

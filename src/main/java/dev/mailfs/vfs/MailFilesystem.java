package dev.mailfs.vfs;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.imap.FolderInfo;
import dev.mailfs.imap.FolderListing;
import dev.mailfs.imap.MailSource;
import dev.mailfs.imap.MessageMeta;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What each path means and what each file operation does, independent of FUSE: the root holds the
 * account's top-level folders, a folder's directory holds its subfolders and one {@code .eml} file
 * per message. Everything is read-only for now; writes throw {@link MailfsException.ReadOnly}.
 *
 * <p>Safe to call from many threads at once.
 */
public final class MailFilesystem {
    private final MailSource mail;
    private final MessageNames names;
    private final Instant mountedAt;
    private final AtomicReference<FolderTree> tree = new AtomicReference<>();
    private final Map<String, FolderView> views = new ConcurrentHashMap<>();
    private final Map<Long, OpenMessage> openFiles = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);

    public MailFilesystem(MailSource mail, ZoneId zone, Instant mountedAt) {
        this.mail = mail;
        this.names = new MessageNames(zone);
        this.mountedAt = mountedAt;
    }

    public FileAttributes getattr(String path) {
        Node node = resolve(path);
        if (node instanceof MessageNode message) {
            return FileAttributes.file(message.meta().size(), message.meta().internalDate());
        }
        return FileAttributes.directory(mountedAt);
    }

    /** Names in a directory, without "." and "..": subfolders first, then messages, each sorted. */
    public List<String> readdir(String path) {
        Node node = resolve(path);
        if (!(node instanceof DirectoryNode directory)) {
            throw new MailfsException.NotADirectory(path);
        }
        List<String> entries = new ArrayList<>(directory.folder().children().keySet());
        Optional<String> mailbox = directory.folder().mailbox();
        if (mailbox.isPresent()) {
            entries.addAll(view(mailbox.get()).byName().keySet());
        }
        return entries;
    }

    /** Opens a message for reading and returns its handle. */
    public long open(String path, boolean forWriting) {
        Node node = resolve(path);
        if (forWriting) {
            throw new MailfsException.ReadOnly(path);
        }
        if (!(node instanceof MessageNode message)) {
            throw new MailfsException.IsADirectory(path);
        }
        long handle = nextHandle.getAndIncrement();
        openFiles.put(handle, new OpenMessage(message.listing().refOf(message.meta()), message.meta().size()));
        return handle;
    }

    /** Up to {@code length} bytes at {@code offset}; fewer at the end of the file, none past it. */
    public byte[] read(long handle, long offset, int length) {
        OpenMessage file = openFiles.get(handle);
        if (file == null) {
            throw new MailfsException.NotFound("open file handle " + handle);
        }
        if (offset >= file.size() || length <= 0) {
            return new byte[0];
        }
        int wanted = (int) Math.min(length, file.size() - offset);
        byte[] bytes = mail.readBody(file.message(), offset, wanted);
        return bytes.length <= wanted ? bytes : Arrays.copyOf(bytes, wanted);
    }

    public void release(long handle) {
        openFiles.remove(handle);
    }

    /** Anything that would change the mailbox: refused until writes are supported. */
    public void refuseWrite(String path) {
        resolveParentOrSelf(path);
        throw new MailfsException.ReadOnly(path);
    }

    private void resolveParentOrSelf(String path) {
        try {
            resolve(path);
        } catch (MailfsException.NotFound e) {
            resolve(parentOf(path));
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private sealed interface Node permits DirectoryNode, MessageNode {
    }

    private record DirectoryNode(FolderTree.Node folder) implements Node {
    }

    private record MessageNode(FolderListing listing, MessageMeta meta) implements Node {
    }

    private Node resolve(String path) {
        List<String> components = components(path);
        FolderTree folders = folderTree();
        Optional<FolderTree.Node> directory = folders.find(components);
        if (directory.isPresent()) {
            return new DirectoryNode(directory.get());
        }
        if (components.isEmpty()) {
            throw new MailfsException.NotFound(path);
        }
        String leaf = components.get(components.size() - 1);
        FolderTree.Node parent = folders.find(components.subList(0, components.size() - 1))
                .orElseThrow(() -> new MailfsException.NotFound(path));
        if (!leaf.endsWith(MessageNames.EXTENSION) || parent.mailbox().isEmpty()) {
            throw new MailfsException.NotFound(path);
        }
        FolderView view = view(parent.mailbox().get());
        MessageMeta meta = view.byName().get(leaf);
        if (meta == null) {
            throw new MailfsException.NotFound(path);
        }
        return new MessageNode(view.listing(), meta);
    }

    private static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** The folder tree, rebuilt only when the cached folder list has changed. */
    private FolderTree folderTree() {
        List<FolderInfo> folders = mail.listFolders();
        return tree.updateAndGet(current -> current != null && current.source() == folders ? current : new FolderTree(folders));
    }

    /** A folder's listing with names, renamed only when a new listing arrives. */
    private FolderView view(String mailbox) {
        FolderListing listing = mail.listMessages(mailbox);
        return views.compute(mailbox, (name, current) ->
                current != null && current.listing() == listing ? current : new FolderView(listing, names.nameAll(listing.messages())));
    }
}

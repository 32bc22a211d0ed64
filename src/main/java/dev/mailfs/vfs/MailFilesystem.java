package dev.mailfs.vfs;

import dev.mailfs.cache.CacheSettings;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.imap.FolderInfo;
import dev.mailfs.imap.FolderListing;
import dev.mailfs.imap.MailSource;
import dev.mailfs.imap.MessageMeta;
import dev.mailfs.imap.MessageRef;
import dev.mailfs.mime.MessageContents;
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
import java.util.function.Supplier;

/**
 * What each path means and what each file operation does, independent of FUSE: the root holds the
 * account's top-level folders, a folder's directory holds its subfolders and, per message, its raw
 * {@code X.eml} and a directory {@code X/} of its decoded text and attachments. Everything is
 * read-only for now; writes throw {@link MailfsException.ReadOnly}.
 *
 * <p>Safe to call from many threads at once.
 */
public final class MailFilesystem {
    private final MailSource mail;
    private final MessageNames names;
    private final Instant mountedAt;
    private final AtomicReference<FolderTree> tree = new AtomicReference<>();
    private final Map<String, FolderView> views = new ConcurrentHashMap<>();
    private final MessageContents contents;
    private final Map<Long, OpenFile> openFiles = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);

    public MailFilesystem(MailSource mail, ZoneId zone, Instant mountedAt) {
        this(mail, new MessageContents(mail, CacheSettings.DEFAULT_PART_CACHE_BYTES), zone, mountedAt);
    }

    public MailFilesystem(MailSource mail, MessageContents contents, ZoneId zone, Instant mountedAt) {
        this.mail = mail;
        this.contents = contents;
        this.names = new MessageNames(zone);
        this.mountedAt = mountedAt;
    }

    public FileAttributes getattr(String path) {
        Node node = resolve(path);
        if (node instanceof MessageNode message) {
            return FileAttributes.file(message.meta().size(), message.meta().internalDate());
        } else if (node instanceof MessageDirectoryNode directory) {
            return FileAttributes.directory(directory.meta().internalDate());
        } else if (node instanceof PartNode part) {
            return isDirectory(part)
                    ? FileAttributes.directory(part.meta().internalDate())
                    : FileAttributes.file(content(part).length, part.meta().internalDate());
        }
        return FileAttributes.directory(mountedAt);
    }

    /**
     * Names in a directory, without "." and "..": a folder holds its subfolders, then each message
     * as "X.eml" and "X"; a message's directory holds its body and parts.
     */
    public List<String> readdir(String path) {
        Node node = resolve(path);
        if (node instanceof DirectoryNode directory) {
            return folderEntries(directory.folder());
        } else if (node instanceof MessageDirectoryNode message) {
            return List.copyOf(message.directory().get().entries().keySet());
        } else if (node instanceof PartNode part && part.entry() instanceof MessageDirectory.EnclosedDirectory enclosed) {
            return List.copyOf(enclosed.directory().entries().keySet());
        }
        throw new MailfsException.NotADirectory(path);
    }

    private List<String> folderEntries(FolderTree.Node folder) {
        List<String> entries = new ArrayList<>(folder.children().keySet());
        if (folder.mailbox().isPresent()) {
            entries.addAll(view(folder.mailbox().get()).entries());
        }
        return entries;
    }

    /** Opens a file for reading and returns its handle. */
    public long open(String path, boolean forWriting) {
        Node node = resolve(path);
        if (forWriting) {
            throw new MailfsException.ReadOnly(path);
        }
        OpenFile file;
        if (node instanceof MessageNode message) {
            file = new OpenMessage(message.listing().refOf(message.meta()), message.meta().size());
        } else if (node instanceof PartNode part && !isDirectory(part)) {
            file = new OpenPart(content(part));
        } else {
            throw new MailfsException.IsADirectory(path);
        }
        long handle = nextHandle.getAndIncrement();
        openFiles.put(handle, file);
        return handle;
    }

    /** Up to {@code length} bytes at {@code offset}; fewer at the end of the file, none past it. */
    public byte[] read(long handle, long offset, int length) {
        OpenFile file = openFiles.get(handle);
        if (file == null) {
            throw new MailfsException.NotFound("open file handle " + handle);
        }
        if (offset >= file.size() || length <= 0) {
            return new byte[0];
        }
        int wanted = (int) Math.min(length, file.size() - offset);
        byte[] bytes = file instanceof OpenPart part
                ? Arrays.copyOfRange(part.content(), (int) offset, (int) offset + wanted)
                : mail.readBody(((OpenMessage) file).message(), offset, wanted);
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

    private sealed interface Node permits DirectoryNode, MessageNode, MessageDirectoryNode, PartNode {
    }

    private record DirectoryNode(FolderTree.Node folder) implements Node {
    }

    private record MessageNode(FolderListing listing, MessageMeta meta) implements Node {
    }

    /** "X/" beside "X.eml"; its contents are worked out only when asked for (one BODYSTRUCTURE). */
    private record MessageDirectoryNode(MessageRef message, MessageMeta meta, Supplier<MessageDirectory> directory) implements Node {
    }

    /** A name inside a message's directory, at any depth of enclosed messages. */
    private record PartNode(MessageRef message, MessageMeta meta, MessageDirectory.Entry entry) implements Node {
    }

    private Node resolve(String path) {
        List<String> components = components(path);
        FolderTree folders = folderTree();
        int depth = 0;
        FolderTree.Node folder = folders.root();
        while (depth < components.size() && folder.children().containsKey(components.get(depth))) {
            folder = folder.children().get(components.get(depth++));
        }
        if (depth == components.size()) {
            return new DirectoryNode(folder);
        }
        if (folder.mailbox().isEmpty()) {
            throw new MailfsException.NotFound(path);
        }
        FolderView view = view(folder.mailbox().get());
        String name = components.get(depth);
        MessageMeta message = view.byName().get(name);
        if (message != null) {
            if (depth + 1 < components.size()) {
                throw new MailfsException.NotADirectory(path);
            }
            return new MessageNode(view.listing(), message);
        }
        message = view.byName().get(name + MessageNames.EXTENSION);
        if (message == null) {
            throw new MailfsException.NotFound(path);
        }
        MessageRef ref = view.listing().refOf(message);
        if (depth + 1 == components.size()) {
            return new MessageDirectoryNode(ref, message, () -> new MessageDirectory(contents.layout(ref)));
        }
        return resolvePart(path, ref, message, new MessageDirectory(contents.layout(ref)), components.subList(depth + 1, components.size()));
    }

    private static Node resolvePart(String path, MessageRef ref, MessageMeta meta, MessageDirectory directory, List<String> rest) {
        MessageDirectory.Entry entry = directory.entries().get(rest.get(0));
        if (entry == null) {
            throw new MailfsException.NotFound(path);
        }
        if (rest.size() == 1) {
            return new PartNode(ref, meta, entry);
        }
        if (entry instanceof MessageDirectory.EnclosedDirectory enclosed) {
            return resolvePart(path, ref, meta, enclosed.directory(), rest.subList(1, rest.size()));
        }
        throw new MailfsException.NotADirectory(path);
    }

    private static boolean isDirectory(PartNode part) {
        return part.entry() instanceof MessageDirectory.EnclosedDirectory;
    }

    private byte[] content(PartNode part) {
        MessageDirectory.Entry entry = part.entry();
        if (entry instanceof MessageDirectory.BodyText text) {
            return contents.bodyText(part.message(), text.layout());
        } else if (entry instanceof MessageDirectory.BodyHtml html) {
            return contents.bodyHtml(part.message(), html.layout());
        } else if (entry instanceof MessageDirectory.PartFile file) {
            return contents.partBytes(part.message(), file.part());
        }
        throw new MailfsException.IsADirectory("message " + part.message().uid() + " part");
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
                current != null && current.listing() == listing ? current : FolderView.of(listing, names.nameAll(listing.messages())));
    }
}

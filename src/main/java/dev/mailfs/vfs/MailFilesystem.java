package dev.mailfs.vfs;

import dev.mailfs.cache.CacheSettings;
import dev.mailfs.cache.SearchStore;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.GmailMeta;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mime.IncomingMessageCheck;
import dev.mailfs.mime.MessageContents;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What each path means and what each file operation does, independent of FUSE: the root holds the
 * account's top-level folders, a folder's directory holds its subfolders and, per message, its raw
 * {@code X.eml} and a directory {@code X/} of its decoded text and attachments. Changes become IMAP
 * operations: rename moves a message or renames a folder, unlink deletes, a new file is appended,
 * mkdir and rmdir create and delete folders. Beside the folders, {@code /.mailfs} holds mailfs's
 * status, and {@code /.search} the search folders, made and forgotten with mkdir and rmdir, which
 * show the messages their query finds under the names they have in their folders.
 *
 * <p>Safe to call from many threads at once.
 */
public final class MailFilesystem {
    private static final Logger LOG = Logger.getLogger(MailFilesystem.class.getName());
    private final MailSource mail;
    private final MessageNames names;
    private final Instant mountedAt;
    private final AtomicReference<FolderTree> tree = new AtomicReference<>();
    private final Map<String, FolderView> views = new ConcurrentHashMap<>();
    private final MessageContents contents;
    /**
     * Decoded parts read lately, by path. Reads come 128 KiB at a time with no open file to hold
     * the part, and a part larger than the decoded-part cache would otherwise be decoded (and
     * fetched) again for each of them. Held softly: the memory is given back before it runs out.
     */
    private final Cache<String, byte[]> recentParts = Caffeine.newBuilder()
            .maximumSize(4).expireAfterAccess(Duration.ofSeconds(10)).softValues().build();
    private final IncomingFiles incoming;
    private final WriteSettings writes;
    private final StatusFile status;
    private final SearchFolders searches;
    private final ReadAhead readAhead;
    private final InodeNumbers inodes;

    /** A read-only filesystem, for tests of reading. */
    public MailFilesystem(MailSource mail, ZoneId zone, Instant mountedAt) {
        this(mail, new MessageContents(mail, CacheSettings.DEFAULT_PART_CACHE_BYTES), zone, mountedAt,
                new WriteSettings(true, WriteSettings.DeleteMode.TRASH, Optional.empty(), Path.of(System.getProperty("java.io.tmpdir"))));
    }

    public MailFilesystem(MailSource mail, MessageContents contents, ZoneId zone, Instant mountedAt, WriteSettings writes) {
        this(mail, contents, zone, mountedAt, writes, Optional.empty());
    }

    /** @param searchStore where the search folders are kept across mounts; without one they last as long as the mount */
    public MailFilesystem(MailSource mail, MessageContents contents, ZoneId zone, Instant mountedAt, WriteSettings writes,
                          Optional<SearchStore> searchStore) {
        this.mail = mail;
        this.contents = contents;
        this.writes = writes;
        this.names = new MessageNames(zone);
        this.mountedAt = mountedAt;
        this.readAhead = new ReadAhead(mail);
        this.inodes = new InodeNumbers(mail);
        this.searches = new SearchFolders(new MessageSearch(mail, names, this::folderTree), searchStore, System::nanoTime);
        this.incoming = new IncomingFiles(mail, writes.incomingDirectory());
        this.status = new StatusFile(mail, incoming::open, () -> searches.names().size());
    }

    public FileAttributes getattr(String path) {
        Optional<IncomingMessage> copying = incoming.at(path);
        if (copying.isPresent()) {
            return inodes.numbered(path, FileAttributes.file(copying.get().size(), mountedAt));
        }
        Node node = resolve(path);
        if (node instanceof MessageNode message) {
            FileAttributes file = FileAttributes.file(message.meta().size(), message.meta().internalDate());
            return message.meta().gmail()
                    .map(gmail -> file.withInode(gmail.messageId(), folderTree().labels().folderCount(gmail, message.ref().folder())))
                    .orElseGet(() -> inodes.numbered(path, file));
        } else if (node instanceof MessageDirectoryNode directory) {
            return inodes.numbered(path, FileAttributes.directory(directory.meta().internalDate()));
        } else if (node instanceof PartNode part) {
            return inodes.numbered(path, isDirectory(part)
                    ? FileAttributes.directory(part.meta().internalDate())
                    : FileAttributes.file(content(part).length, part.meta().internalDate()));
        } else if (node instanceof StatusNode) {
            // The kernel asks for the size before it reads: the read that follows serves this report.
            return inodes.numbered(path, FileAttributes.file(status.renderAfresh().length, Instant.now()));
        }
        return inodes.numbered(path, FileAttributes.directory(mountedAt));
    }

    /**
     * Whether this filesystem numbers its inodes itself (mount with use_ino): on Gmail, where a
     * message's file in every label's folder is one file, as hard links are.
     */
    public boolean numbersInodes() {
        return inodes.numbered();
    }

    /** The inode number of a directory, for its "." entry: 0 when libfuse numbers them. */
    public long directoryInode(String path) {
        return inodes.ofDirectory(path);
    }

    /** Receives a directory's entries in order; returns false to be given no more (the kernel's buffer is full). */
    @FunctionalInterface
    public interface EntrySink {
        /** @param inode the entry's inode number, as getattr gives it; 0 when libfuse numbers them */
        boolean add(String name, boolean directory, long inode);
    }

    /**
     * Names in a directory, without "." and "..": a folder holds its subfolders, then each message
     * as "X.eml" and "X"; a message's directory holds its body and parts.
     */
    public List<String> readdir(String path) {
        List<String> names = new ArrayList<>();
        list(path, (name, directory, inode) -> names.add(name));
        return names;
    }

    /**
     * The entries of a directory with their kind, which readdir hands the kernel (d_type): so that
     * grep -r and find know a message's directory from its file without a lookup of each.
     */
    public void list(String path, EntrySink into) {
        Node node = resolve(path);
        EntrySink numbered = inodes.numberingIn(path, into);
        if (node instanceof DirectoryNode directory) {
            listFolder(directory.folder(), numbered);
        } else if (node instanceof StatusDirectoryNode) {
            numbered.add(StatusFile.NAME, false, 0);
        } else if (node instanceof SearchRootNode) {
            for (String name : searches.names()) {
                if (!numbered.add(name, true, 0)) {
                    return;
                }
            }
        } else if (node instanceof SearchFolderNode search) {
            listMessages(search.folder().fresh(), numbered);
        } else if (node instanceof MessageDirectoryNode message) {
            readAhead.askForStructuresAhead(message.view(), message.position());
            listParts(message.directory().get(), numbered);
        } else if (node instanceof PartNode part && part.entry() instanceof MessageDirectory.EnclosedDirectory enclosed) {
            listParts(enclosed.directory(), numbered);
        } else {
            throw new MailfsException.NotADirectory(path);
        }
    }

    private void listFolder(FolderTree.Node folder, EntrySink into) {
        for (String child : folder.children().keySet()) {
            if (!into.add(child, true, 0)) {
                return;
            }
        }
        if (folder.mailbox().isPresent() && !listMessages(view(folder.mailbox().get()), into)) {
            return;
        }
        if (folder == folderTree().root() && into.add(StatusFile.DIRECTORY, true, 0)) {
            into.add(SearchFolders.DIRECTORY, true, 0);
        }
    }

    /** Each message's "X.eml" and "X" (a Gmail message's file with its X-GM-MSGID as inode); false when the sink wants no more. */
    private static boolean listMessages(FolderView view, EntrySink into) {
        List<String> messages = view.entries();
        for (int i = 0; i < messages.size(); i++) {
            boolean directory = FolderView.isDirectoryEntry(i);
            long inode = directory ? 0 : view.messageAt(i / 2).gmail().map(GmailMeta::messageId).orElse(0L);
            if (!into.add(messages.get(i), directory, inode)) {
                return false;
            }
        }
        return true;
    }

    private static void listParts(MessageDirectory directory, EntrySink into) {
        for (Map.Entry<String, MessageDirectory.Entry> entry : directory.entries().entrySet()) {
            if (!into.add(entry.getKey(), entry.getValue() instanceof MessageDirectory.EnclosedDirectory, 0)) {
                return;
            }
        }
    }

    /**
     * open(2) for writing of a file that exists: always refused, with the reason. Messages never
     * change, and a new message is a new file ({@link #create}). Opening for reading needs no call:
     * {@link #read} takes a path.
     */
    public void openForWriting(String path) {
        Node node = resolve(path);
        checkWritable(path);
        if (node instanceof StatusNode) {
            throw new MailfsException.AccessDenied(path + " is mailfs's own status");
        }
        throw new MailfsException.AccessDenied("messages cannot be changed: " + path);
    }

    /**
     * Up to {@code length} bytes at {@code offset} of the file at {@code path}; fewer at the end of
     * the file, none past it. There is no open file handle: reads come by path (see MailFuse.open),
     * and a name always stands for the same bytes.
     */
    public byte[] read(String path, long offset, int length) {
        if (incoming.isBeingCopiedIn(path)) {
            throw new MailfsException.AccessDenied("a file being copied in cannot be read back: " + path);
        }
        Node node = resolve(path);
        if (node instanceof MessageNode message) {
            long size = message.meta().size();
            if (offset >= size || length <= 0) {
                return new byte[0];
            }
            int wanted = (int) Math.min(length, size - offset);
            byte[] bytes = offset == 0 ? mail.readBody(message.ref(), offset, wanted,
                    readAhead.messagesAhead(message.view(), message.view().position(message.name())))
                    : mail.readBody(message.ref(), offset, wanted);
            return bytes.length <= wanted ? bytes : Arrays.copyOf(bytes, wanted);
        }
        byte[] content;
        if (node instanceof PartNode part && !isDirectory(part)) {
            content = recentParts.get(path, unused -> content(part));
        } else if (node instanceof StatusNode) {
            content = status.latest();
        } else {
            throw new MailfsException.IsADirectory(path);
        }
        if (offset >= content.length || length <= 0) {
            return new byte[0];
        }
        return Arrays.copyOfRange(content, (int) offset, (int) Math.min(content.length, offset + length));
    }

    /** Whether the bytes at {@code path} may differ from one read to the next (the status), so the kernel must not keep them. */
    public boolean changes(String path) {
        return StatusFile.PATH.equals(path);
    }

    /** The end of a file copied in, after {@link #flush}: its temporary copy goes. */
    public void release(long handle) {
        incoming.release(handle);
    }

    // ---- changes ----------------------------------------------------------------------------

    /** mkdir: CREATE a folder under a folder (or at the top). */
    public void mkdir(String path) {
        if (isSearchPath(path)) {
            makeSearchFolder(path);
            return;
        }
        checkWritable(path);
        String name = nameOf(path);
        if (name.startsWith(".")) {
            // Hidden directories are what desktops make for their own trash (.Trash-1000): no folder for that.
            throw new MailfsException.NotPermitted("hidden folders: " + path);
        }
        DirectoryNode parent = folderDirectory(parentOf(path), "folders can only be made inside folders");
        if (exists(path)) {
            throw new MailfsException.AlreadyExists(path);
        }
        mail.createFolder(serverNameFor(parent, name));
    }

    /** rmdir: DELETE an empty folder; on a message's directory, delete the message. */
    public void rmdir(String path) {
        if (isSearchPath(path)) {
            forgetSearchFolder(path);
            return;
        }
        checkWritable(path);
        Node node = resolve(path);
        if (node instanceof MessageDirectoryNode message) {
            deleteMessage(message.ref());
        } else if (node instanceof DirectoryNode directory) {
            if (directory.folder().serverName().isEmpty()) {
                throw new MailfsException.NotPermitted("the top of the mount");
            }
            if (!directory.folder().children().isEmpty()) {
                throw new MailfsException.NotEmpty(path + " has folders in it");
            }
            mail.deleteFolder(directory.folder().serverName().get());
        } else if (node instanceof StatusDirectoryNode) {
            throw new MailfsException.AccessDenied(path + " is mailfs's own");
        } else {
            throw new MailfsException.NotADirectory(path);
        }
    }

    /** rm of a message: to the Trash folder, or deleted for good in Trash or with --delete=expunge. */
    public void unlink(String path) {
        refuseInSearchFolders(path, path);
        checkWritable(path);
        Node node = resolve(path);
        if (node instanceof MessageNode message) {
            deleteMessage(message.ref());
        } else if (node instanceof StatusNode) {
            throw new MailfsException.AccessDenied(path + " is mailfs's own status");
        } else if (node instanceof PartNode) {
            throw new MailfsException.AccessDenied(path + " is part of a message; remove the message's .eml");
        } else {
            throw new MailfsException.IsADirectory(path);
        }
    }

    /** mv: a message to another folder (UID MOVE), or a folder to a new name (RENAME). */
    public void rename(String from, String to) {
        refuseInSearchFolders(from, to);
        checkWritable(from);
        Node source = resolve(from);
        if (source instanceof AMessage found) {
            MessageRef message = found.ref();
            DirectoryNode target = folderDirectory(parentOf(to), "messages can only be moved into folders");
            String destination = target.folder().mailbox()
                    .orElseThrow(() -> new MailfsException.NotPermitted(parentOf(to) + " holds no messages"));
            if (destination.equals(message.folder())) {
                if (from.equals(to)) {
                    return;
                }
                throw new MailfsException.NotPermitted("a message's name comes from its date, subject and id: it cannot be renamed");
            }
            mail.move(message, destination);
        } else if (source instanceof DirectoryNode folder && folder.folder().serverName().isPresent()) {
            DirectoryNode parent = folderDirectory(parentOf(to), "folders can only be moved into folders");
            if (exists(to)) {
                throw new MailfsException.AlreadyExists(to);
            }
            mail.renameFolder(folder.folder().serverName().get(), serverNameFor(parent, nameOf(to)));
        } else {
            throw new MailfsException.AccessDenied(from + " is part of a message");
        }
    }

    /** A new file in a folder: collected on disk and appended as a message when it is closed. */
    public long create(String path) {
        refuseInSearchFolders(path, path);
        checkWritable(path);
        String name = nameOf(path);
        DirectoryNode parent = folderDirectory(parentOf(path), "new files can only be messages put into a folder");
        String mailbox = parent.folder().mailbox()
                .orElseThrow(() -> new MailfsException.NotPermitted(parentOf(path) + " holds no messages"));
        if (name.startsWith(".")) {
            throw new MailfsException.NotPermitted("hidden files cannot be kept in a mail folder: " + path);
        }
        if (exists(path)) {
            throw new MailfsException.AlreadyExists(path);
        }
        return incoming.create(path, mailbox);
    }

    public void write(long handle, long offset, byte[] bytes) throws java.io.IOException {
        incoming.write(handle, offset, bytes);
    }

    public void truncate(String path, long size) throws java.io.IOException {
        checkWritable(path);
        Optional<IncomingMessage> copying = incoming.at(path);
        if (copying.isEmpty()) {
            resolve(path);
            throw new MailfsException.AccessDenied("messages cannot be changed: " + path);
        }
        copying.get().truncate(size);
    }

    /**
     * close(2) of a file copied in: appends it, once, if it is a message. Its error is what close
     * returns to the tool, so a refused file fails the copy and nothing is appended.
     */
    public void flush(long handle) throws java.io.IOException {
        incoming.flush(handle);
    }

    /** chmod, chown, utime: accepted on a file being copied in (cp -p), refused on mail. */
    public void setAttributes(String path) {
        checkWritable(path);
        if (!incoming.isBeingCopiedIn(path)) {
            resolve(path);
            throw new MailfsException.AccessDenied("mail has no owner, mode or times to change: " + path);
        }
    }

    // ---- search folders -----------------------------------------------------------------------------

    private static boolean isSearchPath(String path) {
        List<String> components = components(path);
        return !components.isEmpty() && components.get(0).equals(SearchFolders.DIRECTORY);
    }

    /** mkdir in /.search: a search folder for the query that is its name; nothing is made on the server. */
    private void makeSearchFolder(String path) {
        List<String> components = components(path);
        if (components.size() == 1) {
            throw new MailfsException.AlreadyExists(path);
        }
        if (components.size() > 2) {
            resolve(parentOf(path)); // not found, or:
            throw new MailfsException.ReadOnly("search folders show messages; nothing can be made in them: " + path);
        }
        searches.create(components.get(1));
    }

    /** rmdir in /.search: the search folder is forgotten, the messages it shows stay where they are. */
    private void forgetSearchFolder(String path) {
        List<String> components = components(path);
        if (components.size() == 1) {
            throw new MailfsException.NotPermitted(path + " is mailfs's own");
        }
        if (components.size() > 2) {
            resolve(path);
            throw new MailfsException.ReadOnly("messages cannot be removed through a search folder: " + path);
        }
        searches.forget(components.get(1));
    }

    /** A search folder only shows messages: rm, mv and cp in or out of one would lose track of them. */
    private void refuseInSearchFolders(String from, String to) {
        if (isSearchPath(from) || isSearchPath(to)) {
            throw new MailfsException.ReadOnly("search folders only show messages; change them in their own folders: "
                    + (isSearchPath(from) ? from : to));
        }
    }

    // ---- extended attributes ------------------------------------------------------------------

    public Map<String, byte[]> attributes(String path) {
        if (incoming.isBeingCopiedIn(path)) {
            return Map.of();
        }
        if (!(resolve(path) instanceof AMessage message)) {
            return Map.of();
        }
        return mail.hasLabels() ? MessageAttributes.of(message.meta(), message.ref().folder(), folderTree().labels())
                : MessageAttributes.of(message.meta());
    }

    /**
     * Only user.* attributes exist here. Saying so for security.selinux and the POSIX ACL names (rather
     * than "no such attribute") lets ls -l stop asking after the first file instead of costing a
     * trip into the daemon for every file it lists.
     */
    public byte[] attribute(String path, String name) {
        if (!name.startsWith(MessageAttributes.NAMESPACE)) {
            throw new MailfsException.Unsupported(name);
        }
        byte[] value = attributes(path).get(name);
        if (value == null) {
            throw new MailfsException.NoAttribute(name + " of " + path);
        }
        return value;
    }

    /** setfattr -n user.mail.flags: stores the flags on the server; every other attribute is read-only. */
    public void setAttribute(String path, String name, byte[] value) {
        checkWritable(path);
        Optional<IncomingMessage> copying = incoming.at(path);
        if (copying.isPresent()) {
            if (name.equals(MessageAttributes.FLAGS)) {
                copying.get().setFlags(MessageAttributes.parseFlags(value));
            }
            return; // cp --preserve=xattr copies them all; only the flags mean something here
        }
        if (!(resolve(path) instanceof AMessage message)) {
            throw new MailfsException.AccessDenied("only messages have attributes to set: " + path);
        }
        if (name.equals(MessageAttributes.LABELS) && mail.hasLabels()) {
            setLabels(message, GmailLabels.parse(value));
            return;
        }
        if (!name.equals(MessageAttributes.FLAGS)) {
            throw new MailfsException.AccessDenied(name + " is read-only; only " + MessageAttributes.FLAGS
                    + (mail.hasLabels() ? " and " + MessageAttributes.LABELS : "") + " can be set");
        }
        mail.setFlags(message.ref(), MessageAttributes.parseFlags(value));
    }

    /** setfattr -n user.mail.labels on Gmail: the labels added and removed with X-GM-LABELS. */
    private void setLabels(AMessage message, Set<String> wanted) {
        Set<String> current = message.meta().gmail()
                .map(gmail -> folderTree().labels().labelsOf(gmail, message.ref().folder()))
                .orElseThrow(() -> new MailfsException.NotFound(message.ref() + " has no Gmail id"));
        Set<String> add = new java.util.TreeSet<>(wanted);
        add.removeAll(current);
        Set<String> remove = new java.util.TreeSet<>(current);
        remove.removeAll(wanted);
        if (!add.isEmpty() || !remove.isEmpty()) {
            mail.changeLabels(message.ref(), add, remove);
        }
    }

    // ---- helpers for changes ----------------------------------------------------------------------

    private void checkWritable(String path) {
        if (writes.readOnly()) {
            throw new MailfsException.ReadOnly(path);
        }
    }

    private void deleteMessage(MessageRef message) {
        new Deletion(mail, writes, folderTree()).delete(message);
    }

    private DirectoryNode folderDirectory(String path, String otherwise) {
        Node node = resolve(path);
        if (node instanceof DirectoryNode directory) {
            return directory;
        }
        if (node instanceof MessageDirectoryNode || node instanceof PartNode) {
            throw new MailfsException.AccessDenied("a message's directory cannot be changed: " + path);
        }
        throw new MailfsException.NotPermitted(otherwise);
    }

    /** The server's name for a new folder {@code name} in {@code parent}. */
    private String serverNameFor(DirectoryNode parent, String name) {
        char delimiter = folderTree().delimiter();
        if (name.startsWith(".") || name.indexOf(delimiter) >= 0 || !SafeNames.sanitize(name, "").equals(name)) {
            throw new MailfsException.InvalidArgument("folder name '" + name + "': no leading '.', no '" + delimiter
                    + "' (the server's hierarchy delimiter), no control characters");
        }
        return parent.folder().serverName().map(p -> p + delimiter + name).orElse(name);
    }

    private boolean exists(String path) {
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

    /**
     * A message flagged \\Deleted is on its way out (another client's delete, or a move without
     * UIDPLUS): it is not shown, or it would come back after an rm or mv.
     */
    static List<MessageMeta> visible(FolderListing listing) {
        return listing.messages().stream().filter(m -> !m.flags().contains("\\Deleted")).toList();
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private sealed interface Node permits DirectoryNode, MessageNode, MessageDirectoryNode, PartNode, StatusDirectoryNode, StatusNode,
            SearchRootNode, SearchFolderNode {
    }

    /** "/.search": the search folders, beside the folders. */
    private record SearchRootNode() implements Node {
    }

    /** "/.search/QUERY": the messages the query finds. */
    private record SearchFolderNode(SearchFolder folder) implements Node {
    }

    /** "/.mailfs": mailfs's own files, beside the folders (no folder name starts with a dot). */
    private record StatusDirectoryNode() implements Node {
    }

    /** "/.mailfs/status": connections and caches, made afresh each time the kernel asks for its size. */
    private record StatusNode() implements Node {
    }

    private record DirectoryNode(FolderTree.Node folder) implements Node {
    }

    /** A message's .eml file or its directory: either stands for the message. */
    private interface AMessage {
        MessageRef ref();

        MessageMeta meta();
    }

    /** "X.eml", named {@code name} in the folder {@code view} shows. */
    private record MessageNode(FolderView view, String name, MessageMeta meta) implements Node, AMessage {
        @Override
        public MessageRef ref() {
            return view.refAt(view.position(name));
        }
    }

    /** "X/" beside "X.eml"; its contents are worked out only when asked for (one BODYSTRUCTURE). */
    private record MessageDirectoryNode(FolderView view, int position, MessageRef ref, MessageMeta meta, Supplier<MessageDirectory> directory)
            implements Node, AMessage {
    }

    /** A name inside a message's directory, at any depth of enclosed messages. */
    private record PartNode(MessageRef message, MessageMeta meta, MessageDirectory.Entry entry) implements Node {
    }

    private Node resolve(String path) {
        List<String> components = components(path);
        if (!components.isEmpty() && components.get(0).equals(StatusFile.DIRECTORY)) {
            if (components.size() == 1) {
                return new StatusDirectoryNode();
            } else if (components.size() == 2 && components.get(1).equals(StatusFile.NAME)) {
                return new StatusNode();
            }
            throw new MailfsException.NotFound(path);
        }
        if (!components.isEmpty() && components.get(0).equals(SearchFolders.DIRECTORY)) {
            return resolveSearch(path, components);
        }
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
        return resolveMessage(path, view(folder.mailbox().get()), components, depth);
    }

    /** "/.search", a search folder, or a message in one: what the search found last (no search per lookup). */
    private Node resolveSearch(String path, List<String> components) {
        if (components.size() == 1) {
            return new SearchRootNode();
        }
        SearchFolder search = searches.get(components.get(1)).orElseThrow(() -> new MailfsException.NotFound(path));
        if (components.size() == 2) {
            return new SearchFolderNode(search);
        }
        return resolveMessage(path, search.held(), components, 2);
    }

    /** The message named by {@code components[depth]} in {@code view}, its directory, or a part inside that. */
    private Node resolveMessage(String path, FolderView view, List<String> components, int depth) {
        String name = components.get(depth);
        MessageMeta message = view.message(name);
        if (message != null) {
            if (depth + 1 < components.size()) {
                throw new MailfsException.NotADirectory(path);
            }
            return new MessageNode(view, name, message);
        }
        int position = view.position(name + MessageNames.EXTENSION);
        if (position < 0) {
            throw new MailfsException.NotFound(path);
        }
        message = view.messageAt(position);
        MessageRef ref = view.refAt(position);
        if (depth + 1 == components.size()) {
            return new MessageDirectoryNode(view, position, ref, message, () -> new MessageDirectory(contents.layout(ref)));
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
                current != null && current.listing() == listing ? current : FolderView.of(listing, names.nameAll(visible(listing))));
    }
}

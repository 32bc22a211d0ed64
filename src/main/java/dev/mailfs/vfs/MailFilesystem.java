package dev.mailfs.vfs;

import dev.mailfs.cache.CacheSettings;
import dev.mailfs.cache.SearchStore;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mime.MessageContents;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each path means and what each file operation does, independent of FUSE: the root holds the
 * account's top-level folders, a folder's directory holds its subfolders and, per message, its raw
 * {@code X.eml} and a directory {@code X/} of its decoded text and attachments. Changes become IMAP
 * operations: rename moves a message or renames a folder, unlink deletes, a new file is appended,
 * mkdir and rmdir create and delete folders. Beside the folders, {@code /.mailfs} holds mailfs's
 * status, and {@code /.search} the search folders, made and forgotten with mkdir and rmdir, which
 * show the messages their query finds under the names they have in their folders.
 *
 * <p>Each operation asks the {@link Node} its path names ({@link PathResolver}), which does it or
 * refuses; what is left here is what comes before that: files being copied in ({@link
 * IncomingFiles}), which are no node, the search folders' paths ({@link SearchPaths}), a read-only
 * mount, inode numbers ({@link InodeNumbers}) and extended attributes ({@link ExtendedAttributes}).
 *
 * <p>Safe to call from many threads at once.
 */
public final class MailFilesystem implements AutoCloseable {
    private final MailSource mail;
    private final WriteSettings writes;
    private final Instant mountedAt;
    private final PathResolver paths;
    private final SearchPaths searchPaths;
    private final IncomingFiles incoming;
    private final InodeNumbers inodes;
    private final ExtendedAttributes xattrs;

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
        this.writes = writes;
        this.mountedAt = mountedAt;
        MessageNames names = new MessageNames(zone);
        MountedAccount account = new MountedAccount(mail, names, contents, writes, mountedAt);
        SearchFolders searches = new SearchFolders(new MessageSearch(mail, names, account::folderTree, writes.showDeleted()), searchStore, System::nanoTime);
        this.incoming = new IncomingFiles(mail, writes.incomingDirectory());
        StatusFile status = new StatusFile(mail, incoming::open, () -> searches.names().size());
        this.paths = new PathResolver(account, searches, status, incoming);
        this.searchPaths = new SearchPaths(searches, paths);
        this.inodes = new InodeNumbers(mail);
        this.xattrs = new ExtendedAttributes(paths, incoming);
    }

    /** At unmount: the files being copied in go (see {@link IncomingFiles}). */
    @Override
    public void close() {
        incoming.close();
    }

    public FileAttributes getattr(String path) {
        FileAttributes attributes = incoming.at(path).map(file -> FileAttributes.file(file.size(), mountedAt))
                .orElseGet(() -> paths.resolve(path).getattr());
        return inodes.numbered(path, attributes);
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
        paths.resolve(path).list(inodes.numberingIn(path, into));
    }

    /**
     * open(2) for writing of a file that exists: always refused, with the reason. Messages never
     * change, and a new message is a new file ({@link #create}). Opening for reading needs no call:
     * {@link #read} takes a path.
     */
    public void openForWriting(String path) {
        Node node = paths.resolve(path);
        checkWritable(path);
        node.openForWriting();
    }

    /**
     * Up to {@code into.remaining()} bytes at {@code offset} of the file at {@code path}, put into {@code into}
     * (how many is returned); fewer at the end of
     * the file, none past it. There is no open file handle: reads come by path (see MailFuse.open),
     * and a name always stands for the same bytes.
     */
    public int read(String path, long offset, ByteBuffer into) {
        if (incoming.isBeingCopiedIn(path)) {
            throw new MailfsException.AccessDenied("a file being copied in cannot be read back: " + path);
        }
        return paths.resolve(path).read(offset, into);
    }

    /** {@link #read(String, long, ByteBuffer)}, as an array of the bytes read. */
    public byte[] read(String path, long offset, int length) {
        ByteBuffer into = ByteBuffer.allocate(length);
        int n = read(path, offset, into);
        return n == length ? into.array() : Arrays.copyOf(into.array(), n);
    }

    /**
     * statfs: the mailbox's quota (RFC 9208 STORAGE), learnt at most once a minute and never waited
     * for long; empty without one, and df then shows an empty filesystem.
     */
    public Optional<Space> space() {
        return mail.quota().map(quota -> new Space(quota.limitBytes(), Math.max(0, quota.limitBytes() - quota.usedBytes())));
    }

    /** Whether the bytes at {@code path} may differ from one read to the next (the status), so the kernel must not keep them. */
    public boolean changesBetweenReads(String path) {
        return StatusFile.PATH.equals(path);
    }

    // ---- changes ----------------------------------------------------------------------------

    /** mkdir: CREATE a folder under a folder (or at the top); in /.search, a search folder. */
    public void mkdir(String path) {
        if (SearchPaths.isSearchPath(path)) {
            searchPaths.makeSearchFolder(path);
            return;
        }
        checkWritable(path);
        String name = PathResolver.nameOf(path);
        if (name.startsWith(".")) {
            // Hidden directories are what desktops make for their own trash (.Trash-1000): no folder for that.
            throw new MailfsException.NotPermitted("hidden folders: " + path);
        }
        FolderNode parent = paths.folderForChange(PathResolver.parentOf(path), "folders can only be made inside folders");
        if (paths.isTaken(path)) {
            throw new MailfsException.AlreadyExists(path);
        }
        parent.createFolder(name);
    }

    /** rmdir: DELETE an empty folder; a message's directory is never empty; in /.search, forget a search folder. */
    public void rmdir(String path) {
        if (SearchPaths.isSearchPath(path)) {
            searchPaths.forgetSearchFolder(path);
            return;
        }
        checkWritable(path);
        paths.resolve(path).removeDirectory();
    }

    /** rm of a message: to the Trash folder, or deleted for good in Trash or with --delete=expunge. */
    public void unlink(String path) {
        SearchPaths.refuseChangesThrough(path, path);
        checkWritable(path);
        paths.resolve(path).remove();
    }

    /** mv: a message to another folder (UID MOVE), or a folder to a new name (RENAME). */
    public void rename(String from, String to) {
        SearchPaths.refuseChangesThrough(from, to);
        checkWritable(from);
        paths.resolve(from).renameTo(to, paths);
    }

    /** A new file in a folder: collected on disk and appended as a message when it is closed. */
    public long create(String path) {
        SearchPaths.refuseChangesThrough(path, path);
        checkWritable(path);
        String name = PathResolver.nameOf(path);
        String folder = PathResolver.parentOf(path);
        String mailbox = paths.folderForChange(folder, "new files can only be messages put into a folder").mailbox()
                .orElseThrow(() -> new MailfsException.NotPermitted(folder + " holds no messages"));
        if (name.startsWith(".")) {
            throw new MailfsException.NotPermitted("hidden files cannot be kept in a mail folder: " + path);
        }
        if (paths.isTaken(path)) {
            throw new MailfsException.AlreadyExists(path);
        }
        return incoming.create(path, mailbox);
    }

    public void write(long handle, long offset, byte[] bytes) throws IOException {
        incoming.write(handle, offset, bytes);
    }

    public void truncate(String path, long size) throws IOException {
        checkWritable(path);
        Optional<IncomingMessage> copying = incoming.at(path);
        if (copying.isEmpty()) {
            paths.resolve(path); // not found, or:
            throw new MailfsException.AccessDenied("messages cannot be changed: " + path);
        }
        copying.get().truncate(size);
    }

    /**
     * close(2) of a file copied in: appends it, once, if it is a message. Its error is what close
     * returns to the tool, so a refused file fails the copy and nothing is appended.
     */
    public void flush(long handle) throws IOException {
        incoming.flush(handle);
    }

    /** The end of a file copied in, after {@link #flush}: its temporary copy goes. */
    public void release(long handle) {
        incoming.release(handle);
    }

    /** chmod, chown, utime: accepted on a file being copied in (cp -p), refused on mail. */
    public void setAttributes(String path) {
        checkWritable(path);
        if (!incoming.isBeingCopiedIn(path)) {
            paths.resolve(path); // not found, or:
            throw new MailfsException.AccessDenied("mail has no owner, mode or times to change: " + path);
        }
    }

    // ---- extended attributes ------------------------------------------------------------------

    /** A message's attributes (its file's or its directory's); nothing else has any. */
    public Map<String, byte[]> attributes(String path) {
        return xattrs.all(path);
    }

    /** One attribute; only user.* ones exist (see {@link ExtendedAttributes#get}). */
    public byte[] attribute(String path, String name) {
        return xattrs.get(path, name);
    }

    /** setfattr -n user.mail.flags: stores the flags on the server; every other attribute is read-only. */
    public void setAttribute(String path, String name, byte[] value) {
        checkWritable(path);
        xattrs.set(path, name, value);
    }

    private void checkWritable(String path) {
        if (writes.readOnly()) {
            throw new MailfsException.ReadOnly(path);
        }
    }
}

package dev.mailfs.cache;

import static java.nio.file.StandardOpenOption.READ;

import dev.mailfs.mail.MessageRef;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Message bodies on disk, in the chunks {@link CachedMailSource} fetches, so that they outlive the
 * daemon. A chunk never changes under its (folder, UIDVALIDITY, UID, index), so a file once written
 * is good until it is evicted: least recently used first, when the files pass {@code maxBytes}.
 *
 * <pre>
 * ROOT/ACCOUNT/v1-chunkN/FOLDER/UIDVALIDITY/UID.INDEX
 *   ROOT    $XDG_CACHE_HOME/mailfs, else ~/.cache/mailfs; private (0700), like every directory below
 *   ACCOUNT user@host:port, made safe, and a hash of it so that two accounts never share
 *   N       the chunk size: a store of another size is never read (and is removed)
 *   FOLDER  the first 16 hex digits of the SHA-256 of the folder name
 * </pre>
 *
 * Files are 0600, in the {@link ChunkFile} format, written to a temporary file and renamed: a file
 * that is not intact (a crash before its data reached the disk) is deleted, never served.
 *
 * <p>Beside a message's chunks, {@code UID.dHASH} is one of its parts decoded (an attachment, its
 * text), too large to keep in memory: written to a temporary file (which may be read as it grows),
 * forced to the disk, then renamed into place, and read by offset. It is evicted with the chunks, under the same cap, but never the moment it is
 * kept, however large: the reader it was decoded for reads it next. Without a disk store, decoded
 * parts go to a {@link #temporary} store, deleted at unmount.
 *
 * <p>A disk that fails (full, unwritable, removed under us) never fails a read: the problem is
 * logged, once as a warning, and the caller asks the server. Safe for concurrent use.
 */
public final class DiskBodyStore {
    /** The default cap on the disk space of one account's store (counted in whole 4 KiB blocks). */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    static final String LAYOUT = "v1-chunk";
    private static final Pattern ANY_LAYOUT = Pattern.compile("v\\d+-chunk\\d+");
    private static final Pattern CHUNK_NAME = Pattern.compile("\\d+\\.\\d+");
    private static final Pattern DECODED_NAME = Pattern.compile("\\d+\\.d[0-9a-f]{16}");
    /** mailfs-PID-…: the directory of a {@link #temporary} store. */
    /** What the smallest file takes on a disk: the cap counts blocks, which is what du shows. */
    private static final int BLOCK_BYTES = 4096;
    private static final Logger LOG = Logger.getLogger(DiskBodyStore.class.getName());

    private final Path directory;
    private final int chunkBytes;
    private final long maxBytes;
    private final LruIndex index;
    private final Map<String, String> folderDirectories = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final boolean temporary;

    /** The root directory is open to other users and cannot be made private. */
    public static final class NotPrivateException extends IOException {
        NotPrivateException(String message) {
            super(message);
        }
    }

    private DiskBodyStore(Path directory, int chunkBytes, long maxBytes, boolean temporary) {
        this.directory = directory;
        this.temporary = temporary;
        this.chunkBytes = chunkBytes;
        this.maxBytes = maxBytes;
        this.index = new LruIndex(maxBytes);
    }

    /** {@code $XDG_CACHE_HOME/mailfs}, else {@code ~/.cache/mailfs}. */
    public static Path defaultRoot(Map<String, String> environment) {
        String xdg = environment.get("XDG_CACHE_HOME");
        boolean usable = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute(); // as the XDG spec says
        return (usable ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache")).resolve("mailfs");
    }

    /**
     * Opens (creating it if missing) the store of {@code account} ("user@host:port") under {@code
     * root}, and finds what an earlier run left there.
     *
     * @throws NotPrivateException if the root is open to other users and cannot be made private
     * @throws IOException         if the directories cannot be made or read
     */
    public static DiskBodyStore open(Path root, String account, int chunkBytes, long maxBytes) throws IOException {
        PrivateFiles.makePrivate(root);
        Path accountDirectory = root.resolve(accountDirectoryName(account));
        DiskBodyStore store = new DiskBodyStore(accountDirectory.resolve(LAYOUT + chunkBytes), chunkBytes, maxBytes, false);
        if (Files.isDirectory(accountDirectory)) { // else made by the first write: a mount that never reads leaves nothing
            store.removeOtherLayouts(accountDirectory);
        }
        if (Files.isDirectory(store.directory)) {
            store.scan();
        }
        return store;
    }

    /**
     * A store of this process alone, in a new private directory in {@code parent} (the system's
     * directory for temporary files), which {@link #close} deletes; what a daemon that was killed
     * left there is deleted now. For decoded parts when the account keeps nothing on disk.
     */
    public static DiskBodyStore temporary(Path parent, int chunkBytes, long maxBytes) throws IOException {
        return new DiskBodyStore(ProcessDirectory.create(parent, "mailfs-"), chunkBytes, maxBytes, true);
    }

    /** {@link #open}, or no store when the disk cannot hold one (logged); only a root open to others is refused. */
    public static Optional<DiskBodyStore> openIfPossible(Path root, String account, int chunkBytes, long maxBytes)
            throws NotPrivateException {
        try {
            return Optional.of(open(root, account, chunkBytes, maxBytes));
        } catch (NotPrivateException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.warning("no disk store for message bodies in " + root + " (" + e + "); bodies are kept in memory only");
            return Optional.empty();
        }
    }

    /** The chunk if this store has it intact; never throws. */
    public Optional<byte[]> read(MessageRef message, long chunkIndex) {
        String name = name(message, chunkIndex);
        if (!index.use(name)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(directory.resolve(name), READ)) {
            Optional<byte[]> bytes = ChunkFile.read(channel, chunkBytes);
            if (bytes.isEmpty()) {
                problem("deleted " + name + ", which was damaged", null);
                delete(List.of(name));
            }
            return bytes;
        } catch (NoSuchFileException e) {
            index.remove(name); // evicted meanwhile, or removed by someone else
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            problem("cannot read " + name, e);
            index.remove(name);
            return Optional.empty();
        }
    }

    /** Whether the chunk was written here whole (someone may have removed the file since). */
    public boolean holds(MessageRef message, long chunkIndex) {
        return index.contains(name(message, chunkIndex));
    }

    /** Keeps the chunk, evicting what no longer fits; a failure is logged and otherwise ignored. */
    public void write(MessageRef message, long chunkIndex, byte[] bytes) {
        long size = onDisk(bytes.length);
        if (size > maxBytes || bytes.length > chunkBytes) {
            return;
        }
        String name = name(message, chunkIndex);
        try {
            PrivateFiles.writeAtomically(directory.resolve(name), channel -> ChunkFile.write(channel, bytes));
        } catch (IOException | RuntimeException e) {
            problem("cannot write " + name, e);
            return;
        }
        delete(index.add(name, size));
    }

    /** The file of a decoded part kept here ({@link #keepDecoded}), if there is one; it becomes the most recently used. */
    public Optional<Path> decoded(MessageRef message, String part) {
        String name = decodedName(message, part);
        Path file = directory.resolve(name);
        if (!index.use(name)) {
            return Optional.empty();
        }
        if (Files.notExists(file)) {
            index.remove(name); // removed by someone else
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** A small decoded part kept here ({@link #keepDecoded(MessageRef, String, byte[])}), read whole; empty if there is none. */
    public Optional<byte[]> readDecoded(MessageRef message, String part) {
        Optional<Path> file = decoded(message, part);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file.get()));
        } catch (NoSuchFileException e) {
            index.remove(decodedName(message, part)); // evicted meanwhile
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            problem("cannot read " + decodedName(message, part), e);
            return Optional.empty();
        }
    }

    /** Keeps a small decoded part, written whole or not at all, evicting what no longer fits; a failure is logged and otherwise ignored. */
    public void keepDecoded(MessageRef message, String part, byte[] bytes) {
        String name = decodedName(message, part);
        try {
            PrivateFiles.writeAtomically(directory.resolve(name), channel -> ChunkFile.writeAll(channel, bytes));
        } catch (IOException | RuntimeException e) {
            problem("cannot write " + name, e);
            return;
        }
        delete(index.add(name, blocks(bytes.length)));
    }

    /**
     * A new private file where a decoded part is written before {@link #keepDecoded} puts it in
     * place; one a crash leaves is deleted at the next start.
     */
    public Path newDecoded(MessageRef message, String part) throws IOException {
        Path place = directory.resolve(decodedName(message, part));
        return PrivateFiles.createTemporary(place.getParent(), place.getFileName().toString());
    }

    /**
     * Puts a decoded part written whole to {@code written} (a file of {@link #newDecoded}, forced
     * to the disk by its writer) in its place, evicting what no longer fits, but never the part
     * itself, however large; its file, or empty when the disk failed (logged, and {@code written}
     * deleted).
     */
    public Optional<Path> keepDecoded(MessageRef message, String part, Path written) {
        String name = decodedName(message, part);
        Path file = directory.resolve(name);
        try {
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            delete(index.add(name, blocks(Files.size(file))));
            return Optional.of(file);
        } catch (IOException e) {
            PrivateFiles.deleteQuietly(written);
            problem("cannot keep " + name, e);
            return Optional.empty();
        }
    }

    /**
     * A new private file for work in progress (a part between two steps of its decoding), which the
     * caller deletes; one a crash leaves is deleted at the next start.
     */
    public Path scratchFile() throws IOException {
        return PrivateFiles.createTemporary(directory, "scratch");
    }

    /** Deletes a {@link #temporary} store and all it holds; a store in the cache directory stays for the next mount. */
    public void close() {
        if (temporary && !ProcessDirectory.delete(directory)) {
            problem("cannot remove " + directory, null);
        }
    }

    /**
     * Deletes what is kept of {@code folder} under any UIDVALIDITY but {@code uidValidity}: the
     * server renumbered the folder (it was recreated, say), so those chunks are never read again.
     */
    public void forgetOtherUidValidities(String folder, long uidValidity) {
        String folderDirectory = folderDirectory(folder);
        Path folderPath = directory.resolve(folderDirectory);
        if (!Files.isDirectory(folderPath)) {
            return;
        }
        try (Stream<Path> validities = Files.list(folderPath)) {
            for (Path validity : validities.filter(v -> !v.getFileName().toString().equals(Long.toString(uidValidity))).toList()) {
                index.removeStartingWith(folderDirectory + "/" + validity.getFileName() + "/");
                deleteTree(validity);
                LOG.info("deleted the bodies kept of " + folder + " under its old UIDVALIDITY " + validity.getFileName());
            }
        } catch (IOException e) {
            problem("cannot list " + folderPath, e);
        }
    }

    /** The disk space all files of this store take, counted in whole blocks. */
    long totalBytes() {
        return index.totalBytes();
    }

    /** The disk space of a chunk of {@code length} bytes: its file in whole blocks. */
    static long onDisk(long length) {
        return blocks(ChunkFile.HEADER_BYTES + length);
    }

    private static long blocks(long fileBytes) {
        return (fileBytes + BLOCK_BYTES - 1) / BLOCK_BYTES * BLOCK_BYTES;
    }

    int chunkBytes() {
        return chunkBytes;
    }

    /** Where this account's chunks of this size live. */
    Path directory() {
        return directory;
    }

    /** The file where the account's downloads of the last 24 hours are counted, beside the chunks. */
    public Path downloadCounts() {
        return directory.getParent().resolve("downloads-v1");
    }

    static String accountDirectoryName(String account) {
        String readable = account.replaceAll("[^A-Za-z0-9@._-]", "_");
        return readable.substring(0, Math.min(readable.length(), 64)) + "-" + PrivateFiles.sha256(account).substring(0, 8);
    }

    private String name(MessageRef message, long chunkIndex) {
        return folderDirectory(message.folder()) + "/" + message.uidValidity() + "/" + message.uid() + "." + chunkIndex;
    }

    private String decodedName(MessageRef message, String part) {
        return folderDirectory(message.folder()) + "/" + message.uidValidity() + "/" + message.uid() + ".d"
                + PrivateFiles.sha256(part).substring(0, 16);
    }

    private String folderDirectory(String folder) {
        return folderDirectories.computeIfAbsent(folder, f -> PrivateFiles.sha256(f).substring(0, 16));
    }

    /** Finds the chunks and decoded parts an earlier run left, oldest first, and removes what crashed writers left. */
    private void scan() throws IOException {
        record Found(String name, long size, FileTime modified) {
        }
        List<Found> found = new ArrayList<>();
        Files.walkFileTree(directory, EnumSet.noneOf(java.nio.file.FileVisitOption.class), 3, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                Path relative = directory.relativize(file);
                String name = file.getFileName().toString();
                if (attributes.isRegularFile() && relative.getNameCount() == 3
                        && (CHUNK_NAME.matcher(name).matches() || DECODED_NAME.matcher(name).matches())) {
                    found.add(new Found(relative.toString(), blocks(attributes.size()), attributes.lastModifiedTime()));
                } else if (PrivateFiles.isAbandoned(name)) {
                    PrivateFiles.deleteQuietly(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                problem("cannot read " + directory.relativize(file), e);
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(Comparator.comparing(Found::modified));
        for (Found file : found) {
            delete(index.add(file.name(), file.size()));
        }
    }

    private void removeOtherLayouts(Path accountDirectory) {
        try (Stream<Path> layouts = Files.list(accountDirectory)) {
            layouts.filter(d -> !d.equals(directory) && ANY_LAYOUT.matcher(d.getFileName().toString()).matches())
                    .forEach(this::deleteTree);
        } catch (IOException e) {
            problem("cannot list " + accountDirectory, e);
        }
    }

    private void deleteTree(Path tree) {
        if (!PrivateFiles.deleteTree(tree)) {
            problem("cannot remove " + tree, null);
        }
    }

    private void delete(List<String> names) {
        for (String name : names) {
            index.remove(name);
            try {
                Files.deleteIfExists(directory.resolve(name));
            } catch (IOException e) {
                problem("cannot delete " + name, e);
            }
        }
    }

    /** Logs a problem with the disk; never the mail itself. */
    private void problem(String what, Exception e) {
        String message = "disk store " + directory + ": " + what + (e == null ? "" : " (" + e + ")")
                + "; the server is asked instead";
        if (warned.compareAndSet(false, true)) {
            LOG.warning(message + " (further disk store problems are logged at FINE)");
        } else {
            LOG.fine(message);
        }
    }
}

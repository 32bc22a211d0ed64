package dev.mailfs.cache;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Files only their owner can read, in directories only their owner can enter (mail, and what it
 * says of people), each written whole or not at all.
 */
final class PrivateFiles {
    private static final Logger LOG = Logger.getLogger(PrivateFiles.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong TEMPORARIES = new AtomicLong();
    /** NAME.PID.N.tmp: a file being written by process PID (see {@link #writeAtomically}). */
    private static final Pattern TEMPORARY_NAME = Pattern.compile(".+\\.(\\d+)\\.\\d+\\.tmp");

    private PrivateFiles() {
    }

    /** What fills a file that {@link #writeAtomically} puts in place. */
    @FunctionalInterface
    interface FileFiller {
        void fill(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code file} (0600) whole or not at all: into a temporary file beside it, named with
     * this process's pid so that a crashed one's are found and removed ({@link #isAbandoned}), then
     * renamed over it. On a failure the temporary file is deleted and the failure thrown.
     */
    static void writeAtomically(Path file, FileFiller filler) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + "." + PID + "." + TEMPORARIES.incrementAndGet() + ".tmp");
        try {
            try (FileChannel channel = createFile(temporary)) {
                filler.fill(channel);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    /** A new empty private file {@code NAME.PID.N.tmp} in {@code directory}, which {@link #isAbandoned} finds after a crash. */
    static Path createTemporary(Path directory, String name) throws IOException {
        Path temporary = directory.resolve(name + "." + PID + "." + TEMPORARIES.incrementAndGet() + ".tmp");
        createFile(temporary).close();
        return temporary;
    }

    /** A temporary file of {@link #writeAtomically} left by this process (which has written nothing yet) or by one that is gone. */
    static boolean isAbandoned(String name) {
        Matcher m = TEMPORARY_NAME.matcher(name);
        if (!m.matches()) {
            return false;
        }
        long writer = Long.parseLong(m.group(1));
        return writer == PID || ProcessHandle.of(writer).map(p -> !p.isAlive()).orElse(true);
    }

    /** A new 0600 file, and the private directories above it if they are missing (or were removed). */
    static FileChannel createFile(Path file) throws IOException {
        try {
            return FileChannel.open(file, Set.of(CREATE_NEW, WRITE), PRIVATE_FILE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(file.getParent(), PRIVATE_DIRECTORY);
            return FileChannel.open(file, Set.of(CREATE_NEW, WRITE), PRIVATE_FILE);
        }
    }

    /** A new private directory in {@code parent}, named {@code prefix} and something unique. */
    static Path createDirectory(Path parent, String prefix) throws IOException {
        return Files.createTempDirectory(parent, prefix, PRIVATE_DIRECTORY);
    }

    /**
     * Makes {@code directory} if it is missing, private; makes an existing one private.
     *
     * @throws DiskBodyStore.NotPrivateException if it is open to other users and cannot be made private
     */
    static void makePrivate(Path directory) throws IOException {
        if (Files.notExists(directory)) {
            Files.createDirectories(directory, PRIVATE_DIRECTORY);
            return;
        }
        if (!Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory.toString());
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
        if (OWNER_ONLY.containsAll(permissions)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(directory, OWNER_ONLY);
        } catch (IOException e) {
            throw new DiskBodyStore.NotPrivateException(directory + " is open to other users ("
                    + PosixFilePermissions.toString(permissions) + ") and cannot be made private: chmod 700 it");
        }
        LOG.info(directory + " was open to other users (" + PosixFilePermissions.toString(permissions)
                + "); made it private (rwx------)");
    }

    /** Deletes a directory and everything in it, as far as it can; true when it is gone. */
    static boolean deleteTree(Path tree) {
        try (Stream<Path> paths = Files.walk(tree)) {
            paths.sorted(Comparator.reverseOrder()).forEach(PrivateFiles::deleteQuietly);
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
        return Files.notExists(tree);
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover that is never read, and is tried again at the next start
        }
    }

    /** This process's id. */
    static long pid() {
        return PID;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

package dev.mailfs.cache;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mailfs.mail.MessageRef;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The moves and expunges a caller was told had happened and the server has not made yet, in a file
 * beside the disk store: each line is forced to disk before the caller is told, so that after a
 * crash or kill -9 the next start makes them. A line per change promised, and one per change made
 * or given up ("done ID"). Each daemon writes a file of its own, locked while it runs; the next
 * one to start takes over what a daemon that ended left undone.
 */
final class ChangeJournal implements Closeable {
    private static final Logger LOG = Logger.getLogger(ChangeJournal.class.getName());
    private static final String DONE = "done";
    /** The last field of every line: a line without it was cut short by a crash, and was never promised. */
    private static final String END = ".";

    /** What a change does: a move to the folder its target names, an expunge, or on Gmail its target label taken off. */
    enum Kind {
        MOVE, EXPUNGE, UNLABEL;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A change promised. */
    record Change(long id, Kind kind, MessageRef message, String target) {
        boolean isMove() {
            return kind == Kind.MOVE;
        }

        /** Where a move goes; empty for other changes. */
        String toFolder() {
            return isMove() ? target : "";
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final List<Change> left;
    private final Map<Long, Change> open = new LinkedHashMap<>();
    private long nextId;

    private ChangeJournal(Path file, FileChannel channel, List<Change> left) {
        this.file = file;
        this.channel = channel;
        this.left = List.copyOf(left);
        left.forEach(change -> open.put(change.id(), change));
        this.nextId = left.stream().mapToLong(Change::id).max().orElse(0) + 1;
    }

    /** Beside the bodies of the same account. */
    static ChangeJournal beside(DiskBodyStore bodies) {
        return open(bodies.directory().getParent().resolve("changes-v1"));
    }

    /**
     * A journal of this daemon's own in {@code directory}, locked while it runs, with what the
     * journals of daemons that ended there left undone (two mounts of one account each keep their
     * own; a daemon's is taken over once its lock is gone).
     */
    static ChangeJournal open(Path directory) {
        try {
            PrivateFiles.makePrivate(directory);
            List<Change> left = new ArrayList<>();
            List<Taken> taken = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "journal-*")) {
                for (Path other : files) {
                    takeOver(other).ifPresent(each -> {
                        taken.add(each);
                        left.addAll(each.changes());
                    });
                }
            }
            List<Change> renumbered = new ArrayList<>();
            for (Change change : left) {
                renumbered.add(new Change(renumbered.size() + 1, change.kind(), change.message(), change.target()));
            }
            Path temporary = PrivateFiles.createTemporary(directory, "journal");
            FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            channel.lock();
            for (Change change : renumbered) {
                write(channel, lineOf(change));
            }
            channel.force(true);
            Path own = directory.resolve("journal-" + PrivateFiles.pid() + "-" + System.nanoTime());
            Files.move(temporary, own, StandardCopyOption.ATOMIC_MOVE);
            for (Taken each : taken) {
                Files.deleteIfExists(each.file()); // before its lock goes, so that no one else takes it over too
                each.channel().close();
            }
            return new ChangeJournal(own, channel, renumbered);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a journal of changes in " + directory + ": " + e.getMessage(), e);
        }
    }

    private record Taken(Path file, FileChannel channel, List<Change> changes) {
    }

    /** The changes of a journal whose daemon ended, locked for this one; empty while its daemon runs. */
    private static Optional<Taken> takeOver(Path other) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(other, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            if (channel.tryLock() == null || !Files.exists(other)) {
                channel.close(); // its daemon runs, or another took it over and deleted it
                return Optional.empty();
            }
        } catch (OverlappingFileLockException e) {
            channel.close(); // this process's own
            return Optional.empty();
        }
        return Optional.of(new Taken(other, channel, read(other)));
    }

    /** What earlier runs promised and did not make, in the order promised. */
    List<Change> left() {
        return left;
    }

    /** Writes the change and forces it to disk; only then may the caller be told it happened. */
    synchronized Change add(Kind kind, MessageRef message, String target) {
        Change change = new Change(nextId++, kind, message, target);
        append(lineOf(change));
        open.put(change.id(), change);
        return change;
    }

    /** The changes made, or given up: not made again at the next start. */
    synchronized void done(Collection<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (Change change : changes) {
            lines.append(DONE).append('\t').append(change.id()).append('\t').append(END).append('\n');
            open.remove(change.id());
        }
        try {
            if (open.isEmpty()) {
                channel.truncate(0); // nothing left to make: the file does not grow for ever
                channel.force(true);
            } else {
                append(lines.toString());
            }
        } catch (IOException e) {
            LOG.warning("cannot write to the journal of changes " + file + ": " + e.getMessage()
                    + "; the next start looks again at what was made");
        }
    }

    private void append(String line) {
        try {
            write(channel, line);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the journal of changes " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes the journal; one with nothing left to make is deleted. */
    @Override
    public synchronized void close() {
        try {
            if (open.isEmpty()) {
                Files.deleteIfExists(file);
            }
            channel.close();
        } catch (IOException e) {
            LOG.fine("closing " + file + ": " + e.getMessage());
        }
    }

    private static void write(FileChannel channel, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static String lineOf(Change change) {
        MessageRef message = change.message();
        return String.join("\t", change.kind().word(), Long.toString(change.id()), escape(message.folder()),
                Long.toString(message.uidValidity()), Long.toString(message.uid()), escape(change.target()), END) + "\n";
    }

    /** The changes not done, in order; a line cut short by a crash was never promised and is passed over. */
    private static List<Change> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Map<Long, Change> changes = new LinkedHashMap<>();
        for (String line : lines) {
            String[] fields = line.split("\t", -1);
            if (!fields[fields.length - 1].equals(END)) {
                LOG.warning("passing over a line of " + file + " cut short: " + line);
                continue;
            }
            try {
                if (fields.length == 3 && fields[0].equals(DONE)) {
                    changes.remove(Long.parseLong(fields[1]));
                } else if (fields.length == 7 && kindOf(fields[0]).isPresent()) {
                    MessageRef message = new MessageRef(unescape(fields[2]), Long.parseLong(fields[3]), Long.parseLong(fields[4]));
                    long id = Long.parseLong(fields[1]);
                    changes.put(id, new Change(id, kindOf(fields[0]).get(), message, unescape(fields[5])));
                } else {
                    LOG.warning("passing over a line of " + file + " that is not a change: " + line);
                }
            } catch (NumberFormatException e) {
                LOG.warning("passing over a line of " + file + " that is not a change: " + line);
            }
        }
        return new ArrayList<>(changes.values());
    }

    private static Optional<Kind> kindOf(String word) {
        return Arrays.stream(Kind.values()).filter(kind -> kind.word().equals(word)).findFirst();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

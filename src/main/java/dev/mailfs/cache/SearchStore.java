package dev.mailfs.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The account's search folders (their queries), kept in one small file beside the disk store so that
 * they outlive the mount. Private like the rest of the store (0600 in a 0700 directory: queries name
 * people and subjects), written to a temporary file and renamed, so a crash leaves the old list or
 * the new one, never half of one. A problem is logged and otherwise ignored: the searches then live
 * for the mount only.
 */
public final class SearchStore {
    private static final Logger LOG = Logger.getLogger(SearchStore.class.getName());
    private static final String MAGIC = "mailfs-searches-1";

    private final Path file;

    /** The searches kept in {@code file}; its directory is made (0700) when first written. */
    public SearchStore(Path file) {
        this.file = file;
    }

    /** Beside the bodies and listings of the same account. */
    public static SearchStore beside(DiskBodyStore bodies) {
        return new SearchStore(bodies.directory().getParent().resolve("searches-v1"));
    }

    /** The queries kept, in the order written; none when there is no file or it cannot be read. */
    public List<String> read() {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
                LOG.warning("the search folders kept in " + file + " are not in a form this mailfs knows; they are not shown");
                return List.of();
            }
            return List.copyOf(lines.subList(1, lines.size()));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            LOG.warning("cannot read the search folders kept in " + file + " (" + e + "); they are not shown");
            return List.of();
        }
    }

    /** Keeps exactly these queries (one a line: a query holds no control characters), replacing what was kept. */
    public void write(List<String> queries) {
        List<String> lines = new ArrayList<>();
        lines.add(MAGIC);
        lines.addAll(queries);
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            PrivateFiles.writeAtomically(file, channel -> {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            });
        } catch (IOException | RuntimeException e) {
            LOG.warning("cannot keep the search folders in " + file + " (" + e + "); they last until unmounted");
        }
    }

    /** Where the queries are kept. */
    public Path file() {
        return file;
    }
}

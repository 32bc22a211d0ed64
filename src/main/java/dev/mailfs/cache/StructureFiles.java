package dev.mailfs.cache;

import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.MessageRef;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * MIME structures kept in the disk store beside the bodies, one small file a message: a message's
 * directory then shows after a restart, and offline, without asking the server. Written in the
 * background; one that does not read back whole is as good as none.
 */
final class StructureFiles {
    private static final Logger LOG = Logger.getLogger(StructureFiles.class.getName());
    private static final String PART = "structure";
    private static final String MAGIC = "mailfs-structure-1";
    private static final int MOST_PARTS = 10_000;

    private final Optional<DiskBodyStore> disk;
    private final DiskWriteQueue writes;
    private final UnaryOperator<MessageRef> identities;

    StructureFiles(Optional<DiskBodyStore> disk, DiskWriteQueue writes, UnaryOperator<MessageRef> identities) {
        this.disk = disk;
        this.writes = writes;
        this.identities = identities;
    }

    Optional<BodyPart> read(MessageRef message) {
        if (disk.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> file = disk.get().decoded(identities.apply(message), PART);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file.get())))) {
            if (!MAGIC.equals(in.readUTF())) {
                return Optional.empty();
            }
            return Optional.of(readPart(in, new int[] {0}));
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "the kept structure of " + message + " does not read back (" + e + "); asking the server");
            return Optional.empty();
        }
    }

    void keep(MessageRef message, BodyPart structure) {
        if (disk.isEmpty()) {
            return;
        }
        DiskBodyStore store = disk.get();
        MessageRef identity = identities.apply(message);
        writes.queue(() -> {
            try {
                Path written = store.newDecoded(identity, PART);
                try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE);
                     DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)))) {
                    out.writeUTF(MAGIC);
                    writePart(out, structure);
                    out.flush();
                    channel.force(true);
                }
                store.keepDecoded(identity, PART, written);
            } catch (IOException e) {
                LOG.fine(() -> "cannot keep the structure of " + message + " (" + e + ")");
            }
        });
    }

    private static void writePart(DataOutputStream out, BodyPart part) throws IOException {
        for (String text : List.of(part.section(), part.type(), part.subtype(), part.disposition(), part.encoding(), part.enclosedSubject())) {
            StoredText.write(out, text);
        }
        writeMap(out, part.parameters());
        writeMap(out, part.dispositionParameters());
        out.writeLong(part.size());
        out.writeInt(part.parts().size());
        for (BodyPart child : part.parts()) {
            writePart(out, child);
        }
    }

    private static BodyPart readPart(DataInputStream in, int[] count) throws IOException {
        if (++count[0] > MOST_PARTS) {
            throw new IOException("more than " + MOST_PARTS + " parts");
        }
        String section = StoredText.read(in);
        String type = StoredText.read(in);
        String subtype = StoredText.read(in);
        String disposition = StoredText.read(in);
        String encoding = StoredText.read(in);
        String enclosedSubject = StoredText.read(in);
        Map<String, String> parameters = readMap(in);
        Map<String, String> dispositionParameters = readMap(in);
        long size = in.readLong();
        int children = in.readInt();
        if (children < 0 || children > MOST_PARTS) {
            throw new IOException(children + " parts");
        }
        List<BodyPart> parts = new ArrayList<>(children);
        for (int i = 0; i < children; i++) {
            parts.add(readPart(in, count));
        }
        return new BodyPart(section, type, subtype, parameters, disposition, dispositionParameters, encoding, size, parts, enclosedSubject);
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> entry : map.entrySet()) {
            StoredText.write(out, entry.getKey());
            StoredText.write(out, entry.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > MOST_PARTS) {
            throw new IOException(size + " parameters");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(StoredText.read(in), StoredText.read(in));
        }
        return map;
    }
}

package dev.mailfs.cache;

import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderState;
import dev.mailfs.mail.GmailMeta;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.OneCopyEach;
import dev.mailfs.mail.ServerTraits;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Folder listings on disk, beside the {@link DiskBodyStore}, with the folder's STATUS when they were
 * fetched: after a restart a folder is listed from here and checked with one STATUS, and only what
 * changed meanwhile is fetched. A listing is only ever trusted after that check. Files are private
 * (0600 in 0700 directories, like the bodies: they hold subjects and addresses), written to a
 * temporary file and renamed, and carry a checksum; one that does not read back whole is ignored.
 */
final class ListingStore {
    private static final Logger LOG = Logger.getLogger(ListingStore.class.getName());
    private static final String MAGIC = "mailfs-listing-2"; // 2: with Gmail's ids and labels
    private static final String FOLDERS_MAGIC = "mailfs-folders-2"; // 2: with the personal namespace
    private static final String FOLDERS_MAGIC_1 = "mailfs-folders-1";
    /** The folder list's file: not 16 hex digits, so no folder's. */
    private static final String FOLDERS = "folders";

    /** A listing and the state of its folder just before it was fetched. */
    record Stored(FolderListing listing, FolderState state) {
    }

    /** The folder list as LIST last gave it, and what kind of account the server kept: enough to mount offline. */
    record StoredFolders(List<FolderInfo> folders, ServerTraits traits) {
    }

    private final Path directory;

    ListingStore(Path directory) {
        this.directory = directory;
    }

    /** Beside the bodies of the same account. */
    static ListingStore beside(DiskBodyStore bodies) {
        return new ListingStore(bodies.directory().getParent().resolve("listings-v1"));
    }

    /** The stored listing of {@code folder}, if there is one that reads back whole; never throws. */
    Optional<Stored> read(String folder) {
        return readChecked(fileOf(folder), "the stored listing of " + folder, in -> {
            if (!MAGIC.equals(in.readUTF()) || !folder.equals(StoredText.read(in))) {
                return null;
            }
            FolderState state = new FolderState(in.readLong(), in.readLong(), in.readLong(), in.readLong());
            long uidValidity = in.readLong();
            int count = in.readInt();
            List<MessageMeta> messages = new ArrayList<>(count);
            OneCopyEach addresses = new OneCopyEach();
            for (int i = 0; i < count; i++) {
                messages.add(readMessage(in, addresses));
            }
            return new Stored(new FolderListing(folder, uidValidity, messages), state);
        });
    }

    /** Keeps the listing, replacing the one stored before; a failure is logged and otherwise ignored. */
    void write(FolderListing listing, FolderState state) {
        writeChecked(fileOf(listing.folder()), "the listing of " + listing.folder(), out -> {
            out.writeUTF(MAGIC);
            StoredText.write(out, listing.folder());
            out.writeLong(state.uidValidity());
            out.writeLong(state.uidNext());
            out.writeLong(state.messages());
            out.writeLong(state.highestModSeq());
            out.writeLong(listing.uidValidity());
            out.writeInt(listing.messages().size());
            for (MessageMeta message : listing.messages()) {
                writeMessage(out, message);
            }
        });
    }

    /** The folder list stored last, if one reads back whole; never throws. */
    Optional<StoredFolders> readFolders() {
        return readChecked(directory.resolve(FOLDERS), "the stored folder list", in -> {
            String magic = in.readUTF();
            if (!FOLDERS_MAGIC.equals(magic) && !FOLDERS_MAGIC_1.equals(magic)) {
                return null;
            }
            boolean labels = in.readBoolean();
            String personalPrefix = FOLDERS_MAGIC.equals(magic) ? StoredText.read(in) : "";
            int count = in.readInt();
            List<FolderInfo> folders = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = StoredText.read(in);
                char delimiter = in.readChar();
                boolean selectable = in.readBoolean();
                int uses = in.readInt();
                Set<String> specialUse = new HashSet<>();
                for (int u = 0; u < uses; u++) {
                    specialUse.add(StoredText.read(in));
                }
                folders.add(new FolderInfo(name, delimiter, selectable, specialUse));
            }
            return new StoredFolders(folders, new ServerTraits(labels, personalPrefix));
        });
    }

    /** Keeps the folder list, replacing the one stored before; a failure is logged and otherwise ignored. */
    void writeFolders(List<FolderInfo> folders, ServerTraits traits) {
        writeChecked(directory.resolve(FOLDERS), "the folder list", out -> {
            out.writeUTF(FOLDERS_MAGIC);
            out.writeBoolean(traits.labels());
            StoredText.write(out, traits.personalPrefix());
            out.writeInt(folders.size());
            for (FolderInfo folder : folders) {
                StoredText.write(out, folder.fullName());
                out.writeChar(folder.delimiter());
                out.writeBoolean(folder.selectable());
                out.writeInt(folder.specialUse().size());
                for (String use : folder.specialUse()) {
                    StoredText.write(out, use);
                }
            }
        });
    }

    @FunctionalInterface
    private interface Reading<T> {
        /** What the file holds; null when it is not what it should be. */
        T read(DataInputStream in) throws IOException;
    }

    @FunctionalInterface
    private interface Writing {
        void write(DataOutputStream out) throws IOException;
    }

    /** What {@code reading} makes of the file, if it reads back whole and its checksum matches; never throws. */
    private static <T> Optional<T> readChecked(Path file, String what, Reading<T> reading) {
        CRC32 crc = new CRC32();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc))) {
            T read = reading.read(in);
            if (read == null) {
                return Optional.empty();
            }
            long expected = crc.getValue();
            if (new DataInputStream(raw).readLong() != expected) {
                LOG.fine(what + " is damaged; it is fetched from the server");
                return Optional.empty();
            }
            return Optional.of(read);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot read " + what + "; it is fetched from the server", e);
            return Optional.empty();
        }
    }

    /** Writes the file afresh through {@code writing}, its checksum after; a failure is logged and otherwise ignored. */
    private static void writeChecked(Path file, String what, Writing writing) {
        try {
            PrivateFiles.writeAtomically(file, channel -> {
                CRC32 crc = new CRC32();
                try (OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                     DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc))) {
                    writing.write(out);
                    out.flush();
                    new DataOutputStream(raw).writeLong(crc.getValue());
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot store " + what, e);
        }
    }

    private Path fileOf(String folder) {
        return directory.resolve(PrivateFiles.sha256(folder).substring(0, 16));
    }

    private static void writeMessage(DataOutputStream out, MessageMeta message) throws IOException {
        out.writeLong(message.uid());
        out.writeLong(message.size());
        instant(out, message.internalDate());
        out.writeBoolean(message.sentDate().isPresent());
        if (message.sentDate().isPresent()) {
            instant(out, message.sentDate().get());
        }
        StoredText.write(out, message.subject());
        StoredText.write(out, message.from());
        StoredText.write(out, message.to());
        StoredText.write(out, message.messageId());
        out.writeInt(message.flags().size());
        for (String flag : message.flags()) {
            StoredText.write(out, flag);
        }
        out.writeBoolean(message.gmail().isPresent());
        if (message.gmail().isPresent()) {
            GmailMeta gmail = message.gmail().get();
            out.writeLong(gmail.messageId());
            out.writeLong(gmail.threadId());
            out.writeInt(gmail.labels().size());
            for (String label : gmail.labels()) {
                StoredText.write(out, label);
            }
        }
    }

    private static MessageMeta readMessage(DataInputStream in, OneCopyEach addresses) throws IOException {
        long uid = in.readLong();
        long size = in.readLong();
        Instant internalDate = instant(in);
        Optional<Instant> sentDate = in.readBoolean() ? Optional.of(instant(in)) : Optional.empty();
        String subject = StoredText.read(in);
        String from = addresses.of(StoredText.read(in));
        String to = addresses.of(StoredText.read(in));
        String messageId = StoredText.read(in);
        int flagCount = in.readInt();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < flagCount; i++) {
            flags.add(StoredText.read(in));
        }
        Optional<GmailMeta> gmail = Optional.empty();
        if (in.readBoolean()) {
            long gmailId = in.readLong();
            long threadId = in.readLong();
            int labelCount = in.readInt();
            Set<String> labels = new HashSet<>();
            for (int i = 0; i < labelCount; i++) {
                labels.add(StoredText.read(in));
            }
            gmail = Optional.of(new GmailMeta(gmailId, threadId, labels));
        }
        return new MessageMeta(uid, size, internalDate, sentDate, subject, from, to, messageId, flags, gmail);
    }

    private static void instant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}

package dev.mailfs.mime;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mailfs.cache.DiskBodyStore;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageRef;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Parts too large to hold in memory, each decoded once, as a stream, into a file of the disk store
 * and read from there by offset: memory stays bounded whatever the size of the part. An
 * attachment's size is known without decoding it when the server's sizes are exact and its
 * BODYSTRUCTURE tells it: an identity encoding, or base64 of regular lines ({@link Base64Size},
 * from the part's first and last bytes). Other parts, and text (whose size changes as it is
 * converted), are decoded to learn their size.
 */
final class PartFiles implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PartFiles.class.getName());
    private static final Set<String> IDENTITY = Set.of("", "7bit", "8bit", "binary");
    private static final byte[] BYTE_ORDER_MARK = "\uFEFF".getBytes(UTF_8);
    private static final int COPY_BYTES = 128 << 10;

    private final MailSource mail;
    private final Supplier<DiskBodyStore> store;
    /** Decodings under way, by file: whoever asks meanwhile reads what it wrote, or waits. */
    private final Map<String, GrowingFile> underWay = new ConcurrentHashMap<>();
    /** Where parts are decoded and their next pieces fetched, so that readers read while that goes on. */
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "mailfs-decoder");
        thread.setDaemon(true);
        return thread;
    });
    /** Sizes worked out without decoding, by file. */
    private final Cache<String, Long> sizes = Caffeine.newBuilder().maximumSize(10_000).build();

    PartFiles(MailSource mail, Supplier<DiskBodyStore> store) {
        this.mail = mail;
        this.store = store;
    }

    /** Where a part's raw bytes come from: the server's sections, or the whole message cut up here. */
    @FunctionalInterface
    private interface Sections {
        InputStream raw(BodyPart part) throws IOException;
    }

    /** What writes a decoded file, from the raw parts it is given. */
    @FunctionalInterface
    private interface Decoding {
        void write(Sections sections, OutputStream out) throws IOException;
    }

    /** An attachment, or an enclosed message's raw bytes, with the transfer encoding undone. */
    DecodedFile part(MessageRef message, BodyPart part) {
        return new StoredFile(message, MessageContents.Kind.PART.storedName(part.section()), (sections, out) -> {
            try (InputStream decoded = TransferDecoding.decoding(sections.raw(part), part.encoding())) {
                copy(decoded, out);
            }
        }, () -> exactSize(message, part));
    }

    /**
     * body.txt: see {@link MessageContents#bodyText}; when {@code withHeader}, {@code header} gives
     * its first lines, asked for only when it is decoded.
     */
    DecodedFile bodyText(MessageRef message, MessageLayout layout, boolean withHeader, Supplier<byte[]> header) {
        Decoding body = layout.text().isEmpty() && !layout.html().isEmpty()
                ? (sections, out) -> renderHtml(sections, layout.html(), out)
                : (sections, out) -> joinText(sections, layout.text(), out);
        Decoding decoding = (sections, out) -> {
            out.write(header.get());
            body.write(sections, out);
        };
        String name = (withHeader ? MessageContents.Kind.TEXT_WITH_HEADER : MessageContents.Kind.TEXT).storedName(MessageContents.rootOf(layout));
        return new StoredFile(message, name, decoding, OptionalLong::empty);
    }

    /** body.html: see {@link MessageContents#bodyHtml}. */
    DecodedFile bodyHtml(MessageRef message, MessageLayout layout) {
        return new StoredFile(message, MessageContents.Kind.HTML.storedName(MessageContents.rootOf(layout)), (sections, out) -> {
            out.write(BYTE_ORDER_MARK);
            joinText(sections, layout.html(), out);
        }, OptionalLong::empty);
    }

    /** The whole raw message as one file, read as its .eml is: where sections are cut out when the server cannot serve them. */
    Path wholeMessage(MessageRef message) {
        return new StoredFile(message, "whole", (sections, out) -> {
            try (InputStream whole = new SectionStream(mail, message, "", -1, threads)) {
                copy(whole, out);
            }
        }, OptionalLong::empty).kept();
    }

    /** Ends the decoding threads; what they were writing is not kept. */
    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** Copies in pieces large enough to be decoded straight into and written past any buffer. */
    private static void copy(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[COPY_BYTES];
        for (int n; (n = from.read(buffer)) >= 0; ) {
            to.write(buffer, 0, n);
        }
    }

    /** Each text part converted to UTF-8 with Unix line ends, in order, each ending in a newline. */
    private void joinText(Sections sections, List<BodyPart> parts, OutputStream out) throws IOException {
        LastCharWriter text = new LastCharWriter(out);
        for (BodyPart part : parts) {
            Path staged = store().scratchFile(); // the charset is chosen from all of the part's bytes
            try {
                try (InputStream decoded = TransferDecoding.decoding(sections.raw(part), part.encoding());
                     OutputStream into = Files.newOutputStream(staged)) {
                    copy(decoded, into);
                }
                TextDecoding.decodeTo(staged, part.parameters().get("charset"), text);
                if (text.wroteAny() && text.last() != '\n') {
                    text.write('\n');
                }
            } finally {
                Files.deleteIfExists(staged);
            }
        }
        text.flush();
    }

    private void renderHtml(Sections sections, List<BodyPart> parts, OutputStream out) throws IOException {
        Path html = store().scratchFile();
        try {
            try (OutputStream into = Files.newOutputStream(html)) {
                joinText(sections, parts, into);
            }
            LastCharWriter text = new LastCharWriter(out);
            try (Reader reader = Files.newBufferedReader(html, UTF_8)) {
                HtmlText.renderTo(reader, text);
            }
            text.flush();
        } finally {
            Files.deleteIfExists(html);
        }
    }

    /**
     * The part's decoded size from what BODYSTRUCTURE says, where that is exact: an identity
     * encoding, or base64 whose first and last bytes prove regular lines. Empty otherwise.
     */
    private OptionalLong exactSize(MessageRef message, BodyPart part) {
        if (part.size() < 0 || !mail.reportsExactSizes(message)) {
            return OptionalLong.empty();
        }
        String encoding = part.encoding().toLowerCase(Locale.ROOT).trim();
        if (IDENTITY.contains(encoding)) {
            return OptionalLong.of(part.size());
        }
        if (!encoding.equals("base64")) {
            return OptionalLong.empty();
        }
        byte[] head = mail.readSection(message, part.section(), 0, (int) Math.min(Base64Size.HEAD, part.size()));
        long tailStart = Math.max(0, part.size() - Base64Size.TAIL);
        int tailLength = (int) (part.size() - tailStart);
        // One byte more than should be there: what comes back proves where the section ends.
        byte[] tail = mail.readSection(message, part.section(), tailStart, tailLength + 1);
        return tail.length == tailLength ? Base64Size.decodedSize(part.size(), head, tail) : OptionalLong.empty();
    }

    private DiskBodyStore store() {
        return store.get();
    }

    /** One decoded file: kept in the disk store once decoded, its size perhaps known before. */
    private final class StoredFile implements DecodedFile {
        private final MessageRef message;
        /** What it is kept under: on Gmail one message in every label's folder is one file. */
        private final MessageRef identity;
        private final String name;
        private final Decoding writing;
        private final Supplier<OptionalLong> exactSize;

        StoredFile(MessageRef message, String name, Decoding writing, Supplier<OptionalLong> exactSize) {
            this.message = message;
            this.identity = mail.identityOf(message);
            this.name = name;
            this.writing = writing;
            this.exactSize = exactSize;
        }

        private String key() {
            return identity + " " + name;
        }

        @Override
        public long size() {
            if (store().decoded(identity, name).isEmpty()) {
                Long known = sizes.getIfPresent(key());
                if (known != null) {
                    return known;
                }
                OptionalLong exact = exactSize.get();
                if (exact.isPresent()) {
                    sizes.put(key(), exact.getAsLong());
                    return exact.getAsLong();
                }
            }
            return fromKeptFile(Files::size);
        }

        /**
         * Read from the kept file, else from the file being decoded as far as it is written (see
         * {@link GrowingFile}), straight into {@code into}: FUSE's own buffer, so no copy on the heap.
         */
        @Override
        public int read(long offset, ByteBuffer into) {
            for (int attempt = 1; ; attempt++) {
                Optional<Path> kept = store().decoded(identity, name);
                try {
                    if (kept.isPresent()) {
                        return readAt(kept.get(), offset, into);
                    }
                    GrowingFile growing = growing();
                    int n = growing == null ? -1 : growing.read(offset, into);
                    if (n >= 0) {
                        return n;
                    }
                } catch (NoSuchFileException evicted) {
                    // evicted between finding and reading it: decoded again
                } catch (IOException e) {
                    throw new MailfsException.NoSpace("cannot read " + name + " of message " + message.uid() + " back (" + e + ")");
                }
                if (attempt == 3) {
                    throw new MailfsException.NoSpace(name + " of message " + message.uid() + " is evicted as soon as it is kept");
                }
            }
        }

        /** The decoded file in its place: kept, or decoded now (once, whoever else asks meanwhile). */
        Path kept() {
            for (int attempt = 1; ; attempt++) {
                Optional<Path> kept = store().decoded(identity, name);
                if (kept.isPresent()) {
                    return kept.get();
                }
                GrowingFile growing = growing();
                if (growing != null) {
                    return growing.awaitKept();
                }
            }
        }

        private <T> T fromKeptFile(FileUse<T> use) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return use.apply(kept());
                } catch (NoSuchFileException evicted) {
                    if (attempt == 2) {
                        throw new MailfsException.NoSpace(name + " of message " + message.uid() + " is evicted as soon as it is kept");
                    }
                } catch (IOException e) {
                    throw new MailfsException.NoSpace("cannot read " + name + " of message " + message.uid() + " back (" + e + ")");
                }
            }
        }

        /** The decoding under way, started now if none is; null when the file was kept meanwhile. */
        private GrowingFile growing() {
            return underWay.computeIfAbsent(key(), unused -> store().decoded(identity, name).isPresent() ? null : start());
        }

        private GrowingFile start() {
            try {
                Path temporary = store().newDecoded(identity, name);
                Long size = sizes.getIfPresent(key()); // a size worked out is right: it may be read as it grows
                GrowingFile growing = new GrowingFile(temporary, size == null ? -1 : size);
                threads.execute(() -> decode(growing, temporary));
                return growing;
            } catch (IOException e) {
                throw new MailfsException.NoSpace("cannot decode " + name + " of message " + message.uid() + " to disk (" + e + ")");
            }
        }

        private void decode(GrowingFile growing, Path temporary) {
            try {
                try {
                    write(growing.output(), part -> new SectionStream(mail, message, part.section(),
                            part.section().isEmpty() ? -1 : part.size(), threads));
                } catch (SectionStream.SizeMismatch e) {
                    LOG.fine(() -> e.getMessage() + "; taking it from the whole message");
                    Path whole = wholeMessage(message);
                    try (FileChannel restart = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                        restart.truncate(0);
                    }
                    write(growing.output(), fromWholeMessage(whole, e));
                }
                growing.complete();
                growing.force(); // readers need not wait for this
                Path place = store().keepDecoded(identity, name, temporary).orElseThrow(() -> new MailfsException.NoSpace(
                        "cannot keep " + name + " of message " + message.uid() + " in " + message.folder() + " decoded on disk (see the log)"));
                checkSize(place);
                growing.kept(place);
            } catch (IOException e) {
                fail(growing, temporary, new MailfsException.NoSpace("cannot decode " + name + " of message " + message.uid() + " to disk (" + e + ")"));
            } catch (RuntimeException e) {
                fail(growing, temporary, e);
            } finally {
                underWay.remove(key(), growing);
            }
        }

        private void write(OutputStream into, Sections sections) throws IOException {
            OutputStream out = new BufferedOutputStream(into, 64 << 10);
            writing.write(sections, out);
            out.flush();
        }

        private Sections fromWholeMessage(Path whole, SectionStream.SizeMismatch problem) {
            return part -> {
                InputStream local = LocalSections.open(whole, part.section());
                if (local == null) {
                    throw new MailfsException.ServerError(problem.getMessage() + ", and it is not in the whole message either", null);
                }
                return local;
            };
        }

        /** A size worked out before, and shown, that the decoded file contradicts is logged and corrected. */
        private void checkSize(Path place) {
            Long shown = sizes.getIfPresent(key());
            long size = place.toFile().length();
            if (shown != null && shown != size) {
                LOG.warning(name + " of message " + message.uid() + " in " + message.folder() + " has " + size
                        + " bytes where the server's BODYSTRUCTURE let mailfs show " + shown + "; it shows " + size + " from now on");
                sizes.put(key(), size);
            }
        }

        private void fail(GrowingFile growing, Path temporary, RuntimeException why) {
            growing.failed(why);
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // a leftover that the next start deletes
            }
        }
    }

    @FunctionalInterface
    private interface FileUse<T> {
        T apply(Path file) throws IOException;
    }

    /** Up to what {@code into} has room for, from a file that does not change; how many bytes. */
    private static int readAt(Path file, long offset, ByteBuffer into) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return GrowingFile.readFully(channel, offset, into);
        }
    }
}

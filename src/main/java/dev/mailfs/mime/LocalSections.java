package dev.mailfs.mime;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.SharedInputStream;
import jakarta.mail.util.SharedByteArrayInputStream;
import jakarta.mail.util.SharedFileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Finds an IMAP body section (RFC 3501 6.4.5: "2", "3.1", …) in a whole message parsed here, for
 * servers that cannot serve the section themselves or serve the wrong bytes. Gives the section's
 * raw, still transfer-encoded bytes, as BODY[section] would. The message is read through a shared
 * stream, in memory or in a file, so that its parts are found without copying them.
 */
final class LocalSections {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Set<String> IDENTITY = Set.of("", "7bit", "8bit", "binary");

    private LocalSections() {
    }

    /** The section's bytes, or null when the message has no such section. */
    static byte[] extract(byte[] message, String section) {
        return parse(message).extract(section);
    }

    /** A whole message in memory, parsed as its sections are asked for: each multipart is parsed once, whatever is asked of it after. */
    static Parsed parse(byte[] message) {
        return new Parsed(message);
    }

    /** See {@link #parse}; its sections are asked for one at a time. */
    static final class Parsed {
        private final SharedByteArrayInputStream whole;
        private final Map<Part, MimeMultipart> multiparts = new IdentityHashMap<>();
        private final Map<Part, MimeMessage> enclosed = new IdentityHashMap<>();
        private MimeMessage root;

        private Parsed(byte[] message) {
            this.whole = new SharedByteArrayInputStream(message);
        }

        /** The section's bytes, or null when the message has no such section. */
        synchronized byte[] extract(String section) {
            try (InputStream raw = open(section)) {
                return raw == null ? null : raw.readAllBytes();
            } catch (IOException e) {
                return null;
            }
        }

        private InputStream open(String section) throws IOException {
            if (section.isEmpty()) {
                return whole.newStream(0, -1);
            }
            try {
                if (root == null) {
                    root = new MimeMessage(SESSION, whole.newStream(0, -1));
                }
                Part part = find(root, section, this::enclosedIn, this::multipartOf);
                return part == null ? null : rawContent(part);
            } catch (MessagingException | NumberFormatException e) {
                return null;
            }
        }

        private MimeMessage enclosedIn(MimeBodyPart part) throws MessagingException {
            MimeMessage message = enclosed.get(part);
            if (message == null) {
                message = new MimeMessage(SESSION, decoded(part));
                enclosed.put(part, message);
            }
            return message;
        }

        private MimeMultipart multipartOf(Part part) throws MessagingException {
            MimeMultipart multipart = multiparts.get(part);
            if (multipart == null) {
                multipart = new MimeMultipart(new RawContent(part));
                multiparts.put(part, multipart);
            }
            return multipart;
        }
    }

    /** The section's bytes as a stream, from a whole message kept in a file; null when the message has no such section. */
    static InputStream open(Path message, String section) throws IOException {
        SharedFileInputStream whole = new SharedFileInputStream(message.toFile());
        try {
            return open(whole, section);
        } finally {
            whole.close(); // the section's stream keeps the file open until it is closed
        }
    }

    private static InputStream open(InputStream whole, String section) throws IOException {
        if (section.isEmpty()) {
            return ((SharedInputStream) whole).newStream(0, -1);
        }
        try {
            Part part = find(new MimeMessage(SESSION, whole), section, enclosing -> new MimeMessage(SESSION, decoded(enclosing)),
                    multipart -> new MimeMultipart(new RawContent(multipart)));
            return part == null ? null : rawContent(part);
        } catch (MessagingException | NumberFormatException e) {
            return null;
        }
    }

    @FunctionalInterface
    private interface Step<F, T> {
        T apply(F from) throws MessagingException;
    }

    /** The part at {@code section} under {@code root}, stepping into enclosed messages and multiparts as they give them; null if none. */
    private static Part find(MimeMessage root, String section, Step<MimeBodyPart, MimeMessage> enclosedIn,
                             Step<Part, MimeMultipart> multipartOf) throws MessagingException {
        Part part = root;
        for (String index : section.split("\\.")) {
            int n = Integer.parseInt(index);
            if (part instanceof MimeBodyPart enclosing && part.isMimeType("message/rfc822")) {
                part = enclosedIn.apply(enclosing); // step into the enclosed message
            }
            if (part.isMimeType("multipart/*")) {
                MimeMultipart multipart = multipartOf.apply(part);
                if (n < 1 || n > multipart.getCount()) {
                    return null;
                }
                part = multipart.getBodyPart(n - 1);
            } else if (!(part instanceof MimeMessage) || n != 1) {
                return null; // section 1 of a single-part message is its body; nothing else exists
            }
        }
        return part;
    }

    /**
     * An enclosed message's bytes. RFC 2046 allows only identity encodings for message/rfc822, which
     * keep it a shared stream; another one is undone here.
     */
    private static InputStream decoded(MimeBodyPart part) throws MessagingException {
        String encoding = part.getEncoding() == null ? "" : part.getEncoding().toLowerCase(Locale.ROOT).trim();
        return IDENTITY.contains(encoding) ? part.getRawInputStream() : TransferDecoding.decoding(part.getRawInputStream(), encoding);
    }

    private static InputStream rawContent(Part part) throws MessagingException {
        return part instanceof MimeBodyPart body ? body.getRawInputStream() : ((MimeMessage) part).getRawInputStream();
    }

    /** A part's raw content as a MimeMultipart reads it: shared, so that its parts are not copied. */
    private record RawContent(Part part) implements DataSource {
        @Override
        public InputStream getInputStream() throws IOException {
            try {
                return rawContent(part);
            } catch (MessagingException e) {
                throw new IOException(e);
            }
        }

        @Override
        public OutputStream getOutputStream() {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public String getContentType() {
            try {
                return part.getContentType();
            } catch (MessagingException e) {
                return "multipart/mixed";
            }
        }

        @Override
        public String getName() {
            return "";
        }
    }
}

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
import java.util.Locale;
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
        try (InputStream raw = open(new SharedByteArrayInputStream(message), section)) {
            return raw == null ? null : raw.readAllBytes();
        } catch (IOException e) {
            return null;
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
            Part part = new MimeMessage(SESSION, whole);
            for (String index : section.split("\\.")) {
                int n = Integer.parseInt(index);
                if (part instanceof MimeBodyPart enclosing && part.isMimeType("message/rfc822")) {
                    part = new MimeMessage(SESSION, decoded(enclosing)); // step into the enclosed message
                }
                if (part.isMimeType("multipart/*")) {
                    MimeMultipart multipart = new MimeMultipart(new RawContent(part));
                    if (n < 1 || n > multipart.getCount()) {
                        return null;
                    }
                    part = multipart.getBodyPart(n - 1);
                } else if (!(part instanceof MimeMessage) || n != 1) {
                    return null; // section 1 of a single-part message is its body; nothing else exists
                }
            }
            return rawContent(part);
        } catch (MessagingException | NumberFormatException e) {
            return null;
        }
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

package dev.mailfs.mime;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Finds an IMAP body section (RFC 3501 6.4.5: "2", "3.1", …) in a whole message parsed here, for
 * servers that cannot serve the section themselves or serve the wrong bytes. Returns the section's
 * raw, still transfer-encoded bytes, as BODY[section] would.
 */
final class LocalSections {
    private static final Session SESSION = Session.getInstance(new Properties());

    private LocalSections() {
    }

    /** The section's bytes, or null when the message has no such section. */
    static byte[] extract(byte[] message, String section) {
        if (section.isEmpty()) {
            return message;
        }
        try {
            Part part = new MimeMessage(SESSION, new ByteArrayInputStream(message));
            for (String index : section.split("\\.")) {
                int n = Integer.parseInt(index);
                if (part instanceof MimeBodyPart enclosing && part.isMimeType("message/rfc822")) {
                    part = new MimeMessage(SESSION, decoded(enclosing)); // step into the enclosed message
                }
                if (part.isMimeType("multipart/*")) {
                    MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(rawContent(part), part.getContentType()));
                    if (n < 1 || n > multipart.getCount()) {
                        return null;
                    }
                    part = multipart.getBodyPart(n - 1);
                } else if (!(part instanceof MimeMessage) || n != 1) {
                    return null; // section 1 of a single-part message is its body; nothing else exists
                }
            }
            return rawContent(part);
        } catch (MessagingException | IOException | NumberFormatException e) {
            return null;
        }
    }

    private static InputStream decoded(MimeBodyPart part) throws MessagingException, IOException {
        return new ByteArrayInputStream(TransferDecoding.decode(part.getRawInputStream().readAllBytes(),
                part.getEncoding() == null ? "" : part.getEncoding()));
    }

    private static byte[] rawContent(Part part) throws MessagingException, IOException {
        InputStream raw = part instanceof MimeBodyPart body ? body.getRawInputStream() : ((MimeMessage) part).getRawInputStream();
        return raw.readAllBytes();
    }
}

package dev.mailfs.imap;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The Message-ID of a message file, read from its header alone. */
final class MessageIdHeader {
    private MessageIdHeader() {
    }

    static Optional<String> of(Path rfc822) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(rfc822))) {
            String value = new InternetHeaders(in).getHeader("Message-ID", null);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }
}

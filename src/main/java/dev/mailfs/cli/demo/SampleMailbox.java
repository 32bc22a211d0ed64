package dev.mailfs.cli.demo;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The sample messages shown by the {@code demo} command. They live as .eml resources next to this
 * class; {@code mailbox.txt} lists them one per line as {@code folder TAB resource TAB flags}.
 */
public final class SampleMailbox {

    public record SampleMessage(String folder, String resourceName, byte[] rfc822, Set<String> flags) {}

    private static final String MANIFEST = "mailbox.txt";

    private SampleMailbox() {}

    public static List<SampleMessage> messages() {
        List<SampleMessage> messages = new ArrayList<>();
        for (String line : new String(resource(MANIFEST), StandardCharsets.UTF_8).split("\n")) {
            line = line.replace("\r", "");
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length < 2 || fields.length > 3) {
                throw new IllegalStateException("Malformed line in " + MANIFEST + ": " + line);
            }
            Set<String> flags = new LinkedHashSet<>();
            if (fields.length == 3 && !fields[2].isBlank()) {
                flags.addAll(Arrays.asList(fields[2].trim().split("\\s+")));
            }
            messages.add(new SampleMessage(fields[0], fields[1], toCrlf(resource(fields[1])), Set.copyOf(flags)));
        }
        return List.copyOf(messages);
    }

    public static List<String> folders() {
        Set<String> folders = new LinkedHashSet<>();
        for (SampleMessage message : messages()) {
            folders.add(message.folder());
        }
        return List.copyOf(folders);
    }

    public static void appendTo(Store store) throws MessagingException {
        char separator = store.getDefaultFolder().getSeparator();
        for (String path : folders()) {
            // Create missing ancestors too, in case the server does not create them implicitly.
            String[] parts = path.split("/");
            for (int depth = 1; depth <= parts.length; depth++) {
                String name = String.join(String.valueOf(separator), Arrays.copyOf(parts, depth));
                Folder folder = store.getFolder(name);
                if (!folder.exists() && !folder.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS)) {
                    throw new MessagingException("Could not create folder " + name);
                }
            }
        }

        Session session = Session.getInstance(new Properties());
        for (SampleMessage sample : messages()) {
            // Parsed and left unmodified (no saveChanges), so appending writes the original bytes.
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(sample.rfc822()));
            message.setFlags(toFlags(sample.flags()), true);
            Folder folder = store.getFolder(sample.folder().replace('/', separator));
            folder.appendMessages(new Message[] {message});
        }
    }

    private static Flags toFlags(Set<String> names) {
        Flags flags = new Flags();
        for (String name : names) {
            switch (name) {
                case "\\Answered" -> flags.add(Flags.Flag.ANSWERED);
                case "\\Deleted" -> flags.add(Flags.Flag.DELETED);
                case "\\Draft" -> flags.add(Flags.Flag.DRAFT);
                case "\\Flagged" -> flags.add(Flags.Flag.FLAGGED);
                case "\\Seen" -> flags.add(Flags.Flag.SEEN);
                default -> flags.add(name);
            }
        }
        return flags;
    }

    private static byte[] resource(String name) {
        try (InputStream in = SampleMailbox.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing demo resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The .eml files are stored with LF endings for readability; RFC 822 wants CRLF. */
    private static byte[] toCrlf(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + bytes.length / 32);
        byte previous = 0;
        for (byte b : bytes) {
            if (b == '\n' && previous != '\r') {
                out.write('\r');
            }
            out.write(b);
            previous = b;
        }
        return out.toByteArray();
    }
}

package dev.mailfs.vfs;

import dev.mailfs.mail.BodyPart;
import dev.mailfs.mime.MessageLayout;
import dev.mailfs.mime.PartNames;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The directory beside a message ({@code X/} beside {@code X.eml}): body.txt, body.html when there
 * is HTML, every attachment under its own safe name, and each enclosed message as
 * {@code name.eml} plus {@code name/}. Names are unique: a taken one gets " (2)" before its extension.
 */
public final class MessageDirectory {
    public static final String BODY_TEXT = "body.txt";
    public static final String BODY_HTML = "body.html";

    /** What one name in the directory stands for. */
    public sealed interface Entry permits BodyText, BodyHtml, PartFile, EnclosedDirectory {
    }

    /** @param withHeader led by the message's From, To, Cc, Date and Subject: a message's own, not an enclosed one's */
    public record BodyText(MessageLayout layout, boolean withHeader) implements Entry {
    }

    public record BodyHtml(MessageLayout layout) implements Entry {
    }

    /** An attachment, or an enclosed message's raw bytes. */
    public record PartFile(BodyPart part) implements Entry {
    }

    public record EnclosedDirectory(MessageDirectory directory) implements Entry {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** A message's own directory: its body.txt is led by its header's From, To, Cc, Date and Subject. */
    public MessageDirectory(MessageLayout layout) {
        this(layout, true);
    }

    private MessageDirectory(MessageLayout layout, boolean withHeader) {
        entries.put(BODY_TEXT, new BodyText(layout, withHeader));
        if (!layout.html().isEmpty()) {
            entries.put(BODY_HTML, new BodyHtml(layout));
        }
        for (BodyPart part : layout.files()) {
            if (part.isEnclosedMessage()) {
                addEnclosed(part, layout);
            } else {
                entries.put(unique(fileName(part)), new PartFile(part));
            }
        }
    }

    public Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Lists the names, an enclosed message's as a directory, until {@code into} wants no more. */
    void listInto(EntrySink into) {
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            if (!into.add(entry.getKey(), entry.getValue() instanceof EnclosedDirectory, 0)) {
                return;
            }
        }
    }

    private void addEnclosed(BodyPart part, MessageLayout layout) {
        String base = PartNames.fileName(part)
                .map(name -> name.toLowerCase(Locale.ROOT).endsWith(MessageNames.EXTENSION)
                        ? name.substring(0, name.length() - MessageNames.EXTENSION.length()) : name)
                .filter(name -> !name.isBlank())
                .orElse(part.enclosedSubject());
        String safe = SafeNames.sanitize(base, "message-" + part.section().replace('.', '-'),
                SafeNames.MAX_NAME_BYTES - MessageNames.EXTENSION.length());
        String name = safe;
        for (int n = 2; entries.containsKey(name) || entries.containsKey(name + MessageNames.EXTENSION); n++) {
            name = withSuffix(safe, MessageNames.EXTENSION, n);
        }
        entries.put(name + MessageNames.EXTENSION, new PartFile(part));
        entries.put(name, new EnclosedDirectory(new MessageDirectory(layout.enclosed(part), false)));
    }

    private static String fileName(BodyPart part) {
        String fallback = "part-" + part.section().replace('.', '-') + "." + PartNames.extension(part);
        return SafeNames.sanitizeFileName(PartNames.fileName(part).orElse(""), fallback);
    }

    /** The name, or with " (2)", " (3)" … before its extension until it is free. */
    private String unique(String name) {
        int dot = name.lastIndexOf('.');
        boolean hasExtension = dot > 0 && name.length() - dot <= SafeNames.MAX_EXTENSION_LENGTH;
        String stem = hasExtension ? name.substring(0, dot) : name;
        String extension = hasExtension ? name.substring(dot) : "";
        String candidate = name;
        for (int n = 2; entries.containsKey(candidate); n++) {
            candidate = withSuffix(stem, extension, n) + extension;
        }
        return candidate;
    }

    /** stem + " (n)", the stem shortened so that the name with {@code extension} stays within 255 bytes. */
    private static String withSuffix(String stem, String extension, int n) {
        String suffix = " (" + n + ")";
        int room = SafeNames.MAX_NAME_BYTES - SafeNames.utf8Length(suffix + extension);
        return SafeNames.truncateUtf8(stem, room).strip() + suffix;
    }
}

package dev.mailfs.mime;

import dev.mailfs.mail.BodyPart;
import java.util.Map;
import java.util.Optional;

/** What a part calls itself, decoded; and the file extension its MIME type suggests. */
public final class PartNames {
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("application/pdf", "pdf"),
            Map.entry("image/png", "png"),
            Map.entry("image/jpeg", "jpg"),
            Map.entry("image/gif", "gif"),
            Map.entry("image/webp", "webp"),
            Map.entry("image/svg+xml", "svg"),
            Map.entry("text/calendar", "ics"),
            Map.entry("application/ics", "ics"),
            Map.entry("text/csv", "csv"),
            Map.entry("text/plain", "txt"),
            Map.entry("text/html", "html"),
            Map.entry("text/vcard", "vcf"),
            Map.entry("text/x-vcard", "vcf"),
            Map.entry("application/zip", "zip"),
            Map.entry("application/json", "json"),
            Map.entry("application/xml", "xml"),
            Map.entry("text/xml", "xml"),
            Map.entry("application/msword", "doc"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            Map.entry("application/pkcs7-signature", "p7s"),
            Map.entry("application/x-pkcs7-signature", "p7s"),
            Map.entry("application/pkcs7-mime", "p7m"),
            Map.entry("application/x-pkcs7-mime", "p7m"),
            Map.entry("application/pgp-signature", "asc"),
            Map.entry("message/rfc822", "eml"));

    private PartNames() {
    }

    /** The Content-Disposition filename, else the Content-Type name, RFC 2047 decoded (RFC 2231 already is). */
    public static Optional<String> fileName(BodyPart part) {
        String raw = part.dispositionParameters().get("filename");
        if (raw == null || raw.isBlank()) {
            raw = part.parameters().get("name");
        }
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(EncodedWords.decode(raw));
    }

    public static String extension(BodyPart part) {
        return EXTENSIONS.getOrDefault(part.mimeType(), "bin");
    }
}

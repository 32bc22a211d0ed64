package dev.mailfs.imap;

import dev.mailfs.mime.EncodedWords;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The few header fields a listing needs, read from the raw header block the server sent
 * ({@code BODY.PEEK[HEADER.FIELDS (...)]}). Parsed here rather than from the server's ENVELOPE,
 * because Angus drops the whole FETCH answer of a message whose ENVELOPE has an address it
 * cannot parse, and the message would silently be missing from its folder. Here every oddity
 * degrades to the raw text instead.
 */
final class HeaderFields {
    static final String FETCH_ITEM = "BODY.PEEK[HEADER.FIELDS (DATE SUBJECT FROM TO MESSAGE-ID)]";
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final Map<String, String> fields;

    private HeaderFields(Map<String, String> fields) {
        this.fields = fields;
    }

    /** Parses a header block; the first occurrence of a field wins, as in an ENVELOPE. */
    static HeaderFields parse(byte[] headerBlock) {
        Map<String, String> fields = new HashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : lines(text(headerBlock))) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (name != null) {
                    value.append(line); // a folded continuation
                }
                continue;
            }
            if (name != null) {
                fields.putIfAbsent(name, value.toString().strip());
            }
            int colon = line.indexOf(':');
            name = colon > 0 ? line.substring(0, colon).strip().toLowerCase(Locale.ROOT) : null;
            value.setLength(0);
            if (name != null) {
                value.append(line, colon + 1, line.length());
            }
        }
        if (name != null) {
            fields.putIfAbsent(name, value.toString().strip());
        }
        return new HeaderFields(fields);
    }

    String subject() {
        return decoded(fields.getOrDefault("subject", ""));
    }

    String messageId() {
        return fields.getOrDefault("message-id", "");
    }

    Optional<Instant> date() {
        return DateField.parse(fields.get("date"));
    }

    /** The first From address, or the field's decoded text when it is not a valid address. */
    String from() {
        return shownFrom(field("from"));
    }

    /** All To addresses, comma separated, or the field's decoded text when it is not valid. */
    String to() {
        return shownTo(field("to"));
    }

    /** The field's text as the header has it (folds undone), empty when there is none. */
    String field(String lowerCaseName) {
        return fields.getOrDefault(lowerCaseName, "");
    }

    /** What {@link #from()} shows for a From field's text. */
    static String shownFrom(String from) {
        InternetAddress[] addresses = addresses(from);
        return addresses == null ? decoded(from) : addresses.length == 0 ? "" : addresses[0].toUnicodeString();
    }

    /** What {@link #to()} shows for a To field's text. */
    static String shownTo(String to) {
        InternetAddress[] addresses = addresses(to);
        return addresses == null ? decoded(to)
                : Arrays.stream(addresses).map(InternetAddress::toUnicodeString).collect(Collectors.joining(", "));
    }

    private static InternetAddress[] addresses(String field) {
        try {
            return InternetAddress.parseHeader(field, false);
        } catch (AddressException | RuntimeException e) {
            return null;
        }
    }

    /** RFC 2047 words decoded, folds undone; an unknown charset leaves the encoded form, which is better than nothing. */
    static String decoded(String raw) {
        if (raw == null) {
            return "";
        }
        return EncodedWords.decode(raw);
    }

    /** The lines, split at LF or CRLF (a listing parses 10,000 blocks: no regular expression here). */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
            lines.add(text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end));
            start = end + 1;
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** Undeclared 8-bit header text: UTF-8 when it is valid UTF-8, else Windows-1252. */
    private static String text(byte[] bytes) {
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.US_ASCII); // most headers: no decoder to make
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, WINDOWS_1252);
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}

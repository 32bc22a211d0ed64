package dev.mailfs.mime;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines a mail program prints above a message: From, To, Cc, Date and Subject, decoded
 * (RFC 2047 words; 8-bit text as UTF-8, else Windows-1252) and unfolded, then an empty line. They
 * lead body.txt, so that {@code grep -r Müller} finds mail from {@code =?UTF-8?Q?M=C3=BCller?=}.
 */
final class HeaderSummary {
    /** How much of a message's start is read for its header: more than any header mailfs has met. */
    static final int HEADER_BYTES = 64 << 10;
    private static final List<String> FIELDS = List.of("From", "To", "Cc", "Date", "Subject");
    private static final Pattern FIELD = Pattern.compile("([!-9;-~]+)[ \\t]*:(.*)", Pattern.DOTALL);

    private HeaderSummary() {
    }

    /** The summary of the header that {@code start} (the message's first bytes) begins with; empty when it has none of the fields. */
    static byte[] of(byte[] start) {
        Map<String, String> found = new LinkedHashMap<>();
        String header = TextDecoding.decode(headerBlock(start), null);
        String field = null;
        StringBuilder value = new StringBuilder();
        for (String line : (header + "\n").split("\r?\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && field != null) {
                value.append(line);
                continue;
            }
            keep(found, field, value);
            Matcher match = FIELD.matcher(line);
            if (!match.matches()) {
                break; // the end of the header (the empty line added above, at the latest), or a line that is no field
            }
            field = match.group(1);
            value.setLength(0);
            value.append(match.group(2));
        }
        StringBuilder lines = new StringBuilder();
        for (String name : FIELDS) {
            String text = found.get(name.toLowerCase(Locale.ROOT));
            if (text != null) {
                lines.append(name).append(": ").append(text).append('\n');
            }
        }
        return lines.length() == 0 ? new byte[0] : lines.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code line} begins a header field: a name of printable ASCII but the colon, then the colon. */
    static boolean isField(String line) {
        return FIELD.matcher(line).matches();
    }

    private static void keep(Map<String, String> found, String field, StringBuilder value) {
        if (field == null) {
            return;
        }
        String name = field.toLowerCase(Locale.ROOT);
        if (FIELDS.stream().anyMatch(f -> f.equalsIgnoreCase(name)) && !found.containsKey(name)) {
            String decoded = EncodedWords.decode(value.toString()).replaceAll("[\\p{Cntrl}&&[^\\t]]", " ").strip();
            if (!decoded.isEmpty()) {
                found.put(name, decoded);
            }
        }
    }

    /** The bytes up to the empty line that ends the header (all of them when it does not end within them). */
    private static byte[] headerBlock(byte[] start) {
        for (int i = 0; i < start.length; i++) {
            if (start[i] == '\n' && (i + 1 < start.length && start[i + 1] == '\n'
                    || i + 2 < start.length && start[i + 1] == '\r' && start[i + 2] == '\n')) {
                return java.util.Arrays.copyOf(start, i + 1);
            }
        }
        return start;
    }
}

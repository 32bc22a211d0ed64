package dev.mailfs.mime;

import jakarta.mail.internet.MailDateFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a file copied into a folder is an RFC 5322 message, before anything is appended:
 * it must start with a header block of well-formed fields and hold no NUL bytes there. Also reads
 * its Date: header, which becomes the INTERNALDATE.
 */
public final class IncomingMessageCheck {
    /** How much of the start of the file is looked at; header blocks are far shorter. */
    private static final int HEADER_LIMIT = 256 * 1024;
    private static final Pattern FIELD = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]{1,76}:.*");
    private static final Pattern CONTINUATION = Pattern.compile("[ \\t].*");

    /** @param problem why the file is not a message, empty when it is one */
    public record Result(Optional<String> problem, Optional<Instant> date) {
        public boolean isMessage() {
            return problem.isEmpty();
        }
    }

    private IncomingMessageCheck() {
    }

    public static Result check(Path file) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(HEADER_LIMIT);
        }
        if (start.length == 0) {
            return refused("the file is empty");
        }
        int headerEnd = headerEnd(start);
        byte[] header = Arrays.copyOf(start, headerEnd);
        for (byte b : header) {
            if (b == 0) {
                return refused("its header holds NUL bytes (binary data)");
            }
        }
        // A header that ends the file ends with its last line's line end: no empty line after it.
        String[] lines = new String(header, StandardCharsets.ISO_8859_1).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            lines[i] = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
        }
        if (lines.length == 0 || !FIELD.matcher(lines[0]).matches()) {
            return refused("it does not start with a header field such as \"From: ...\"");
        }
        Optional<Instant> date = Optional.empty();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!FIELD.matcher(line).matches() && !CONTINUATION.matcher(line).matches()) {
                return refused("line " + (i + 1) + " of its header is neither a field nor a continuation");
            }
            if (line.toLowerCase(Locale.ROOT).startsWith("date:")) {
                date = parseDate(line.substring(5) + continuation(lines, i));
            }
        }
        return new Result(Optional.empty(), date);
    }

    private static Result refused(String why) {
        return new Result(Optional.of("not a mail message: " + why), Optional.empty());
    }

    /** Where the header block ends: at its blank line, or at the end of what was read. */
    private static int headerEnd(byte[] bytes) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\n' && (bytes[i + 1] == '\n' || (bytes[i + 1] == '\r' && i + 2 < bytes.length && bytes[i + 2] == '\n'))) {
                return i;
            }
        }
        return bytes.length;
    }

    private static String continuation(String[] lines, int field) {
        StringBuilder more = new StringBuilder();
        for (int i = field + 1; i < lines.length && CONTINUATION.matcher(lines[i]).matches(); i++) {
            more.append(' ').append(lines[i].strip());
        }
        return more.toString();
    }

    private static Optional<Instant> parseDate(String value) {
        try {
            return Optional.of(new MailDateFormat().parse(value.strip()).toInstant());
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

package dev.mailfs.vfs;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Turns text from the server or from hostile senders (subjects, folder names, attachment names)
 * into a single safe path component: no '/', '\', NUL or control characters, no bidirectional
 * overrides, no leading '.' or '-', never "." or "..", Unicode NFC, at most a given number of
 * UTF-8 bytes cut on a character boundary, never empty.
 */
public final class SafeNames {
    /** The longest name Linux filesystems accept, in bytes. */
    public static final int MAX_NAME_BYTES = 255;

    private SafeNames() {
    }

    public static String sanitize(String raw, String fallback) {
        return sanitize(raw, fallback, MAX_NAME_BYTES);
    }

    public static String sanitize(String raw, String fallback, int maxBytes) {
        if (raw != null && isAlreadySafeAscii(raw, maxBytes)) {
            return raw; // most subjects: nothing to change, and a listing names every message
        }
        return sanitizeFully(raw, fallback, maxBytes);
    }

    /** What {@link #sanitize(String, String, int)} does, step by step whatever {@code raw} is. */
    static String sanitizeFully(String raw, String fallback, int maxBytes) {
        String text = raw == null ? "" : replaceLoneSurrogates(raw);
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isInvisibleDirectionControl(cp)) {
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isISOControl(cp) || Character.isSpaceChar(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(cp == '/' || cp == '\\' ? '_' : cp);
        }
        if (out.length() > 0 && (out.charAt(0) == '.' || out.charAt(0) == '-')) {
            out.setCharAt(0, '_');
        }
        // NFC after filtering, so that a removed control cannot keep a letter and its accent apart.
        String safe = truncateUtf8(Normalizer.normalize(out, Normalizer.Form.NFC), maxBytes).strip();
        return safe.isEmpty() ? fallback : safe;
    }

    /**
     * Like {@link #sanitize(String, String)}, but a name too long to fit keeps its extension
     * (up to 10 characters): "xxx….pdf" is cut before ".pdf", not after it.
     */
    public static String sanitizeFileName(String raw, String fallback) {
        String unlimited = sanitize(raw, fallback, Integer.MAX_VALUE);
        if (utf8Length(unlimited) <= MAX_NAME_BYTES) {
            return unlimited;
        }
        int dot = unlimited.lastIndexOf('.');
        if (dot <= 0 || unlimited.length() - dot > MAX_EXTENSION_LENGTH) {
            return sanitize(raw, fallback);
        }
        String extension = unlimited.substring(dot);
        return truncateUtf8(unlimited.substring(0, dot), MAX_NAME_BYTES - utf8Length(extension)).strip() + extension;
    }

    /**
     * Whether {@link #sanitize} would give {@code raw} back unchanged, judged without its work:
     * printable ASCII (which NFC leaves alone), single spaces between words, no separator, no
     * leading '.' or '-', short enough.
     */
    private static boolean isAlreadySafeAscii(String raw, int maxBytes) {
        int length = raw.length();
        if (length == 0 || length > maxBytes || raw.charAt(0) == '.' || raw.charAt(0) == '-'
                || raw.charAt(0) == ' ' || raw.charAt(length - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = raw.charAt(i);
            if (c < ' ' || c > '~' || c == '/' || c == '\\' || (c == ' ' && raw.charAt(i - 1) == ' ')) {
                return false;
            }
        }
        return true;
    }

    /** Longest ".ext" that names keep when they must be shortened or made unique. */
    public static final int MAX_EXTENSION_LENGTH = 10;

    /** The longest prefix of {@code s} whose UTF-8 form fits in {@code maxBytes}, cut between code points. */
    public static String truncateUtf8(String s, int maxBytes) {
        if (utf8Length(s) <= maxBytes) {
            return s;
        }
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Bidirectional controls that can make a name display as another, and zero-width marks. */
    private static boolean isInvisibleDirectionControl(int cp) {
        return cp == 0x200B || cp == 0x200E || cp == 0x200F || cp == 0x061C || cp == 0xFEFF
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    private static String replaceLoneSurrogates(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

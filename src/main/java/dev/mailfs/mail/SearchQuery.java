package dev.mailfs.mail;

import dev.mailfs.errors.MailfsException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A search folder's query, parsed from its name: terms separated by spaces, all of which must match.
 *
 * <pre>
 * from:X  to:X  subject:X        X found in that header (IMAP FROM, TO, SUBJECT)
 * since:YYYY-MM-DD               received on or after that day (IMAP SINCE)
 * before:YYYY-MM-DD              received before that day (IMAP BEFORE)
 * is:unread  is:read  is:flagged
 * has:attachment                 IMAP has no such key: messages whose Content-Type is multipart/mixed
 * in:FOLDER                      only that folder, at most once: its path in the mount, with '>'
 *                                where the mount has '/' (in:Work>Projects is Work/Projects)
 * word  "a phrase"               anywhere in the message (IMAP TEXT)
 * -TERM                          the term must not match (IMAP NOT); not for in:
 * </pre>
 *
 * A value with spaces is quoted: {@code subject:"quarterly report"}. Dates use '-': a folder name
 * cannot hold '/'. Immutable.
 *
 * @param text   the query as written, which is the search folder's name
 * @param terms  what must match, in the order written, without in:
 * @param folder the in: folder's path in the mount (with '/'), when there is one
 */
public record SearchQuery(String text, List<Term> terms, Optional<String> folder) {

    /** What a term matches on. */
    public enum Key {
        FROM, TO, SUBJECT, SINCE, BEFORE, UNREAD, READ, FLAGGED, ATTACHMENT, TEXT;

        boolean isDate() {
            return this == SINCE || this == BEFORE;
        }
    }

    /**
     * One term.
     *
     * @param value what to look for (FROM, TO, SUBJECT, TEXT), the day as YYYY-MM-DD (SINCE,
     *              BEFORE), empty for the others
     */
    public record Term(Key key, String value, boolean negated) {
        /** The day of a SINCE or BEFORE term. */
        public LocalDate date() {
            return LocalDate.parse(value);
        }
    }

    /** What separates the levels of an in: folder's path: a folder name cannot hold '/'. */
    public static final char FOLDER_LEVELS = '>';
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final List<String> VALUE_KEYS = List.of("from", "to", "subject", "since", "before", "in");

    public SearchQuery {
        terms = List.copyOf(terms);
    }

    /**
     * Parses a search folder's name.
     *
     * @throws MailfsException.InvalidArgument saying what is wrong and where, when it is not a query
     */
    public static SearchQuery parse(String text) {
        if (text.isBlank()) {
            throw invalid(text, "it is empty");
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid(text, "it holds a control character");
        }
        if (text.indexOf('/') >= 0) {
            throw invalid(text, "'/' cannot be part of a folder name (dates are written YYYY-MM-DD, folders in:Work>Projects)");
        }
        List<Term> terms = new ArrayList<>();
        Optional<String> folder = Optional.empty();
        int at = 0;
        while (at < text.length()) {
            if (text.charAt(at) == ' ') {
                at++;
                continue;
            }
            int start = at;
            boolean negated = text.charAt(at) == '-';
            if (negated) {
                at++;
            }
            if (at == text.length() || text.charAt(at) == ' ') {
                throw invalid(text, "'-' must come right before a term");
            }
            if (text.charAt(at) == '"') {
                int close = closingQuote(text, at);
                terms.add(new Term(Key.TEXT, nonEmpty(text, text.substring(at + 1, close), "\"\""), negated));
                at = close + 1;
                requireEnd(text, at);
                continue;
            }
            int colon = text.indexOf(':', at);
            int space = text.indexOf(' ', at);
            int end = space < 0 ? text.length() : space;
            if (colon < 0 || colon > end) {
                terms.add(new Term(Key.TEXT, text.substring(at, end), negated));
                at = end;
                continue;
            }
            String key = text.substring(at, colon).toLowerCase(Locale.ROOT);
            String value;
            if (colon + 1 < text.length() && text.charAt(colon + 1) == '"') {
                int close = closingQuote(text, colon + 1);
                value = text.substring(colon + 2, close);
                at = close + 1;
                requireEnd(text, at);
            } else {
                int valueEnd = text.indexOf(' ', colon);
                valueEnd = valueEnd < 0 ? text.length() : valueEnd;
                value = text.substring(colon + 1, valueEnd);
                at = valueEnd;
            }
            String written = text.substring(start, at);
            if (key.equals("in")) {
                if (negated) {
                    throw invalid(text, "'" + written + "': in: cannot be negated");
                }
                if (folder.isPresent()) {
                    throw invalid(text, "'" + written + "': only one in: folder");
                }
                folder = Optional.of(nonEmpty(text, value, written).replace(FOLDER_LEVELS, '/'));
            } else {
                terms.add(term(text, written, key, value, negated));
            }
        }
        return new SearchQuery(text, terms, folder);
    }

    private static Term term(String text, String written, String key, String value, boolean negated) {
        switch (key) {
            case "from", "to", "subject" -> {
                return new Term(Key.valueOf(key.toUpperCase(Locale.ROOT)), nonEmpty(text, value, written), negated);
            }
            case "since", "before" -> {
                if (!DATE.matcher(value).matches()) {
                    throw invalid(text, "'" + written + "': a date is written YYYY-MM-DD");
                }
                try {
                    LocalDate.parse(value);
                } catch (DateTimeParseException e) {
                    throw invalid(text, "'" + written + "': there is no such day");
                }
                return new Term(Key.valueOf(key.toUpperCase(Locale.ROOT)), value, negated);
            }
            case "is" -> {
                Key flag = switch (value.toLowerCase(Locale.ROOT)) {
                    case "unread" -> Key.UNREAD;
                    case "read" -> Key.READ;
                    case "flagged" -> Key.FLAGGED;
                    default -> throw invalid(text, "'" + written + "': is: takes unread, read or flagged");
                };
                return new Term(flag, "", negated);
            }
            case "has" -> {
                if (!value.equalsIgnoreCase("attachment")) {
                    throw invalid(text, "'" + written + "': has: takes attachment");
                }
                return new Term(Key.ATTACHMENT, "", negated);
            }
            default -> throw invalid(text, "'" + written + "': no such key " + key + ": (known: "
                    + String.join(": ", VALUE_KEYS) + ": is: has:; quote words with a colon, \"like:this\")");
        }
    }

    private static int closingQuote(String text, int open) {
        int close = text.indexOf('"', open + 1);
        if (close < 0) {
            throw invalid(text, "a quote opened at character " + (open + 1) + " is never closed");
        }
        return close;
    }

    /** A quoted value ends its term: what follows the closing quote must be a space or the end. */
    private static void requireEnd(String text, int at) {
        if (at < text.length() && text.charAt(at) != ' ') {
            throw invalid(text, "a space must follow the closing quote at character " + at);
        }
    }

    private static String nonEmpty(String text, String value, String written) {
        if (value.isEmpty()) {
            throw invalid(text, "'" + written + "' has no value");
        }
        return value;
    }

    private static MailfsException.InvalidArgument invalid(String text, String problem) {
        return new MailfsException.InvalidArgument("search '" + text + "': " + problem);
    }

    /** Whether every term's value is ASCII (a server search without CHARSET UTF-8 can take it). */
    public boolean isAscii() {
        return terms.stream().allMatch(term -> term.value().chars().allMatch(c -> c < 0x80));
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.mailfs.testing.gmail;

import dev.mailfs.testing.gmail.GmailStore.Folder;
import dev.mailfs.testing.gmail.GmailStore.Kind;
import dev.mailfs.testing.gmail.GmailStore.Message;
import dev.mailfs.testing.gmail.GmailStore.Place;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part of Gmail's search syntax that {@code X-GM-RAW} accepts here. Terms are ANDed; a term
 * may be negated with a leading {@code -}:
 * <ul>
 *   <li>{@code from:} {@code to:} (To, Cc and Bcc) {@code cc:} {@code subject:}: substring of the
 *       decoded header, case-insensitive;
 *   <li>{@code label:x}: the message has label x (case-insensitive; spaces and "/" may be written
 *       "-", as Gmail allows: {@code label:work-projects});
 *   <li>{@code in:inbox|trash|spam|anywhere|sent|drafts|starred|important|<label>};
 *   <li>{@code is:unread|read|starred|important}; {@code has:attachment};
 *   <li>{@code after:} / {@code before:} a date {@code YYYY/MM/DD} or {@code YYYY-MM-DD}, compared with
 *       INTERNALDATE at midnight UTC (after: inclusive, before: exclusive);
 *   <li>{@code rfc822msgid:} the Message-ID, with or without angle brackets;
 *   <li>bare words and "quoted phrases": substring (not whole word) of From, To, Cc, Subject or the
 *       decoded text parts, case-insensitive. An unknown {@code key:value} is a bare word.
 * </ul>
 * Not supported: OR, braces, parentheses, AROUND, size:, filename:, category:, list:. As in Gmail's
 * web search, Trash and Spam are left out unless the query says {@code in:trash}, {@code in:spam} or
 * {@code in:anywhere}; here also when the selected folder is Trash or Spam (Google does not document
 * that case). The search runs inside the selected folder.
 */
final class GmailRawQuery {

    private record Term(boolean negated, String key, String value) { }

    private final List<Term> terms = new ArrayList<>();

    GmailRawQuery(String query) {
        int i = 0;
        int n = query.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(query.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            boolean negated = false;
            if (query.charAt(i) == '-') {
                negated = true;
                i++;
            }
            String key = null;
            int colon = i;
            while (colon < n && Character.isLetterOrDigit(query.charAt(colon))) {
                colon++;
            }
            if (colon < n && colon > i && query.charAt(colon) == ':') {
                key = query.substring(i, colon).toLowerCase(Locale.ROOT);
                i = colon + 1;
            }
            String value;
            if (i < n && query.charAt(i) == '"') {
                int end = query.indexOf('"', i + 1);
                end = end < 0 ? n : end;
                value = query.substring(i + 1, end);
                i = Math.min(n, end + 1);
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(query.charAt(end))) {
                    end++;
                }
                value = query.substring(i, end);
                i = end;
            }
            terms.add(new Term(negated, key, value));
        }
    }

    boolean matches(Message m, GmailStore store, Folder selected) {
        boolean trashOrSpamAllowed = selected.kind == Kind.TRASH || selected.kind == Kind.SPAM;
        for (Term t : terms) {
            if (!t.negated && "in".equals(t.key)
                    && List.of("trash", "spam", "anywhere").contains(t.value.toLowerCase(Locale.ROOT))) {
                trashOrSpamAllowed = true;
            }
        }
        if (!trashOrSpamAllowed && m.place != Place.NORMAL) {
            return false;
        }
        for (Term t : terms) {
            if (matches(t, m, store) == t.negated) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Term t, Message m, GmailStore store) {
        String v = t.value.toLowerCase(Locale.ROOT);
        MimeTree mime = m.mime;
        if (t.key == null) {
            return contains(mime.decodedHeader("From") + "\n" + mime.decodedHeader("To") + "\n"
                    + mime.decodedHeader("Cc") + "\n" + mime.decodedHeader("Subject") + "\n" + mime.decodedText(), v);
        }
        switch (t.key) {
            case "from":
                return contains(mime.decodedHeader("From"), v);
            case "to":
                return contains(mime.decodedHeader("To") + "\n" + mime.decodedHeader("Cc") + "\n"
                        + mime.decodedHeader("Bcc"), v);
            case "cc":
                return contains(mime.decodedHeader("Cc"), v);
            case "subject":
                return contains(mime.decodedHeader("Subject"), v);
            case "label":
                return hasLabel(store, m, v);
            case "in":
                return switch (v) {
                    case "anywhere" -> true;
                    case "trash" -> m.place == Place.TRASH;
                    case "spam" -> m.place == Place.SPAM;
                    case "inbox", "sent", "starred", "important" -> hasLabel(store, m, v);
                    case "drafts" -> hasLabel(store, m, "draft");
                    default -> hasLabel(store, m, v);
                };
            case "is":
                return switch (v) {
                    case "unread" -> !store.flagsOf(m).contains("\\Seen");
                    case "read" -> store.flagsOf(m).contains("\\Seen");
                    case "starred" -> store.labelsOf(m).contains(GmailStore.STARRED);
                    case "important" -> store.labelsOf(m).contains(GmailStore.IMPORTANT);
                    default -> false;
                };
            case "has":
                return v.equals("attachment") && mime.hasAttachment();
            case "after":
                return !m.internalDate.isBefore(date(v));
            case "before":
                return m.internalDate.isBefore(date(v));
            case "rfc822msgid":
                return m.messageIdHeader != null
                        && GmailStore.normaliseMessageId(m.messageIdHeader).equalsIgnoreCase(GmailStore.normaliseMessageId(t.value));
            default:
                return matches(new Term(false, null, t.key + ":" + t.value), m, store);
        }
    }

    private static boolean hasLabel(GmailStore store, Message m, String wanted) {
        for (String label : store.labelsOf(m)) {
            if (normalise(label).equals(normalise(wanted))) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String label) {
        String s = label.startsWith("\\") ? label.substring(1) : label;
        return s.toLowerCase(Locale.ROOT).replace(' ', '-').replace('/', '-');
    }

    private static boolean contains(String haystack, String needle) {
        return haystack.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static Instant date(String v) {
        String s = v.replace('-', '/');
        LocalDate d = LocalDate.parse(s, DateTimeFormatter.ofPattern("yyyy/M/d"));
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}

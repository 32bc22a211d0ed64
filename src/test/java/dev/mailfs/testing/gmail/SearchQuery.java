package dev.mailfs.testing.gmail;

import dev.mailfs.testing.gmail.GmailStore.Folder;
import dev.mailfs.testing.gmail.GmailStore.Message;
import dev.mailfs.testing.gmail.ImapCommand.BadCommand;
import jakarta.mail.internet.MailDateFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * IMAP SEARCH keys (RFC 3501 plus MODSEQ and Gmail's X-GM-MSGID, X-GM-THRID, X-GM-LABELS,
 * X-GM-RAW) compiled into a predicate over the selected folder's messages. Dates compare at UTC.
 */
final class SearchQuery {

    /** One message as the searching session sees it. */
    record Candidate(Message message, long uid, int seq) { }

    private final GmailStore store;
    private final Folder folder;
    private final long largestUid;
    private final int largestSeq;
    private final List<Object> tokens;
    private int pos;

    private SearchQuery(GmailStore store, Folder folder, long largestUid, int largestSeq, List<Object> tokens) {
        this.store = store;
        this.folder = folder;
        this.largestUid = largestUid;
        this.largestSeq = largestSeq;
        this.tokens = tokens;
    }

    static Predicate<Candidate> compile(GmailStore store, Folder folder, long largestUid, int largestSeq,
            List<Object> tokens) {
        SearchQuery q = new SearchQuery(store, folder, largestUid, largestSeq, tokens);
        Predicate<Candidate> all = c -> true;
        while (q.pos < tokens.size()) {
            all = all.and(q.key());
        }
        return all;
    }

    private String nextText() {
        if (pos >= tokens.size()) {
            throw new BadCommand("Missing search argument");
        }
        return ImapCommand.text(tokens.get(pos++));
    }

    private Predicate<Candidate> key() {
        Object token = tokens.get(pos++);
        if (token instanceof List<?> group) {
            Predicate<Candidate> p = compile(store, folder, largestUid, largestSeq, ImapCommand.list(group));
            return p;
        }
        String key = ImapCommand.text(token);
        String upper = key.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "ALL": return c -> true;
            case "ANSWERED": return flag("\\Answered");
            case "UNANSWERED": return flag("\\Answered").negate();
            case "DELETED": return flag("\\Deleted");
            case "UNDELETED": return flag("\\Deleted").negate();
            case "DRAFT": return flag("\\Draft");
            case "UNDRAFT": return flag("\\Draft").negate();
            case "FLAGGED": return flag("\\Flagged");
            case "UNFLAGGED": return flag("\\Flagged").negate();
            case "SEEN": case "OLD": return flag("\\Seen");
            case "UNSEEN": return flag("\\Seen").negate();
            case "NEW": case "RECENT": return c -> false;
            case "KEYWORD": return flag(nextText());
            case "UNKEYWORD": return flag(nextText()).negate();
            case "FROM": return header("From", nextText());
            case "TO": return header("To", nextText());
            case "CC": return header("Cc", nextText());
            case "BCC": return header("Bcc", nextText());
            case "SUBJECT": return header("Subject", nextText());
            case "HEADER": return header(nextText(), nextText());
            case "BODY": {
                String s = nextText().toLowerCase(Locale.ROOT);
                return c -> c.message().mime.decodedText().toLowerCase(Locale.ROOT).contains(s);
            }
            case "TEXT": {
                String s = nextText().toLowerCase(Locale.ROOT);
                return c -> (new String(c.message().mime.root.headerBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        + c.message().mime.decodedText()).toLowerCase(Locale.ROOT).contains(s);
            }
            case "SINCE": { LocalDate d = imapDate(nextText()); return c -> !day(c).isBefore(d); }
            case "BEFORE": { LocalDate d = imapDate(nextText()); return c -> day(c).isBefore(d); }
            case "ON": { LocalDate d = imapDate(nextText()); return c -> day(c).equals(d); }
            case "SENTSINCE": { LocalDate d = imapDate(nextText()); return c -> sent(c) != null && !sent(c).isBefore(d); }
            case "SENTBEFORE": { LocalDate d = imapDate(nextText()); return c -> sent(c) != null && sent(c).isBefore(d); }
            case "SENTON": { LocalDate d = imapDate(nextText()); return c -> d.equals(sent(c)); }
            case "LARGER": { long n = Long.parseLong(nextText()); return c -> c.message().raw.length > n; }
            case "SMALLER": { long n = Long.parseLong(nextText()); return c -> c.message().raw.length < n; }
            case "NOT": return key().negate();
            case "OR": { Predicate<Candidate> a = key(); Predicate<Candidate> b = key(); return a.or(b); }
            case "UID": { SequenceSet set = new SequenceSet(nextText(), largestUid); return c -> set.contains(c.uid()); }
            case "MODSEQ": { long n = Long.parseLong(nextText()); return c -> c.message().modseq >= n; }
            case "X-GM-MSGID": { long n = Long.parseLong(nextText()); return c -> c.message().msgId == n; }
            case "X-GM-THRID": { long n = Long.parseLong(nextText()); return c -> c.message().thrId == n; }
            case "X-GM-LABELS": {
                String label = GmailStore.canonicalLabel(MailboxNames.decode(nextText()));
                return c -> store.labelsOf(c.message()).contains(label);
            }
            case "X-GM-RAW": {
                GmailRawQuery raw = new GmailRawQuery(nextText());
                return c -> raw.matches(c.message(), store, folder);
            }
            default:
                if (SequenceSet.looksLikeOne(key)) {
                    SequenceSet set = new SequenceSet(key, largestSeq);
                    return c -> set.contains(c.seq());
                }
                throw new BadCommand("Unknown search key " + key);
        }
    }

    private Predicate<Candidate> flag(String flag) {
        String canonical = GmailStore.canonicalFlag(flag);
        return c -> store.flagsOf(c.message()).contains(canonical);
    }

    private static Predicate<Candidate> header(String name, String value) {
        String needle = value.toLowerCase(Locale.ROOT);
        return c -> {
            if (c.message().mime.root.header(name) == null) {
                return false;
            }
            return c.message().mime.decodedHeader(name).toLowerCase(Locale.ROOT).contains(needle);
        };
    }

    private static LocalDate day(Candidate c) {
        return c.message().internalDate.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static LocalDate sent(Candidate c) {
        String date = c.message().mime.root.header("Date");
        if (date == null) {
            return null;
        }
        try {
            Date d = new MailDateFormat().parse(date);
            return d.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        } catch (Exception e) {
            return null;
        }
    }

    private static LocalDate imapDate(String s) {
        try {
            return LocalDate.parse(s, DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.US));
        } catch (Exception e) {
            throw new BadCommand("Invalid date " + s);
        }
    }
}

package dev.mailfs.imap;

import dev.mailfs.mail.SearchQuery;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.angus.mail.iap.Argument;

/**
 * A {@link SearchQuery} as the server is asked it after {@code UID SEARCH}: IMAP SEARCH criteria
 * (RFC 3501 6.4.4), or on Gmail its own search syntax in one {@code X-GM-RAW} string. Strings are
 * sent as IMAP quoted strings or literals, with {@code CHARSET UTF-8} first when one is not ASCII.
 */
final class SearchCriteria {
    private static final DateTimeFormatter IMAP_DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter GMAIL_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT);
    /** IMAP has no key for attachments: a message with one is almost always multipart/mixed. */
    static final String ATTACHMENT_CONTENT_TYPE = "multipart/mixed";
    /**
     * FROM and TO are asked as {@code OR FROM x HEADER From x}: RFC 3501 has FROM match any part of
     * the address, but GreenMail matches it against the whole address only, and HEADER as it should.
     */
    private static final java.util.Map<SearchQuery.Key, String> ADDRESS_HEADERS = java.util.Map.of(
            SearchQuery.Key.FROM, "From", SearchQuery.Key.TO, "To");

    /** An atom (a key, a date) or a string, as it goes on the wire. */
    private record Item(String text, boolean string) {
    }

    private final List<Item> items = new ArrayList<>();

    private SearchCriteria() {
    }

    /** IMAP SEARCH criteria, every term ANDed; a query of in: alone is ALL. */
    static SearchCriteria imap(SearchQuery query) {
        SearchCriteria criteria = new SearchCriteria();
        criteria.charsetIfNeeded(query);
        for (SearchQuery.Term term : query.terms()) {
            if (term.negated()) {
                criteria.atom("NOT");
            }
            switch (term.key()) {
                case FROM, TO -> criteria.atom("OR").atom(term.key().name()).string(term.value())
                        .atom("HEADER").string(ADDRESS_HEADERS.get(term.key())).string(term.value());
                case SUBJECT, TEXT -> criteria.atom(term.key().name()).string(term.value());
                case SINCE, BEFORE -> criteria.atom(term.key().name()).atom(IMAP_DATE.format(term.date()));
                case UNREAD -> criteria.atom("UNSEEN");
                case READ -> criteria.atom("SEEN");
                case FLAGGED -> criteria.atom("FLAGGED");
                case ATTACHMENT -> criteria.atom("HEADER").string("Content-Type").string(ATTACHMENT_CONTENT_TYPE);
            }
        }
        if (query.terms().isEmpty()) {
            criteria.atom("ALL");
        }
        return criteria;
    }

    /** Gmail's search (X-GM-RAW), which knows attachments and searches like the web interface. */
    static SearchCriteria gmail(SearchQuery query) {
        if (query.terms().isEmpty()) {
            return imap(query);
        }
        SearchCriteria criteria = new SearchCriteria();
        criteria.charsetIfNeeded(query);
        return criteria.atom("X-GM-RAW").string(gmailRaw(query));
    }

    /** Gmail's search for the message with this Message-ID (without its angle brackets). */
    static SearchCriteria gmailMessageId(String messageId) {
        return new SearchCriteria().atom("X-GM-RAW").string("rfc822msgid:" + messageId);
    }

    /** The query in Gmail's syntax: since:/before: days become after:/before: YYYY/MM/DD, is:flagged is:starred. */
    static String gmailRaw(SearchQuery query) {
        List<String> words = new ArrayList<>();
        for (SearchQuery.Term term : query.terms()) {
            String word = switch (term.key()) {
                case FROM, TO, SUBJECT -> term.key().name().toLowerCase(Locale.ROOT) + ":" + gmailValue(term.value());
                case TEXT -> gmailValue(term.value());
                case SINCE -> "after:" + GMAIL_DATE.format(term.date());
                case BEFORE -> "before:" + GMAIL_DATE.format(term.date());
                case UNREAD -> "is:unread";
                case READ -> "is:read";
                case FLAGGED -> "is:starred";
                case ATTACHMENT -> "has:attachment";
            };
            words.add(term.negated() ? "-" + word : word);
        }
        return String.join(" ", words);
    }

    private static String gmailValue(String value) {
        return value.indexOf(' ') >= 0 || value.indexOf('"') >= 0 ? "\"" + value.replace("\"", "") + "\"" : value;
    }

    private void charsetIfNeeded(SearchQuery query) {
        if (!query.isAscii()) {
            atom("CHARSET").atom("UTF-8");
        }
    }

    private SearchCriteria atom(String text) {
        items.add(new Item(text, false));
        return this;
    }

    private SearchCriteria string(String text) {
        items.add(new Item(text, true));
        return this;
    }

    /** The criteria as the arguments of a command. */
    Argument argument() {
        Argument argument = new Argument();
        for (Item item : items) {
            if (item.string()) {
                argument.writeString(item.text(), StandardCharsets.UTF_8);
            } else {
                argument.writeAtom(item.text());
            }
        }
        return argument;
    }

    /** As sent, with every string quoted (a long or unusual one goes as a literal). */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Item item : items) {
            parts.add(item.string() ? "\"" + item.text().replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : item.text());
        }
        return String.join(" ", parts);
    }
}

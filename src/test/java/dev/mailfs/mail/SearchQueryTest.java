package dev.mailfs.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.SearchQuery.Key;
import dev.mailfs.mail.SearchQuery.Term;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchQueryTest {

    @Test
    void termsAreSeparatedBySpacesAndKeptInOrder() {
        SearchQuery query = SearchQuery.parse("from:alice has:attachment  invoice");
        assertEquals(List.of(new Term(Key.FROM, "alice", false), new Term(Key.ATTACHMENT, "", false), new Term(Key.TEXT, "invoice", false)),
                query.terms());
        assertEquals(Optional.empty(), query.folder());
        assertEquals("from:alice has:attachment  invoice", query.text());
    }

    @Test
    void quotedValuesAndPhrasesKeepTheirSpaces() {
        SearchQuery query = SearchQuery.parse("subject:\"quarterly report\" \"see you soon\" to:bob");
        assertEquals(List.of(new Term(Key.SUBJECT, "quarterly report", false), new Term(Key.TEXT, "see you soon", false),
                new Term(Key.TO, "bob", false)), query.terms());
    }

    @Test
    void aLeadingDashNegates() {
        SearchQuery query = SearchQuery.parse("-from:carol -is:read -\"out of office\" -spam");
        assertEquals(List.of(new Term(Key.FROM, "carol", true), new Term(Key.READ, "", true), new Term(Key.TEXT, "out of office", true),
                new Term(Key.TEXT, "spam", true)), query.terms());
    }

    @Test
    void everyKeyParses() {
        SearchQuery query = SearchQuery.parse("From:a TO:b subject:c since:2024-01-31 before:2024-02-29 is:unread is:READ is:flagged has:attachment in:Work>Projects");
        assertEquals(List.of(Key.FROM, Key.TO, Key.SUBJECT, Key.SINCE, Key.BEFORE, Key.UNREAD, Key.READ, Key.FLAGGED, Key.ATTACHMENT),
                query.terms().stream().map(Term::key).toList());
        assertEquals("2024-02-29", query.terms().get(4).date().toString());
        assertEquals(Optional.of("Work/Projects"), query.folder());
        assertEquals(Optional.of("Entwürfe"), SearchQuery.parse("in:Entwürfe").folder());
        assertEquals(Optional.of("Sent Items"), SearchQuery.parse("in:\"Sent Items\" invoice").folder());
    }

    @Test
    void inAloneIsAQueryOfTheWholeFolder() {
        SearchQuery query = SearchQuery.parse("in:INBOX");
        assertEquals(List.of(), query.terms());
        assertEquals(Optional.of("INBOX"), query.folder());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                      | it is empty",
            "'   '                   | it is empty",
            "from:                   | 'from:' has no value",
            "'subject:\"\"'          | has no value",
            "colour:red              | no such key colour:",
            "is:important            | is: takes unread, read or flagged",
            "has:pdf                 | has: takes attachment",
            "since:2024/01/01        | '/' cannot be part of a folder name",
            "since:24-1-1            | a date is written YYYY-MM-DD",
            "before:2024-02-30       | there is no such day",
            "'\"unclosed phrase'     | never closed",
            "'subject:\"a\"b'        | a space must follow the closing quote",
            "'- from:a'              | '-' must come right before a term",
            "-in:INBOX               | in: cannot be negated",
            "in:INBOX in:Sent        | only one in: folder",
    })
    void aBadQuerySaysWhatIsWrong(String text, String problem) {
        MailfsException.InvalidArgument e = assertThrows(MailfsException.InvalidArgument.class, () -> SearchQuery.parse(text));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().contains("search '" + text + "'"), e.getMessage());
    }

    @Test
    void controlCharactersAreRefused() {
        assertThrows(MailfsException.InvalidArgument.class, () -> SearchQuery.parse("from:a\nb"));
    }
}

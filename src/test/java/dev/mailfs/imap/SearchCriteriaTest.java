package dev.mailfs.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailfs.mail.SearchQuery;
import org.junit.jupiter.api.Test;

class SearchCriteriaTest {

    private static String imap(String query) {
        return SearchCriteria.imap(SearchQuery.parse(query)).toString();
    }

    private static String gmail(String query) {
        return SearchCriteria.gmail(SearchQuery.parse(query)).toString();
    }

    @Test
    void termsBecomeImapSearchKeys() {
        assertEquals("SUBJECT \"quarterly report\" TEXT \"invoice\"", imap("subject:\"quarterly report\" invoice"));
        assertEquals("SINCE 5-Jan-2024 BEFORE 29-Feb-2024", imap("since:2024-01-05 before:2024-02-29"));
        assertEquals("UNSEEN SEEN FLAGGED", imap("is:unread is:read is:flagged"));
    }

    /** GreenMail matches FROM against the whole address only (see GreenMailMountIT): the header is asked too. */
    @Test
    void addressesAreSearchedByKeyOrByHeader() {
        assertEquals("OR FROM \"alice\" HEADER \"From\" \"alice\"", imap("from:alice"));
        assertEquals("OR TO \"bob@example.org\" HEADER \"To\" \"bob@example.org\"", imap("to:bob@example.org"));
        assertEquals("NOT OR FROM \"carol\" HEADER \"From\" \"carol\"", imap("-from:carol"));
    }

    @Test
    void anAttachmentIsApproximatedByMultipartMixed() {
        assertEquals("HEADER \"Content-Type\" \"multipart/mixed\"", imap("has:attachment"));
    }

    @Test
    void negatedTermsAreNot() {
        assertEquals("NOT SUBJECT \"carol\" NOT UNSEEN NOT TEXT \"out of office\"", imap("-subject:carol -is:unread -\"out of office\""));
    }

    @Test
    void inAloneIsAll() {
        assertEquals("ALL", imap("in:INBOX"));
        assertEquals("SUBJECT \"a\"", imap("subject:a in:INBOX"));
    }

    @Test
    void nonAsciiStringsAskForUtf8() {
        assertEquals("CHARSET UTF-8 SUBJECT \"Grüße\"", imap("subject:Grüße"));
        assertEquals("CHARSET UTF-8 X-GM-RAW \"from:jürgen\"", gmail("from:jürgen"));
    }

    @Test
    void quotesInStringsAreEscaped() {
        assertEquals("SUBJECT \"a\\\"b\"", imap("subject:a\"b"));
    }

    @Test
    void gmailGetsItsOwnSyntaxInOneString() {
        assertEquals("X-GM-RAW \"from:alice has:attachment\"", gmail("from:alice has:attachment"));
        assertEquals("after:2024/01/05 before:2024/02/29 is:starred -is:unread", SearchCriteria.gmailRaw(
                SearchQuery.parse("since:2024-01-05 before:2024-02-29 is:flagged -is:unread")));
        assertEquals("subject:\"quarterly report\" -\"out of office\" word", SearchCriteria.gmailRaw(
                SearchQuery.parse("subject:\"quarterly report\" -\"out of office\" word in:INBOX")));
        assertEquals("ALL", gmail("in:INBOX"));
    }
}

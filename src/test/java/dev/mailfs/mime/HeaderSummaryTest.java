package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderSummaryTest {
    private static String summary(String start) {
        return new String(HeaderSummary.of(start.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void theFieldsAMailProgramShowsInItsOrderWhateverTheHeadersOrder() {
        assertEquals("From: A <a@x>\nTo: B <b@x>\nDate: Fri, 1 Mar 2024 09:00:00 +0000\nSubject: Hi\n\n",
                summary("Subject: Hi\r\nX-Mailer: y\r\nDate: Fri, 1 Mar 2024 09:00:00 +0000\r\nTo: B <b@x>\r\nFrom: A <a@x>\r\n\r\nbody: not a field\r\n"));
    }

    @Test
    void eightBitHeadersAreReadAsUtf8AndFieldsAreMatchedWhateverTheirCase() {
        assertEquals("From: Jörg <j@x>\n\n", summary("FROM: Jörg <j@x>\nfrom: second <s@x>\n\n"));
    }

    @Test
    void aHeaderWithoutTheEmptyLineStillCounts() {
        assertEquals("Subject: Only a header\n\n", summary("Subject: Only a header"));
    }

    @Test
    void nothingWhenTheMessageHasNoneOfTheFieldsOrNoHeader() {
        assertEquals("", summary("X-Note: only this\r\n\r\nSubject: in the body\r\n"));
        assertEquals("", summary("Hello, no header here\r\nSubject: not a header either\r\n"));
        assertEquals("", summary("Subject:   \r\n\r\n"));
    }

    @Test
    void controlCharactersInAValueBecomeSpaces() {
        assertEquals("Subject: a b\n\n", summary("Subject: =?UTF-8?Q?a=0Db?=\r\n\r\n"));
    }
}

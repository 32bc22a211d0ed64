package dev.mailfs.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.mail.GmailMeta;
import dev.mailfs.mail.MessageMeta;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.eclipse.angus.mail.gimap.protocol.GmailProtocol;
import org.eclipse.angus.mail.iap.Protocol;
import org.eclipse.angus.mail.imap.protocol.FetchItem;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.junit.jupiter.api.Test;

/** A listing's FETCH answers, as servers send them, read into messages. */
class MetadataFetchTest {
    private static final String HEADER = "Subject: Report\r\nMessage-ID: <r@example.org>\r\n\r\n";
    private static final String PLAIN = "* 1 FETCH (UID 7 RFC822.SIZE 120 INTERNALDATE \"08-Mar-2024 09:00:00 +0000\" FLAGS (\\Seen)"
            + " BODY[HEADER.FIELDS (DATE SUBJECT FROM TO MESSAGE-ID)] {" + HEADER.length() + "}\r\n" + HEADER;
    private static final FetchItem[] GMAIL_ITEMS = {GmailProtocol.MSGID_ITEM, GmailProtocol.THRID_ITEM, GmailProtocol.LABELS_ITEM};

    private static MessageMeta read(String line, FetchItem[] items) throws Exception {
        Protocol offline = new Protocol(new ByteArrayInputStream(new byte[0]), new PrintStream(OutputStream.nullOutputStream()),
                new Properties(), false);
        FetchResponse fetch = new FetchResponse(new IMAPResponse(line), items, offline);
        return MetadataFetch.toMeta(fetch, false, new ListedAddresses()).orElseThrow();
    }

    @Test
    void anAnswerFromAServerThatIsNotGmailHasNoGmailPart() throws Exception {
        MessageMeta message = read(PLAIN + ")", null);
        assertEquals(7, message.uid());
        assertEquals("Report", message.subject());
        assertEquals(Optional.empty(), message.gmail());
    }

    /** Gmail's own line, system labels quoted as it sends them (jakartaee/mail-api#194). */
    @Test
    void gmailsIdsAndLabelsAreRead() throws Exception {
        MessageMeta message = read(PLAIN + " X-GM-MSGID 1700000000000000000 X-GM-THRID 1700000000000000001"
                + " X-GM-LABELS (\"\\\\Inbox\" Work \"Big &AOQ-rger\"))", GMAIL_ITEMS);
        GmailMeta gmail = message.gmail().orElseThrow();
        assertEquals(1700000000000000000L, gmail.messageId());
        assertEquals(1700000000000000001L, gmail.threadId());
        assertEquals(Set.of("\\Inbox", "Work", "Big ärger"), gmail.labels(), "modified UTF-7 decoded");
    }

    @Test
    void noLabelsAtAllIsAnEmptySet() throws Exception {
        MessageMeta message = read(PLAIN + " X-GM-MSGID 1700000000000000002 X-GM-THRID 1700000000000000002 X-GM-LABELS ())",
                GMAIL_ITEMS);
        assertTrue(message.gmail().orElseThrow().labels().isEmpty());
    }
}

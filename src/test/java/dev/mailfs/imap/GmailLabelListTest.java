package dev.mailfs.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.mail.Session;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Properties;
import org.eclipse.angus.mail.iap.Protocol;
import java.util.Optional;
import org.eclipse.angus.mail.iap.ParsingException;
import org.eclipse.angus.mail.imap.protocol.FetchItem;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.junit.jupiter.api.Test;

class GmailLabelListTest {
    private static Object labelsOf(String line) throws Exception {
        Protocol offline = new Protocol(new ByteArrayInputStream(new byte[0]), new PrintStream(OutputStream.nullOutputStream()),
                new Properties(), false);
        FetchResponse fetch = new FetchResponse(new IMAPResponse(line), new FetchItem[] {GmailLabelList.ITEM}, offline);
        return fetch.getExtensionItems().get("X-GM-LABELS");
    }

    @Test
    void labelsAreReadQuotedBareOrAsLiterals() throws Exception {
        assertArrayEquals(new String[] {"\\Inbox", "Work", "Smith, John"},
                (String[]) labelsOf("* 1 FETCH (UID 5 X-GM-LABELS (\"\\\\Inbox\" Work \"Smith, John\"))"));
        assertArrayEquals(new String[] {"\\Inbox", "\\Important", "Work"},
                (String[]) labelsOf("* 1 FETCH (UID 5 X-GM-LABELS (\\Inbox \\Important Work))"));
        assertArrayEquals(new String[] {}, (String[]) labelsOf("* 1 FETCH (UID 5 X-GM-LABELS ())"));
    }

    @Test
    void aListThatDoesNotEndIsAParsingErrorNotALoop() {
        assertThrows(ParsingException.class, () -> labelsOf("* 1 FETCH (UID 5 X-GM-LABELS (\\Inbox"));
    }

    @Test
    void gmailSessionsMakeStoresWhoseConnectionsUseIt() throws Exception {
        ImapSettings settings = ImapSettings.of("imap.gmail.com", 993, "alice@gmail.com", Security.TLS, Optional.empty());
        assertInstanceOf(LenientGmailStore.Tls.class, LenientGmailStore.of(Session.getInstance(AngusProperties.of(settings, true, false)), "gimaps"));
        ImapSettings starttls = ImapSettings.of("imap.gmail.com", 143, "alice@gmail.com", Security.STARTTLS, Optional.empty());
        assertInstanceOf(LenientGmailStore.class, LenientGmailStore.of(Session.getInstance(AngusProperties.of(starttls, true, false)), "gimap"));
    }
}

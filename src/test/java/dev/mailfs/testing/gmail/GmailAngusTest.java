package dev.mailfs.testing.gmail;

import static dev.mailfs.testing.gmail.GmailServerTest.DATE;
import static dev.mailfs.testing.gmail.GmailServerTest.FIRST;
import static dev.mailfs.testing.gmail.GmailServerTest.PASSWORD;
import static dev.mailfs.testing.gmail.GmailServerTest.SECOND;
import static dev.mailfs.testing.gmail.GmailServerTest.USER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.gimap.GmailFolder;
import org.eclipse.angus.mail.gimap.GmailMessage;
import org.eclipse.angus.mail.gimap.GmailMsgIdTerm;
import org.eclipse.angus.mail.gimap.GmailRawSearchTerm;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Angus Mail, the client mailfs uses, talks to the server: its gimap provider and plain imap. */
class GmailAngusTest {

    GmailServer server;

    @BeforeEach
    void start() throws Exception {
        server = GmailServer.start(USER, PASSWORD);
        server.deliver(GmailServerTest.plain("Plans", "root@x"), DATE, "\\Inbox");
        server.deliver(GmailServerTest.withAttachment(), DATE, "\\Inbox", "Work");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Store connect(String protocol) throws Exception {
        Properties p = new Properties();
        p.put("mail." + protocol + ".host", server.host());
        p.put("mail." + protocol + ".port", String.valueOf(server.port()));
        p.put("mail." + protocol + ".connectiontimeout", "5000");
        p.put("mail." + protocol + ".timeout", "5000");
        p.put("mail." + protocol + ".peek", "true");
        p.put("mail.gimap.ssl.trust", "*");
        Session session = Session.getInstance(p);
        session.setDebug(Boolean.getBoolean("gmail.debug"));
        Store store = session.getStore(protocol);
        store.connect(USER, PASSWORD);
        return store;
    }

    // Angus's gimap provider always uses TLS, so this test runs against the TLS variant.
    @Test
    void gimapReadsMsgidThreadAndLabelsSetsLabelsAndSearchesRaw() throws Exception {
        server.close();
        server = GmailServer.startTls(USER, PASSWORD, SystemFolders.english());
        server.deliver(GmailServerTest.plain("Plans", "root@x"), DATE, "\\Inbox");
        server.deliver(GmailServerTest.withAttachment(), DATE, "\\Inbox", "Work");
        Store store = connect("gimap");
        try {
            GmailFolder inbox = (GmailFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] messages = inbox.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add(GmailFolder.FetchProfileItem.MSGID);
            profile.add(GmailFolder.FetchProfileItem.THRID);
            profile.add(GmailFolder.FetchProfileItem.LABELS);
            inbox.fetch(messages, profile);
            GmailMessage first = (GmailMessage) messages[0];
            GmailMessage second = (GmailMessage) messages[1];
            assertEquals(FIRST, first.getMsgId());
            assertEquals(FIRST, first.getThrId());
            assertEquals(SECOND, second.getMsgId());
            assertArrayEquals(new String[] {"\\Inbox", "Work"}, second.getLabels());

            inbox.setLabels(new Message[] {first}, new String[] {"Projects/Mail FS"}, true);
            assertEquals(Set.of("\\Inbox", "Projects/Mail FS"), server.labelsOf(FIRST));
            inbox.setLabels(new Message[] {first}, new String[] {"Projects/Mail FS"}, false);
            assertEquals(Set.of("\\Inbox"), server.labelsOf(FIRST));

            Message[] found = inbox.search(new GmailRawSearchTerm("from:carol has:attachment"));
            assertEquals(1, found.length);
            assertEquals(SECOND, ((GmailMessage) found[0]).getMsgId());
            assertEquals(1, inbox.search(new GmailMsgIdTerm(FIRST)).length);
            assertEquals("Plans", first.getSubject());
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void plainImapListsFoldersReadsBodiesAndMovesByUid() throws Exception {
        Store store = connect("imap");
        try {
            List<String> names = Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName).toList();
            assertTrue(names.containsAll(List.of("INBOX", "Work", "[Gmail]/All Mail", "[Gmail]/Trash")), names.toString());
            IMAPFolder trash = (IMAPFolder) store.getFolder("[Gmail]/Trash");
            assertTrue(Arrays.asList(trash.getAttributes()).contains("\\Trash"));

            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message report = inbox.getMessageByUID(2);
            Multipart parts = (Multipart) report.getContent();
            assertEquals("See the report.", parts.getBodyPart(0).getContent());
            assertEquals("report.pdf", parts.getBodyPart(1).getFileName());
            assertEquals(Set.of(), server.flagsOf(SECOND)); // peek: reading did not mark it \Seen

            AppendUID[] moved = inbox.moveUIDMessages(new Message[] {report}, trash);
            assertEquals(1, moved[0].uid);
            assertTrue(server.isInTrash(SECOND));
            assertTrue(server.uidOf("INBOX", SECOND).isEmpty());
            assertEquals(1L, ((UIDFolder) inbox).getUID(inbox.getMessage(1)));
            inbox.close(false);
        } finally {
            store.close();
        }
        assertTrue(server.commandsReceived().stream().anyMatch(c -> c.matches("(UID )?MOVE .*Trash")),
                server.commandsReceived().stream().collect(Collectors.joining("\n")));
    }
}

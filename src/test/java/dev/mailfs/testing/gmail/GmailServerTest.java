package dev.mailfs.testing.gmail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gmail's behaviours, each pinned as the literal lines this server sends. The comment above each
 * test quotes the documentation it follows: Google's "IMAP Extensions" page (developers.google.com/
 * gmail/imap/imap-extensions), Gmail's help on IMAP actions and settings, or captured Gmail sessions.
 */
class GmailServerTest {

    static final String USER = "alice@gmail.com";
    static final String PASSWORD = "app-password";
    static final Instant DATE = Instant.parse("2024-03-01T14:32:00Z");
    static final long FIRST = GmailStore.FIRST_MSGID;
    static final long SECOND = FIRST + 1_048_573L;

    GmailServer server;

    @BeforeEach
    void start() throws Exception {
        server = GmailServer.start(USER, PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] message(String from, String subject, String messageId, String extraHeaders, String body) {
        return ("From: " + from + "\r\nTo: alice@gmail.com\r\nSubject: " + subject + "\r\nDate: Fri, 01 Mar 2024 14:32:00 +0000\r\n"
                + "Message-ID: <" + messageId + ">\r\n" + extraHeaders + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] plain(String subject, String messageId) {
        return message("Bob <bob@example.com>", subject, messageId, "", "Hello there\r\n");
    }

    static byte[] withAttachment() {
        return message("Carol <carol@example.com>", "Quarterly report", "report@example.com",
                "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n",
                "preamble\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the report.\r\n"
                        + "--b1\r\nContent-Type: application/pdf; name=report.pdf\r\nContent-Disposition: attachment;"
                        + " filename=report.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n");
    }

    ImapLineClient login() throws Exception {
        return ImapLineClient.login(server, USER, PASSWORD);
    }

    // "* OK Gimap ready for requests from 127.0.0.1 k2if6111336rvb.0" and, from a captured session,
    // "* CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 XYZZY SASL-IR
    // AUTH=XOAUTH2 AUTH=PLAIN ..." / "A00000000 OK Thats all she wrote!" / "OK xyz@gmail.com authenticated (Success)".
    @Test
    void greetingCapabilitiesAndLoginLookLikeGmail() throws Exception {
        try (ImapLineClient c = ImapLineClient.connect(server)) {
            assertTrue(c.greeting().startsWith("* OK Gimap ready for requests from 127.0.0.1 "), c.greeting());
            List<String> caps = c.send("CAPABILITY");
            assertEquals("* CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE ID CHILDREN X-GM-EXT-1 XYZZY SASL-IR"
                    + " AUTH=XOAUTH2 AUTH=PLAIN", caps.get(0));
            assertTrue(caps.get(1).startsWith("a1 OK Thats all she wrote! "), caps.get(1));
            assertEquals(List.of("a2 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"),
                    c.send("LOGIN " + USER + " wrong"));
            assertEquals(List.of("* CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE ID CHILDREN X-GM-EXT-1 UIDPLUS ENABLE"
                    + " MOVE CONDSTORE LITERAL- SPECIAL-USE APPENDLIMIT=35651584",
                    "a3 OK alice@gmail.com authenticated (Success)"), c.send("LOGIN " + USER + " " + PASSWORD));
            assertEquals(List.of("* NAMESPACE ((\"\" \"/\")) NIL NIL", "a4 OK Success"), c.send("NAMESPACE"));
            assertEquals(List.of("* ID (\"name\" \"GImap\" \"vendor\" \"Google, Inc.\" \"support-url\""
                    + " \"http://mail.google.com/support\" \"remote-host\" \"127.0.0.1\")", "a5 OK Success"),
                    c.send("ID (\"name\" \"mailfs\")"));
            assertEquals(List.of("* BYE LOGOUT Requested", "a6 OK 73 good day (Success)"), c.send("LOGOUT"));
        }
    }

    // SASL-IR with AUTH=PLAIN, as in the captured session "AUTHENTICATE PLAIN ****".
    @Test
    void authenticatePlainWithInitialResponse() throws Exception {
        try (ImapLineClient c = ImapLineClient.connect(server)) {
            String ir = java.util.Base64.getEncoder().encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            List<String> answer = c.send("AUTHENTICATE PLAIN " + ir);
            assertEquals("a1 OK alice@gmail.com authenticated (Success)", answer.get(1));
        }
    }

    // "a004 LIST "" "*"  * LIST (\HasNoChildren) "/" "INBOX"  * LIST (\Noselect \HasChildren) "/" "[Gmail]"
    //  * LIST (\HasNoChildren \All) "/" "[Gmail]/All Mail" ..." — Special-Use attributes in every LIST.
    @Test
    void listShowsGmailFoldersWithSpecialUse() throws Exception {
        server.deliver(plain("hi", "1@x"), DATE, "Work/Projects");
        try (ImapLineClient c = login()) {
            assertEquals(List.of(
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\HasChildren) \"/\" \"Work\"",
                    "* LIST (\\HasNoChildren) \"/\" \"Work/Projects\"",
                    "* LIST (\\Noselect \\HasChildren) \"/\" \"[Gmail]\"",
                    "* LIST (\\HasNoChildren \\All) \"/\" \"[Gmail]/All Mail\"",
                    "* LIST (\\HasNoChildren \\Drafts) \"/\" \"[Gmail]/Drafts\"",
                    "* LIST (\\HasNoChildren \\Important) \"/\" \"[Gmail]/Important\"",
                    "* LIST (\\HasNoChildren \\Sent) \"/\" \"[Gmail]/Sent Mail\"",
                    "* LIST (\\HasNoChildren \\Junk) \"/\" \"[Gmail]/Spam\"",
                    "* LIST (\\HasNoChildren \\Flagged) \"/\" \"[Gmail]/Starred\"",
                    "* LIST (\\HasNoChildren \\Trash) \"/\" \"[Gmail]/Trash\"",
                    "a2 OK Success"), c.send("LIST \"\" \"*\""));
            assertEquals(List.of(
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\HasChildren) \"/\" \"Work\"",
                    "* LIST (\\Noselect \\HasChildren) \"/\" \"[Gmail]\"",
                    "a3 OK Success"), c.send("LIST \"\" \"%\""));
        }
    }

    // Localised accounts show "[Google Mail]/..." names; clients must go by the attribute.
    @Test
    void localisedSystemFoldersKeepTheirSpecialUseAttributes() throws Exception {
        server.close();
        server = GmailServer.start(USER, PASSWORD, SystemFolders.german());
        server.deliver(plain("hi", "1@x"), DATE, "\\Inbox");
        try (ImapLineClient c = login()) {
            List<String> list = c.send("LIST \"\" \"*\"");
            assertTrue(list.contains("* LIST (\\HasNoChildren \\Trash) \"/\" \"[Google Mail]/Papierkorb\""), list.toString());
            assertTrue(list.contains("* LIST (\\HasNoChildren \\Drafts) \"/\" \"[Google Mail]/Entw&APw-rfe\""), list.toString());
            c.send("SELECT INBOX");
            assertEquals(List.of("* OK [COPYUID 8 1 1] (Success)", "* 1 EXPUNGE", "a4 OK Success"),
                    c.send("UID MOVE 1 \"[Google Mail]/Papierkorb\""));
            assertTrue(server.isInTrash(FIRST));
        }
    }

    // "a006 FETCH 1 (X-GM-MSGID)  * 1 FETCH (X-GM-MSGID 1278455344230334865)"; "a008 FETCH 1:4 (X-GM-THRID)"
    // — the thread id is shared by a conversation's messages.
    @Test
    void fetchesMsgidAndThreadIdOfAConversation() throws Exception {
        server.deliver(plain("Plans", "root@x"), DATE, "\\Inbox");
        server.deliver(message("Alice <alice@gmail.com>", "Re: Plans", "reply@x", "In-Reply-To: <root@x>\r\nReferences: <root@x>\r\n",
                "Sure\r\n"), DATE, "\\Inbox", "\\Sent");
        try (ImapLineClient c = login()) {
            c.send("SELECT INBOX");
            assertEquals(List.of("* 1 FETCH (X-GM-MSGID " + FIRST + ")", "a3 OK Success"), c.send("FETCH 1 (X-GM-MSGID)"));
            assertEquals(List.of("* 1 FETCH (X-GM-THRID " + FIRST + ")", "* 2 FETCH (X-GM-THRID " + FIRST + ")", "a4 OK Success"),
                    c.send("FETCH 1:2 (X-GM-THRID)"));
            assertEquals(List.of("* SEARCH 2", "a5 OK SEARCH completed (Success)"), c.send("UID SEARCH X-GM-MSGID " + SECOND));
            assertEquals(List.of("* SEARCH 1 2", "a6 OK SEARCH completed (Success)"), c.send("SEARCH X-GM-THRID " + FIRST));
        }
    }

    // Google: "a010 FETCH 1:4 (X-GM-LABELS)  * 1 FETCH (X-GM-LABELS (\Inbox \Sent Important "Muy Importante"))
    // ... a011 STORE 1 +X-GM-LABELS (foo)  * 1 FETCH (X-GM-LABELS (\Inbox \Sent Important "Muy Importante" foo))
    // a012 STORE 1 -X-GM-LABELS (foo)  * 1 FETCH (X-GM-LABELS (\Inbox \Sent Important "Muy Importante"))"
    // System labels go quoted ("\\Inbox"), as Gmail sends them and Angus's gimap parser requires.
    @Test
    void storeXGmLabelsAddsAndRemoves() throws Exception {
        server.deliver(plain("hi", "1@x"), DATE, "\\Inbox", "\\Sent", "Important", "Muy Importante");
        try (ImapLineClient c = login()) {
            c.send("SELECT INBOX");
            assertEquals(List.of("* 1 FETCH (X-GM-LABELS (\"\\\\Inbox\" \"\\\\Sent\" Important \"Muy Importante\"))", "a3 OK Success"),
                    c.send("FETCH 1 (X-GM-LABELS)"));
            assertEquals(List.of("* 1 FETCH (X-GM-LABELS (\"\\\\Inbox\" \"\\\\Sent\" Important \"Muy Importante\" foo))", "a4 OK Success"),
                    c.send("STORE 1 +X-GM-LABELS (foo)"));
            assertEquals(List.of("* 1 FETCH (X-GM-LABELS (\"\\\\Inbox\" \"\\\\Sent\" Important \"Muy Importante\"))", "a5 OK Success"),
                    c.send("STORE 1 -X-GM-LABELS (foo)"));
            assertEquals(List.of("* SEARCH 1", "a6 OK SEARCH completed (Success)"), c.send("SEARCH X-GM-LABELS \"Muy Importante\""));
            // A system label given as a quoted string parses too.
            assertEquals(List.of("* 1 FETCH (X-GM-LABELS (\"\\\\Inbox\" \"\\\\Sent\" Important \"Muy Importante\" \"\\\\Important\") UID 1)",
                    "a7 OK Success"), c.send("UID STORE 1 +X-GM-LABELS (\"\\\\Important\")"));
        }
        assertTrue(server.labelsOf(FIRST).contains("\\Important"));
    }

    // Help "How IMAP actions sync to Gmail": "Move message to folder -> Apply label". COPY answers
    // COPYUID (UIDPLUS) with the message's UID in the label's own view; there is still one message.
    @Test
    void copyToALabelFolderAddsTheLabelAndAnswersCopyuid() throws Exception {
        server.deliver(plain("hi", "1@x"), DATE, "\\Inbox");
        try (ImapLineClient c = login()) {
            c.send("CREATE Work");
            c.send("SELECT INBOX");
            assertEquals(List.of("a4 OK [COPYUID 9 1 1] (Success)"), c.send("UID COPY 1 Work"));
            assertEquals(List.of("* 1 FETCH (X-GM-LABELS (\"\\\\Inbox\" Work) UID 1)", "a5 OK Success"),
                    c.send("UID FETCH 1 (X-GM-LABELS)"));
        }
        assertEquals(1, server.messageCount());
        assertEquals(OptionalLong.of(1), server.uidOf("Work", FIRST));
    }

    // Help: "Delete message from a folder -> Remove that label from the message".
    @Test
    void expungeInALabelFolderRemovesOnlyThatLabel() throws Exception {
        server.deliver(plain("hi", "1@x"), DATE, "\\Inbox", "Work");
        try (ImapLineClient c = login()) {
            c.send("SELECT Work");
            assertEquals(List.of("a3 OK Success"), c.send("UID STORE 1 +FLAGS.SILENT (\\Deleted)"));
            assertEquals(List.of("* 1 EXPUNGE", "a4 OK Success"), c.send("UID EXPUNGE 1"));
        }
        assertEquals(Set.of("\\Inbox"), server.labelsOf(FIRST));
        assertEquals(Set.of(), server.flagsOf(FIRST)); // no \Deleted left to expunge it from INBOX next
    }

    // Help: "Delete message in inbox -> Remove message from inbox"; setting "When a message is marked
    // as deleted and expunged from the last visible IMAP folder: Archive the message (default)".
    @Test
    void expungeInInboxArchives() throws Exception {
        server.deliver(plain("hi", "1@x"), DATE, "\\Inbox");
        try (ImapLineClient c = login()) {
            c.send("SELECT INBOX");
            assertEquals(List.of("* 1 FETCH (FLAGS (\\Deleted))", "a3 OK Success"), c.send("STORE 1 +FLAGS (\\Deleted)"));
            assertEquals(List.of("* 1 EXPUNGE", "a4 OK Success"), c.send("EXPUNGE"));
        }
        assertTrue(server.exists(FIRST));
        assertEquals(Set.of(), server.labelsOf(FIRST));
        assertTrue(server.uidOf("[Gmail]/All Mail", FIRST).isPresent());
    }

    // The same setting's other choice: "Move the message to the Trash".
    @Test
    void expungeFromLastFolderCanMoveToTrash() throws Exception {
        server.setLastFolderExpunge(GmailServer.LastFolderExpunge.TRASH);
        server.deliver(plain("hi", "1@x"), DATE, "\\Inbox");
        try (ImapLineClient c = login()) {
            c.send("SELECT INBOX");
            c.send("STORE 1 +FLAGS.SILENT (\\Deleted)");
            c.send("EXPUNGE");
        }
        assertTrue(server.isInTrash(FIRST));
    }

    // Help: "Move message to [Gmail]/Trash -> Move message to Trash" (Trash has no labels); RFC 6851
    // MOVE answers COPYUID untagged before the EXPUNGE.
    @Test
    void moveToTrashRemovesEveryLabel() throws Exception {
        server.deliver(plain("hi", "1@x"), DATE, "\\Inbox", "Work", "\\Starred");
        try (ImapLineClient c = login()) {
            c.send("SELECT Work");
            assertEquals(List.of("* OK [COPYUID 8 1 1] (Success)", "* 1 EXPUNGE", "a3 OK Success"),
                    c.send("UID MOVE 1 [Gmail]/Trash"));
        }
        assertTrue(server.isInTrash(FIRST));
        assertEquals(Set.of(), server.labelsOf(FIRST));
    }

    // Help: "Delete message from [Gmail]/Spam or [Gmail]/Trash -> Delete message permanently".
    @Test
    void expungeInTrashDeletesForGood() throws Exception {
        server.deliverToTrash(plain("hi", "1@x"), DATE);
        try (ImapLineClient c = login()) {
            c.send("SELECT [Gmail]/Trash");
            c.send("UID STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertEquals(List.of("* 1 EXPUNGE", "a4 OK Success"), c.send("UID EXPUNGE 1"));
        }
        assertFalse(server.exists(FIRST));
        assertEquals(0, server.messageCount());
    }

    // Moving out of Trash into a label folder restores the message with that label.
    @Test
    void moveFromTrashRestoresWithTheLabel() throws Exception {
        server.deliverToTrash(plain("hi", "1@x"), DATE);
        try (ImapLineClient c = login()) {
            c.send("SELECT [Gmail]/Trash");
            assertEquals(List.of("* OK [COPYUID 1 1 1] (Success)", "* 1 EXPUNGE", "a3 OK Success"), c.send("UID MOVE 1 INBOX"));
        }
        assertFalse(server.isInTrash(FIRST));
        assertEquals(Set.of("\\Inbox"), server.labelsOf(FIRST));
    }

    // Moving from INBOX to All Mail is Gmail's "archive": only \Inbox goes.
    @Test
    void moveFromInboxToAllMailArchives() throws Exception {
        server.deliver(plain("hi", "1@x"), DATE, "\\Inbox", "Work");
        try (ImapLineClient c = login()) {
            c.send("SELECT INBOX");
            assertEquals(List.of("* OK [COPYUID 2 1 1] (Success)", "* 1 EXPUNGE", "a3 OK Success"),
                    c.send("UID MOVE 1 \"[Gmail]/All Mail\""));
        }
        assertEquals(Set.of("Work"), server.labelsOf(FIRST));
    }

    // Help: "Flag a message -> Apply a star"; the Starred folder is \Flagged (SPECIAL-USE).
    @Test
    void starredIsTheFlaggedFlag() throws Exception {
        server.deliver(plain("hi", "1@x"), DATE, "\\Inbox");
        try (ImapLineClient c = login()) {
            c.send("SELECT INBOX");
            assertEquals(List.of("* 1 FETCH (FLAGS (\\Flagged) UID 1)", "a3 OK Success"), c.send("UID STORE 1 +FLAGS (\\Flagged)"));
            assertEquals(List.of("* 1 FETCH (X-GM-LABELS (\"\\\\Inbox\" \"\\\\Starred\") UID 1)", "a4 OK Success"),
                    c.send("UID FETCH 1 (X-GM-LABELS)"));
            assertEquals(List.of("* STATUS \"[Gmail]/Starred\" (MESSAGES 1)", "a5 OK Success"),
                    c.send("STATUS \"[Gmail]/Starred\" (MESSAGES)"));
            c.send("SELECT \"[Gmail]/Starred\"");
            c.send("UID STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertEquals(List.of("* 1 EXPUNGE", "a8 OK Success"), c.send("UID EXPUNGE 1"));
        }
        assertEquals(Set.of("\\Inbox"), server.labelsOf(FIRST)); // expunged from Starred = unstarred
    }

    // Each folder has its own UIDVALIDITY and UIDs; a message that leaves and comes back gets a new UID.
    @Test
    void eachLabelFolderNumbersMessagesItself() throws Exception {
        long a = server.deliver(plain("a", "a@x"), DATE, "\\Inbox");
        long b = server.deliver(plain("b", "b@x"), DATE, "Work");
        long c3 = server.deliver(plain("c", "c@x"), DATE, "\\Inbox", "Work");
        assertEquals(OptionalLong.of(2), server.uidOf("INBOX", c3));
        assertEquals(OptionalLong.of(1), server.uidOf("Work", b));
        assertEquals(OptionalLong.of(2), server.uidOf("Work", c3));
        assertEquals(OptionalLong.of(3), server.uidOf("[Gmail]/All Mail", c3));
        try (ImapLineClient c = login()) {
            List<String> select = c.send("SELECT Work");
            assertEquals(List.of(
                    "* FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen $NotPhishing $Phishing)",
                    "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen $NotPhishing $Phishing \\*)] Flags permitted.",
                    "* OK [UIDVALIDITY 9] UIDs valid.",
                    "* 2 EXISTS",
                    "* 0 RECENT",
                    "* OK [UIDNEXT 3] Predicted next UID.",
                    "* OK [HIGHESTMODSEQ 4]",
                    "a2 OK [READ-WRITE] Work selected. (Success)"), select);
            c.send("UID STORE 1 -X-GM-LABELS (Work)");
            c.send("SELECT INBOX");
            c.send("UID STORE 1 +X-GM-LABELS (Work)");
        }
        assertEquals(OptionalLong.of(3), server.uidOf("Work", a));
        assertEquals(OptionalLong.empty(), server.uidOf("Work", b));
    }

    // "a005 SEARCH X-GM-RAW "has:attachment in:unread"" — Gmail search syntax inside SEARCH.
    @Test
    void xGmRawFindsByFromAndAttachment() throws Exception {
        server.deliver(plain("hi", "1@x"), DATE, "\\Inbox");
        server.deliver(withAttachment(), DATE, "\\Inbox", "Work");
        server.deliverToTrash(withAttachment(), DATE);
        try (ImapLineClient c = login()) {
            c.send("SELECT \"[Gmail]/All Mail\"");
            assertEquals(List.of("* SEARCH 2", "a3 OK SEARCH completed (Success)"),
                    c.send("UID SEARCH X-GM-RAW \"from:carol has:attachment\""));
            assertEquals(List.of("* SEARCH 1", "a4 OK SEARCH completed (Success)"),
                    c.send("UID SEARCH X-GM-RAW \"-has:attachment in:inbox is:unread\""));
            assertEquals(List.of("* SEARCH 2", "a5 OK SEARCH completed (Success)"),
                    c.send("UID SEARCH X-GM-RAW \"label:work \\\"the report\\\" after:2024/03/01 before:2024-03-02\""));
            assertEquals(List.of("* SEARCH 1", "a6 OK SEARCH completed (Success)"),
                    c.send("UID SEARCH X-GM-RAW \"rfc822msgid:1@x\""));
            assertEquals(List.of("+ go ahead", "* SEARCH", "a7 OK SEARCH completed (Success)"),
                    c.send("UID SEARCH X-GM-RAW {9}\r\nin:trash"));
        }
    }

    // Plain IMAP SEARCH keys work too (Angus builds them from SearchTerms).
    @Test
    void imapSearchKeys() throws Exception {
        server.deliver(plain("Lunch", "1@x"), DATE, Set.of("\\Seen"), "\\Inbox");
        server.deliver(withAttachment(), Instant.parse("2024-03-05T10:00:00Z"), "\\Inbox");
        try (ImapLineClient c = login()) {
            c.send("SELECT INBOX");
            assertEquals("* SEARCH 2", c.send("UID SEARCH UNSEEN").get(0));
            assertEquals("* SEARCH 1", c.send("UID SEARCH OR SUBJECT lunch FROM nobody").get(0));
            assertEquals("* SEARCH 2", c.send("UID SEARCH NOT SEEN SINCE 2-Mar-2024").get(0));
            assertEquals("* SEARCH 1", c.send("SEARCH CHARSET UTF-8 HEADER Message-ID 1@x").get(0));
            assertEquals("* SEARCH 2", c.send("UID SEARCH TEXT \"the report\" 1:*").get(0));
            assertEquals("* SEARCH 1 2", c.send("UID SEARCH ALL").get(0));
        }
    }

    // IDLE (RFC 2177): new mail is told at once, "+ idling" ... "OK IDLE terminated (Success)".
    @Test
    void idleTellsExistsAtOnce() throws Exception {
        server.deliver(plain("one", "1@x"), DATE, "\\Inbox");
        try (ImapLineClient c = login()) {
            c.send("SELECT INBOX");
            c.writeLine("a3 IDLE");
            assertEquals("+ idling", c.readLine());
            server.deliver(plain("two", "2@x"), DATE, "\\Inbox");
            assertEquals("* 2 EXISTS", c.readLine());
            server.deliver(plain("archived", "3@x"), DATE, "Work"); // not in INBOX: nothing to tell
            long first = FIRST;
            try (ImapLineClient other = login()) {
                other.send("SELECT INBOX");
                other.send("UID STORE 1 +FLAGS.SILENT (\\Seen)");
            }
            assertEquals("* 1 FETCH (FLAGS (\\Seen) UID 1)", c.readLine());
            c.writeLine("DONE");
            assertEquals("a3 OK IDLE terminated (Success)", c.readLine());
            assertTrue(server.flagsOf(first).contains("\\Seen"));
        }
    }

    // Another session's changes arrive as untagged responses before the tagged OK of the next command.
    @Test
    void otherSessionsSeeChangesBeforeTheirNextTaggedOk() throws Exception {
        server.deliver(plain("one", "1@x"), DATE, "\\Inbox");
        server.deliver(plain("two", "2@x"), DATE, "\\Inbox");
        try (ImapLineClient watcher = login(); ImapLineClient actor = login()) {
            watcher.send("SELECT INBOX");
            actor.send("CREATE Work");
            actor.send("SELECT INBOX");
            actor.send("UID MOVE 1 Work");
            actor.send("UID STORE 2 +FLAGS.SILENT (\\Answered)");
            server.deliver(plain("three", "3@x"), DATE, "\\Inbox");
            assertEquals(List.of("* 1 EXPUNGE", "* 2 EXISTS", "* 1 FETCH (FLAGS (\\Answered) UID 2)", "a3 OK Success"),
                    watcher.send("NOOP"));
        }
    }

    // Gmail allows 15 connections: "a login <username> <password>  a NO [ALERT] Too many simultaneous
    // connections. (Failure)" (captured, wildduck #35; MailKit #377 for AUTHENTICATE).
    @Test
    void tooManyConnectionsIsRefusedAsGmailDoes() throws Exception {
        server.setMaxConnections(1);
        try (ImapLineClient first = login(); ImapLineClient second = ImapLineClient.connect(server)) {
            assertEquals(List.of("a1 NO [ALERT] Too many simultaneous connections. (Failure)"),
                    second.send("LOGIN " + USER + " " + PASSWORD));
            assertEquals(2, server.openConnections());
            first.send("LOGOUT");
        }
    }

    // Captured from a throttled Gmail account: "A00000002 OK Success [THROTTLED]".
    @Test
    void throttledAnswersSayThrottled() throws Exception {
        try (ImapLineClient c = login()) {
            server.throttleNextCommands(1, Duration.ofMillis(200));
            long start = System.nanoTime();
            assertEquals(List.of("a2 OK Success [THROTTLED]"), c.send("NOOP"));
            assertTrue(System.nanoTime() - start >= 150_000_000L);
            assertEquals(List.of("a3 OK Success"), c.send("NOOP"));
        }
    }

    // A session that Gmail ends gets an untagged BYE and the connection closes.
    @Test
    void byeEndsEverySession() throws Exception {
        try (ImapLineClient c = login()) {
            server.byeNow();
            assertEquals("* BYE Session expired", c.readLine());
            assertTrue(c.isClosedByServer());
        }
    }

    // APPEND to a folder gives the message that folder's label and answers APPENDUID (UIDPLUS);
    // LITERAL- allows a non-synchronising literal up to 4096 bytes.
    @Test
    void appendCreatesAMessageWithTheFoldersLabel() throws Exception {
        server.deliver(plain("old", "dup@x"), DATE, "\\Inbox");
        try (ImapLineClient c = login()) {
            c.send("CREATE Work/Projects");
            assertEquals(List.of("a3 OK [APPENDUID 10 1] (Success)"),
                    c.sendWithLiteral("APPEND Work/Projects (\\Seen) \"01-Mar-2024 14:32:00 +0000\"", plain("new", "dup@x")));
            assertEquals(List.of("a4 OK [APPENDUID 2 3] (Success)"),
                    c.sendWithNonSyncLiteral("APPEND \"[Gmail]/All Mail\"", plain("archived", "a@x")));
            assertEquals(List.of("a5 NO [TRYCREATE] Folder doesn't exist. (Failure)"),
                    c.sendWithLiteral("APPEND Nowhere", plain("x", "x@x")));
        }
        assertEquals(3, server.messageCount()); // no deduplication by Message-ID
        assertEquals(Set.of("Work/Projects"), server.labelsOf(SECOND));
        assertEquals(Set.of("\\Seen"), server.flagsOf(SECOND));
        assertEquals(Set.of(), server.labelsOf(SECOND + 1_048_573L));
    }

    // With the switch on, APPEND of a Message-ID the account holds merges into that message: it keeps
    // its bytes and gets the folder's label; appended to Trash, it goes there and loses its labels.
    @Test
    void appendOfAMessageIdTheAccountHoldsMergesIntoItWhenSwitchedOn() throws Exception {
        server.setAppendDeduplicates(true);
        server.deliver(plain("old", "dup@x"), DATE, "\\Inbox", "Work");
        try (ImapLineClient c = login()) {
            c.send("CREATE Travel");
            assertEquals(List.of("a3 OK [APPENDUID 10 1] (Success)"), c.sendWithLiteral("APPEND Travel", plain("edited", "dup@x")));
            assertEquals(Set.of("\\Inbox", "Work", "Travel"), server.labelsOf(FIRST));
            assertEquals(1, server.messageCount(), "no second message");
            c.sendWithLiteral("APPEND \"[Gmail]/Trash\"", plain("old", "dup@x"));
        }
        assertTrue(server.isInTrash(FIRST));
        assertEquals(Set.of(), server.labelsOf(FIRST));
        assertEquals(1, server.messageCount());
    }

    // CREATE / RENAME / DELETE are label operations; system folders refuse.
    @Test
    void labelsAreCreatedRenamedAndDeleted() throws Exception {
        server.deliver(plain("hi", "1@x"), DATE, "\\Inbox", "Work/Old");
        try (ImapLineClient c = login()) {
            assertEquals(List.of("a2 OK Success"), c.send("RENAME Work Job"));
            assertEquals(Set.of("\\Inbox", "Job/Old"), server.labelsOf(FIRST));
            assertEquals(List.of("a3 OK Success"), c.send("DELETE Job/Old"));
            assertEquals(Set.of("\\Inbox"), server.labelsOf(FIRST));
            assertEquals(List.of("a4 NO [CANNOT] Cannot delete system folder (Failure)"), c.send("DELETE \"[Gmail]/Trash\""));
            assertEquals(List.of("a5 NO [NONEXISTENT] Unknown Mailbox: Nope (now in authenticated state) (Failure)"),
                    c.send("SELECT Nope"));
            assertEquals(List.of("a6 BAD Unknown command"), c.send("FROBNICATE"));
        }
    }

    // BODY[section] is the raw (still encoded) part, with the size BODYSTRUCTURE gives; BODY[] without
    // PEEK sets \Seen; headers-only fetches do not count as downloading the body.
    @Test
    void bodySectionsMatchBodystructureAndCountBytes() throws Exception {
        long id = server.deliver(withAttachment(), DATE, "\\Inbox", "Work", "Other");
        try (ImapLineClient c = login()) {
            c.send("SELECT INBOX");
            String structure = c.send("UID FETCH 1 (BODYSTRUCTURE)").get(0);
            assertEquals("* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 15 1 NIL NIL NIL NIL)"
                    + "(\"APPLICATION\" \"PDF\" (\"NAME\" \"report.pdf\") NIL NIL \"BASE64\" 12 NIL (\"ATTACHMENT\" (\"FILENAME\""
                    + " \"report.pdf\")) NIL NIL) \"MIXED\" (\"BOUNDARY\" \"b1\") NIL NIL NIL) UID 1)", structure);
            assertEquals("* 1 FETCH (BODY[2] {12}\r\nJVBERi0xLjQK UID 1)", c.send("UID FETCH 1 (BODY.PEEK[2])").get(0));
            assertEquals("* 1 FETCH (BODY[1]<4> {3}\r\nthe UID 1)", c.send("UID FETCH 1 (BODY.PEEK[1]<4.3>)").get(0));
            assertEquals("* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {29}\r\nSubject: Quarterly report\r\n\r\n UID 1)",
                    c.send("UID FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])").get(0));
            assertEquals(12 + 3, server.bodyBytesSent(id));
            assertEquals(Set.of(), server.flagsOf(id));
            List<String> whole = c.send("UID FETCH 1 (BODY[])");
            assertTrue(whole.get(0).endsWith(" FLAGS (\\Seen) UID 1)"), whole.get(0));
            assertEquals(15 + withAttachment().length, server.bodyBytesSent(id));
        }
        assertTrue(server.flagsOf(id).contains("\\Seen"));
    }

    // CONDSTORE (Gmail advertises it): HIGHESTMODSEQ, MODSEQ and CHANGEDSINCE, as mailfs uses them.
    @Test
    void condstoreTellsWhatChangedSince() throws Exception {
        server.deliver(plain("one", "1@x"), DATE, "\\Inbox");
        server.deliver(plain("two", "2@x"), DATE, "\\Inbox");
        try (ImapLineClient c = login()) {
            assertEquals(List.of("* ENABLED CONDSTORE", "a2 OK Success"), c.send("ENABLE CONDSTORE"));
            List<String> select = c.send("SELECT INBOX (CONDSTORE)");
            assertTrue(select.contains("* OK [HIGHESTMODSEQ 3]"), select.toString());
            assertEquals(List.of("* 2 FETCH (FLAGS (\\Seen) UID 2 MODSEQ (4))", "a4 OK Success"),
                    c.send("UID STORE 2 +FLAGS (\\Seen)"));
            assertEquals(List.of("* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (4))", "a5 OK Success"),
                    c.send("UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 3)"));
            assertEquals(List.of("* STATUS \"INBOX\" (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 1 UNSEEN 1 HIGHESTMODSEQ 4)", "a6 OK Success"),
                    c.send("STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ)"));
        }
    }

    // The lookups tests use: by Message-ID, commands seen, and the metadata fetch mailfs sends.
    @Test
    void inspectionAndMetadataFetch() throws Exception {
        long id = server.deliver(plain("hi", "1@x"), DATE, "\\Inbox");
        assertEquals(java.util.Optional.of(id), server.msgIdOf("<1@x>"));
        try (ImapLineClient c = login()) {
            c.send("SELECT INBOX");
            String line = c.send("UID FETCH 1:* (UID RFC822.SIZE INTERNALDATE FLAGS ENVELOPE)").get(0);
            Matcher m = Pattern.compile("\\* 1 FETCH \\(UID 1 RFC822.SIZE (\\d+) INTERNALDATE \"01-Mar-2024 14:32:00 \\+0000\""
                    + " FLAGS \\(\\) ENVELOPE \\(\"Fri, 01 Mar 2024 14:32:00 \\+0000\" \"hi\" \\(\\(\"Bob\" NIL \"bob\" \"example.com\"\\)\\)"
                    + " .* NIL \"<1@x>\"\\)\\)").matcher(line);
            assertTrue(m.matches(), line);
            assertEquals(plain("hi", "1@x").length, Integer.parseInt(m.group(1)));
        }
        assertTrue(server.commandsReceived().contains("SELECT INBOX"), server.commandsReceived().toString());
    }
}

package dev.mailfs.cli.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.mailfs.cli.demo.SampleMailbox.SampleMessage;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SampleMailboxTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private final Session session = Session.getInstance(new Properties());

    @Test
    void everyMessageLoadsAndParses() throws Exception {
        List<SampleMessage> messages = SampleMailbox.messages();
        assertTrue(messages.size() >= 15, "expected a reasonably sized sample, got " + messages.size());

        Set<String> messageIds = new HashSet<>();
        for (SampleMessage sample : messages) {
            byte[] bytes = sample.rfc822();
            assertTrue(bytes.length > 0, sample.resourceName());
            assertCrlfOnly(sample.resourceName(), bytes);

            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(bytes));
            assertNotNull(message.getSentDate(), sample.resourceName() + " has no Date");
            assertNotNull(message.getFrom(), sample.resourceName() + " has no From");
            String messageId = message.getMessageID();
            assertNotNull(messageId, sample.resourceName() + " has no Message-ID");
            assertTrue(messageIds.add(messageId), "duplicate Message-ID " + messageId);
            message.getContent(); // forces the body (and every part of a multipart) to decode
        }
    }

    @Test
    void foldersAreDistinctWithParentsFirst() {
        List<String> folders = SampleMailbox.folders();
        assertEquals(Set.copyOf(folders).size(), folders.size());
        for (int i = 0; i < folders.size(); i++) {
            for (int j = i + 1; j < folders.size(); j++) {
                assertFalse(folders.get(i).startsWith(folders.get(j) + "/"),
                        folders.get(j) + " must come before " + folders.get(i));
            }
        }
    }

    @Test
    void appendsEveryMessageToGreenMail() throws Exception {
        greenMail.setUser("demo@demo.mailfs.dev", "demo", "demo");
        Store store = session.getStore("imap");
        store.connect(greenMail.getImap().getBindTo(), greenMail.getImap().getPort(), "demo", "demo");
        try {
            SampleMailbox.appendTo(store);

            assertEquals('.', store.getDefaultFolder().getSeparator());
            assertTrue(store.getFolder("Work.Projects").exists());
            assertTrue(store.getFolder("Entwürfe").exists());
            assertTrue(store.getFolder("Archive.2023").exists());

            Map<String, List<SampleMessage>> expected = new TreeMap<>();
            for (SampleMessage sample : SampleMailbox.messages()) {
                expected.computeIfAbsent(sample.folder(), f -> new ArrayList<>()).add(sample);
            }
            for (String path : SampleMailbox.folders()) {
                Folder folder = store.getFolder(path.replace('/', '.'));
                folder.open(Folder.READ_ONLY);
                try {
                    assertEquals(expected.get(path).size(), folder.getMessageCount(), "messages in " + path);
                    assertSameMessages(expected.get(path), folder.getMessages());
                } finally {
                    folder.close(false);
                }
            }
        } finally {
            store.close();
        }
    }

    /** Messages come back in append order with the flags they were given and byte for byte unchanged. */
    private static void assertSameMessages(List<SampleMessage> samples, Message[] messages) throws Exception {
        for (int i = 0; i < messages.length; i++) {
            SampleMessage sample = samples.get(i);
            // Compare flags before fetching the body: GreenMail sets \Seen on FETCH BODY[] even in a read-only folder.
            Set<Flags.Flag> systemFlags = Set.of(messages[i].getFlags().getSystemFlags());
            assertEquals(sample.flags().contains("\\Seen"), systemFlags.contains(Flags.Flag.SEEN), sample.resourceName());
            assertEquals(sample.flags().contains("\\Draft"), systemFlags.contains(Flags.Flag.DRAFT), sample.resourceName());
            assertEquals(sample.flags().contains("\\Flagged"), systemFlags.contains(Flags.Flag.FLAGGED), sample.resourceName());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            messages[i].writeTo(out);
            assertArrayEquals(sample.rfc822(), out.toByteArray(), sample.resourceName());
        }
    }

    private static void assertCrlfOnly(String name, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertTrue(i > 0 && bytes[i - 1] == '\r', name + ": bare LF at byte " + i);
            } else if (bytes[i] == '\r') {
                assertTrue(i + 1 < bytes.length && bytes[i + 1] == '\n', name + ": bare CR at byte " + i);
            }
        }
    }
}

package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailfs.cache.CacheSettings;
import dev.mailfs.cache.CachedMailSource;
import dev.mailfs.cache.DiskBodyStore;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.MailRequest.ReadBody;
import dev.mailfs.testing.MailRequest.ReadSection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a second grep -r costs: parts decoded once are not decoded or asked of the server again,
 * whether memory still holds them or not.
 */
class KeptPartsTest {
    /** Decoded in memory (under {@link MessageContents#LARGE_PART}), in a message too large to be read whole for its parts. */
    private static final byte[] ATTACHMENT = payload(200 << 10);

    @TempDir
    Path tmp;
    private final InMemoryMailSource mail = new InMemoryMailSource().folder("INBOX", 7);
    private final MessageRef message = mail.add("INBOX", "Message-ID: <kept@example.com>\r\nSubject: kept\r\nFrom: a@example.com\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee attached.\r\n"
            + "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=a.bin\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + new String(Base64.getMimeEncoder().encode(ATTACHMENT), StandardCharsets.US_ASCII) + "\r\n--b--\r\n");

    private static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    private static byte[] all(DecodedFile file) {
        return file.read(0, Math.toIntExact(file.size()));
    }

    @Test
    void aPartDecodedOnceIsReadFromTheDiskStoreAfterARestartAndNeitherDecodedNorAskedAgain() throws IOException {
        DiskBodyStore store = DiskBodyStore.open(tmp.resolve("cache"), "alice@imap.example.com:993", 1 << 20, 1L << 30);
        try (MessageContents first = new MessageContents(mail, 1 << 20, store)) {
            MessageLayout layout = first.layout(message);
            assertArrayEquals(ATTACHMENT, all(first.part(message, layout.files().get(0))));
            assertEquals("See attached.\n", new String(all(first.bodyText(message, layout)), StandardCharsets.UTF_8));
        } // waits for them to be on disk
        int sectionsAsked = mail.count(ReadSection.class);
        int bodiesRead = mail.count(ReadBody.class);

        try (MessageContents afterRestart = new MessageContents(mail, 1 << 20, store)) {
            MessageLayout layout = afterRestart.layout(message);
            assertArrayEquals(ATTACHMENT, all(afterRestart.part(message, layout.files().get(0))));
            assertEquals("See attached.\n", new String(all(afterRestart.bodyText(message, layout)), StandardCharsets.UTF_8));
        }
        assertEquals(sectionsAsked, mail.count(ReadSection.class), "no section asked again");
        assertEquals(bodiesRead, mail.count(ReadBody.class), "nothing of the message read again");
    }

    /** grep -r reads X.eml before X/: a message over 128 KB read whole before gives its parts and header without a round trip. */
    @Test
    void thePartsOfALargerMessageReadWholeBeforeAreCutOutOfItWithoutAskingTheServer() {
        try (CachedMailSource cached = new CachedMailSource(mail, CacheSettings.defaults());
             MessageContents contents = new MessageContents(cached, 1 << 20)) {
            MessageLayout layout = contents.layout(message);
            long size = cached.listMessages("INBOX").messages().get(0).size();
            assertEquals(size, cached.readBody(message, 0, (int) size + 1).length, "read whole, as cat X.eml does");

            assertArrayEquals(ATTACHMENT, all(contents.part(message, layout.files().get(0))));
            String text = new String(all(contents.bodyText(message, layout, true)), StandardCharsets.UTF_8);

            assertEquals(true, text.startsWith("From: a@example.com\n"), text);
            assertEquals(true, text.endsWith("See attached.\n"), text);
            assertEquals(0, mail.count(ReadSection.class), "no section, not even the header, asked of the server");
        }
    }
}

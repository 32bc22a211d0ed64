package dev.mailfs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test: a real Dovecot starts, speaks IMAPS and STARTTLS with its own certificate, and stops. */
class DovecotServerTest {

    @BeforeAll
    static void requireDovecot() {
        DovecotServer.assumeAvailable();
    }

    @Test
    void imapsFoldersSpecialUseAndMaildir(@TempDir Path workDir) throws Exception {
        int port;
        try (DovecotServer server = DovecotServer.start(workDir)) {
            port = server.port();
            Properties props = new Properties();
            props.put("mail.imaps.ssl.socketFactory", DovecotServer.trustingOnly(server.certificatePem()));
            props.put("mail.imaps.ssl.checkserveridentity", "true");
            Store store = Session.getInstance(props).getStore("imaps");
            store.connect(server.host(), server.port(), server.user(), server.password());
            try {
                assertTrue(store.getFolder("Work/Projects").create(Folder.HOLDS_MESSAGES));
                assertTrue(store.getFolder("Trash").create(Folder.HOLDS_MESSAGES));

                MimeMessage message = new MimeMessage((Session) null);
                message.setSubject("dovecot smoke test");
                message.setText("hello from DovecotServerTest");
                Folder inbox = store.getFolder("INBOX");
                inbox.appendMessages(new Message[] {message});

                Map<String, List<String>> attributes = Arrays.stream(store.getDefaultFolder().list("*"))
                        .collect(Collectors.toMap(Folder::getFullName, f -> attributes((IMAPFolder) f)));
                assertTrue(attributes.keySet().containsAll(List.of("INBOX", "Work", "Work/Projects", "Trash")),
                        attributes.toString());
                assertTrue(attributes.get("Trash").contains("\\Trash"), attributes.toString());
                assertFalse(attributes.get("Work/Projects").contains("\\Trash"), attributes.toString());

                inbox.open(Folder.READ_ONLY);
                assertEquals(1, inbox.getMessageCount());
                inbox.close(false);
            } finally {
                store.close();
            }

            assertTrue(Files.isDirectory(server.maildir().resolve("Work/Projects/cur")), "LAYOUT=fs nests folders");
            try (Stream<Path> files = Files.walk(server.maildir())) {
                List<Path> stored = files.filter(Files::isRegularFile)
                        .filter(f -> f.getParent().getFileName().toString().matches("new|cur"))
                        .filter(f -> contains(f, "Subject: dovecot smoke test"))
                        .toList();
                assertEquals(1, stored.size(), "message file in " + server.maildir());
                assertEquals(server.maildir(), stored.get(0).getParent().getParent(), "INBOX is the Maildir root");
            }
        }
        assertThrows(ConnectException.class, () -> connect(port), "IMAPS port still open after close()");
    }

    @Test
    void plainPortOffersStartTls(@TempDir Path workDir) throws Exception {
        try (DovecotServer server = DovecotServer.start(workDir)) {
            Properties props = new Properties();
            props.put("mail.imap.starttls.required", "true");
            props.put("mail.imap.ssl.socketFactory", DovecotServer.trustingOnly(server.certificatePem()));
            props.put("mail.imap.ssl.checkserveridentity", "true");
            Store store = Session.getInstance(props).getStore("imap");
            store.connect(server.host(), server.plainPort(), server.user(), server.password());
            try {
                List<String> names = Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName).toList();
                assertEquals(List.of("INBOX"), names);
            } finally {
                store.close();
            }
        }
    }

    private static List<String> attributes(IMAPFolder folder) {
        try {
            return List.of(folder.getAttributes());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        }
    }
}

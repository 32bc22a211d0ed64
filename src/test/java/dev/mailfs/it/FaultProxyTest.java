package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FaultProxy between Angus Mail and an in-process GreenMail: it passes IMAP through intact, and injects its faults. */
class FaultProxyTest {
    private static final String USER = "u";
    private static final String PASSWORD = "p";

    private final Session session = Session.getInstance(imapProperties());
    private GreenMail greenMail;
    private GreenMailUser user;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        user = greenMail.setUser(USER + "@localhost", USER, PASSWORD);
        proxy = new FaultProxy(greenMail.getImap().getPort());
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    /** With LITERAL+ hidden, Angus sends a synchronizing literal and waits for the server's "+". */
    @ParameterizedTest(name = "LITERAL+ hidden: {0}")
    @ValueSource(booleans = {false, true})
    void passesLargeLiteralsThroughByteExact(boolean hideLiteralPlus) throws Exception {
        if (hideLiteralPlus) {
            proxy.hideCapability("LITERAL+");
        }
        byte[] raw = largeMessage("Large", 200 * 1024);
        try (Store store = connectThroughProxy()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.appendMessages(new Message[] {parse(raw)});
            inbox.open(Folder.READ_ONLY);
            ByteArrayOutputStream fetched = new ByteArrayOutputStream();
            inbox.getMessage(1).writeTo(fetched);
            assertArrayEquals(raw, fetched.toByteArray());
            inbox.close(false);
        }
        String append = proxy.clientCommands().stream().filter(c -> c.contains(" APPEND ")).findFirst().orElseThrow();
        assertTrue(append.endsWith(hideLiteralPlus ? "}" : "+}"), append);
        assertTrue(proxy.clientCommands().stream().noneMatch(c -> c.contains("CAPABILITY LITERAL+") || c.contains("fox")),
                () -> "literal bytes read as commands: " + proxy.clientCommands());
        assertTrue(proxy.serverBytes() > raw.length, "server bytes: " + proxy.serverBytes());
        assertEquals(1, count("INBOX"));
    }

    @Test
    void hidesACapability() throws Exception {
        proxy.hideCapability("MOVE");
        try (Store proxied = connectThroughProxy(); Store direct = connect(greenMail.getImap().getPort())) {
            assertFalse(((IMAPStore) proxied).hasCapability("MOVE"));
            assertTrue(((IMAPStore) proxied).hasCapability("UIDPLUS"));
            assertTrue(((IMAPStore) direct).hasCapability("MOVE"));
        }
    }

    @ParameterizedTest(name = "LITERAL+ hidden: {0}")
    @ValueSource(booleans = {false, true})
    void refusesAnAppend(boolean hideLiteralPlus) throws Exception {
        if (hideLiteralPlus) {
            proxy.hideCapability("LITERAL+");
        }
        proxy.refuse("^APPEND ", "[OVERQUOTA] quota exceeded");
        try (Store store = connectThroughProxy()) {
            Folder inbox = store.getFolder("INBOX");
            MessagingException refused = assertThrows(MessagingException.class,
                    () -> inbox.appendMessages(new Message[] {parse(largeMessage("Refused", 20 * 1024))}));
            assertTrue(String.valueOf(refused.getMessage()).contains("OVERQUOTA"), refused.toString());
            assertEquals(0, count("INBOX"));

            proxy.clearFaults();
            inbox.appendMessages(new Message[] {parse(largeMessage("Accepted", 20 * 1024))});
            assertEquals(1, count("INBOX"));
        }
    }

    @Test
    void refusesAMove() throws Exception {
        user.deliver(parse(largeMessage("To move", 1024)));
        greenMail.getManagers().getImapHostManager().createMailbox(user, "Dest");
        // Angus's moveUIDMessages sends "MOVE 1 Dest" (sequence numbers), despite its name.
        proxy.refuse("^(UID )?MOVE ", "[CANNOT] no");
        try (Store store = connectThroughProxy()) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] messages = inbox.getMessages();
            assertThrows(MessagingException.class, () -> inbox.moveUIDMessages(messages, store.getFolder("Dest")));
            inbox.close(false);
        }
        assertEquals(1, count("INBOX"));
        assertEquals(0, count("Dest"));
        assertTrue(proxy.clientCommands().stream().anyMatch(c -> c.matches("\\S+ (UID )?MOVE .*")),
                () -> "commands: " + proxy.clientCommands());
    }

    @Test
    void hidesCopyUidFromEveryAnswer() throws Exception {
        user.deliver(parse(largeMessage("To copy", 1024)));
        greenMail.getManagers().getImapHostManager().createMailbox(user, "Dest");
        try (Store store = connectThroughProxy()) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            String told = uidMoveAnswer(inbox, "Dest");
            assertTrue(told.contains("[COPYUID "), told);
            proxy.hideCopyUid();
            String hidden = uidMoveAnswer((IMAPFolder) reopen(store, "Dest"), "INBOX");
            assertFalse(hidden.contains("COPYUID"), hidden);
            assertTrue(hidden.contains(" OK"), hidden);
        }
        assertEquals(1, count("INBOX"));
    }

    /** Every line of the answer to UID MOVE of the folder's only message. */
    private static String uidMoveAnswer(IMAPFolder folder, String destination) throws MessagingException {
        long uid = folder.getUID(folder.getMessage(1));
        return (String) folder.doCommand(p -> {
            StringBuilder lines = new StringBuilder();
            for (org.eclipse.angus.mail.iap.Response response : p.command("UID MOVE " + uid + " " + destination, null)) {
                lines.append(response).append('\n');
            }
            return lines.toString();
        });
    }

    private static Folder reopen(Store store, String name) throws MessagingException {
        Folder folder = store.getFolder(name);
        folder.open(Folder.READ_WRITE);
        return folder;
    }

    @Test
    void cutsEveryConnectionAfterTheAnswer() throws Exception {
        user.deliver(parse(largeMessage("To copy", 1024)));
        greenMail.getManagers().getImapHostManager().createMailbox(user, "Dest");
        // Angus's copyUIDMessages sends "COPY 1 Dest" (sequence numbers), despite its name.
        proxy.cutAfter("^(UID )?COPY ");
        try (Store store = connectThroughProxy()) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            try {
                inbox.copyUIDMessages(inbox.getMessages(), store.getFolder("Dest"));
            } catch (MessagingException cutBeforeTheAnswerWasRead) {
                // either way, the server has copied
            }
            assertThrows(MessagingException.class, () -> inbox.search(new SubjectTerm("To copy")));
        }
        assertEquals(1, count("Dest"));
        assertEquals(1, count("INBOX"));

        try (Store store = connectThroughProxy()) {
            Folder dest = store.getFolder("Dest");
            dest.open(Folder.READ_ONLY);
            assertEquals("To copy", dest.getMessage(1).getSubject());
            dest.close(false);
        }
    }

    @Test
    void recordsTheClientsCommands() throws Exception {
        user.deliver(parse(largeMessage("Recorded", 1024)));
        try (Store store = connectThroughProxy()) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] messages = inbox.getMessagesByUID(1, UIDFolder.MAXUID);
            assertEquals("Recorded", messages[0].getSubject());
            inbox.close(false);
        }
        List<String> commands = proxy.clientCommands();
        assertTrue(commands.get(0).matches("\\S+ CAPABILITY"), () -> "commands: " + commands);
        assertTrue(commands.stream().anyMatch(c -> c.matches("\\S+ UID FETCH .*")), () -> "commands: " + commands);
        assertTrue(commands.stream().anyMatch(c -> c.matches("\\S+ EXAMINE INBOX")), () -> "commands: " + commands);
        assertTrue(commands.stream().allMatch(c -> c.matches("\\S+ [A-Z]+( .*)?")), () -> "commands: " + commands);
    }

    /** IDLE's DONE answers the server's "+", and is no command; a client waiting for "+" gets the NO instead. */
    @Test
    void followsContinuationsOnTheRawWire() throws Exception {
        proxy.refuse("^APPEND ", "[OVERQUOTA] quota exceeded");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            assertTrue(in.readLine().startsWith("* OK "));
            send(out, "a LOGIN u p\r\nb SELECT INBOX\r\n");
            assertTrue(readUntil(in, "b ").startsWith("b OK"));

            send(out, "c IDLE\r\n");
            assertTrue(readUntil(in, "+").startsWith("+"));
            send(out, "DONE\r\n");
            assertTrue(readUntil(in, "c ").startsWith("c OK"));

            send(out, "d APPEND INBOX {5}\r\n");
            assertEquals("d NO [OVERQUOTA] quota exceeded", readUntil(in, "d "));
            send(out, "e APPEND INBOX {5+}\r\nhello {3+}\r\nabc\r\nf NOOP\r\n");
            assertEquals("e NO [OVERQUOTA] quota exceeded", readUntil(in, "e "));
            assertTrue(readUntil(in, "f ").startsWith("f OK"));
        }
        assertEquals(List.of("a LOGIN u p", "b SELECT INBOX", "c IDLE", "d APPEND INBOX {5}", "e APPEND INBOX {5+}",
                "f NOOP"), proxy.clientCommands());
        assertEquals(0, count("INBOX"));
    }

    /** GreenMail lists capabilities only in CAPABILITY responses; other servers put them in response codes too. */
    @Test
    void hidesCapabilitiesInResponseCodes() throws Exception {
        try (ServerSocket scripted = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                FaultProxy codes = new FaultProxy(scripted.getLocalPort())) {
            codes.hideCapability("move");
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), codes.port());
                    Socket server = scripted.accept()) {
                BufferedReader fromServer = reader(server);
                BufferedReader fromProxy = reader(client);
                send(server.getOutputStream(), "* OK [CAPABILITY IMAP4rev1 MOVE LITERAL+ X-MOVE] ready\r\n");
                assertEquals("* OK [CAPABILITY IMAP4rev1 LITERAL+ X-MOVE] ready", fromProxy.readLine());
                send(client.getOutputStream(), "a LOGIN u p\r\n");
                assertEquals("a LOGIN u p", fromServer.readLine());
                send(server.getOutputStream(), "a OK [CAPABILITY IMAP4rev1 UIDPLUS MOVE] MOVE along\r\n"
                        + "* CAPABILITY IMAP4rev1 Move\r\n");
                assertEquals("a OK [CAPABILITY IMAP4rev1 UIDPLUS] MOVE along", fromProxy.readLine());
                assertEquals("* CAPABILITY IMAP4rev1", fromProxy.readLine());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads lines until one starts with {@code prefix}, and returns it. */
    private static String readUntil(BufferedReader in, String prefix) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new EOFException("no line starting with " + prefix);
    }

    private Store connectThroughProxy() throws MessagingException {
        return connect(proxy.port());
    }

    private Store connect(int port) throws MessagingException {
        Store store = session.getStore("imap");
        store.connect("127.0.0.1", port, USER, PASSWORD);
        return store;
    }

    /** Messages in a folder, asked of GreenMail itself rather than through the proxy. */
    private int count(String folder) throws FolderException {
        return greenMail.getManagers().getImapHostManager().getFolder(user, folder, true).getMessageCount();
    }

    private MimeMessage parse(byte[] raw) throws MessagingException {
        return new MimeMessage(session, new ByteArrayInputStream(raw));
    }

    /** A plain 7-bit message whose body is about {@code bodySize} bytes of numbered CRLF lines. */
    private static byte[] largeMessage(String subject, int bodySize) {
        StringBuilder text = new StringBuilder()
                .append("From: sender@localhost\r\n")
                .append("To: u@localhost\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Message-ID: <").append(subject.replace(' ', '.')).append("@fault-proxy.test>\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n")
                .append("\r\n");
        int start = text.length();
        // Lines a proxy would misread if it parsed the literal carrying them: capability lists to
        // hide, tagged answers, and literal announcements.
        for (int i = 0; text.length() - start < bodySize; i++) {
            text.append(i % 64 == 0
                    ? "* CAPABILITY IMAP4rev1 LITERAL+ MOVE\r\nA" + i + " OK [CAPABILITY LITERAL+] done\r\n"
                    : String.format("%06d the quick brown fox jumps over the lazy dog {%d} ~{%d+}\r\n", i, i, i));
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Properties imapProperties() {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "10000");
        props.put("mail.imap.timeout", "10000");
        // One FETCH for a whole body rather than 16 KB pieces: the 200 KB comes back as one literal.
        props.put("mail.imap.partialfetch", "false");
        return props;
    }
}

package dev.mailfs.it;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A plain Angus Mail client the tests use to fill a server and to check what mailfs did there. */
final class ImapAccount implements AutoCloseable {
    private final Store store;
    private final Session session;

    private ImapAccount(Session session, Store store) {
        this.session = session;
        this.store = store;
    }

    static ImapAccount plain(int port, String user, String password) throws Exception {
        Session session = Session.getInstance(new Properties());
        Store store = session.getStore("imap");
        store.connect("127.0.0.1", port, user, password);
        return new ImapAccount(session, store);
    }

    static ImapAccount tls(String host, int port, String user, String password, Path pem) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (FileInputStream in = new FileInputStream(pem.toFile())) {
            trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        Properties props = new Properties();
        props.put("mail.imaps.ssl.socketFactory", context.getSocketFactory());
        props.put("mail.imaps.ssl.checkserveridentity", "true");
        Session session = Session.getInstance(props);
        Store store = session.getStore("imaps");
        store.connect(host, port, user, password);
        return new ImapAccount(session, store);
    }

    Store store() {
        return store;
    }

    /** A folder given with "/" between levels, created with its parents if missing. */
    Folder folder(String slashPath) throws MessagingException {
        char separator = store.getDefaultFolder().getSeparator();
        Folder folder = store.getFolder(slashPath.replace('/', separator));
        if (!folder.exists()) {
            folder.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS);
        }
        return folder;
    }

    void append(String slashPath, byte[] rfc822) throws MessagingException {
        Folder folder = folder(slashPath);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(rfc822));
        folder.appendMessages(new Message[] {message});
    }

    /** Message counts of every selectable folder, keyed by "/"-separated path. */
    Map<String, Integer> messageCounts() throws MessagingException {
        char separator = store.getDefaultFolder().getSeparator();
        Map<String, Integer> counts = new TreeMap<>();
        for (Folder folder : store.getDefaultFolder().list("*")) {
            if ((folder.getType() & Folder.HOLDS_MESSAGES) != 0) {
                counts.put(folder.getFullName().replace(separator, '/'), folder.getMessageCount());
            }
        }
        return counts;
    }

    /** Per folder, the UIDs of the messages that carry \Seen. */
    Map<String, Set<Long>> seenUids() throws MessagingException {
        Map<String, Set<Long>> seen = new TreeMap<>();
        for (String path : messageCounts().keySet()) {
            Folder folder = folder(path);
            folder.open(Folder.READ_ONLY);
            try {
                Set<Long> uids = new TreeSet<>();
                for (Message message : folder.getMessages()) {
                    if (message.isSet(Flags.Flag.SEEN)) {
                        uids.add(((UIDFolder) folder).getUID(message));
                    }
                }
                seen.put(path, uids);
            } finally {
                folder.close(false);
            }
        }
        return seen;
    }

    /** The Message-IDs in a folder, one per message (a duplicate shows twice). */
    List<String> messageIds(String slashPath) throws MessagingException {
        List<String> ids = new ArrayList<>();
        Folder folder = folder(slashPath);
        folder.open(Folder.READ_ONLY);
        try {
            for (Message message : folder.getMessages()) {
                String[] id = message.getHeader("Message-ID");
                ids.add(id == null ? "" : id[0]);
            }
        } finally {
            folder.close(false);
        }
        return ids;
    }

    /** The one message with this Message-ID in a folder; fails if there is not exactly one. */
    <T> T withMessage(String slashPath, String messageId, MessageCall<T> call) throws Exception {
        Folder folder = folder(slashPath);
        folder.open(Folder.READ_ONLY);
        try {
            List<Message> found = new ArrayList<>();
            for (Message message : folder.getMessages()) {
                String[] id = message.getHeader("Message-ID");
                if (id != null && id[0].equals(messageId)) {
                    found.add(message);
                }
            }
            if (found.size() != 1) {
                throw new AssertionError(found.size() + " messages with " + messageId + " in " + slashPath);
            }
            return call.call(found.get(0));
        } finally {
            folder.close(false);
        }
    }

    interface MessageCall<T> {
        T call(Message message) throws Exception;
    }

    private interface WithMessage {
        void call(Folder folder, Message message) throws MessagingException;
    }

    /** Runs {@code action} on the messages with this Message-ID, the folder open read-write; closes it, expunging if asked. */
    private void withMessageId(String slashPath, String messageId, boolean expunge, WithMessage action) throws MessagingException {
        Folder folder = folder(slashPath);
        folder.open(Folder.READ_WRITE);
        try {
            for (Message message : folder.getMessages()) {
                String[] id = message.getHeader("Message-ID");
                if (id != null && id[0].equals(messageId)) {
                    action.call(folder, message);
                }
            }
        } finally {
            folder.close(expunge);
        }
    }

    /** Sets a flag on the one message with this Message-ID, as another mail client would. */
    void flag(String slashPath, String messageId, Flags.Flag flag) throws MessagingException {
        withMessageId(slashPath, messageId, false, (folder, message) -> message.setFlag(flag, true));
    }

    /** Deletes the messages with this Message-ID for good, as another mail client would (close with expunge). */
    void remove(String slashPath, String messageId) throws MessagingException {
        withMessageId(slashPath, messageId, true, (folder, message) -> message.setFlag(Flags.Flag.DELETED, true));
    }

    /** Moves the message with this Message-ID to another folder, as another mail client would (copy, delete, expunge). */
    void move(String fromSlashPath, String messageId, String toSlashPath) throws MessagingException {
        Folder to = folder(toSlashPath);
        withMessageId(fromSlashPath, messageId, true, (from, message) -> {
            from.copyMessages(new Message[] {message}, to);
            message.setFlag(Flags.Flag.DELETED, true);
        });
    }

    /** Deletes the folder and makes it again with these messages, in this order, as another mail client could. */
    void remake(String slashPath, byte[]... messages) throws MessagingException {
        Folder folder = folder(slashPath);
        if (folder.isOpen()) {
            folder.close(false);
        }
        folder.delete(true);
        for (byte[] message : messages) {
            append(slashPath, message);
        }
    }

    boolean folderExists(String slashPath) throws MessagingException {
        char separator = store.getDefaultFolder().getSeparator();
        return store.getFolder(slashPath.replace('/', separator)).exists();
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }
}

package dev.mailfs.testing.gmail;

import dev.mailfs.testing.gmail.GmailStore.Message;
import dev.mailfs.testing.gmail.GmailStore.Place;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small IMAP server on 127.0.0.1 (plain text, ephemeral port) that behaves like Gmail: the
 * X-GM-EXT-1 items (X-GM-MSGID, X-GM-THRID, X-GM-LABELS, X-GM-RAW) and Gmail's label semantics,
 * following Google's "IMAP Extensions" page (developers.google.com/gmail/imap/imap-extensions) and
 * Gmail's help on how IMAP actions map to labels. One thread per connection.
 *
 * <h2>Model</h2>
 * One store of messages, each with an X-GM-MSGID, an X-GM-THRID (the msgid of the thread's first
 * message, found through References / In-Reply-To, else its own), flags and labels. Every folder is
 * a view: INBOX = label {@code \Inbox}; a user label's folder = that label; Sent Mail, Drafts,
 * Important, Starred = {@code \Sent}, {@code \Draft}, {@code \Important}, {@code \Starred}; All Mail
 * = every message not in Trash or Spam; Trash and Spam = the messages in them (which have no labels).
 * The {@code \Flagged} flag and the {@code \Starred} label are one and the same. Each folder has its
 * own UIDVALIDITY and UIDs; a message gets the folder's next UID whenever it enters the view.
 * One MODSEQ counter serves the whole account (HIGHESTMODSEQ is the same in every folder).
 *
 * <h2>Label semantics ("How IMAP actions sync to Gmail")</h2>
 * <ul>
 *   <li>COPY to a label folder adds the label; to Trash or Spam moves the message there (removing
 *       every label); to All Mail adds nothing (but takes a message out of Trash or Spam).
 *   <li>MOVE adds the target's label and removes the source's (from All Mail: removes nothing; to
 *       All Mail: archives). Out of Trash or Spam into a label folder restores with that label.
 *   <li>\Deleted + EXPUNGE (or UID EXPUNGE) removes the folder's label only: in INBOX it archives,
 *       in Starred it unstars, in Sent Mail it removes {@code \Sent}; in Trash and Spam it deletes for
 *       good. Expunged-from-last-visible-folder follows Gmail's setting, default "Archive the message"
 *       ({@link #setLastFolderExpunge}): the message stays in All Mail. Expunging from All Mail itself
 *       is treated as expunging from the last visible folder, so by default nothing happens (labels
 *       kept). Whatever stays loses its \Deleted flag, so that it is not expunged from the next
 *       folder the client expunges (Google does not document this; it is what a label view needs).
 *   <li>Gmail's "Auto-Expunge" setting is documented as on by default ("Immediately update the
 *       server"), but not what it looks like on the wire. Here it is off by default, so \Deleted stays
 *       until EXPUNGE / UID EXPUNGE; {@link #setAutoExpunge(boolean)} turns it on (STORE of \Deleted
 *       then expunges at once, with untagged EXPUNGE after a UID STORE).
 *   <li>APPEND to a folder makes a new message with that folder's label (All Mail: none; Trash, Spam:
 *       in them). Gmail's documentation does not say it deduplicates by Message-ID; users report it
 *       does: {@link #setAppendDeduplicates} switches that on.
 *   <li>CREATE "a/b" creates label "a/b" and, if missing, "a" (nested labels show their parents);
 *       DELETE of a label just takes it off its messages; RENAME renames its sub-labels too. System
 *       folders refuse DELETE and RENAME with NO.
 *   <li>X-GM-LABELS lists every label of the message, including the one of the selected folder, in
 *       the order they were added; system labels are {@code \Inbox \Sent \Draft \Important \Starred}
 *       and are sent as quoted strings ({@code "\\Inbox"}), as Gmail was seen to; Google's example
 *       writes them bare, which {@link #setBareLabels} switches on (Angus's own gimap parser loops on
 *       a bare one until the heap is gone; mailfs reads X-GM-LABELS with a parser of its own).
 *       A message in Trash or Spam has no labels: {@code ()}.
 * </ul>
 *
 * <h2>Wire</h2>
 * Greeting, pre-login CAPABILITY, LOGIN/AUTHENTICATE answers and NAMESPACE follow captured Gmail
 * sessions. Of Gmail's capabilities this server does not offer (not implemented): QUOTA, XLIST,
 * COMPRESS=DEFLATE, ESEARCH, UTF8=ACCEPT, LIST-EXTENDED, LIST-STATUS, and before login
 * AUTH=PLAIN-CLIENTTOKEN, AUTH=OAUTHBEARER, AUTH=XOAUTH. Mailbox names are modified UTF-7. Messages
 * are stored with CRLF line ends (bare LF is converted on delivery). Limits: a LOGIN or AUTHENTICATE
 * beyond {@link #setMaxConnections} authenticated connections is answered
 * {@code NO [ALERT] Too many simultaneous connections. (Failure)}; {@link #throttleNextCommands}
 * makes tagged OKs end in {@code [THROTTLED]} (as in {@code A2 OK Success [THROTTLED]}) after a delay;
 * {@link #byeNow(String)} ends every session with an untagged BYE.
 */
public final class GmailServer implements AutoCloseable {

    /** Gmail's setting "When a message is marked as deleted and expunged from the last visible IMAP folder". */
    public enum LastFolderExpunge {
        /** "Archive the message (default)". */
        ARCHIVE,
        /** "Move the message to the Trash". */
        TRASH,
        /** "Immediately delete the message forever". */
        DELETE_FOREVER
    }

    private final String user;
    private final String password;
    private final GmailStore store;
    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<ImapSession> sessions = new CopyOnWriteArrayList<>();
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private final Map<Long, Long> bodyBytes = new HashMap<>();
    private final AtomicInteger sessionCounter = new AtomicInteger();
    private volatile int maxConnections = 15;
    private volatile boolean autoExpunge;
    private volatile boolean appendDeduplicates;
    private volatile String byeAfterLogin;
    private volatile boolean bareLabels;
    private volatile boolean overBandwidth;
    private volatile boolean selectedLabelLeftOut;
    private volatile Set<String> reservedNames = Set.of();
    private int throttledCommands;
    private Duration throttleDelay = Duration.ZERO;
    private volatile boolean closed;

    private GmailServer(String user, String password, SystemFolders names, boolean tls) throws IOException {
        this.user = user;
        this.password = password;
        this.store = new GmailStore(names);
        this.socket = tls
                ? selfSignedTls().getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "gmail-server-accept");
        acceptor.setDaemon(true);
    }

    /** Starts a server with Gmail's English folder names. */
    public static GmailServer start(String user, String password) throws IOException {
        return start(user, password, SystemFolders.english());
    }

    /** Starts a server whose system folders have the given (e.g. localised) names. */
    public static GmailServer start(String user, String password, SystemFolders names) throws IOException {
        GmailServer server = new GmailServer(user, password, names, false);
        server.acceptor.start();
        return server;
    }

    /**
     * Starts a server that speaks IMAP over TLS from the first byte, like imap.gmail.com:993, with a
     * self-signed certificate for 127.0.0.1 (clients must trust it, e.g. Angus
     * {@code mail.gimap.ssl.trust=*}). Angus's "gimap" provider always connects with TLS.
     */
    public static GmailServer startTls(String user, String password, SystemFolders names) throws IOException {
        GmailServer server = new GmailServer(user, password, names, true);
        server.acceptor.start();
        return server;
    }

    private static SSLContext tlsContext;

    /** A TLS context with a self-signed key made once per JVM by the JDK's keytool. */
    private static synchronized SSLContext selfSignedTls() throws IOException {
        if (tlsContext != null) {
            return tlsContext;
        }
        Path dir = Files.createTempDirectory("gmail-server-tls");
        Path keystore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "gimap", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "3650", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException("keytool failed: " + output);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(keystore)) {
                ks.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "changeit".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            tlsContext = context;
            return context;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(dir);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return socket.getLocalPort();
    }

    public SystemFolders systemFolders() {
        return store.names();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = socket.accept();
                client.setTcpNoDelay(true);
                String id = Long.toString(0x1000000000L + sessionCounter.incrementAndGet() * 7919L, 36) + "mb";
                ImapSession session = new ImapSession(this, store, client, id);
                sessions.add(session);
                Thread t = new Thread(session, "gmail-session-" + id);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (ImapSession s : sessions) {
            s.close();
        }
    }

    // ---------------------------------------------------------------- seeding

    /**
     * Delivers a message with the given labels (Gmail's spelling: {@code \Inbox}, {@code \Sent},
     * {@code \Starred}, {@code \Important}, {@code \Draft}, or user labels such as {@code Work/Projects},
     * created when missing) and returns its X-GM-MSGID. No labels: only in All Mail.
     */
    public long deliver(byte[] rfc822, Instant internalDate, String... labels) {
        return store.change(() -> store.deliver(rfc822, internalDate, List.of(labels), List.of(), Place.NORMAL)).msgId;
    }

    /** Delivers a message with flags (e.g. {@code \Seen}) as well as labels. */
    public long deliver(byte[] rfc822, Instant internalDate, Set<String> flags, String... labels) {
        return store.change(() -> store.deliver(rfc822, internalDate, List.of(labels), flags, Place.NORMAL)).msgId;
    }

    /** Delivers a message straight into Trash. */
    public long deliverToTrash(byte[] rfc822, Instant internalDate) {
        return store.change(() -> store.deliver(rfc822, internalDate, List.of(), List.of(), Place.TRASH)).msgId;
    }

    /** Delivers a message straight into Spam. */
    public long deliverToSpam(byte[] rfc822, Instant internalDate) {
        return store.change(() -> store.deliver(rfc822, internalDate, List.of(), List.of(), Place.SPAM)).msgId;
    }

    // ---------------------------------------------------------------- inspection

    /** The message's labels as X-GM-LABELS would list them (empty when in Trash or Spam or gone). */
    public Set<String> labelsOf(long msgId) {
        Message m = store.byMsgId(msgId);
        return m == null ? Set.of() : new LinkedHashSet<>(store.labelsOf(m));
    }

    /** The message's flags as FETCH FLAGS would list them. */
    public Set<String> flagsOf(long msgId) {
        Message m = store.byMsgId(msgId);
        return m == null ? Set.of() : new LinkedHashSet<>(store.flagsOf(m));
    }

    public boolean isInTrash(long msgId) {
        Message m = store.byMsgId(msgId);
        return m != null && m.place == Place.TRASH;
    }

    public boolean isInSpam(long msgId) {
        Message m = store.byMsgId(msgId);
        return m != null && m.place == Place.SPAM;
    }

    /** False once the message is deleted for good. */
    public boolean exists(long msgId) {
        return store.byMsgId(msgId) != null;
    }

    /** The UID the message has in a folder now, if it is in that folder's view. */
    public OptionalLong uidOf(String folder, long msgId) {
        GmailStore.Folder f = store.folder(folder);
        Message m = store.byMsgId(msgId);
        Long uid = f == null || m == null ? null : store.uidIn(f, m);
        return uid == null ? OptionalLong.empty() : OptionalLong.of(uid);
    }

    /** The X-GM-MSGID of the (first) message with this Message-ID header, with or without brackets. */
    public Optional<Long> msgIdOf(String messageIdHeader) {
        synchronized (store) {
            Message m = store.byMessageId(messageIdHeader);
            return m == null ? Optional.empty() : Optional.of(m.msgId);
        }
    }

    /**
     * Body bytes sent for this message by any FETCH of BODY[] / BODY.PEEK[] / BODY[section] / RFC822 /
     * RFC822.TEXT and their partials; header-only sections (HEADER, HEADER.FIELDS, MIME,
     * RFC822.HEADER) and BODYSTRUCTURE do not count.
     */
    public long bodyBytesSent(long msgId) {
        synchronized (bodyBytes) {
            return bodyBytes.getOrDefault(msgId, 0L);
        }
    }

    void countBodyBytes(Message m, long n) {
        synchronized (bodyBytes) {
            bodyBytes.merge(m.msgId, n, Long::sum);
        }
    }

    /** Every command line received so far, without its tag (a literal's bytes are not included). */
    /** The names of the folders the server has now, system folders and labels. */
    public Set<String> folderNames() {
        return store.folders().stream().map(folder -> folder.name).collect(java.util.stream.Collectors.toSet());
    }

    public List<String> commandsReceived() {
        synchronized (commands) {
            return new ArrayList<>(commands);
        }
    }

    void recordCommand(String line) {
        commands.add(line);
    }

    /** Open client connections, authenticated or not. */
    public int openConnections() {
        return sessions.size();
    }

    /** All messages, including those in Trash and Spam. */
    public int messageCount() {
        return store.messages().size();
    }

    // ---------------------------------------------------------------- settings and limits

    /** How many authenticated connections are allowed at once (Gmail: 15). */
    public void setMaxConnections(int n) {
        maxConnections = n;
    }

    public void setAutoExpunge(boolean on) {
        autoExpunge = on;
    }

    /**
     * Whether APPEND of a message whose Message-ID the account already holds merges into that
     * message (as Gmail is reported to do; its documentation says nothing) instead of making a
     * second one: the one it has keeps its bytes and is treated as if COPY'd into the folder (into
     * a label's folder it gets the label; into Trash or Spam it goes there and loses every label),
     * and APPENDUID names it. Off by default.
     */
    public void setAppendDeduplicates(boolean on) {
        appendDeduplicates = on;
    }

    boolean appendDeduplicates() {
        return appendDeduplicates;
    }

    boolean autoExpunge() {
        return autoExpunge;
    }

    public void setLastFolderExpunge(LastFolderExpunge setting) {
        synchronized (store) {
            store.lastFolderExpunge = setting;
        }
    }

    /** The next n tagged OK answers (any session) come after delay and end with {@code [THROTTLED]}. */
    public synchronized void throttleNextCommands(int n, Duration delay) {
        throttledCommands = n;
        throttleDelay = delay;
    }

    boolean takeThrottle() {
        Duration delay;
        synchronized (this) {
            if (throttledCommands <= 0) {
                return false;
            }
            throttledCommands--;
            delay = throttleDelay;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * When {@code text} is not null, every session ends with {@code * BYE text} right after its
     * login succeeds, as Gmail is reported to answer an account it blocks ("Session expired,
     * please login again"); null ends that.
     */
    public void setByeAfterLogin(String text) {
        byeAfterLogin = text;
    }

    String byeAfterLogin() {
        return byeAfterLogin;
    }

    /**
     * Whether X-GM-LABELS writes system labels bare ({@code \\Inbox}), as Google's documentation
     * shows, instead of quoted ({@code "\\\\Inbox"}), as Gmail was seen to send them. Off by default.
     */
    public void setBareLabels(boolean on) {
        bareLabels = on;
    }

    boolean bareLabels() {
        return bareLabels;
    }

    /**
     * Whether the account is over Gmail's daily download limit: every FETCH of message bytes is
     * answered {@code NO [OVERQUOTA] Account exceeded command or bandwidth limits. (Failure)}.
     * The other form reported, a BYE right after each login, is {@link #setByeAfterLogin}.
     */
    public void setOverBandwidth(boolean on) {
        overBandwidth = on;
    }

    boolean overBandwidth() {
        return overBandwidth;
    }

    /**
     * Whether X-GM-LABELS leaves out the label of the folder selected (Work's in Work, {@code \\Inbox}
     * in INBOX), as some report Gmail does; others report it does not. Off by default.
     */
    public void setSelectedLabelLeftOut(boolean on) {
        selectedLabelLeftOut = on;
    }

    boolean selectedLabelLeftOut() {
        return selectedLabelLeftOut;
    }

    /**
     * Names Gmail reserves: a CREATE of one answers OK and makes the label {@code [Imap]/name}
     * instead, as Gmail is reported to. None by default.
     */
    public void setReservedNames(Set<String> names) {
        reservedNames = Set.copyOf(names);
    }

    Set<String> reservedNames() {
        return reservedNames;
    }

    /** How many LOGIN and AUTHENTICATE commands came, in every session so far. */
    public long loginCount() {
        return commandsReceived().stream().map(line -> line.substring(line.indexOf(' ') + 1).toUpperCase(java.util.Locale.ROOT))
                .filter(command -> command.startsWith("LOGIN") || command.startsWith("AUTHENTICATE")).count();
    }

    /** Ends every session with {@code * BYE Session expired} (what throttled accounts see). */
    public void byeNow() {
        byeNow("Session expired");
    }

    /** Ends every session with {@code * BYE <text>}. */
    public void byeNow(String text) {
        for (ImapSession s : sessions) {
            s.bye(text);
        }
    }

    boolean checkCredentials(String givenUser, String givenPassword) {
        return user.equals(givenUser) && password.equals(givenPassword);
    }

    synchronized boolean admitAuthenticated(ImapSession session) {
        long authenticated = sessions.stream().filter(s -> s != session && s.isAuthenticated()).count();
        return authenticated < maxConnections;
    }

    void sessionEnded(ImapSession session) {
        sessions.remove(session);
    }
}

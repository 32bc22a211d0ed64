package dev.mailfs.testing.gmail;

import dev.mailfs.testing.gmail.FetchResponder.Item;
import dev.mailfs.testing.gmail.GmailStore.Folder;
import dev.mailfs.testing.gmail.GmailStore.Kind;
import dev.mailfs.testing.gmail.GmailStore.Message;
import dev.mailfs.testing.gmail.GmailStore.Place;
import dev.mailfs.testing.gmail.GmailStore.StoreMode;
import dev.mailfs.testing.gmail.ImapCommand.BadCommand;
import dev.mailfs.testing.gmail.ImapCommand.Str;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One client connection: reads commands, answers them the way Gmail does, and tells the client
 * about changes made by others (untagged EXISTS / EXPUNGE / FETCH) before each tagged answer and,
 * while it IDLEs, at once.
 *
 * <p>{@code state} guards the selected folder and this session's view of it (sequence numbers);
 * the thread that reads commands holds it while it runs one, and an IDLE push takes it too.
 */
final class ImapSession implements Runnable {

    static final String PRE_AUTH_CAPABILITIES =
            "IMAP4rev1 UNSELECT IDLE NAMESPACE ID CHILDREN X-GM-EXT-1 XYZZY SASL-IR AUTH=XOAUTH2 AUTH=PLAIN";
    static final String CAPABILITIES = "IMAP4rev1 UNSELECT IDLE NAMESPACE ID CHILDREN X-GM-EXT-1 UIDPLUS ENABLE"
            + " MOVE CONDSTORE LITERAL- SPECIAL-USE APPENDLIMIT=35651584";
    private static final String SELECT_FLAGS = "\\Answered \\Flagged \\Draft \\Deleted \\Seen $NotPhishing $Phishing";
    private static final DateTimeFormatter APPEND_DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.US);

    /** One message as this session numbers it. */
    private static final class Entry {
        final long uid;
        final Message message;
        String lastFlags;

        Entry(long uid, Message message, String lastFlags) {
            this.uid = uid;
            this.message = message;
            this.lastFlags = lastFlags;
        }
    }

    private final GmailServer server;
    private final GmailStore store;
    private final Socket socket;
    private final String greetingId;
    private final InputStream in;
    private final OutputStream out;
    private final FetchResponder fetch;
    private final Object state = new Object();
    private final ExecutorService pusher;
    private final Runnable listener;

    private volatile boolean authenticated;
    private volatile boolean idling;
    private volatile boolean closed;
    private Folder selected;
    private boolean readOnly;
    private boolean condstore;
    private final List<Entry> entries = new ArrayList<>();

    ImapSession(GmailServer server, GmailStore store, Socket socket, String greetingId) throws IOException {
        this.server = server;
        this.store = store;
        this.socket = socket;
        this.greetingId = greetingId;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
        this.fetch = new FetchResponder(store, server::countBodyBytes, server::bareLabels,
                () -> server.selectedLabelLeftOut() && selected != null ? selected.label : null);
        this.pusher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gmail-idle-push");
            t.setDaemon(true);
            return t;
        });
        // Called by whichever thread changed the store: hand over, never block it (no lock cycles).
        this.listener = () -> {
            try {
                pusher.execute(this::pushIfIdling);
            } catch (RejectedExecutionException closedAlready) {
                // the session is gone
            }
        };
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    @Override
    public void run() {
        store.addListener(listener);
        try {
            write("* OK Gimap ready for requests from 127.0.0.1 " + greetingId);
            boolean[] tooBig = new boolean[1];
            while (!closed) {
                tooBig[0] = false;
                byte[] raw = ImapCommand.read(in, () -> write("+ go ahead"), tooBig);
                if (raw == null) {
                    break;
                }
                ImapCommand command;
                try {
                    command = ImapCommand.parse(raw);
                } catch (BadCommand | NumberFormatException e) {
                    write("* BAD Could not parse command");
                    continue;
                }
                server.recordCommand(command.firstLine);
                if (tooBig[0]) {
                    write(command.tag + " BAD [TOOBIG] Non-synchronizing literal too big (Failure)");
                    continue;
                }
                if (command.name.equals("IDLE")) {
                    idle(command);
                    continue;
                }
                synchronized (state) {
                    try {
                        handle(command);
                    } catch (BadCommand | NumberFormatException | IndexOutOfBoundsException e) {
                        write(command.tag + " BAD Could not parse command");
                    }
                }
            }
        } catch (IOException e) {
            // the client went away, or close() closed the socket
        } finally {
            close();
        }
    }

    void close() {
        closed = true;
        store.removeListener(listener);
        pusher.shutdownNow();
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
        server.sessionEnded(this);
    }

    /** What a blocked account sees: the login succeeds, then the session ends at once ({@link GmailServer#setByeAfterLogin}). */
    private void byeIfSessionsEndAfterLogin() {
        String text = server.byeAfterLogin();
        if (text != null) {
            bye(text);
        }
    }

    /** Sends {@code * BYE text} and hangs up, as Gmail does when it ends a session. */
    void bye(String text) {
        try {
            write("* BYE " + text);
        } catch (IOException e) {
            // hanging up anyway
        }
        close();
    }

    // ---------------------------------------------------------------- output

    private void write(String line) throws IOException {
        synchronized (out) {
            out.write(line.getBytes(StandardCharsets.ISO_8859_1));
            out.write('\r');
            out.write('\n');
            out.flush();
        }
    }

    private void untagged(String text) throws IOException {
        write("* " + text);
    }

    /** The tagged OK, after telling the client what changed (no EXPUNGE during FETCH, STORE, SEARCH). */
    private void ok(ImapCommand command, String text) throws IOException {
        boolean expungeAllowed = !Set.of("FETCH", "STORE", "SEARCH").contains(command.name);
        sync(expungeAllowed);
        boolean throttled = server.takeThrottle();
        write(command.tag + " OK " + text + (throttled ? " [THROTTLED]" : ""));
    }

    private void no(ImapCommand command, String text) throws IOException {
        write(command.tag + " NO " + text);
    }

    private void bad(ImapCommand command, String text) throws IOException {
        write(command.tag + " BAD " + text);
    }

    // ---------------------------------------------------------------- dispatch

    private void handle(ImapCommand c) throws IOException {
        switch (c.name) {
            case "CAPABILITY" -> {
                untagged("CAPABILITY " + (authenticated ? CAPABILITIES : PRE_AUTH_CAPABILITIES));
                ok(c, authenticated ? "Success" : "Thats all she wrote! " + greetingId);
                return;
            }
            case "NOOP", "CHECK" -> {
                ok(c, "Success");
                return;
            }
            case "XYZZY" -> {
                ok(c, "Nothing happens.");
                return;
            }
            case "LOGOUT" -> {
                untagged("BYE LOGOUT Requested");
                write(c.tag + " OK 73 good day (Success)");
                close();
                return;
            }
            case "ID" -> {
                untagged("ID (\"name\" \"GImap\" \"vendor\" \"Google, Inc.\" \"support-url\""
                        + " \"http://mail.google.com/support\" \"remote-host\" \"127.0.0.1\")");
                ok(c, "Success");
                return;
            }
            case "LOGIN" -> {
                login(c, c.arg(0), c.arg(1));
                return;
            }
            case "AUTHENTICATE" -> {
                authenticate(c);
                return;
            }
            default -> { }
        }
        if (!authenticated) {
            bad(c, "Command not valid in this state (Failure)");
            return;
        }
        switch (c.name) {
            case "NAMESPACE" -> {
                untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
                ok(c, "Success");
            }
            case "ENABLE" -> {
                List<String> enabled = new ArrayList<>();
                for (Object o : c.args) {
                    if (ImapCommand.text(o).equalsIgnoreCase("CONDSTORE")) {
                        condstore = true;
                        enabled.add("CONDSTORE");
                    }
                }
                untagged("ENABLED" + (enabled.isEmpty() ? "" : " " + String.join(" ", enabled)));
                ok(c, "Success");
            }
            case "LIST", "LSUB" -> list(c);
            case "SUBSCRIBE", "UNSUBSCRIBE" -> ok(c, "Success");
            case "SELECT", "EXAMINE" -> select(c);
            case "STATUS" -> status(c);
            case "CREATE" -> create(c);
            case "DELETE" -> delete(c);
            case "RENAME" -> rename(c);
            case "APPEND" -> append(c);
            default -> selectedCommand(c);
        }
    }

    private void selectedCommand(ImapCommand c) throws IOException {
        Set<String> known = Set.of("FETCH", "UID FETCH", "STORE", "UID STORE", "SEARCH", "UID SEARCH", "COPY",
                "UID COPY", "MOVE", "UID MOVE", "EXPUNGE", "UID EXPUNGE", "CLOSE", "UNSELECT");
        if (!known.contains(c.name)) {
            bad(c, "Unknown command");
            return;
        }
        if (selected == null) {
            bad(c, "No mailbox selected (Failure)");
            return;
        }
        boolean uid = c.name.startsWith("UID ");
        switch (uid ? c.name.substring(4) : c.name) {
            case "FETCH" -> fetch(c, uid);
            case "STORE" -> store(c, uid);
            case "SEARCH" -> search(c, uid);
            case "COPY" -> copyOrMove(c, uid, false);
            case "MOVE" -> copyOrMove(c, uid, true);
            case "EXPUNGE" -> expunge(c, uid);
            case "CLOSE" -> {
                if (!readOnly) {
                    expungeDeleted(null);
                }
                unselect();
                write(c.tag + " OK Returned to authenticated state. (Success)");
            }
            case "UNSELECT" -> {
                unselect();
                write(c.tag + " OK Returned to authenticated state. (Success)");
            }
            default -> bad(c, "Unknown command");
        }
    }

    // ---------------------------------------------------------------- authentication

    private void login(ImapCommand c, String user, String password) throws IOException {
        if (authenticated) {
            bad(c, "Already authenticated (Failure)");
            return;
        }
        if (!server.checkCredentials(user, password)) {
            no(c, "[AUTHENTICATIONFAILED] Invalid credentials (Failure)");
            return;
        }
        if (!server.admitAuthenticated(this)) {
            no(c, "[ALERT] Too many simultaneous connections. (Failure)");
            return;
        }
        authenticated = true;
        untagged("CAPABILITY " + CAPABILITIES);
        write(c.tag + " OK " + user + " authenticated (Success)");
        byeIfSessionsEndAfterLogin();
    }

    private void authenticate(ImapCommand c) throws IOException {
        String mechanism = c.arg(0).toUpperCase(Locale.ROOT);
        if (!mechanism.equals("PLAIN") && !mechanism.equals("XOAUTH2")) {
            no(c, "[CANNOT] Unsupported authentication mechanism (Failure)");
            return;
        }
        String response;
        if (c.args.size() > 1) {
            response = c.arg(1);
        } else {
            write("+ ");
            byte[] line = ImapCommand.readLine(in);
            response = line == null ? "" : new String(line, StandardCharsets.US_ASCII);
        }
        if (response.equals("*")) {
            bad(c, "Authentication cancelled");
            return;
        }
        String decoded;
        try {
            decoded = response.equals("=") ? "" : new String(Base64.getDecoder().decode(response.trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            bad(c, "Invalid base64 (Failure)");
            return;
        }
        String user;
        String secret;
        if (mechanism.equals("PLAIN")) {
            String[] parts = decoded.split("\0", -1);
            if (parts.length != 3) {
                no(c, "[AUTHENTICATIONFAILED] Invalid credentials (Failure)");
                return;
            }
            user = parts[1];
            secret = parts[2];
        } else {
            // user=U ^A auth=Bearer TOKEN ^A ^A ; the token stands for the password here.
            user = "";
            secret = "";
            for (String field : decoded.split("\u0001")) {
                if (field.startsWith("user=")) {
                    user = field.substring(5);
                } else if (field.startsWith("auth=Bearer ")) {
                    secret = field.substring(12);
                }
            }
            if (!server.checkCredentials(user, secret) && !refusedTokenAnswered(c)) {
                return;
            }
        }
        login(c, user, secret);
    }

    /**
     * Gmail's answer to a bad or expired XOAUTH2 token: a continuation holding base64 JSON, and its
     * NO only once the client sent an empty line. A client that sends anything else (Angus's own
     * XOAUTH2 sends the token again) gets the same continuation again, as long as it keeps doing so.
     *
     * @return whether the NO may be sent (by the login that follows); false when the client went away
     */
    private boolean refusedTokenAnswered(ImapCommand c) throws IOException {
        String error = Base64.getEncoder().encodeToString(
                "{\"status\":\"400\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}".getBytes(StandardCharsets.UTF_8));
        while (true) {
            write("+ " + error);
            byte[] line = ImapCommand.readLine(in);
            if (line == null) {
                return false;
            }
            if (new String(line, StandardCharsets.US_ASCII).isBlank()) {
                return true;
            }
        }
    }

    // ---------------------------------------------------------------- folders

    private void list(ImapCommand c) throws IOException {
        List<Object> args = new ArrayList<>(c.args);
        boolean specialUseOnly = false;
        if (!args.isEmpty() && args.get(0) instanceof List<?> selection) {
            specialUseOnly = ImapCommand.list(selection).stream()
                    .anyMatch(o -> ImapCommand.text(o).equalsIgnoreCase("SPECIAL-USE"));
            args.remove(0);
        }
        String reference = ImapCommand.text(args.get(0));
        String pattern = ImapCommand.text(args.get(1));
        if (pattern.isEmpty()) {
            untagged(c.name + " (\\Noselect) \"/\" \"\"");
            ok(c, "Success");
            return;
        }
        Pattern regex = wildcard(reference + pattern);
        List<String[]> rows = new ArrayList<>(); // wire name, attributes
        List<Folder> folders = store.folders();
        Set<String> names = new HashSet<>();
        folders.forEach(f -> names.add(f.name));
        names.add(store.names().root());
        List<String> sorted = new ArrayList<>(names);
        sorted.remove("INBOX");
        sorted.sort(null);
        sorted.add(0, "INBOX");
        for (String name : sorted) {
            Folder f = store.folder(name);
            boolean children = names.stream().anyMatch(n -> n.startsWith(name + "/"));
            String attributes;
            if (f == null) {
                attributes = "\\Noselect \\HasChildren";
            } else {
                attributes = children ? "\\HasChildren" : "\\HasNoChildren";
                if (f.kind.specialUse != null) {
                    attributes += " " + f.kind.specialUse;
                }
            }
            if (specialUseOnly && (f == null || f.kind.specialUse == null)) {
                continue;
            }
            String wire = MailboxNames.encode(name);
            boolean matches = name.equals("INBOX") ? regex.matcher("INBOX").matches()
                    || wildcard((reference + pattern).toUpperCase(Locale.ROOT)).matcher("INBOX").matches()
                    : regex.matcher(wire).matches();
            if (matches) {
                rows.add(new String[] {wire, attributes});
            }
        }
        for (String[] row : rows) {
            untagged(c.name + " (" + row[1] + ") \"/\" " + MimeTree.quote(row[0]));
        }
        ok(c, "Success");
    }

    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            if (ch == '*') {
                regex.append(".*");
            } else if (ch == '%') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private Folder folderArg(ImapCommand c, int i) {
        return store.folder(MailboxNames.decode(c.arg(i)));
    }

    private void select(ImapCommand c) throws IOException {
        unselect();
        Folder folder = folderArg(c, 0);
        String name = MailboxNames.decode(c.arg(0));
        if (folder == null) {
            no(c, "[NONEXISTENT] Unknown Mailbox: " + name + " (now in authenticated state) (Failure)");
            return;
        }
        if (c.args.size() > 1 && c.args.get(1) instanceof List<?> params) {
            for (Object p : ImapCommand.list(params)) {
                if (ImapCommand.text(p).equalsIgnoreCase("CONDSTORE")) {
                    condstore = true;
                }
            }
        }
        selected = folder;
        readOnly = c.name.equals("EXAMINE");
        TreeMap<Long, Message> view = store.view(folder);
        view.forEach((uid, m) -> entries.add(new Entry(uid, m, fetch.flags(m))));
        StringBuilder flags = new StringBuilder(SELECT_FLAGS);
        for (String keyword : store.keywordsInUse()) {
            if (!keyword.equals("$NotPhishing") && !keyword.equals("$Phishing")) {
                flags.append(' ').append(keyword);
            }
        }
        untagged("FLAGS (" + flags + ")");
        untagged("OK [PERMANENTFLAGS (" + (readOnly ? "" : flags + " \\*") + ")] Flags permitted.");
        untagged("OK [UIDVALIDITY " + folder.uidValidity + "] UIDs valid.");
        untagged(entries.size() + " EXISTS");
        untagged("0 RECENT");
        untagged("OK [UIDNEXT " + uidNext(folder) + "] Predicted next UID.");
        untagged("OK [HIGHESTMODSEQ " + store.highestModSeq() + "]");
        ok(c, (readOnly ? "[READ-ONLY] " : "[READ-WRITE] ") + name + " selected. (Success)");
    }

    private long uidNext(Folder folder) {
        synchronized (store) {
            return folder.uidNext;
        }
    }

    private void unselect() {
        selected = null;
        entries.clear();
    }

    private void status(ImapCommand c) throws IOException {
        Folder folder = folderArg(c, 0);
        if (folder == null) {
            no(c, "[NONEXISTENT] Unknown Mailbox: " + MailboxNames.decode(c.arg(0)) + " (Failure)");
            return;
        }
        TreeMap<Long, Message> view = store.view(folder);
        List<String> answer = new ArrayList<>();
        for (Object item : ImapCommand.list(c.args.get(1))) {
            String name = ImapCommand.text(item).toUpperCase(Locale.ROOT);
            long value = switch (name) {
                case "MESSAGES" -> view.size();
                case "RECENT" -> 0;
                case "UIDNEXT" -> uidNext(folder);
                case "UIDVALIDITY" -> folder.uidValidity;
                case "UNSEEN" -> view.values().stream().filter(m -> !store.flagsOf(m).contains("\\Seen")).count();
                case "HIGHESTMODSEQ" -> store.highestModSeq();
                default -> throw new BadCommand("Unknown status item");
            };
            answer.add(name + " " + value);
        }
        untagged("STATUS " + MailboxNames.quoted(folder.name) + " (" + String.join(" ", answer) + ")");
        ok(c, "Success");
    }

    private void create(ImapCommand c) throws IOException {
        String name = MailboxNames.decode(c.arg(0));
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (store.folder(name) != null) {
            no(c, "[ALREADYEXISTS] Folder name conflicts with existing folder name. (Failure)");
            return;
        }
        if (name.isEmpty() || name.equals(store.names().root()) || name.startsWith(store.names().root() + "/")) {
            no(c, "[CANNOT] Folder name is not allowed. (Failure)");
            return;
        }
        String label = server.reservedNames().contains(name) ? "[Imap]/" + name : name;
        store.change(() -> store.createLabel(label));
        ok(c, "Success");
    }

    private void delete(ImapCommand c) throws IOException {
        Folder folder = folderArg(c, 0);
        if (folder == null) {
            no(c, "[NONEXISTENT] Unknown Mailbox: " + MailboxNames.decode(c.arg(0)) + " (Failure)");
            return;
        }
        if (folder.isSystem()) {
            no(c, "[CANNOT] Cannot delete system folder (Failure)");
            return;
        }
        store.change(() -> store.deleteLabel(folder));
        ok(c, "Success");
    }

    private void rename(ImapCommand c) throws IOException {
        Folder folder = folderArg(c, 0);
        String to = MailboxNames.decode(c.arg(1));
        if (folder == null) {
            no(c, "[NONEXISTENT] Unknown Mailbox: " + MailboxNames.decode(c.arg(0)) + " (Failure)");
            return;
        }
        if (folder.isSystem()) {
            no(c, "[CANNOT] Cannot rename system folder (Failure)");
            return;
        }
        if (store.folder(to) != null) {
            no(c, "[ALREADYEXISTS] Folder name conflicts with existing folder name. (Failure)");
            return;
        }
        store.change(() -> store.renameLabel(folder, to));
        ok(c, "Success");
    }

    private void append(ImapCommand c) throws IOException {
        Folder folder = folderArg(c, 0);
        if (folder == null) {
            no(c, "[TRYCREATE] Folder doesn't exist. (Failure)");
            return;
        }
        List<String> flags = new ArrayList<>();
        Instant date = Instant.now();
        int i = 1;
        if (c.args.get(i) instanceof List<?> flagList) {
            ImapCommand.list(flagList).forEach(f -> flags.add(ImapCommand.text(f)));
            i++;
        }
        if (i < c.args.size() - 1) {
            date = ZonedDateTime.parse(ImapCommand.text(c.args.get(i)).trim(), APPEND_DATE).toInstant();
            i++;
        }
        if (!(c.args.get(c.args.size() - 1) instanceof Str message) || message.bytes().length == 0) {
            bad(c, "Missing message literal (Failure)");
            return;
        }
        if (message.bytes().length > 35_651_584) {
            no(c, "[TOOBIG] Message too large (Failure)");
            return;
        }
        Place place = folder.kind == Kind.TRASH ? Place.TRASH : folder.kind == Kind.SPAM ? Place.SPAM : Place.NORMAL;
        List<String> labels = folder.label == null ? List.of() : List.of(folder.label);
        Instant internalDate = date;
        Message m = store.change(() -> {
            Message existing = server.appendDeduplicates() ? store.sameMessageId(message.bytes()) : null;
            if (existing != null) {
                store.copyInto(existing, folder);
                return existing;
            }
            return store.deliver(message.bytes(), internalDate, labels, flags, place);
        });
        ok(c, "[APPENDUID " + folder.uidValidity + " " + store.uidIn(folder, m) + "] (Success)");
    }

    // ---------------------------------------------------------------- selected state

    /** The messages a sequence set names, in this session's numbering; gone-for-good ones left out. */
    private List<Integer> resolve(String set, boolean uid) {
        List<Integer> indexes = new ArrayList<>();
        if (entries.isEmpty()) {
            return indexes;
        }
        SequenceSet s = new SequenceSet(set, uid ? entries.get(entries.size() - 1).uid : entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (!e.message.deleted && s.contains(uid ? e.uid : i + 1)) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    private void fetch(ImapCommand c, boolean uid) throws IOException {
        List<Integer> indexes = resolve(c.arg(0), uid);
        List<Item> items = FetchResponder.parseItems(c.args.get(1));
        if (server.overBandwidth() && items.stream().anyMatch(item -> item.isBody() || item.name().startsWith("RFC822"))) {
            no(c, "[OVERQUOTA] Account exceeded command or bandwidth limits. (Failure)");
            return;
        }
        long changedSince = -1;
        if (c.args.size() > 2) {
            List<Object> modifiers = ImapCommand.list(c.args.get(2));
            for (int i = 0; i + 1 < modifiers.size(); i += 2) {
                if (ImapCommand.text(modifiers.get(i)).equalsIgnoreCase("CHANGEDSINCE")) {
                    changedSince = Long.parseLong(ImapCommand.text(modifiers.get(i + 1)));
                }
            }
        }
        if (changedSince >= 0 || items.stream().anyMatch(it -> it.name().equals("MODSEQ"))) {
            condstore = true;
        }
        Set<Message> seenNow = new HashSet<>();
        if (!readOnly && items.stream().anyMatch(Item::setsSeen)) {
            store.change(() -> {
                for (int i : indexes) {
                    Message m = entries.get(i).message;
                    if (store.setFlags(m, StoreMode.ADD, List.of("\\Seen"))) {
                        seenNow.add(m);
                    }
                }
            });
        }
        for (int i : indexes) {
            Entry e = entries.get(i);
            if (changedSince >= 0 && e.message.modseq <= changedSince) {
                continue;
            }
            write(fetch.respond(e.message, i + 1, e.uid, items, uid, changedSince >= 0, seenNow.contains(e.message)));
            if (seenNow.contains(e.message) || items.stream().anyMatch(it -> it.name().equals("FLAGS"))) {
                e.lastFlags = fetch.flags(e.message);
            }
        }
        ok(c, "Success");
    }

    private void store(ImapCommand c, boolean uid) throws IOException {
        if (readOnly) {
            no(c, "STORE attempt on READ-ONLY folder (Failure)");
            return;
        }
        List<Integer> indexes = resolve(c.arg(0), uid);
        int at = 1;
        if (c.args.get(at) instanceof List<?>) {
            at++; // (UNCHANGEDSINCE n): accepted, not enforced
        }
        String what = c.arg(at).toUpperCase(Locale.ROOT);
        List<String> values = new ArrayList<>();
        for (int i = at + 1; i < c.args.size(); i++) {
            ImapCommand.list(c.args.get(i)).forEach(v -> values.add(ImapCommand.text(v)));
        }
        boolean silent = what.endsWith(".SILENT");
        String base = silent ? what.substring(0, what.length() - 7) : what;
        StoreMode mode = base.startsWith("+") ? StoreMode.ADD : base.startsWith("-") ? StoreMode.REMOVE : StoreMode.REPLACE;
        boolean labels = base.replaceFirst("^[+-]", "").equals("X-GM-LABELS");
        if (!labels && !base.replaceFirst("^[+-]", "").equals("FLAGS")) {
            bad(c, "Could not parse command");
            return;
        }
        List<String> given = labels ? values.stream().map(MailboxNames::decode).toList() : values;
        store.change(() -> {
            for (int i : indexes) {
                Message m = entries.get(i).message;
                if (labels) {
                    switch (mode) {
                        case ADD -> store.addLabels(m, given);
                        case REMOVE -> store.removeLabels(m, given);
                        case REPLACE -> {
                            store.removeLabels(m, new ArrayList<>(m.labels));
                            store.addLabels(m, given);
                        }
                    }
                } else {
                    store.setFlags(m, mode, given);
                }
            }
        });
        for (int i : indexes) {
            Entry e = entries.get(i);
            String flags = fetch.flags(e.message);
            if (!silent) {
                String item = labels ? "X-GM-LABELS " + fetch.labels(e.message) : "FLAGS " + flags;
                write("* " + (i + 1) + " FETCH (" + item + (uid ? " UID " + e.uid : "")
                        + (condstore ? " MODSEQ (" + e.message.modseq + ")" : "") + ")");
            }
            if (!labels) {
                e.lastFlags = flags;
            }
        }
        if (server.autoExpunge() && !labels && mode != StoreMode.REMOVE && given.stream().anyMatch(f -> f.equalsIgnoreCase("\\Deleted"))) {
            expungeDeleted(new HashSet<>(indexes.stream().map(i -> entries.get(i).message).toList()));
        }
        ok(c, "Success");
    }

    private void search(ImapCommand c, boolean uid) throws IOException {
        List<Object> keys = new ArrayList<>(c.args);
        if (!keys.isEmpty() && ImapCommand.text(keys.get(0)).equalsIgnoreCase("CHARSET")) {
            keys = keys.subList(2, keys.size());
        }
        long largestUid = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).uid;
        Predicate<SearchQuery.Candidate> query = SearchQuery.compile(store, selected, largestUid, entries.size(), keys);
        StringBuilder answer = new StringBuilder("SEARCH");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (!e.message.deleted && query.test(new SearchQuery.Candidate(e.message, e.uid, i + 1))) {
                answer.append(' ').append(uid ? e.uid : i + 1);
            }
        }
        untagged(answer.toString());
        ok(c, "SEARCH completed (Success)");
    }

    private void copyOrMove(ImapCommand c, boolean uid, boolean move) throws IOException {
        if (move && readOnly) {
            no(c, "MOVE attempt on READ-ONLY folder (Failure)");
            return;
        }
        List<Integer> indexes = resolve(c.arg(0), uid);
        Folder target = folderArg(c, 1);
        if (target == null) {
            no(c, "[TRYCREATE] No folder " + MailboxNames.decode(c.arg(1)) + " (Failure)");
            return;
        }
        Folder source = selected;
        List<Message> messages = indexes.stream().map(i -> entries.get(i).message).toList();
        store.change(() -> {
            for (Message m : messages) {
                if (target == source) {
                    continue;
                }
                store.copyInto(m, target);
                if (move) {
                    store.leave(m, source);
                }
            }
        });
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        for (int i : indexes) {
            Long targetUid = store.uidIn(target, entries.get(i).message);
            if (targetUid != null) {
                from.add(String.valueOf(entries.get(i).uid));
                to.add(String.valueOf(targetUid));
            }
        }
        String copyUid = from.isEmpty() ? "" : "[COPYUID " + target.uidValidity + " " + String.join(",", from) + " "
                + String.join(",", to) + "] ";
        if (move) {
            if (!copyUid.isEmpty()) {
                untagged("OK " + copyUid + "(Success)");
            }
            ok(c, "Success");
        } else {
            ok(c, copyUid + "(Success)");
        }
    }

    private void expunge(ImapCommand c, boolean uid) throws IOException {
        if (readOnly) {
            no(c, "EXPUNGE attempt on READ-ONLY folder (Failure)");
            return;
        }
        Set<Message> only = null;
        if (uid) {
            only = new HashSet<>();
            for (int i : resolve(c.arg(0), true)) {
                only.add(entries.get(i).message);
            }
        }
        expungeDeleted(only);
        ok(c, "Success");
    }

    /** Applies Gmail's expunge to the \Deleted messages of the selected folder (only those in only, if given). */
    private void expungeDeleted(Set<Message> only) {
        Folder folder = selected;
        List<Message> targets = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.message.deleted && (only == null || only.contains(e.message))
                    && store.flagsOf(e.message).contains("\\Deleted") && store.uidIn(folder, e.message) != null) {
                targets.add(e.message);
            }
        }
        if (!targets.isEmpty()) {
            store.change(() -> targets.forEach(m -> store.expunge(m, folder)));
        }
    }

    private void idle(ImapCommand c) throws IOException {
        if (!authenticated) {
            bad(c, "Command not valid in this state (Failure)");
            return;
        }
        synchronized (state) {
            write("+ idling");
            idling = true;
            sync(true);
        }
        byte[] line = ImapCommand.readLine(in);
        synchronized (state) {
            idling = false;
            if (line == null) {
                throw new IOException("connection closed in IDLE");
            }
            if (!new String(line, StandardCharsets.US_ASCII).trim().equalsIgnoreCase("DONE")) {
                bad(c, "Expected DONE (Failure)");
                return;
            }
            write(c.tag + " OK IDLE terminated (Success)");
        }
    }

    private void pushIfIdling() {
        synchronized (state) {
            if (idling && !closed) {
                try {
                    sync(true);
                } catch (IOException e) {
                    close();
                }
            }
        }
    }

    /** Tells the client what changed in the selected folder since it last heard. */
    private void sync(boolean expungeAllowed) throws IOException {
        if (selected == null) {
            return;
        }
        TreeMap<Long, Message> now = store.view(selected);
        if (expungeAllowed) {
            for (int i = 0; i < entries.size(); ) {
                Entry e = entries.get(i);
                if (now.get(e.uid) != e.message) {
                    untagged((i + 1) + " EXPUNGE");
                    entries.remove(i);
                } else {
                    i++;
                }
            }
        }
        long last = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).uid;
        boolean added = false;
        for (var e : now.tailMap(last, false).entrySet()) {
            entries.add(new Entry(e.getKey(), e.getValue(), fetch.flags(e.getValue())));
            added = true;
        }
        if (added) {
            untagged(entries.size() + " EXISTS");
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (now.get(e.uid) != e.message) {
                continue;
            }
            String flags = fetch.flags(e.message);
            if (!flags.equals(e.lastFlags)) {
                e.lastFlags = flags;
                untagged((i + 1) + " FETCH (FLAGS " + flags + " UID " + e.uid
                        + (condstore ? " MODSEQ (" + e.message.modseq + ")" : "") + ")");
            }
        }
    }
}

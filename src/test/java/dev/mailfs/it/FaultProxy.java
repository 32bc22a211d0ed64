package dev.mailfs.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A loopback proxy between an IMAP client and a plain-text IMAP server that injects faults, for
 * tests proving that a client never loses mail: it hides capabilities, refuses commands with a NO
 * of its own, and cuts every connection right after the server has answered a command.
 *
 * <p>It reads just enough IMAP framing for that. Lines end in CRLF; a line may end by announcing a
 * literal of n raw bytes, which pass through untouched: {@code {n}} (synchronizing: the client
 * waits for the server's "+" before sending them) or {@code {n+}} (LITERAL+: they follow at once).
 * A client command is {@code TAG SP COMMAND ...}, possibly spread over several lines joined by
 * literals; the server's final answer to it is a line starting with that tag. Rules apply to the
 * first line of a command, are checked in the order added, and the first that matches wins.
 */
final class FaultProxy implements AutoCloseable {
    private final Relay relay;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    /** Upper case. */
    private final Set<String> hiddenCapabilities = ConcurrentHashMap.newKeySet();
    private volatile boolean hideCopyUid;
    private final List<String> clientCommands = new CopyOnWriteArrayList<>();
    private final AtomicLong serverBytes = new AtomicLong();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** Open while traffic flows; {@link #blackHole()} closes it until {@link #clearFaults()}. */
    private volatile CountDownLatch gate = new CountDownLatch(0);

    FaultProxy(int serverPort) throws IOException {
        this.relay = new Relay(Relay.loopbackListener(), serverPort, "fault-proxy", sides -> {
            Connection connection = new Connection(sides.client(), sides.server());
            connections.add(connection);
            return new Relay.Traffic(connection::forwardCommands, connection::forwardResponses, connection::closed);
        });
    }

    int port() {
        return relay.port();
    }

    /** Removes {@code capability} (a whole token, any case) from every capability list the server sends. */
    void hideCapability(String capability) {
        hiddenCapabilities.add(capability.toUpperCase(Locale.ROOT));
    }

    /** Removes the COPYUID response code from every answer, as a server without UIDPLUS, or one that does not tell after a MOVE, answers. */
    void hideCopyUid() {
        hideCopyUid = true;
    }

    /**
     * Client commands whose line after the tag matches {@code commandRegex} (case-insensitive,
     * anywhere unless anchored) never reach the server: the proxy answers {@code TAG NO responseText}
     * itself. A {@code {n+}} literal the command announced is swallowed with the rest of the command;
     * a client waiting for "+" to send a {@code {n}} literal gets the NO at once instead.
     */
    void refuse(String commandRegex, String responseText) {
        rules.add(new Refusal(compile(commandRegex), responseText));
    }

    /**
     * The next client command matching {@code commandRegex} goes through, and once the server's
     * tagged answer to it has reached the client, every connection (client and server sides) is
     * closed at once, as a network failure would. New connections still get through afterwards.
     */
    void cutAfter(String commandRegex) {
        rules.add(new Cut(compile(commandRegex)));
    }

    /**
     * Client commands matching {@code commandRegex} wait in the proxy, as if the server were very
     * slow, until the returned latch is counted down (or {@link #clearFaults()} is called).
     */
    CountDownLatch hold(String commandRegex) {
        Hold hold = new Hold(compile(commandRegex), new CountDownLatch(1));
        rules.add(hold);
        return hold.release();
    }

    /**
     * From now on nothing passes either way until {@link #clearFaults()}, on the connections open
     * and on new ones, which are accepted but get no greeting: a server that hangs, a captive
     * portal, a network that drops every packet. What was held then passes, as TCP would resend it.
     */
    void blackHole() {
        gate = new CountDownLatch(1);
    }

    /** Cuts every connection now, as a network that drops would. New connections are let through. */
    void cutEveryConnection() {
        relay.cutAll();
    }

    /** Forgets every rule and hidden capability, including cuts waiting for their command's answer. */
    void clearFaults() {
        rules.stream().filter(rule -> rule instanceof Hold).forEach(rule -> ((Hold) rule).release().countDown());
        rules.clear();
        hiddenCapabilities.clear();
        hideCopyUid = false;
        connections.forEach(connection -> connection.cutAfterTags.clear());
        gate.countDown();
    }

    /** The first line of every command the client sent, tag included, in order (no literals, no CRLF). */
    List<String> clientCommands() {
        return new ArrayList<>(clientCommands);
    }

    /** Bytes the server has sent so far, before any capability was hidden. */
    long serverBytes() {
        return serverBytes.get();
    }

    @Override
    public void close() {
        relay.close();
    }

    private static Pattern compile(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    // ---------------------------------------------------------------------------------------------
    // Rules

    private interface Rule {
        /** Whether this rule takes the command (text after the tag); a cut takes only one. */
        boolean takes(String command);
    }

    private record Refusal(Pattern pattern, String responseText) implements Rule {
        @Override
        public boolean takes(String command) {
            return pattern.matcher(command).find();
        }
    }

    private record Cut(Pattern pattern, AtomicBoolean used) implements Rule {
        Cut(Pattern pattern) {
            this(pattern, new AtomicBoolean());
        }

        @Override
        public boolean takes(String command) {
            return pattern.matcher(command).find() && used.compareAndSet(false, true);
        }
    }

    private record Hold(Pattern pattern, CountDownLatch release) implements Rule {
        @Override
        public boolean takes(String command) {
            return pattern.matcher(command).find();
        }
    }

    private Rule ruleFor(String command) {
        for (Rule rule : rules) {
            if (rule.takes(command)) {
                return rule;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // One proxied connection: a thread per direction, run by the relay

    private final class Connection {
        private final Socket client;
        private final Socket server;
        /** Written by both threads (responses, and the proxy's own NOs): whole responses under its lock. */
        private final OutputStream toClient;
        private final OutputStream toServer;
        private final Turn turn = new Turn();
        /** Tags of commands after whose tagged answer every connection is cut. */
        private final Set<String> cutAfterTags = ConcurrentHashMap.newKeySet();

        Connection(Socket client, Socket server) throws IOException {
            this.client = client;
            this.server = server;
            this.toClient = client.getOutputStream();
            this.toServer = server.getOutputStream();
        }

        /** Its sockets are closed: a client waiting for the server's turn waits no more. */
        void closed() {
            connections.remove(this);
            turn.close();
        }

        // Client to server ------------------------------------------------------------------------

        private void forwardCommands() throws IOException, InterruptedException {
            LineReader in = new LineReader(client.getInputStream(), new AtomicLong());
            for (byte[] line; (line = in.readLine()) != null; ) {
                String text = text(line);
                int space = text.indexOf(' ');
                String tag = space < 0 ? text : text.substring(0, space);
                String command = space < 0 ? "" : text.substring(space + 1);
                clientCommands.add(text);
                Rule rule = ruleFor(command);
                if (rule instanceof Refusal refusal) {
                    refuse(in, tag, line, refusal.responseText());
                    continue;
                }
                if (rule instanceof Cut) {
                    cutAfterTags.add(tag);
                }
                if (rule instanceof Hold hold) {
                    hold.release().await();
                }
                gate.await();
                forwardCommand(in, tag, command, line);
            }
        }

        /** Sends one command, line by line and literal by literal, starting with its first line. */
        private void forwardCommand(LineReader in, String tag, String command, byte[] line)
                throws IOException, InterruptedException {
            for (Literal literal; (literal = Literal.endingLine(line)) != null; line = in.nextLine()) {
                if (literal.synchronizing()) {
                    turn.expect(tag);
                    toServer.write(line);
                    toServer.flush();
                    if (!turn.serverContinued()) {
                        return; // the server answered instead of "+": the client sends no literal
                    }
                } else {
                    toServer.write(line);
                }
                in.copy(literal.size(), toServer);
            }
            if (!command.regionMatches(true, 0, "AUTHENTICATE ", 0, 13) && !command.equalsIgnoreCase("IDLE")) {
                toServer.write(line);
                toServer.flush();
                return;
            }
            // Each "+" the server sends lets the client answer with a line (a SASL response, or
            // IDLE's DONE), until the tagged answer ends the command. Those lines are no commands.
            while (true) {
                turn.expect(tag);
                toServer.write(line);
                toServer.flush();
                if (!turn.serverContinued()) {
                    return;
                }
                line = in.nextLine();
            }
        }

        private void refuse(LineReader in, String tag, byte[] line, String responseText) throws IOException {
            // A {n+} literal follows at once, with the rest of the command: swallow it. A client
            // waiting for "+" to send a {n} literal sends nothing more: it gets the NO right away.
            for (Literal literal = Literal.endingLine(line);
                    literal != null && !literal.synchronizing();
                    literal = Literal.endingLine(in.nextLine())) {
                in.copy(literal.size(), OutputStream.nullOutputStream());
            }
            byte[] answer = (tag + " NO " + responseText + "\r\n").getBytes(StandardCharsets.UTF_8);
            synchronized (toClient) {
                toClient.write(answer);
                toClient.flush();
            }
        }

        // Server to client ------------------------------------------------------------------------

        private void forwardResponses() throws IOException, InterruptedException {
            LineReader in = new LineReader(server.getInputStream(), serverBytes);
            for (byte[] line; (line = in.readLine()) != null; ) {
                gate.await();
                String text = text(line);
                String tag = text.startsWith("*") || text.startsWith("+") ? null : text.split(" ", 2)[0];
                if (text.startsWith("+")) {
                    turn.continued();
                } else if (tag != null) {
                    turn.answered(tag); // before the client can see the answer and send more
                }
                synchronized (toClient) {
                    toClient.write(withoutCopyUid(withoutHiddenCapabilities(line)));
                    for (Literal literal; (literal = Literal.endingLine(line)) != null; ) {
                        in.copy(literal.size(), toClient);
                        line = in.nextLine();
                        toClient.write(line);
                    }
                    toClient.flush();
                }
                if (tag != null && cutAfterTags.remove(tag)) {
                    relay.cutAll();
                }
            }
        }
    }

    /**
     * Tells the client side whether the server said "+" to the command waiting for it, or answered
     * it (tagged) instead: the two directions' only shared state besides the cuts.
     */
    private static final class Turn {
        private String tag;
        private Boolean continued;
        private boolean closed;

        /** Called before the line that may get a "+" goes to the server. */
        synchronized void expect(String commandTag) {
            tag = commandTag;
            continued = null;
        }

        synchronized void continued() {
            if (tag != null && continued == null) {
                continued = true;
                notifyAll();
            }
        }

        synchronized void answered(String answerTag) {
            if (answerTag.equals(tag) && continued == null) {
                continued = false;
                notifyAll();
            }
        }

        synchronized void close() {
            closed = true;
            notifyAll();
        }

        /** True if the server sent "+"; false if it answered the command, or the connection ended. */
        synchronized boolean serverContinued() throws InterruptedException {
            while (continued == null && !closed) {
                wait();
            }
            boolean result = Boolean.TRUE.equals(continued);
            tag = null;
            continued = null;
            return result;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Framing

    /** Reads one direction as CRLF-terminated lines (kept whole, CRLF included) and raw literals. */
    private static final class LineReader {
        private final InputStream in;
        private final AtomicLong bytesRead;
        private final byte[] buffer = new byte[64 * 1024];

        LineReader(InputStream in, AtomicLong bytesRead) {
            this.in = new BufferedInputStream(in, 64 * 1024);
            this.bytesRead = bytesRead;
        }

        /** The next line with its line end, or null if the stream ended cleanly before it. */
        byte[] readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            for (int b; (b = in.read()) >= 0; ) {
                line.write(b);
                if (b == '\n') {
                    bytesRead.addAndGet(line.size());
                    return line.toByteArray();
                }
            }
            if (line.size() > 0) {
                throw new EOFException("stream ended inside a line");
            }
            return null;
        }

        /** The next line of a command or response already begun: the stream may not end here. */
        byte[] nextLine() throws IOException {
            byte[] line = readLine();
            if (line == null) {
                throw new EOFException("stream ended inside a command or response");
            }
            return line;
        }

        /** Copies the {@code size} bytes of a literal, untouched. */
        void copy(long size, OutputStream to) throws IOException {
            for (long left = size; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("stream ended inside a literal");
                }
                bytesRead.addAndGet(n);
                to.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    /** A literal announced at the end of a line: {@code {n}}, {@code {n+}}, or binary {@code ~{n}}. */
    private record Literal(long size, boolean synchronizing) {
        private static final Pattern AT_LINE_END = Pattern.compile("\\{(\\d{1,18})(\\+?)\\}\r?\n$");

        static Literal endingLine(byte[] line) {
            int n = line.length;
            boolean endsInBrace = n >= 3 && (line[n - 2] == '}' || line[n - 3] == '}');
            if (!endsInBrace) {
                return null;
            }
            Matcher m = AT_LINE_END.matcher(latin1(line));
            return m.find() ? new Literal(Long.parseLong(m.group(1)), m.group(2).isEmpty()) : null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Capabilities

    /** "* CAPABILITY a b c" lines and "[CAPABILITY a b c]" response codes: group 2 is the list. */
    private static final Pattern COPYUID = Pattern.compile("\\[COPYUID [^\\]]*\\] ?", Pattern.CASE_INSENSITIVE);
    private static final Pattern CAPABILITY_LIST =
            Pattern.compile("(^\\* CAPABILITY |\\[CAPABILITY )([^\\]\r\n]*)", Pattern.CASE_INSENSITIVE);

    private byte[] withoutCopyUid(byte[] line) {
        return hideCopyUid ? COPYUID.matcher(latin1(line)).replaceAll("").getBytes(StandardCharsets.ISO_8859_1) : line;
    }

    private byte[] withoutHiddenCapabilities(byte[] line) {
        if (hiddenCapabilities.isEmpty()) {
            return line;
        }
        Matcher m = CAPABILITY_LIST.matcher(latin1(line));
        StringBuilder shown = new StringBuilder();
        while (m.find()) {
            String kept = Arrays.stream(m.group(2).split(" "))
                    .filter(capability -> !hiddenCapabilities.contains(capability.toUpperCase(Locale.ROOT)))
                    .collect(Collectors.joining(" "));
            m.appendReplacement(shown, Matcher.quoteReplacement(m.group(1) + kept));
        }
        m.appendTail(shown);
        return shown.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** A line as text without its line end, for matching and recording. */
    private static String text(byte[] line) {
        return new String(line, StandardCharsets.UTF_8).stripTrailing();
    }

    /** A line as one char per byte, so that it can be edited and turned back into the same bytes. */
    private static String latin1(byte[] line) {
        return new String(line, StandardCharsets.ISO_8859_1);
    }
}

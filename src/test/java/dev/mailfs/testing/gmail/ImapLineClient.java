package dev.mailfs.testing.gmail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny raw IMAP client for tests: sends tagged commands ("a1", "a2", ...) and returns the server's
 * lines up to and including the tagged one. A line that announces a literal carries the literal's
 * bytes and the rest of the response inline, exactly as sent.
 */
final class ImapLineClient implements AutoCloseable {

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String greeting;
    private int tag;

    private ImapLineClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.greeting = readLine();
    }

    static ImapLineClient connect(GmailServer server) throws IOException {
        return new ImapLineClient(new Socket(server.host(), server.port()));
    }

    static ImapLineClient login(GmailServer server, String user, String password) throws IOException {
        ImapLineClient client = connect(server);
        List<String> answer = client.send("LOGIN " + user + " " + password);
        if (!answer.get(answer.size() - 1).contains(" OK ")) {
            throw new IOException("login failed: " + answer);
        }
        return client;
    }

    String greeting() {
        return greeting;
    }

    String nextTag() {
        return "a" + (tag + 1);
    }

    /** Sends one command line and reads up to the tagged answer. */
    List<String> send(String command) throws IOException {
        String t = "a" + (++tag);
        writeLine(t + " " + command);
        return readUntilTagged(t);
    }

    /** Sends a command whose last argument is a synchronising literal, waiting for the "+". */
    List<String> sendWithLiteral(String prefix, byte[] literal) throws IOException {
        String t = "a" + (++tag);
        writeLine(t + " " + prefix + " {" + literal.length + "}");
        String cont = readLine();
        if (!cont.startsWith("+")) {
            List<String> lines = new ArrayList<>(List.of(cont));
            return lines;
        }
        out.write(literal);
        writeLine("");
        return readUntilTagged(t);
    }

    /** Sends a command whose last argument is a non-synchronising literal (LITERAL-). */
    List<String> sendWithNonSyncLiteral(String prefix, byte[] literal) throws IOException {
        String t = "a" + (++tag);
        out.write((t + " " + prefix + " {" + literal.length + "+}\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(literal);
        writeLine("");
        return readUntilTagged(t);
    }

    void writeLine(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    List<String> readUntilTagged(String t) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            lines.add(line);
            if (line.startsWith(t + " ")) {
                return lines;
            }
        }
    }

    /** One response line; a literal's bytes and what follows them are part of it. */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                part.write(c);
            }
            if (c < 0) {
                throw new IOException("connection closed after: " + line + part);
            }
            String text = part.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            line.append(text);
            Matcher m = LITERAL.matcher(text);
            if (!m.find()) {
                return line.toString();
            }
            line.append("\r\n").append(new String(in.readNBytes(Integer.parseInt(m.group(1))),
                    StandardCharsets.ISO_8859_1));
        }
    }

    boolean isClosedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.mailfs.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The network limit: what one raw plain-text IMAP connection delivers, with no client library.
 *
 * <p>Usage: {@code WireLimit HOST PORT USER PASSWORD FOLDER [UID SECTION]}. Logs in, EXAMINEs FOLDER
 * and times two commands, each to its tagged OK: all metadata ({@code UID FETCH 1:* (UID RFC822.SIZE
 * INTERNALDATE FLAGS ENVELOPE)}) and all bodies ({@code UID FETCH 1:* (BODY.PEEK[])}); or, given a
 * UID and a SECTION, only that section of that message ({@code UID FETCH UID (BODY.PEEK[SECTION])}).
 * Responses are streamed and discarded: literals are skipped, never held. Prints
 * {@code wire metadata seconds=S messages=N bytes=B} and {@code wire bodies ...} (or
 * {@code wire section ...}), where messages counts the untagged FETCH responses and bytes everything
 * the server sent for that command. Exits 1 on NO, BAD, BYE or a broken connection.
 */
public final class WireLimit {
    private final BufferedInputStream in;
    private final OutputStream out;
    private final byte[] skipBuffer = new byte[64 * 1024];
    private byte[] line = new byte[8192];
    private int lineLength;
    private long bytes;    // received since the last command was sent
    private long messages; // untagged FETCH responses since then

    private WireLimit(Socket socket) throws IOException {
        in = new BufferedInputStream(socket.getInputStream(), 1 << 20);
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    public static void main(String[] args) {
        if (args.length != 5 && args.length != 7) {
            System.err.println("usage: WireLimit HOST PORT USER PASSWORD FOLDER [UID SECTION]");
            System.exit(2);
        }
        try (Socket socket = new Socket(args[0], Integer.parseInt(args[1]))) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(300_000);
            WireLimit wire = new WireLimit(socket);
            String greeting = wire.readResponse();
            if (!greeting.startsWith("* OK")) {
                throw new IOException("unexpected greeting: " + greeting);
            }
            wire.command("a1", "LOGIN " + quote(args[2]) + " " + quote(args[3]));
            wire.command("a2", "EXAMINE " + quote(args[4]));
            if (args.length == 7) {
                wire.measure("section", "a3", "UID FETCH " + Long.parseLong(args[5]) + " (BODY.PEEK[" + args[6] + "])");
            } else {
                wire.measure("metadata", "a3", "UID FETCH 1:* (UID RFC822.SIZE INTERNALDATE FLAGS ENVELOPE)");
                wire.measure("bodies", "a4", "UID FETCH 1:* (BODY.PEEK[])");
            }
            wire.send("a5", "LOGOUT");
        } catch (Exception e) {
            System.err.println("wire: " + e.getMessage());
            System.exit(1);
        }
    }

    private void measure(String what, String tag, String command) throws IOException {
        long start = System.nanoTime();
        command(tag, command);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "wire %s seconds=%.3f messages=%d bytes=%d%n", what, seconds, messages, bytes);
    }

    /** Sends a command and reads every response up to its tagged OK. */
    private void command(String tag, String command) throws IOException {
        send(tag, command);
        bytes = 0;
        messages = 0;
        while (true) {
            String response = readResponse();
            if (response.startsWith(tag + " ")) {
                if (!response.startsWith(tag + " OK")) {
                    throw new IOException(command.split(" ")[0] + " failed: " + response);
                }
                return;
            }
            if (response.startsWith("* BAD") || response.startsWith("* BYE")) {
                throw new IOException("server says: " + response);
            }
            if (isFetch(response)) {
                messages++;
            }
        }
    }

    private void send(String tag, String command) throws IOException {
        out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** "* 12 FETCH ..." */
    private static boolean isFetch(String response) {
        int space = response.indexOf(' ', 2);
        return response.startsWith("* ") && space > 2 && response.startsWith(" FETCH", space)
                && response.substring(2, space).chars().allMatch(Character::isDigit);
    }

    /**
     * Reads one whole response: its first line, returned, and any literals ({n} at a line's end,
     * then exactly n bytes, skipped) with the lines continuing it.
     */
    private String readResponse() throws IOException {
        readLine();
        String first = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
        for (long literal = literalSize(); literal >= 0; literal = literalSize()) {
            skip(literal);
            readLine();
        }
        return first;
    }

    /** One line without its CRLF into {@link #line}. */
    private void readLine() throws IOException {
        lineLength = 0;
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (lineLength == line.length) {
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[lineLength++] = (byte) b;
        }
        bytes += lineLength + 1;
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
    }

    /** n if the current line ends with "{n}", else -1. */
    private long literalSize() {
        if (lineLength < 3 || line[lineLength - 1] != '}') {
            return -1;
        }
        int open = lineLength - 2;
        while (open >= 0 && line[open] >= '0' && line[open] <= '9') {
            open--;
        }
        if (open < 0 || line[open] != '{' || open == lineLength - 2) {
            return -1;
        }
        long size = 0;
        for (int i = open + 1; i < lineLength - 1; i++) {
            size = size * 10 + (line[i] - '0');
        }
        return size;
    }

    private void skip(long n) throws IOException {
        for (long left = n; left > 0; ) {
            int read = in.read(skipBuffer, 0, (int) Math.min(left, skipBuffer.length));
            if (read < 0) {
                throw new EOFException("the server closed the connection inside a literal");
            }
            left -= read;
        }
        bytes += n;
    }

    /** An IMAP quoted string. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

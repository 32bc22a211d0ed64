package dev.mailfs.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain-text IMAP conversation line by line, to pin down what a server literally says. */
final class RawImap implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final String greeting;
    private int tag;

    RawImap(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
        greeting = in.readLine();
    }

    String greeting() {
        return greeting;
    }

    /** Sends one command and returns every line up to and including its tagged answer. */
    List<String> send(String command) throws IOException {
        String t = "t" + ++tag;
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        List<String> lines = new ArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
            lines.add(line);
            if (line.startsWith(t + " ")) {
                break;
            }
        }
        return lines;
    }

    /** The UID of the one message whose subject contains {@code subject}, in the examined folder. */
    String uidOf(String subject) throws IOException {
        for (String line : send("UID SEARCH SUBJECT \"" + subject + "\"")) {
            if (line.startsWith("* SEARCH ")) {
                return line.substring("* SEARCH ".length()).strip();
            }
        }
        throw new AssertionError("no message with subject " + subject);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

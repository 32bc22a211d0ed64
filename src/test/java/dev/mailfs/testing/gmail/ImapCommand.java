package dev.mailfs.testing.gmail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client command: read from the wire with its literals, then split into tokens. A token is an
 * {@link Atom}, a {@link Str} (quoted string or literal) or a {@code List<Object>} (parenthesised).
 */
final class ImapCommand {

    record Atom(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    record Str(byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** Thrown for a command that cannot be parsed; the session answers BAD. */
    static final class BadCommand extends RuntimeException {
        BadCommand(String message) {
            super(message);
        }
    }

    static final int MAX_NON_SYNC_LITERAL = 4096; // LITERAL- (RFC 7888)
    private static final Pattern LITERAL_AT_END = Pattern.compile("\\{(\\d+)(\\+?)}$");

    final String tag;
    final String name; // upper case; "UID FETCH" etc. for UID commands
    final List<Object> args;
    final String firstLine; // without the tag, for commandsReceived()

    private ImapCommand(String tag, String name, List<Object> args, String firstLine) {
        this.tag = tag;
        this.name = name;
        this.args = args;
        this.firstLine = firstLine;
    }

    /** What the reader needs from the session while reading a command. */
    interface Wire {
        void continueLiteral() throws IOException;
    }

    /** Reads one command (with all its literals); null at end of stream. */
    static byte[] read(InputStream in, Wire wire, boolean[] tooBigLiteral) throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readLine(in);
            if (line == null) {
                return command.size() == 0 ? null : command.toByteArray();
            }
            command.write(line);
            Matcher literal = LITERAL_AT_END.matcher(new String(line, StandardCharsets.ISO_8859_1));
            if (!literal.find()) {
                return command.toByteArray();
            }
            int size = Integer.parseInt(literal.group(1));
            boolean nonSync = !literal.group(2).isEmpty();
            if (nonSync && size > MAX_NON_SYNC_LITERAL) {
                tooBigLiteral[0] = true;
            }
            command.write('\r');
            command.write('\n');
            if (!nonSync) {
                wire.continueLiteral();
            }
            command.write(in.readNBytes(size));
        }
    }

    /** A line without its CRLF, or null at end of stream. */
    static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return java.util.Arrays.copyOf(bytes, n);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    static ImapCommand parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int crlf = text.indexOf("\r\n");
        String first = crlf < 0 ? text : text.substring(0, crlf);
        Tokenizer t = new Tokenizer(raw);
        Object tag = t.next();
        if (!(tag instanceof Atom)) {
            throw new BadCommand("Missing tag");
        }
        int space = first.indexOf(' ');
        String line = space < 0 ? "" : first.substring(space + 1);
        Object name = t.next();
        if (!(name instanceof Atom)) {
            return new ImapCommand(tag.toString(), "", List.of(), line);
        }
        String upper = name.toString().toUpperCase(Locale.ROOT);
        List<Object> args = t.rest();
        if (upper.equals("UID") && !args.isEmpty() && args.get(0) instanceof Atom sub) {
            upper = "UID " + sub.text().toUpperCase(Locale.ROOT);
            args = args.subList(1, args.size());
        }
        return new ImapCommand(tag.toString(), upper, args, line);
    }

    static String text(Object token) {
        if (token instanceof Atom a) {
            return a.text();
        }
        if (token instanceof Str s) {
            return s.text();
        }
        throw new BadCommand("Expected a string");
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object token) {
        if (token instanceof List<?> l) {
            return (List<Object>) l;
        }
        return List.of(token);
    }

    String arg(int i) {
        if (i >= args.size()) {
            throw new BadCommand("Missing argument");
        }
        return text(args.get(i));
    }

    private static final class Tokenizer {
        private final byte[] b;
        private int pos;

        Tokenizer(byte[] b) {
            this.b = b;
        }

        List<Object> rest() {
            List<Object> out = new ArrayList<>();
            Object token;
            while ((token = next()) != null) {
                out.add(token);
            }
            return out;
        }

        Object next() {
            while (pos < b.length && (b[pos] == ' ' || b[pos] == '\r' || b[pos] == '\n')) {
                pos++;
            }
            if (pos >= b.length) {
                return null;
            }
            byte c = b[pos];
            if (c == ')') {
                throw new BadCommand("Unexpected )");
            }
            if (c == '(') {
                pos++;
                List<Object> items = new ArrayList<>();
                while (true) {
                    while (pos < b.length && b[pos] == ' ') {
                        pos++;
                    }
                    if (pos >= b.length) {
                        throw new BadCommand("Missing )");
                    }
                    if (b[pos] == ')') {
                        pos++;
                        return items;
                    }
                    items.add(next());
                }
            }
            if (c == '"') {
                pos++;
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                while (pos < b.length && b[pos] != '"') {
                    if (b[pos] == '\\' && pos + 1 < b.length) {
                        pos++;
                    }
                    out.write(b[pos++]);
                }
                if (pos >= b.length) {
                    throw new BadCommand("Unterminated quoted string");
                }
                pos++;
                return new Str(out.toByteArray());
            }
            if (c == '{' || (c == '~' && pos + 1 < b.length && b[pos + 1] == '{')) {
                int close = indexOf('}', pos);
                String size = new String(b, pos + (c == '~' ? 2 : 1), close - pos - (c == '~' ? 2 : 1),
                        StandardCharsets.ISO_8859_1).replace("+", "");
                int n = Integer.parseInt(size);
                int start = close + 3; // "}\r\n"
                if (start + n > b.length) {
                    throw new BadCommand("Short literal");
                }
                pos = start + n;
                return new Str(java.util.Arrays.copyOfRange(b, start, start + n));
            }
            int start = pos;
            int depth = 0;
            while (pos < b.length) {
                byte d = b[pos];
                if (d == '[') {
                    depth++;
                } else if (d == ']') {
                    depth--;
                } else if (depth == 0 && (d == ' ' || d == '(' || d == ')' || d == '\r' || d == '\n')) {
                    break;
                }
                pos++;
            }
            return new Atom(new String(b, start, pos - start, StandardCharsets.UTF_8));
        }

        private int indexOf(char ch, int from) {
            for (int i = from; i < b.length; i++) {
                if (b[i] == ch) {
                    return i;
                }
            }
            throw new BadCommand("Missing " + ch);
        }
    }
}

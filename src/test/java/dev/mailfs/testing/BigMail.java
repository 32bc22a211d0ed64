package dev.mailfs.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Big messages written straight to files from seeded random bytes, never held whole in memory,
 * each with the decoded parts the mount must show for it written beside it: a base64 attachment,
 * a quoted-printable CSV with non-ASCII text, a message/rfc822 enclosing a message with a base64
 * attachment, and a small message. Every line ends in CRLF, base64 lines are 76 characters. Used by
 * the integration tests and by bench/.
 */
public final class BigMail {
    /** A file of a message's directory as the mount must show it: its name there and its exact bytes, in a file here. */
    public record Part(String name, Path expected) {
        public long size() throws IOException {
            return Files.size(expected);
        }
    }

    /**
     * One generated message: its subject, its raw bytes in a file, and the files of its directory
     * that are big (a message/rfc822 part's "name.eml" is the enclosed message, its "name/" the
     * enclosed message's own directory).
     */
    public record Message(String subject, Path file, List<Part> parts) {
    }

    private static final byte[] CRLF = {'\r', '\n'};
    /** 57 bytes make one 76-character base64 line. */
    private static final int LINE_BYTES = 57;
    private static final int BLOCK_LINES = 16 * 1024;
    private static final String HEX = "0123456789ABCDEF";
    /** Words of the CSV: accents, other scripts, an emoji, and the characters quoted-printable must escape. */
    private static final String[] WORDS = {"Zürich", "Øresund", "Kraków", "São Paulo", "Ἀθῆναι", "東京", "Москва", "İzmir",
            "naïve café", "crème brûlée", "x=y+1", "50% off", "tab\there", "smörgåsbord", "🙂 fine", "plain", "ascii only",
            "Ærøskøbing", "Þórshöfn", "quote \"this\""};

    private final Path dir;

    /** Writes into {@code dir}: each message as SUBJECT.eml, its expected parts as SUBJECT.FILE (the subject's letters and digits). */
    public BigMail(Path dir) {
        this.dir = dir;
    }

    /** A text body and "blob.bin", {@code bytes} random bytes in base64. */
    public Message base64(String subject, long seed, long bytes) throws IOException {
        Path expected = file(subject, "blob.bin");
        Path file = file(subject, "eml");
        try (OutputStream out = output(file); OutputStream decoded = output(expected)) {
            writeBase64Message(out, decoded, subject, "blob.bin", seed, bytes);
        }
        return new Message(subject, file, List.of(new Part("blob.bin", expected)));
    }

    /** A text body and "table.csv", about {@code bytes} bytes of UTF-8 CSV in quoted-printable. */
    public Message quotedPrintable(String subject, long seed, long bytes) throws IOException {
        Path expected = file(subject, "table.csv");
        Path file = file(subject, "eml");
        try (OutputStream out = output(file); OutputStream decoded = output(expected)) {
            write(out, headers(subject, "multipart/mixed; boundary=\"qp-boundary\"")
                    + "\n--qp-boundary\n" + textPart("A table follows, in quoted-printable.\n")
                    + "--qp-boundary\n"
                    + "Content-Type: text/csv; charset=utf-8; name=\"table.csv\"\n"
                    + "Content-Disposition: attachment; filename=\"table.csv\"\n"
                    + "Content-Transfer-Encoding: quoted-printable\n\n");
            SplittableRandom random = new SplittableRandom(seed);
            StringBuilder row = new StringBuilder();
            for (long written = 0, n = 1; written < bytes; n++) {
                row.setLength(0);
                row.append(n);
                for (int column = 0, columns = 3 + random.nextInt(12); column < columns; column++) {
                    row.append(';').append(WORDS[random.nextInt(WORDS.length)]);
                }
                if (random.nextInt(16) == 0) {
                    row.append("  "); // blanks at a line's end, which quoted-printable must keep
                }
                byte[] line = row.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
                decoded.write(line);
                out.write(quotedPrintableLine(line));
                written += line.length;
            }
            write(out, "\n--qp-boundary--\n");
        }
        return new Message(subject, file, List.of(new Part("table.csv", expected)));
    }

    /** A text body and "forwarded.eml": a message whose "inner.bin" is {@code bytes} random bytes in base64. */
    public Message enclosing(String subject, long seed, long bytes) throws IOException {
        Path inner = file(subject, "forwarded.eml");
        Path innerBlob = file(subject, "inner.bin");
        try (OutputStream out = output(inner); OutputStream decoded = output(innerBlob)) {
            writeBase64Message(out, decoded, "Inner: " + subject, "inner.bin", seed, bytes);
        }
        Path file = file(subject, "eml");
        try (OutputStream out = output(file); InputStream enclosed = Files.newInputStream(inner)) {
            write(out, headers(subject, "multipart/mixed; boundary=\"outer-boundary\"")
                    + "\n--outer-boundary\n" + textPart("Forwarding a message with a big attachment.\n")
                    + "--outer-boundary\n"
                    + "Content-Type: message/rfc822; name=\"forwarded.eml\"\n"
                    + "Content-Disposition: attachment; filename=\"forwarded.eml\"\n\n");
            enclosed.transferTo(out);
            write(out, "\n--outer-boundary--\n");
        }
        return new Message(subject, file, List.of(new Part("forwarded.eml", inner), new Part("forwarded/inner.bin", innerBlob)));
    }

    /** A short text/plain message; "body.txt" is the header's From, To, Date and Subject, then its text, with Unix line ends. */
    public Message small(String subject) throws IOException {
        String text = "Just a few words beside the big ones: Grüße.\n";
        Path file = file(subject, "eml");
        try (OutputStream out = output(file)) {
            write(out, headers(subject, "text/plain; charset=utf-8") + "Content-Transfer-Encoding: 8bit\n\n" + text);
        }
        String summary = "From: Big Sender <big@bigmail.mailfs.dev>\nTo: Tester <tester@bigmail.mailfs.dev>\n"
                + "Date: Mon, 4 Mar 2024 10:00:00 +0000\nSubject: " + subject + "\n\n";
        Path body = Files.writeString(file(subject, "body.txt"), summary + text);
        return new Message(subject, file, List.of(new Part("body.txt", body)));
    }

    private Path file(String subject, String suffix) {
        return dir.resolve(subject.replaceAll("[^A-Za-z0-9]+", "-") + "." + suffix);
    }

    private static void writeBase64Message(OutputStream out, OutputStream decoded, String subject, String fileName, long seed,
                                           long bytes) throws IOException {
        write(out, headers(subject, "multipart/mixed; boundary=\"b64-boundary\"")
                + "\n--b64-boundary\n" + textPart("A small body beside a big attachment.\n")
                + "--b64-boundary\n"
                + "Content-Type: application/octet-stream; name=\"" + fileName + "\"\n"
                + "Content-Disposition: attachment; filename=\"" + fileName + "\"\n"
                + "Content-Transfer-Encoding: base64\n\n");
        Base64.Encoder lines = Base64.getMimeEncoder(76, CRLF);
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[LINE_BYTES * BLOCK_LINES];
        for (long left = bytes; left > 0; ) {
            int n = (int) Math.min(block.length, left);
            byte[] piece = n == block.length ? block : new byte[n];
            random.nextBytes(piece);
            decoded.write(piece);
            out.write(lines.encode(piece)); // whole lines, as blocks are whole lines; the last may be short
            left -= n;
            if (left > 0) {
                out.write(CRLF);
            }
        }
        write(out, "\n--b64-boundary--\n");
    }

    /** RFC 2045 6.7: one line of text (ending in CRLF) in lines of at most 76 characters. */
    private static byte[] quotedPrintableLine(byte[] line) {
        StringBuilder out = new StringBuilder(line.length * 2);
        int end = line.length - 2; // without the CRLF
        int column = 0;
        for (int i = 0; i < end; i++) {
            int b = line[i] & 0xff;
            boolean lastOfLine = i == end - 1;
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lastOfLine);
            int width = literal ? 1 : 3;
            if (column + width > 75) {
                out.append("=\r\n");
                column = 0;
            }
            if (literal) {
                out.append((char) b);
            } else {
                out.append('=').append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 15));
            }
            column += width;
        }
        return out.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String headers(String subject, String contentType) {
        return "From: Big Sender <big@bigmail.mailfs.dev>\n"
                + "To: Tester <tester@bigmail.mailfs.dev>\n"
                + "Subject: " + subject + "\n"
                + "Date: Mon, 4 Mar 2024 10:00:00 +0000\n"
                + "Message-ID: <" + subject.replaceAll("[^A-Za-z0-9]", "-") + "@bigmail.mailfs.dev>\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: " + contentType + "\n";
    }

    private static String textPart(String text) {
        return "Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n" + text;
    }

    /** Text with "\n" line ends, written with CRLF. */
    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static OutputStream output(Path file) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }
}

package dev.mailfs.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Writes a generated mailbox straight into a Dovecot Maildir ({@code LAYOUT=fs}), LF line ends.
 *
 * <p>Usage: {@code MailboxGenerator MAILDIR_ROOT FOLDER COUNT realistic|small SEED}
 *
 * <p>{@code realistic}: mean about 50 KB; 70% text/plain (8bit or quoted-printable), 15%
 * multipart/alternative (text + HTML), 15% multipart/mixed with one base64 attachment of 5 KB to
 * 600 KB (PDF-like, PNG-like or CSV). {@code small}: 1 to 3 KB text/plain. Every 100th message (by
 * index, from 0) has the word {@code zebrafinch} in its text body. Dates are spread evenly over the
 * three years before today (UTC), in index order; everything else depends only on SEED and the index.
 * Prints {@code generated FOLDER count=N bytes=B zebrafinch=K seconds=S}.
 */
public final class MailboxGenerator {
    static final String NEEDLE = "zebrafinch";

    private static final String[] WORDS = ("the of and to in is that for it as was with on be at by this had not are "
            + "but from or have an they which one you were all we her she there would their will when who him been "
            + "has more if no out so said what up its about than into them can only other new some could time these "
            + "two may then do first any my now such like our over man me even most made after also did many before "
            + "must through back years where much your way well down should because each just those people how too "
            + "little state good very make world still own see men work long get here between both life being under "
            + "never day same another know while last might us great old year off come since against go came right "
            + "used take three budget meeting report quarter project schedule invoice contract review draft deadline "
            + "customer release server backup network storage migration summary agenda proposal feedback approval "
            + "travel hotel flight dinner lunch coffee weekend holiday garden kitchen window bicycle mountain river "
            + "forest harbour library museum concert ticket parcel delivery warehouse supplier pricing discount "
            + "estimate forecast spreadsheet attachment presentation workshop training onboarding security password "
            + "account renewal subscription newsletter update reminder question answer problem solution issue "
            + "request support team manager director office colleague friend family birthday wedding photo album "
            + "recipe weather morning afternoon evening tomorrow yesterday monday tuesday wednesday thursday friday "
            + "january february march april june july august september october november december thanks please "
            + "regards cheers sorry happy quick brief detailed important urgent optional final revised").split(" ");
    private static final String[] UTF8_WORDS = {"café", "naïve", "résumé", "Zürich", "façade", "jalapeño",
            "crème brûlée", "Ångström", "smörgåsbord", "déjà vu", "Müller", "São Paulo", "piñata", "Straße",
            "Malmö", "Kraków", "Dvořák", "€150", "señor", "Ålesund"};
    private static final String[] FIRST = {"Alice", "Bob", "Carol", "David", "Emma", "Frank", "Grace", "Henry",
            "Isabel", "Jack", "Karen", "Liam", "Maria", "Nathan", "Olivia", "Peter", "Quinn", "Rachel", "Samuel",
            "Tina", "Victor", "Wendy", "Xavier", "Yvonne"};
    private static final String[] LAST = {"Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas",
            "Johnson", "Roberts", "Walker", "Wright", "Clarke", "Hughes", "Green", "Hall", "Wood", "Harris"};
    private static final String[] UTF8_NAMES = {"José Álvarez", "Zoë Brontë", "Jürgen Groß", "Søren Kjærgaard",
            "François Lefèvre", "Łukasz Wróbel", "Ana Muñoz", "Björn Ångström"};
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.example.com",
            "corp.example.org", "lists.example.net"};
    private static final String[] ATTACHMENTS = {"application/pdf", "image/png", "text/csv"};
    private static final String[] EXTENSIONS = {"pdf", "png", "csv"};
    private static final ZoneOffset[] ZONES = {ZoneOffset.UTC, ZoneOffset.ofHours(-5), ZoneOffset.ofHours(-8),
            ZoneOffset.ofHours(1), ZoneOffset.ofHours(2), ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(9)};
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ENGLISH);
    private static final Base64.Encoder MIME64 = Base64.getMimeEncoder(76, new byte[] {'\n'});
    private static final String HEX = "0123456789ABCDEF";
    private static final long THREE_YEARS = 3L * 365 * 86400;

    private final boolean realistic;
    private final long seed;
    private final int count;
    private final long end = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toEpochSecond(ZoneOffset.UTC);

    private MailboxGenerator(boolean realistic, long seed, int count) {
        this.realistic = realistic;
        this.seed = seed;
        this.count = count;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5 || !(args[3].equals("realistic") || args[3].equals("small"))) {
            System.err.println("usage: MailboxGenerator MAILDIR_ROOT FOLDER COUNT realistic|small SEED");
            System.exit(2);
        }
        String folder = args[1];
        int count = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[4]);
        Path dir = folder.equals("INBOX") ? Path.of(args[0]) : Path.of(args[0]).resolve(folder);
        for (String sub : new String[] {"cur", "new", "tmp"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path cur = dir.resolve("cur");
        MailboxGenerator generator = new MailboxGenerator(args[3].equals("realistic"), seed, count);
        LongAdder bytes = new LongAdder();
        AtomicInteger needles = new AtomicInteger();
        long start = System.nanoTime();
        IntStream.range(0, count).parallel().forEach(i -> {
            Buf message = generator.message(i, new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + i)));
            long time = generator.time(i);
            boolean seen = Math.floorMod(mix(seed + 31L * i), 10) < 6;
            String name = time + ".M" + i + "P" + seed + ".bench,S=" + message.size() + ":2," + (seen ? "S" : "");
            Path file = cur.resolve(name);
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(message.bytes(), 0, message.size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            file.toFile().setLastModified(time * 1000); // Dovecot takes the INTERNALDATE from the mtime
            bytes.add(message.size());
            if (i % 100 == 0) {
                needles.incrementAndGet();
            }
        });
        System.out.printf(Locale.ROOT, "generated %s count=%d bytes=%d %s=%d seconds=%.1f%n", folder, count,
                bytes.sum(), NEEDLE, needles.get(), (System.nanoTime() - start) / 1e9);
    }

    /** Seconds since the epoch of message i: evenly spread over the last three years, oldest first. */
    private long time(int i) {
        long step = THREE_YEARS / Math.max(count, 1);
        return end - THREE_YEARS + i * step + Math.floorMod(mix(seed ^ i), Math.max(step, 1));
    }

    private Buf message(int i, SplittableRandom r) {
        boolean needle = i % 100 == 0;
        Buf out = new Buf();
        headers(out, i, r);
        if (!realistic) {
            textPart(out, text(r, 500 + r.nextInt(1900), needle, false), false);
            return out;
        }
        double kind = r.nextDouble();
        String boundary = "----=_Part_" + i + "_" + Long.toHexString(r.nextLong());
        if (kind < 0.70) { // plain text, a long-tailed size
            textPart(out, text(r, logNormal(r, 2500, 1.1, 250_000), needle, true), r.nextInt(4) == 0);
        } else if (kind < 0.85) { // text + HTML
            String text = text(r, logNormal(r, 2000, 0.9, 100_000), needle, true);
            out.add("Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\n\n");
            out.add("--" + boundary + "\n");
            textPart(out, text, true);
            out.add("\n--" + boundary + "\n");
            out.add("Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n");
            out.add(quotedPrintable(html(text)));
            out.add("\n--" + boundary + "--\n");
        } else { // text + one attachment
            int type = r.nextInt(ATTACHMENTS.length);
            String file = WORDS[r.nextInt(WORDS.length)] + "-" + (1000 + r.nextInt(9000)) + "." + EXTENSIONS[type];
            int size = 5_000 + (int) (595_000 * Math.pow(r.nextDouble(), 1.8));
            out.add("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\n\n");
            out.add("This is a multi-part message in MIME format.\n\n--" + boundary + "\n");
            textPart(out, text(r, logNormal(r, 800, 0.8, 20_000), needle, true), r.nextInt(4) == 0);
            out.add("\n--" + boundary + "\n");
            out.add("Content-Type: " + ATTACHMENTS[type] + "; name=\"" + file + "\"\n");
            out.add("Content-Disposition: attachment; filename=\"" + file + "\"\n");
            out.add("Content-Transfer-Encoding: base64\n\n");
            out.add(MIME64.encode(attachment(r, type, size)));
            out.add("\n--" + boundary + "--\n");
        }
        return out;
    }

    private void headers(Buf out, int i, SplittableRandom r) {
        String from = r.nextInt(10) == 0 ? pick(r, UTF8_NAMES) : pick(r, FIRST) + " " + pick(r, LAST);
        String address = from.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", ".") + "@" + pick(r, DOMAINS);
        String domain = address.substring(address.indexOf('@') + 1);
        String date = DATE.format(Instant.ofEpochSecond(time(i)).atOffset(pick(r, ZONES)));
        StringBuilder subject = new StringBuilder(r.nextInt(5) == 0 ? "Re: " : r.nextInt(12) == 0 ? "Fwd: " : "");
        for (int w = 0, n = 2 + r.nextInt(7); w < n; w++) {
            String word = r.nextInt(25) == 0 ? pick(r, UTF8_WORDS) : pick(r, WORDS);
            subject.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word);
        }
        out.add("Return-Path: <" + address + ">\n");
        out.add("Received: from mx" + r.nextInt(10) + "." + domain + " by mail.example.com with ESMTPS id "
                + Long.toHexString(r.nextLong()) + "\n\tfor <bench@example.com>; " + date + "\n");
        out.add("From: " + encodeWord(from) + " <" + address + ">\n");
        out.add("To: Bench User <bench@example.com>\n");
        if (r.nextInt(5) == 0) {
            out.add("Cc: " + pick(r, FIRST) + " " + pick(r, LAST) + " <team@" + pick(r, DOMAINS) + ">\n");
        }
        out.add("Subject: " + encodeWord(subject.toString()) + "\n");
        out.add("Date: " + date + "\n");
        out.add("Message-ID: <" + time(i) + "." + i + "." + seed + "." + Integer.toHexString(r.nextInt()) + "@"
                + domain + ">\n");
        out.add("MIME-Version: 1.0\n");
    }

    /** The Content-Type and body of a text/plain part (or of a whole text/plain message). */
    private static void textPart(Buf out, String text, boolean quotedPrintable) {
        boolean ascii = text.chars().allMatch(c -> c < 128);
        out.add("Content-Type: text/plain; charset=" + (ascii ? "us-ascii" : "utf-8") + "\n");
        out.add("Content-Transfer-Encoding: " + (quotedPrintable ? "quoted-printable" : ascii ? "7bit" : "8bit")
                + "\n\n");
        out.add(quotedPrintable ? quotedPrintable(text) : text);
    }

    /** English-looking text of about {@code bytes} bytes in paragraphs of lines of at most 72 characters. */
    private static String text(SplittableRandom r, int bytes, boolean needle, boolean utf8) {
        StringBuilder text = new StringBuilder(bytes + 200).append("Hi ").append(pick(r, FIRST)).append(",\n\n");
        StringBuilder line = new StringBuilder(80);
        int needleAt = needle ? r.nextInt(40) : -1;
        for (int words = 0; text.length() < bytes || words <= needleAt; ) {
            for (int sentences = 2 + r.nextInt(5); sentences > 0; sentences--) {
                for (int w = 0, n = 6 + r.nextInt(13); w < n; w++, words++) {
                    String word = words == needleAt ? NEEDLE
                            : utf8 && r.nextInt(60) == 0 ? pick(r, UTF8_WORDS) : pick(r, WORDS);
                    if (w == 0 && words != needleAt) { // the needle stays lower case for grep
                        word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                    }
                    if (w == n - 1) {
                        word += r.nextInt(8) == 0 ? "?" : ".";
                    } else if (r.nextInt(12) == 0) {
                        word += ",";
                    }
                    if (line.length() + 1 + word.length() > 72) {
                        text.append(line).append('\n');
                        line.setLength(0);
                    }
                    line.append(line.length() == 0 ? "" : " ").append(word);
                }
            }
            text.append(line).append("\n\n");
            line.setLength(0);
        }
        return text.append("Best regards,\n").append(pick(r, FIRST)).append('\n').toString();
    }

    private static String html(String text) {
        StringBuilder html = new StringBuilder(text.length() * 5 / 4 + 300)
                .append("<html>\n<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">")
                .append("</head>\n<body style=\"font-family: Arial, sans-serif; font-size: 14px\">\n");
        for (String paragraph : text.split("\n\n")) {
            html.append("<p>").append(paragraph.replace("\n", "<br>\n")).append("</p>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** Quoted-printable with soft line breaks only between words, so every word stays greppable. */
    static String quotedPrintable(String text) {
        StringBuilder out = new StringBuilder(text.length() * 11 / 10);
        for (String line : text.split("\n", -1)) {
            int column = 0;
            String[] words = line.split(" ", -1);
            for (int w = 0; w < words.length; w++) {
                StringBuilder token = new StringBuilder(w == 0 ? "" : " ");
                for (byte b : words[w].getBytes(StandardCharsets.UTF_8)) {
                    if (b >= 33 && b <= 126 && b != '=') {
                        token.append((char) b);
                    } else {
                        token.append('=').append(HEX.charAt((b >> 4) & 15)).append(HEX.charAt(b & 15));
                    }
                }
                if (w == words.length - 1 && token.length() > 0 && token.charAt(token.length() - 1) == ' ') {
                    token.setLength(token.length() - 1);
                    token.append("=20"); // no trailing space on a line
                }
                if (column > 0 && column + token.length() > 75) {
                    out.append("=\n");
                    column = 0;
                }
                out.append(token);
                column += token.length();
            }
            out.append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /** RFC 2047: the header value as is if ASCII, else as base64 encoded words on folded lines. */
    static String encodeWord(String value) {
        if (value.chars().allMatch(c -> c < 128)) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        for (int at = 0; at < value.length(); at += 20) { // 20 chars: at most 60 bytes, a 75-char encoded word
            String chunk = value.substring(at, Math.min(value.length(), at + 20));
            out.append(at == 0 ? "" : "\n ").append("=?UTF-8?B?")
                    .append(Base64.getEncoder().encodeToString(chunk.getBytes(StandardCharsets.UTF_8))).append("?=");
        }
        return out.toString();
    }

    private static byte[] attachment(SplittableRandom r, int type, int size) {
        if (type == 2) { // CSV
            StringBuilder csv = new StringBuilder(size + 100).append("date,item,quantity,amount,note\n");
            while (csv.length() < size) {
                csv.append("2024-").append(1 + r.nextInt(12)).append('-').append(1 + r.nextInt(28)).append(',')
                        .append(pick(r, WORDS)).append(',').append(r.nextInt(500)).append(',')
                        .append(r.nextInt(100_000) / 100.0).append(',').append(pick(r, WORDS)).append(' ')
                        .append(pick(r, WORDS)).append('\n');
            }
            return csv.toString().getBytes(StandardCharsets.US_ASCII);
        }
        byte[] data = new byte[size];
        r.nextBytes(data); // compressed streams and image data look random
        byte[] head = type == 0
                ? "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Length 0 >>\nstream\n"
                        .getBytes(StandardCharsets.US_ASCII)
                : new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(head, 0, data, 0, head.length);
        if (type == 0) {
            byte[] tail = "\nendstream\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(tail, 0, data, size - tail.length, tail.length);
        }
        return data;
    }

    private static int logNormal(SplittableRandom r, double median, double sigma, int max) {
        return (int) Math.min(max, median * Math.exp(sigma * r.nextGaussian()));
    }

    private static <T> T pick(SplittableRandom r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    /** A 64-bit mixer (SplitMix64's finalizer): unrelated values from neighbouring inputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A byte buffer whose array is written out without a copy. */
    private static final class Buf extends ByteArrayOutputStream {
        Buf() {
            super(16_384);
        }

        void add(String s) {
            add(s.getBytes(StandardCharsets.UTF_8));
        }

        void add(byte[] b) {
            write(b, 0, b.length);
        }

        byte[] bytes() {
            return buf;
        }
    }
}

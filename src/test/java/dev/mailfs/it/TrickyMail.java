package dev.mailfs.it;

import dev.mailfs.vfs.SafeNames;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Hand-built messages that are hard to decode or to name: 8-bit charsets, base64 and quoted-printable
 * bodies, hostile and encoded attachment names, a nested message, S/MIME, calendar invitations and
 * broken structure. Every byte is written here, nothing goes through Jakarta Mail, and every line
 * ends in CRLF (text is written with "\n" and {@link #encode} turns that into CRLF).
 *
 * <p>Expected names follow the rules of a message's directory {@code X/}: {@code body.txt} and
 * {@code body.html} are taken first, then each other leaf part in section order is named by
 * {@link SafeNames#sanitize} of its filename, or {@code part-<section>.<ext>} without one, and a
 * repeated name gets " (2)", " (3)" before its extension.
 */
final class TrickyMail {
    /** A file directly inside the message's directory, with exactly these bytes. */
    record Expected(String name, byte[] content) {
    }

    /**
     * One test message: the raw RFC 822 bytes, the files of its directory that can be predicted
     * exactly (body.txt and body.html are left out), and words that its body.txt must contain.
     */
    record Case(String key, byte[] raw, List<Expected> files, List<String> bodyWords) {
    }

    static final String DOMAIN = "tricky.mailfs.dev";
    static final int LARGE_ATTACHMENT_BYTES = 20 * 1024 * 1024;

    private static final Charset UTF8 = StandardCharsets.UTF_8;
    private static final Charset LATIN1 = StandardCharsets.ISO_8859_1;
    private static final Charset ASCII = StandardCharsets.US_ASCII;
    private static final Charset CP1252 = Charset.forName("windows-1252");

    private TrickyMail() {
    }

    /** Every case except {@link #largeAttachment()}, in a fixed order. */
    static List<Case> all() {
        return List.of(latin1(), cp1252(), utf8Base64(), utf8QuotedPrintable(), htmlOnly(), alternative(),
                attachments(), hostileNames(), encodedNames(), nested(), smimeSigned(), calendar(), noHeaders(),
                unclosedMultipart(), badBase64(), unknownCharset(), wrongContentLength(), undeclared8bit(), brokenAddresses());
    }

    /**
     * A small text body and a small attachment "notes.txt" next to a 20 MiB pseudo-random attachment
     * "big.bin" in base64 (about 28 MB raw). The big one comes last, so that reading the small
     * parts cannot be served by reading the message from its start.
     */
    static Case largeAttachment() {
        byte[] big = randomBytes(20240401L, LARGE_ATTACHMENT_BYTES);
        byte[] notes = encode("Small notes beside a big file.\n", UTF8);
        String head = message("large", 59, "Content-Type: multipart/mixed; boundary=\"large-boundary\"\n\n"
                + "--large-boundary\n"
                + textPart("A small body next to a very big attachment: behemoth.\n")
                + "--large-boundary\n"
                + attachmentPart("text/plain", "notes.txt", notes)
                + "--large-boundary\n"
                + "Content-Type: application/octet-stream; name=\"big.bin\"\n"
                + "Content-Disposition: attachment; filename=\"big.bin\"\n"
                + "Content-Transfer-Encoding: base64\n\n");
        ByteArrayOutputStream raw = new ByteArrayOutputStream(30_000_000);
        raw.writeBytes(encode(head, ASCII));
        raw.writeBytes(Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encode(big));
        raw.writeBytes(encode("\n--large-boundary--\n", ASCII));
        return new Case("large", raw.toByteArray(), List.of(new Expected("big.bin", big), new Expected("notes.txt", notes)),
                List.of("behemoth"));
    }

    // ---- 1-4: charsets and transfer encodings of a single text/plain body ----

    private static Case latin1() {
        String text = message("latin1", 1, """
                Content-Type: text/plain; charset=ISO-8859-1
                Content-Transfer-Encoding: 8bit

                Sehr geehrter Herr Müller,
                das Paket liegt in der Straße hinter dem café.
                Freundliche Grüße
                """);
        return new Case("latin1", encode(text, LATIN1), List.of(), List.of("Müller", "Straße", "café", "Grüße"));
    }

    private static Case cp1252() {
        // € is 0x80, “ ” are 0x93 0x94, ’ is 0x92 and – is 0x96: all undefined in ISO-8859-1.
        String text = message("cp1252", 2, """
                Content-Type: text/plain; charset=windows-1252
                Content-Transfer-Encoding: 8bit

                The naïve café charges €5 for a “smart” coffee – isn’t that odd?
                """);
        return new Case("cp1252", encode(text, CP1252), List.of(), List.of("naïve", "€5", "“smart”", "isn’t"));
    }

    private static Case utf8Base64() {
        String text = message("utf8-base64", 3, """
                Content-Type: text/plain; charset=UTF-8
                Content-Transfer-Encoding: base64

                """ + b64(encode("Hello from the base64 department.\nThe hidden word is xylophonics.\n"
                + "Grüße aus Köln\n", UTF8)));
        return new Case("utf8-base64", encode(text, ASCII), List.of(), List.of("xylophonics", "Köln"));
    }

    private static Case utf8QuotedPrintable() {
        // The long word is cut by a soft line break ("=" at the end of the line).
        String text = message("utf8-qp", 4, """
                Content-Type: text/plain; charset=UTF-8
                Content-Transfer-Encoding: quoted-printable

                Der B=C3=A4r sagt: hippopotomon=
                strosesquipedalian ist ein sehr langes Wort.
                Gr=C3=BC=C3=9Fe
                """);
        return new Case("utf8-qp", encode(text, ASCII), List.of(),
                List.of("Bär", "hippopotomonstrosesquipedalian", "Grüße"));
    }

    // ---- 5-6: HTML ----

    private static Case htmlOnly() {
        String html = "<!DOCTYPE html>\n<html><body><p>Ostentatious <b>flamingo</b></p></body></html>\n";
        String text = message("html-only", 5, """
                Content-Type: text/html; charset=UTF-8
                Content-Transfer-Encoding: base64

                """ + b64(encode(html, UTF8)));
        return new Case("html-only", encode(text, ASCII), List.of(), List.of("Ostentatious", "flamingo"));
    }

    private static Case alternative() {
        String text = message("alternative", 6, "Content-Type: multipart/alternative; boundary=\"alt-6\"\n\n"
                + "This is a multi-part message in MIME format.\n\n"
                + multipart("alt-6",
                        textPart("Plain variant: a quintessential quokka says Grüezi.\n"),
                        """
                        Content-Type: text/html; charset=UTF-8
                        Content-Transfer-Encoding: quoted-printable

                        <p>HTML variant: a <i>capybara</i> says Gr=C3=BCezi.</p>
                        """));
        return new Case("alternative", encode(text, ASCII), List.of(), List.of("quintessential", "quokka", "Grüezi"));
    }

    // ---- 7-9: attachments and their names ----

    private static Case attachments() {
        byte[] report = pdf("Quarterly report");
        byte[] unnamed = pdf("No name at all");
        byte[] csv = encode("id;name;price\n1;Käse;3=4\n2;Brötchen;0.50\n", UTF8);
        byte[] notBody = encode("I am an attachment called body.txt, not the body.\n", UTF8);
        byte[] same1 = encode("first of two files named same.txt\n", UTF8);
        byte[] same2 = encode("second of two files named same.txt\n", UTF8);
        String text = message("attachments", 7, "Content-Type: multipart/mixed; boundary=\"mixed-7\"\n\n"
                + multipart("mixed-7",
                        textPart("Please find the quarterly report attached. Password hint: marzipan.\n"),
                        attachmentPart("application/pdf", "report.pdf", report),
                        base64Part("Content-Type: application/pdf\nContent-Disposition: attachment", unnamed),
                        // Every line break is written as =0D=0A plus a soft break, so the decoded bytes do
                        // not depend on how a decoder treats hard line breaks.
                        """
                        Content-Type: text/csv; charset=UTF-8
                        Content-Disposition: attachment; filename="data.csv"
                        Content-Transfer-Encoding: quoted-printable

                        id;name;price=0D=0A=
                        1;K=C3=A4se;3=3D4=0D=0A=
                        2;Br=C3=B6tchen;0.50=0D=0A
                        """,
                        attachmentPart("text/plain; charset=UTF-8", "body.txt", notBody),
                        attachmentPart("text/plain; charset=UTF-8", "same.txt", same1),
                        attachmentPart("text/plain; charset=UTF-8", "same.txt", same2)));
        return new Case("attachments", encode(text, ASCII), List.of(
                new Expected("report.pdf", report),
                new Expected("part-3.pdf", unnamed),
                new Expected("data.csv", csv),
                new Expected("body (2).txt", notBody),
                new Expected("same.txt", same1),
                new Expected("same (2).txt", same2)),
                List.of("marzipan"));
    }

    /** An attachment name as written in the header, and what it decodes to. */
    private record Filename(String headerParameter, String decoded) {
    }

    private static Case hostileNames() {
        String longName = "a".repeat(296) + ".txt";
        List<Filename> names = List.of(
                new Filename("filename=\"../../etc/passwd\"", "../../etc/passwd"),
                new Filename("filename=\"/abs/path\"", "/abs/path"),
                new Filename("filename*=UTF-8''a%5Cb", "a\\b"),
                new Filename("filename*=UTF-8''ctl%01%07name.txt", "ctl\u0001\u0007name.txt"),
                new Filename("filename=\"\"", ""),
                new Filename("filename=\".\"", "."),
                new Filename("filename=\"..\"", ".."),
                new Filename("filename=\"" + longName + "\"", longName),
                new Filename("filename=\"-rf.txt\"", "-rf.txt"),
                new Filename("filename=\".hidden\"", ".hidden"));
        List<String> parts = new ArrayList<>();
        List<Expected> files = new ArrayList<>();
        parts.add(textPart("Ten attachments with hostile names follow. Mascot: gargoyle.\n"));
        for (int i = 0; i < names.size(); i++) {
            int section = i + 2;
            byte[] content = encode("hostile attachment in section " + section + "\n", UTF8);
            parts.add(base64Part("Content-Type: application/octet-stream\n"
                    + "Content-Disposition: attachment; " + names.get(i).headerParameter(), content));
            files.add(new Expected(SafeNames.sanitizeFileName(names.get(i).decoded(), "part-" + section + ".bin"), content));
        }
        String text = message("hostile-names", 8, "Content-Type: multipart/mixed; boundary=\"hostile-8\"\n\n"
                + multipart("hostile-8", parts.toArray(String[]::new)));
        return new Case("hostile-names", encode(text, ASCII), files, List.of("gargoyle"));
    }

    private static Case encodedNames() {
        String transfer = "Überweisung März.pdf";
        String rfc2047 = "=?UTF-8?B?" + Base64.getEncoder().encodeToString(transfer.getBytes(UTF8)) + "?=";
        byte[] transferPdf = pdf("Überweisung");
        byte[] japanese = encode("日本語のテキスト\n", UTF8);
        byte[] greetings = encode("Schöne Grüße, in two RFC 2231 segments that split the ü.\n", UTF8);
        byte[] cologne = encode("only a Content-Type name, Q-encoded in ISO-8859-1\n", UTF8);
        byte[] mexico = encode("a decomposed é in the name\n", UTF8);
        String text = message("encoded-names", 9, "Content-Type: multipart/mixed; boundary=\"encoded-9\"\n\n"
                + multipart("encoded-9",
                        textPart("Names in several encodings. Codeword: kaleidoscope.\n"),
                        base64Part("Content-Type: application/pdf; name=\"" + rfc2047 + "\"\n"
                                + "Content-Disposition: attachment; filename=\"" + rfc2047 + "\"", transferPdf),
                        base64Part("""
                                Content-Type: text/plain; charset=UTF-8
                                Content-Disposition: attachment;
                                 filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.txt""", japanese),
                        // The cut between the segments falls inside the two bytes of "ü" (C3 BC).
                        base64Part("""
                                Content-Type: text/plain; charset=UTF-8
                                Content-Disposition: attachment;
                                 filename*0*=UTF-8''Sch%C3%B6ne%20Gr%C3;
                                 filename*1*=%BC%C3%9Fe.txt""", greetings),
                        base64Part("Content-Type: application/octet-stream;\n"
                                + " name=\"=?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln.bin?=\"", cologne),
                        // NFD: "e" followed by a combining acute accent; the name is NFC after sanitising.
                        base64Part("Content-Type: text/plain; charset=UTF-8\n"
                                + "Content-Disposition: attachment; filename*=utf-8'es'Me%CC%81xico.txt", mexico)));
        return new Case("encoded-names", encode(text, ASCII), List.of(
                new Expected(SafeNames.sanitizeFileName(transfer, "part-2.pdf"), transferPdf),
                new Expected(SafeNames.sanitizeFileName("日本語.txt", "part-3.txt"), japanese),
                new Expected(SafeNames.sanitizeFileName("Schöne Grüße.txt", "part-4.txt"), greetings),
                new Expected(SafeNames.sanitizeFileName("Grüße aus Köln.bin", "part-5.bin"), cologne),
                new Expected(SafeNames.sanitizeFileName("Me\u0301xico.txt", "part-6.txt"), mexico)),
                List.of("kaleidoscope"));
    }

    // ---- 10-12: structure ----

    private static Case nested() {
        String inner = "From: Inner Sender <inner@" + DOMAIN + ">\n"
                + "To: Bob <bob@example.org>\n"
                + "Subject: Inner subject\n"
                + "Date: Sun, 31 Mar 2024 18:00:00 +0000\n"
                + "Message-ID: <nested-inner@" + DOMAIN + ">\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"inner-10\"\n\n"
                + multipart("inner-10",
                        textPart("The inner word is matryoshka.\n"),
                        attachmentPart("text/plain; charset=UTF-8", "inner.txt",
                                encode("attachment of the inner message\n", UTF8)));
        String text = message("nested", 10, "Content-Type: multipart/mixed; boundary=\"outer-10\"\n\n"
                + multipart("outer-10",
                        textPart("Forwarding this one, see below. Outer word: serendipitous.\n"),
                        // The extra "\n" is the line break before the boundary, so the part is exactly `inner`.
                        "Content-Type: message/rfc822\n\n" + inner + "\n"));
        return new Case("nested", encode(text, ASCII), List.of(new Expected("Inner subject.eml", encode(inner, ASCII))),
                List.of("serendipitous"));
    }

    private static Case smimeSigned() {
        byte[] signature = concat(new byte[] {0x30, (byte) 0x82, 0x01, 0x0F, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48,
            (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x07, 0x02, (byte) 0xA0}, randomBytes(11, 256));
        String text = message("smime-signed", 11, "Content-Type: multipart/signed;"
                + " protocol=\"application/pkcs7-signature\"; micalg=sha-256;\n boundary=\"----signed-11\"\n\n"
                + "This is an S/MIME signed message\n\n"
                + multipart("----signed-11",
                        textPart("Signed and sealed. The signed word is quixotic.\n"),
                        attachmentPart("application/pkcs7-signature", "smime.p7s", signature)));
        return new Case("smime-signed", encode(text, ASCII), List.of(new Expected("smime.p7s", signature)),
                List.of("quixotic"));
    }

    private static Case calendar() {
        byte[] inline = ics("inline copy in the alternative");
        byte[] attached = ics("attached copy");
        String alternative = "Content-Type: multipart/alternative; boundary=\"alt-12\"\n\n"
                + multipart("alt-12",
                        textPart("You are invited to plan the aardvark migration.\n"),
                        """
                        Content-Type: text/html; charset=UTF-8
                        Content-Transfer-Encoding: quoted-printable

                        <p>You are <b>invited</b>.</p>
                        """,
                        base64Part("Content-Type: text/calendar; charset=UTF-8; method=REQUEST", inline));
        String text = message("calendar", 12, "Content-Type: multipart/mixed; boundary=\"mixed-12\"\n\n"
                + multipart("mixed-12",
                        alternative,
                        attachmentPart("application/ics", "invite.ics", attached)));
        return new Case("calendar", encode(text, ASCII), List.of(
                new Expected("part-1-3.ics", inline),
                new Expected("invite.ics", attached)),
                List.of("aardvark"));
    }

    // ---- 13-18: broken or unusual ----

    /** No header at all, not even the blank line; so no Message-ID, Subject or Date either. */
    private static Case noHeaders() {
        // A reader may take both lines for (malformed) header lines, so no body word is certain.
        return new Case("no-headers", encode("just some text without any header\nsecond line\n", ASCII),
                List.of(), List.of());
    }

    /** The file ends inside the second part: no closing boundary line. */
    private static Case unclosedMultipart() {
        byte[] truncated = randomBytes(14, 300);
        String text = message("unclosed-multipart", 14, "Content-Type: multipart/mixed; boundary=\"unclosed-14\"\n\n"
                + "--unclosed-14\n"
                + textPart("The first part is complete. Riddle: labyrinthine.\n")
                + "--unclosed-14\n"
                + attachmentPart("application/octet-stream", "truncated.bin", truncated));
        return new Case("unclosed-multipart", encode(text, ASCII), List.of(new Expected("truncated.bin", truncated)),
                List.of("labyrinthine"));
    }

    /** Base64 with characters outside the alphabet and padding in the middle, between two good stretches. */
    private static Case badBase64() {
        String text = message("bad-base64", 15, """
                Content-Type: text/plain; charset=UTF-8
                Content-Transfer-Encoding: base64

                """ + b64(wholeQuanta("Best effort decoding must still find the pelican here.\n"))
                + "QUJD!!*#~REVG\n"
                + "SGk=SGk=\n"
                + "QQ=\n"
                + b64(wholeQuanta("After the damage comes the walrus.\n")));
        return new Case("bad-base64", encode(text, ASCII), List.of(), List.of("pelican"));
    }

    private static Case unknownCharset() {
        // The 8-bit bytes are é, ü, ÿ and 0x80; only the ASCII words are certain after decoding.
        String text = message("unknown-charset", 16, """
                Content-Type: text/plain; charset="x-does-not-exist"
                Content-Transfer-Encoding: 8bit

                Plain ASCII words: marmalade and tangerine.
                Some 8-bit bytes: caf\u00e9 \u00fc\u00ff\u0080.
                """);
        return new Case("unknown-charset", encode(text, LATIN1), List.of(), List.of("marmalade", "tangerine"));
    }

    /** A Content-Length header that claims 5 bytes; the word is far beyond them. */
    private static Case wrongContentLength() {
        String text = message("wrong-content-length", 17, """
                Content-Type: text/plain; charset=UTF-8
                Content-Transfer-Encoding: base64
                Content-Length: 5

                """ + b64(encode("The whole body must survive the lying header: chrysanthemum.\n", UTF8)));
        return new Case("wrong-content-length", encode(text, ASCII), List.of(), List.of("chrysanthemum"));
    }

    /** Latin-1 bytes (not valid UTF-8) with no charset: the mount falls back to windows-1252. */
    private static Case undeclared8bit() {
        String text = message("undeclared-8bit", 18, """
                Content-Type: text/plain
                Content-Transfer-Encoding: 8bit

                Ärger über Öl? Grüße vom Bäcker.
                """);
        return new Case("undeclared-8bit", encode(text, LATIN1), List.of(), List.of("Ärger", "über", "Grüße", "Bäcker"));
    }

    /**
     * Addresses that break RFC 5322: a local part that starts with a dot and an unclosed quote. A
     * server's ENVELOPE of it made Angus drop the message from listings (found with Dovecot).
     */
    private static Case brokenAddresses() {
        String text = "From: =?UTF-8?B?xYF1a2FzeiBXcsOzYmVs?= <.ukasz.wr.bel@example.net>\n"
                + "To: \"Unclosed <nobody@example.org>, .lead@example.org\n"
                + "Subject: Tricky: broken-addresses\n"
                + "Date: Mon, 1 Apr 2024 10:19:00 +0000\n"
                + "Message-ID: <broken-addresses@" + DOMAIN + ">\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=UTF-8\n"
                + "\n"
                + "The listing must still show this message: ocelot.\n";
        return new Case("broken-addresses", encode(text, ASCII), List.of(), List.of("ocelot"));
    }

    // ---- building blocks (text uses "\n"; encode() makes it CRLF) ----

    /** The top-level headers of case number {@code n}, followed by {@code rest}: MIME headers, blank line, body. */
    private static String message(String key, int n, String rest) {
        return "From: Tricky Sender <sender@" + DOMAIN + ">\n"
                + "To: Alice <alice@example.org>\n"
                + "Subject: Tricky: " + key + "\n"
                + String.format("Date: Mon, 1 Apr 2024 10:%02d:00 +0000\n", n)
                + "Message-ID: <" + key + "@" + DOMAIN + ">\n"
                + "MIME-Version: 1.0\n"
                + rest;
    }

    /**
     * A multipart body: each part (its headers, a blank line and its content, ending in "\n") after a
     * boundary line, then the closing boundary line. The "\n" that ends a part belongs to the next
     * boundary line, so it is not part of the content.
     */
    private static String multipart(String boundary, String... parts) {
        StringBuilder body = new StringBuilder();
        for (String part : parts) {
            body.append("--").append(boundary).append('\n').append(part);
        }
        return body.append("--").append(boundary).append("--\n").toString();
    }

    /** A part with the given header lines (no trailing line break) and content in base64. */
    private static String base64Part(String headers, byte[] content) {
        return headers + "\nContent-Transfer-Encoding: base64\n\n" + b64(content);
    }

    /** An inline UTF-8 text/plain part in base64, so that its words are not visible in the raw message. */
    private static String textPart(String text) {
        return base64Part("Content-Type: text/plain; charset=UTF-8", encode(text, UTF8));
    }

    /** An attachment whose name is given both as Content-Disposition filename and Content-Type name. */
    private static String attachmentPart(String contentType, String filename, byte[] content) {
        return base64Part("Content-Type: " + contentType + "; name=\"" + filename + "\"\n"
                + "Content-Disposition: attachment; filename=\"" + filename + "\"", content);
    }

    /** Base64 in lines of 76 characters, each ending in "\n". */
    private static String b64(byte[] content) {
        return Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(content) + "\n";
    }

    /** The text in UTF-8, padded with spaces before its last line break to a multiple of 3 bytes (base64 without "="). */
    private static byte[] wholeQuanta(String line) {
        String padded = line;
        while (encode(padded, UTF8).length % 3 != 0) {
            padded = padded.replace("\n", " \n");
        }
        return encode(padded, UTF8);
    }

    /** The text with every "\n" made CRLF, in the charset; fails instead of writing '?' for a character it lacks. */
    static byte[] encode(String text, Charset charset) {
        if (text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("write line breaks as \\n, not \\r");
        }
        try {
            ByteBuffer bytes = charset.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text.replace("\n", "\r\n")));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not representable in " + charset + ": " + text, e);
        }
    }

    /** A tiny file that starts like a PDF, with the binary comment line real PDFs have. */
    private static byte[] pdf(String title) {
        return concat(encode("%PDF-1.4\n%", ASCII), new byte[] {(byte) 0xE2, (byte) 0xE3, (byte) 0xCF, (byte) 0xD3},
                encode("\n1 0 obj\n<< /Title (" + title + ") >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", UTF8));
    }

    /** A calendar invitation (iCalendar uses CRLF). */
    private static byte[] ics(String description) {
        return encode("""
                BEGIN:VCALENDAR
                PRODID:-//mailfs//tricky//EN
                VERSION:2.0
                METHOD:REQUEST
                BEGIN:VEVENT
                UID:calendar@tricky.mailfs.dev
                DTSTAMP:20240401T101200Z
                DTSTART:20240410T090000Z
                DTEND:20240410T100000Z
                SUMMARY:Planning the migration
                DESCRIPTION:%s
                ORGANIZER:mailto:sender@tricky.mailfs.dev
                ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:alice@example.org
                END:VEVENT
                END:VCALENDAR
                """.formatted(description), UTF8);
    }

    /** The same bytes on every JVM: java.util.Random's algorithm is part of its specification. */
    private static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }
}

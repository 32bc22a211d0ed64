package dev.mailfs.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Raw test messages, built as bytes so that hostile headers reach the server exactly as written. */
final class TestMail {
    /** A word that only {@link #withNeedle} messages contain. */
    static final String NEEDLE = "zanzibar-needle-4711";

    private TestMail() {
    }

    static byte[] message(String subjectHeader, String messageId, String date, String body) {
        StringBuilder text = new StringBuilder()
                .append("From: Tester <tester@example.org>\r\n")
                .append("To: alice@example.org\r\n");
        if (subjectHeader != null) {
            text.append("Subject: ").append(subjectHeader).append("\r\n");
        }
        text.append("Date: ").append(date).append("\r\n")
                .append("Message-ID: ").append(messageId).append("\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("\r\n")
                .append(body.replace("\n", "\r\n"));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@link #message} from another sender. */
    static byte[] from(String fromHeader, String subjectHeader, String messageId, String date, String body) {
        String text = new String(message(subjectHeader, messageId, date, body), StandardCharsets.UTF_8);
        return text.replace("From: Tester <tester@example.org>\r\n", "From: " + fromHeader + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A subject as an RFC 2047 encoded word, which can carry any character, NUL included. */
    static String encoded(String subject) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** Subjects that try to escape the folder, hide, or break the name. */
    static List<byte[]> hostile() {
        List<byte[]> messages = new ArrayList<>();
        String[] subjects = {
                "../../etc/passwd",
                "/abs/path",
                "..",
                ".",
                "nul\u0000and\u0001control\u007fchars",
                "line\r\nbreak",
                "-rf leading dash",
                "right-to-left \u202Egnp.exe",
                "x".repeat(400),
                "ü".repeat(400),
                "",
        };
        for (int i = 0; i < subjects.length; i++) {
            messages.add(message(encoded(subjects[i]), "<hostile-" + i + "@test.mailfs.dev>",
                    "Mon, 4 Mar 2024 10:0" + (i % 10) + ":00 +0000", "hostile subject number " + i + "\n"));
        }
        messages.add(message(null, "<no-subject@test.mailfs.dev>", "Mon, 4 Mar 2024 11:00:00 +0000", "no subject header\n"));
        // Two copies of one message: same Message-ID, date and subject.
        byte[] duplicate = message("Duplicate", "<duplicate@test.mailfs.dev>", "Tue, 5 Mar 2024 09:00:00 +0000", "same twice\n");
        messages.add(duplicate);
        messages.add(duplicate);
        return messages;
    }

    static byte[] withNeedle() {
        return message("Contains the needle", "<needle@test.mailfs.dev>", "Wed, 6 Mar 2024 12:00:00 +0000",
                "Somewhere in here is the " + NEEDLE + ".\n");
    }

    /** A message of about {@code size} bytes of plain text lines. */
    static byte[] large(int size) {
        StringBuilder body = new StringBuilder(size + 100);
        String line = "The quick brown fox jumps over the lazy dog, again and again and again.\n";
        while (body.length() < size) {
            body.append(line);
        }
        return message("A very large message", "<large@test.mailfs.dev>", "Thu, 7 Mar 2024 08:00:00 +0000", body.toString());
    }
}

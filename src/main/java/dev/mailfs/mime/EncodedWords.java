package dev.mailfs.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 2047 encoded words in header text ({@code =?UTF-8?B?...?=}), decoded here rather than by
 * Jakarta Mail's MimeUtility.decodeText, which looks up its stream provider anew for every word
 * and so took most of the time of listing a folder (bench/README.md). Lenient as mail needs:
 * adjacent words in one charset are decoded together (mailers split a character across two
 * words), and a word that cannot be decoded (unknown charset) stays as it is.
 */
public final class EncodedWords {
    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
    private static final Pattern FOLD = Pattern.compile("\\r?\\n(?=[ \\t])");

    private EncodedWords() {
    }

    public static String decode(String text) {
        String unfolded = text.indexOf('\n') < 0 ? text : FOLD.matcher(text).replaceAll(""); // most have no fold
        if (!unfolded.contains("=?")) {
            return unfolded;
        }
        StringBuilder out = new StringBuilder(unfolded.length());
        Matcher word = WORD.matcher(unfolded);
        int last = 0;
        Run run = null;
        boolean previousWasWord = false;
        while (word.find()) {
            String between = unfolded.substring(last, word.start());
            Charset charset = charset(word.group(1));
            byte[] bytes = charset == null ? null : bytes(word.group(2), word.group(3));
            boolean joinsPrevious = previousWasWord && between.isBlank(); // space between words is not text
            if (bytes == null) {
                run = flush(run, out);
                out.append(between).append(word.group());
                previousWasWord = false;
            } else if (joinsPrevious && run != null && run.charset.equals(charset)) {
                run.bytes.writeBytes(bytes);
            } else {
                run = flush(run, out);
                if (!joinsPrevious) {
                    out.append(between);
                }
                run = new Run(charset);
                run.bytes.writeBytes(bytes);
                previousWasWord = true;
            }
            last = word.end();
        }
        flush(run, out);
        out.append(unfolded, last, unfolded.length());
        return out.toString();
    }

    private record Run(Charset charset, ByteArrayOutputStream bytes) {
        Run(Charset charset) {
            this(charset, new ByteArrayOutputStream());
        }
    }

    private static Run flush(Run run, StringBuilder out) {
        if (run != null) {
            out.append(new String(run.bytes.toByteArray(), run.charset));
        }
        return null;
    }

    private static Charset charset(String name) {
        int language = name.indexOf('*'); // RFC 2231: "UTF-8*en"
        try {
            return Charset.forName(language < 0 ? name : name.substring(0, language));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] bytes(String encoding, String text) {
        if (encoding.equalsIgnoreCase("B")) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                bytes.write(' ');
            } else if (c == '=' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return bytes.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}

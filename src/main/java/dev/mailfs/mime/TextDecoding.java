package dev.mailfs.mime;

import jakarta.mail.internet.MimeUtility;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns text bytes into a string: in the declared charset when Java knows it; otherwise (no
 * charset, an unknown one, or 8-bit bytes declared as ASCII) as UTF-8 when they are valid UTF-8,
 * else as Windows-1252, which maps every byte to something readable. Never fails.
 */
public final class TextDecoding {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextDecoding() {
    }

    public static String decode(byte[] bytes, String declaredCharset) {
        Charset declared = known(declaredCharset);
        if (declared != null && !(declared.equals(StandardCharsets.US_ASCII) && hasHighBytes(bytes))) {
            return new String(bytes, declared);
        }
        return bestEffort(bytes);
    }

    private static String bestEffort(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, WINDOWS_1252);
        }
    }

    private static Charset known(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            // Java's own names first: MimeUtility.javaCharset maps "us-ascii" to ISO-8859-1.
            String trimmed = name.trim();
            String javaName = Charset.isSupported(trimmed) ? trimmed : MimeUtility.javaCharset(trimmed);
            if (Charset.isSupported(javaName)) {
                Charset charset = Charset.forName(javaName);
                // Mail that says ISO-8859-1 is Windows-1252 in practice (the HTML5 rule as well).
                return charset.equals(StandardCharsets.ISO_8859_1) ? WINDOWS_1252 : charset;
            }
        } catch (RuntimeException e) {
            // an illegal charset name: treat it as unknown
        }
        return null;
    }

    private static boolean hasHighBytes(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}

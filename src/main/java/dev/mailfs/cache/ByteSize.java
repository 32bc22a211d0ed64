package dev.mailfs.cache;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them: {@code 0}, {@code 4096}, {@code 500M}, {@code 2G}, {@code 1.5G} (K, M, G, T are powers of 1024). */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)(?:I?B)?");
    private static final String UNITS = "KMGT";

    private ByteSize() {
    }

    /** The number of bytes, or IllegalArgumentException saying what is allowed. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write it like 500M or 2G (K, M, G, T), or 0");
        }
        double bytes = Double.parseDouble(m.group(1));
        int unit = m.group(2).isEmpty() ? 0 : UNITS.indexOf(m.group(2)) + 1;
        for (int i = 0; i < unit; i++) {
            bytes *= 1024;
        }
        if (bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return (long) bytes;
    }
}

package dev.mailfs.testing.gmail;

import java.util.ArrayList;
import java.util.List;

/** An IMAP sequence set ({@code 1:*}, {@code 5,7:9}) of sequence numbers or UIDs. */
final class SequenceSet {

    private final List<long[]> ranges = new ArrayList<>();

    /** @param largest the value of {@code *}: the highest sequence number or UID in the folder */
    SequenceSet(String text, long largest) {
        for (String piece : text.split(",")) {
            if (piece.isEmpty()) {
                throw new ImapCommand.BadCommand("Invalid sequence set");
            }
            String[] ends = piece.split(":", 2);
            long a = value(ends[0], largest);
            long b = ends.length == 2 ? value(ends[1], largest) : a;
            ranges.add(new long[] {Math.min(a, b), Math.max(a, b)});
        }
    }

    private static long value(String s, long largest) {
        if (s.equals("*")) {
            return largest;
        }
        try {
            long v = Long.parseLong(s);
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ImapCommand.BadCommand("Invalid sequence set");
        }
    }

    static boolean looksLikeOne(String s) {
        return s.matches("[0-9*:,]+");
    }

    boolean contains(long n) {
        for (long[] r : ranges) {
            if (n >= r[0] && n <= r[1]) {
                return true;
            }
        }
        return false;
    }
}

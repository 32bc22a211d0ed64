package dev.mailfs.imap;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The From and To fields of one listing, each different text parsed once and shown by one string:
 * most of a folder's messages share a few senders and one recipient, so a folder of 300,000
 * messages neither parses 600,000 address fields nor keeps 600,000 copies of a few hundred.
 */
final class ListedAddresses {
    /** Texts remembered per field; past it (a folder of strangers) a text is parsed each time. */
    private static final int MAX = 20_000;

    private final Map<String, String> fromShown = new HashMap<>();
    private final Map<String, String> toShown = new HashMap<>();

    String from(HeaderFields fields) {
        return shown(fromShown, fields.field("from"), HeaderFields::shownFrom);
    }

    String to(HeaderFields fields) {
        return shown(toShown, fields.field("to"), HeaderFields::shownTo);
    }

    private static String shown(Map<String, String> known, String text, UnaryOperator<String> parse) {
        String shown = known.get(text);
        if (shown == null) {
            shown = parse.apply(text);
            if (known.size() < MAX) {
                known.put(text, shown);
            }
        }
        return shown;
    }
}

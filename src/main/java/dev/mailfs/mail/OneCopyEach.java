package dev.mailfs.mail;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One string for each different text met while one listing is read: most of a folder's messages
 * share a few senders and one recipient, so a folder of 300,000 keeps a few hundred address strings,
 * not 600,000 copies of them. Lives as long as the reading of one listing.
 */
public final class OneCopyEach {
    /** Texts remembered; past it (a folder of strangers) each further one is its own copy. */
    private static final int MAX = 20_000;

    private final Map<String, String> shown = new HashMap<>();

    /** The string kept for {@code text}. */
    public String of(String text) {
        return of(text, UnaryOperator.identity());
    }

    /** What {@code show} makes of {@code text}, made once for every equal text and kept as one string. */
    public String of(String text, UnaryOperator<String> show) {
        String kept = shown.get(text);
        if (kept == null) {
            kept = show.apply(text);
            if (shown.size() < MAX) {
                shown.put(text, kept);
            }
        }
        return kept;
    }
}

package dev.mailfs.vfs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Names unlinked inside a message's directory. {@code rm -r X}, {@code rm -rf} and a file
 * manager's delete of "X/" remove the files in X/ before X itself: each unlink is accepted and only
 * hides the name, changing nothing on the server, so that the rmdir of X that follows finds it
 * empty and deletes the message as {@code rm X.eml} does. Without that rmdir the names come back a
 * minute after the last of them was hidden, and the message is as it was.
 */
final class HiddenParts {
    static final Duration LIFETIME = Duration.ofSeconds(60);

    /** By a message's directory ("/INBOX/X"): the paths hidden in it, relative to it ("body.txt", "fwd/body.txt"). */
    private final Cache<String, Set<String>> byMessage;

    HiddenParts(Ticker ticker) {
        this.byMessage = Caffeine.newBuilder().ticker(ticker)
                .expireAfter(Expiry.<String, Set<String>>writing((key, names) -> LIFETIME)).maximumSize(10_000).build();
    }

    void hide(String messageDirectory, String relative) {
        byMessage.asMap().merge(messageDirectory, Set.of(relative), (hidden, one) -> {
            Set<String> names = new HashSet<>(hidden);
            names.add(relative);
            return Set.copyOf(names);
        });
    }

    /** Whether {@code relative}, or a directory it is in, is hidden in the message's directory. */
    boolean isHidden(String messageDirectory, String relative) {
        Set<String> hidden = byMessage.getIfPresent(messageDirectory);
        if (hidden == null) {
            return false;
        }
        for (String path = relative; !path.isEmpty(); path = path.substring(0, Math.max(0, path.lastIndexOf('/')))) {
            if (hidden.contains(path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every entry of {@code directory}, at {@code relative} in the message's directory ("" for X/ itself), is hidden. */
    boolean allHidden(String messageDirectory, String relative, MessageDirectory directory) {
        String prefix = relative.isEmpty() ? "" : relative + "/";
        return directory.entries().keySet().stream().allMatch(name -> isHidden(messageDirectory, prefix + name));
    }

    /** The entries of a directory at {@code relative} in the message's directory that are not hidden. */
    EntrySink unhidden(String messageDirectory, String relative, EntrySink into) {
        String prefix = relative.isEmpty() ? "" : relative + "/";
        return (name, isDirectory, inode) -> isHidden(messageDirectory, prefix + name) || into.add(name, isDirectory, inode);
    }

    /** The message is gone (or its directory removed): nothing in it is hidden any more. */
    void forget(String messageDirectory) {
        byMessage.invalidate(messageDirectory);
    }
}

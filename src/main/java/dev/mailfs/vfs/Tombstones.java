package dev.mailfs.vfs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.mailfs.mail.MessageMeta;
import java.time.Duration;
import java.util.Optional;

/**
 * A message's other name, for a minute after the message was deleted or moved through one of its
 * two names. {@code rm -r FOLDER} reads "X.eml" and "X" and then removes each: once X.eml has
 * deleted the message, the rmdir of X that follows must succeed as already done, not fail with "No
 * such file or directory"; so must {@code mv *launch* Other/} with "X" after "X.eml", and either
 * of them the other way round. Such a name answers a lookup (an empty directory, or a file of the
 * message's size that cannot be read), is never listed, and goes at its first unlink, rmdir or
 * rename, or after a minute: as long as the kernel may remember the name it was looked up under.
 */
final class Tombstones {
    static final Duration LIFETIME = Duration.ofSeconds(60);

    /**
     * @param path    the name left behind: "/INBOX/X" after X.eml went, "/INBOX/X.eml" after X
     * @param movedTo the directory of the folder the message was moved into; empty when it was deleted
     */
    record Tombstone(String path, boolean directory, MessageMeta meta, Optional<String> movedTo) {
    }

    private final Cache<String, Tombstone> byPath;

    Tombstones(Ticker ticker) {
        this.byPath = Caffeine.newBuilder().ticker(ticker)
                .expireAfter(Expiry.<String, Tombstone>writing((path, tombstone) -> LIFETIME)).maximumSize(100_000).build();
    }

    /** The message {@code meta} at {@code usedPath} (its .eml or its directory) was deleted, or moved into {@code movedTo}. */
    void messageGone(String usedPath, MessageMeta meta, Optional<String> movedTo) {
        boolean usedFile = usedPath.endsWith(MessageNames.EXTENSION);
        String other = usedFile ? MessageNames.directoryName(usedPath) : usedPath + MessageNames.EXTENSION;
        byPath.put(other, new Tombstone(other, usedFile, meta, movedTo));
    }

    Optional<Tombstone> at(String path) {
        return Optional.ofNullable(byPath.getIfPresent(path));
    }

    /** The name was removed or renamed as the second half of the command that took the message: it goes. */
    void bury(Tombstone tombstone) {
        byPath.asMap().remove(tombstone.path(), tombstone);
    }
}

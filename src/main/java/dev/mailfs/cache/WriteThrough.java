package dev.mailfs.cache;

import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Changes go to the server, then show at once in what the {@link ListingCache} holds: patched where
 * the outcome is known (a move, an expunge), else listed afresh at the next use. On Gmail a change
 * in one folder changes others, so every listing held is checked then too.
 */
final class WriteThrough {
    private final MailSource server;
    private final ListingCache listings;

    WriteThrough(MailSource server, ListingCache listings) {
        this.server = server;
        this.listings = listings;
    }

    /** Moves, then shows the message in its new folder at once: the listings are patched, not fetched again. */
    Optional<Long> move(MessageRef message, String toFolder) {
        Optional<MessageMeta> meta = listings.cachedMeta(message);
        Optional<Long> newUid;
        try {
            newUid = server.move(message, toFolder);
        } catch (RuntimeException e) {
            // Where the message is now is the server's to say: list both folders afresh.
            listings.forget(message.folder());
            listings.forget(toFolder);
            throw e;
        }
        listings.remove(message);
        listings.checkLabelFoldersSoon();
        if (newUid.isPresent() && meta.isPresent()) {
            listings.add(toFolder, meta.get().withUid(newUid.get()));
        } else {
            listings.forget(toFolder);
        }
        return newUid;
    }

    void expunge(MessageRef message) {
        try {
            server.expunge(message);
            listings.remove(message);
        } finally {
            listings.checkLabelFoldersSoon();
        }
    }

    void changeLabels(MessageRef message, Set<String> add, Set<String> remove) {
        try {
            server.changeLabels(message, add, remove);
        } finally {
            listings.checkLabelFoldersSoon();
        }
    }

    /** Shows the message gone from its folder at once, as {@link #expunge} does. */
    void removeLabel(MessageRef message, String label) {
        try {
            server.removeLabel(message, label);
            listings.remove(message);
        } finally {
            listings.checkLabelFoldersSoon();
        }
    }

    /** Appends; the folder is listed afresh next time, which shows the message under its new name. */
    Optional<MessageRef> append(String folder, Path rfc822, Set<String> flags, Instant internalDate) {
        try {
            return server.append(folder, rfc822, flags, internalDate);
        } finally {
            listings.forget(folder);
            listings.checkLabelFoldersSoon(); // on Gmail, a copy of a message the account has is labelled, not appended
        }
    }

    void setFlags(MessageRef message, Set<String> flags) {
        try {
            server.setFlags(message, flags);
        } finally {
            listings.forget(message.folder()); // the server may have kept other flags than we asked for
            listings.checkLabelFoldersSoon(); // on Gmail, \Flagged is the label \Starred
        }
    }

    void createFolder(String name) {
        try {
            server.createFolder(name);
        } finally {
            listings.forgetFolderList();
        }
    }

    void deleteFolder(String name) {
        try {
            server.deleteFolder(name);
        } finally {
            listings.forgetFolderList();
            listings.forget(name);
        }
    }

    void renameFolder(String from, String to) {
        try {
            server.renameFolder(from, to);
        } finally {
            listings.forgetFolderList();
            listings.forgetAll(); // every folder below it was renamed too
        }
    }
}

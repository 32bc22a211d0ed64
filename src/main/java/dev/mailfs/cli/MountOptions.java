package dev.mailfs.cli;

import dev.mailfs.cache.ByteSize;
import dev.mailfs.cache.DiskBodyStore;
import dev.mailfs.imap.ImapSettings;
import dev.mailfs.vfs.WriteSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Option;

/** The options {@code mount} and {@code demo} share: what changes a mount may make, and how much it says. */
final class MountOptions {
    @Option(names = "--read-only", description = "refuse every change (EROFS)")
    Boolean readOnly;

    @Option(names = "--delete", paramLabel = "trash|expunge",
            description = "what rm does: trash (default) moves to the Trash folder, where rm deletes for good; expunge deletes at once")
    String delete;

    @Option(names = "--verbose", description = "log more, and the IMAP conversation itself (without the login)")
    boolean verbose;

    @Option(names = "--trash-folder", paramLabel = "FOLDER",
            description = "the Trash folder when the server marks none as \\Trash (default: the first of Trash,"
                    + " Deleted Items and the like that exists)")
    String trashFolder;

    @Option(names = "--show-deleted",
            description = "show messages another mail program marked deleted (\\Deleted, not yet expunged);"
                    + " setfattr can take the flag off (default: hidden)")
    Boolean showDeleted;

    @Option(names = "--cache-size", paramLabel = "SIZE",
            description = "disk space for message bodies in ~/.cache/mailfs, such as 500M or 2G; 0 keeps them in memory only"
                    + " (default: 1G; the demo keeps none)")
    String cacheSize;

    @Option(names = "--daily-download-limit", paramLabel = "SIZE",
            description = "mail downloaded from the server over 24 hours at most, such as 800M or 2G; 0 for no limit"
                    + " (default: 1500M on Gmail, which blocks an account beyond about 2500M a day; elsewhere none)")
    String dailyDownloadLimit;

    @Option(names = "--watch", paramLabel = "FOLDER",
            description = "the folder whose changes the server tells of as they happen (IMAP IDLE, on a connection of its own;"
                    + " default: INBOX); other folders are checked when used")
    String watch;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "how long to wait for the server to connect, answer or take what is sent (default: 15 s to connect,"
                    + " 60 s for the rest); past it, what needs the server fails (EIO) at once for a while")
    Integer timeout;

    @Option(names = "--connections", paramLabel = "N",
            description = "connections to the server at most, from 3 to 100 (default: 6, on Gmail 10; Gmail allows 15 per account"
                    + " in all, so leave room for your other mail programs)")
    Integer connections;

    /** --verbose: FINE logs and the IMAP conversation on stderr. */
    ImapSettings applyVerbosity(ImapSettings settings) {
        if (verbose) {
            Logger.getLogger("dev.mailfs").setLevel(Level.FINE);
        }
        return settings.withProtocolTrace(verbose);
    }

    /** The folder to watch with IDLE: the option, else the account's {@code watch}, else INBOX. */
    String watchedFolder(Optional<Account> account) {
        return watch != null ? watch : account.flatMap(Account::watch).orElse("INBOX");
    }

    static final int LONGEST_TIMEOUT_SECONDS = 3600;

    /** What --timeout and the account's {@code timeout} may be, in seconds. */
    static boolean isTimeout(int seconds) {
        return seconds >= 1 && seconds <= LONGEST_TIMEOUT_SECONDS;
    }

    /**
     * --verbose, --timeout and --connections (the options win over the account's {@code timeout} and
     * {@code connections}, checked when it was read).
     */
    ImapSettings apply(ImapSettings settings, Optional<Account> account) {
        if (timeout != null && !isTimeout(timeout)) {
            throw new UsageException("--timeout must be from 1 to " + LONGEST_TIMEOUT_SECONDS + " seconds, not " + timeout);
        }
        if (connections != null && !ImapSettings.isConnections(connections)) {
            throw new UsageException("--connections must be from 3 to " + ImapSettings.MOST_CONNECTIONS + ", not " + connections);
        }
        Optional<Integer> seconds = timeout != null ? Optional.of(timeout) : account.flatMap(Account::timeoutSeconds);
        Optional<Integer> bound = connections != null ? Optional.of(connections) : account.flatMap(Account::connections);
        Optional<Long> downloads = dailyDownloadLimit != null ? Optional.of(size("--daily-download-limit", dailyDownloadLimit))
                : account.flatMap(Account::dailyDownloadLimit);
        ImapSettings traced = applyVerbosity(settings);
        ImapSettings timed = seconds.map(s -> traced.withTimeouts(Duration.ofSeconds(s))).orElse(traced);
        ImapSettings bounded = bound.map(timed::withConnections).orElse(timed);
        return downloads.map(bounded::withDailyDownloads).orElse(bounded);
    }

    /** Bytes of disk for message bodies (0: no disk store); the option wins over the account, which wins over {@code byDefault}. */
    long diskCacheBytes(Optional<Account> account, long byDefault) {
        if (cacheSize == null) {
            return account.flatMap(Account::cacheSize).orElse(byDefault);
        }
        return size("--cache-size", cacheSize);
    }

    private static long size(String option, String value) {
        try {
            return ByteSize.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** The same with the documented default, {@link DiskBodyStore#DEFAULT_MAX_BYTES}. */
    long diskCacheBytes(Optional<Account> account) {
        return diskCacheBytes(account, DiskBodyStore.DEFAULT_MAX_BYTES);
    }

    /**
     * The settings; files being copied in are to wait in the system's directory for temporary
     * files, where the mount makes a private directory of its own ({@link MountSession#run}).
     */
    WriteSettings toSettings() {
        return toSettings(Optional.empty());
    }

    /** The same, with what the options leave open taken from the account. */
    WriteSettings toSettings(Optional<Account> account) {
        boolean readOnly = this.readOnly != null ? this.readOnly : account.flatMap(Account::readOnly).orElse(false);
        String delete = this.delete != null ? this.delete : account.flatMap(Account::delete).orElse("trash");
        Optional<String> trashFolder = this.trashFolder != null ? Optional.of(this.trashFolder) : account.flatMap(Account::trashFolder);
        WriteSettings.DeleteMode mode = switch (delete.toLowerCase(java.util.Locale.ROOT)) {
            case "trash" -> WriteSettings.DeleteMode.TRASH;
            case "expunge" -> WriteSettings.DeleteMode.EXPUNGE;
            default -> throw new UsageException("--delete must be trash or expunge, not '" + delete + "'");
        };
        boolean showDeleted = this.showDeleted != null ? this.showDeleted : account.flatMap(Account::showDeleted).orElse(false);
        return new WriteSettings(readOnly, mode, trashFolder, Path.of(System.getProperty("java.io.tmpdir")), showDeleted);
    }
}

package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The bytes of mail downloaded from the server over the last 24 hours, by hour, kept in a small
 * file of the disk store so that a restart does not forget them; and a budget, so that mailfs stops
 * downloading before the provider's daily limit: Gmail allows IMAP about 2,500 MB a day and then
 * blocks every mail program of the account for up to a day. Once the budget is spent, what would
 * download fails at once (EIO) until enough of the window has passed, with one log line; what is on
 * disk still reads.
 */
final class DownloadBudget {
    private static final Logger LOG = Logger.getLogger(DownloadBudget.class.getName());
    /** Gmail's daily limit, well under its 2,500 MB: the account's other mail programs count too. */
    static final long GMAIL_DEFAULT_BYTES = 1_500L * 1_000_000;
    private static final int HOURS = 24;
    private static final Duration SAVE_EVERY = Duration.ofSeconds(30);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final Optional<Path> file;
    private final Supplier<Instant> clock;
    /** Bytes downloaded in each hour, by hour since the epoch modulo 24, and which hour each is. */
    private final long[] bytes = new long[HOURS];
    private final long[] hourOf = new long[HOURS];
    private final long limit;
    private boolean spentTold;
    private Instant savedAt = Instant.MIN;

    /**
     * @param file  where the counts are kept across restarts; empty: in memory only
     * @param limit bytes at most over 24 hours; 0 for no limit (counted all the same)
     */
    DownloadBudget(Optional<Path> file, long limit, Supplier<Instant> clock) {
        this.file = file;
        this.limit = limit;
        this.clock = clock;
        file.ifPresent(this::read);
    }

    /** Throws, without a word to the server, while the budget is spent. */
    synchronized void checkBefore(String what) {
        if (limit <= 0) {
            return;
        }
        long hour = hour(clock.get());
        long spent = total(hour);
        if (spent < limit) {
            spentTold = false;
            return;
        }
        String until = TIME.format(freedAt(hour).atZone(ZoneId.systemDefault()));
        String why = "the daily download budget is spent (" + megabytes(spent) + " MB in the last 24 hours, of "
                + megabytes(limit) + " MB; Gmail blocks an account beyond about 2,500 MB a day), so " + what
                + " fails at once until about " + until;
        if (!spentTold) {
            spentTold = true;
            LOG.warning(why + "; what is on disk still reads. --daily-download-limit sets the budget");
        }
        throw new MailfsException.HeldOff(why);
    }

    /** Counts bytes that came from the server. */
    synchronized void downloaded(long count) {
        Instant now = clock.get();
        long hour = hour(now);
        int slot = (int) Math.floorMod(hour, HOURS);
        if (hourOf[slot] != hour) {
            hourOf[slot] = hour;
            bytes[slot] = 0;
        }
        bytes[slot] += count;
        if (Duration.between(savedAt, now).compareTo(SAVE_EVERY) >= 0) {
            save();
        }
    }

    /** For .mailfs/status: "123 MB in the last 24 hours (budget 1500 MB)". */
    synchronized String state() {
        return megabytes(total(hour(clock.get()))) + " MB in the last 24 hours" + (limit > 0 ? " (budget " + megabytes(limit) + " MB)" : "");
    }

    /** Writes the counts down; at unmount, and every half minute while downloading. */
    synchronized void save() {
        savedAt = clock.get();
        if (file.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (int slot = 0; slot < HOURS; slot++) {
            if (bytes[slot] > 0) {
                text.append(hourOf[slot]).append(' ').append(bytes[slot]).append('\n');
            }
        }
        try {
            Path target = file.get();
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), "downloads-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.fine(() -> "cannot keep the download counts in " + file.get() + ": " + e);
        }
    }

    private void read(Path from) {
        try {
            for (String line : Files.readAllLines(from, StandardCharsets.UTF_8)) {
                String[] fields = line.trim().split(" ");
                if (fields.length == 2) {
                    long hour = Long.parseLong(fields[0]);
                    int slot = (int) Math.floorMod(hour, HOURS);
                    if (hour > hourOf[slot]) {
                        hourOf[slot] = hour;
                        bytes[slot] = Long.parseLong(fields[1]);
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // none kept, or not readable: counted from now on
        }
    }

    /** The bytes of the 24 hours up to this one. */
    private long total(long hour) {
        long sum = 0;
        for (int slot = 0; slot < HOURS; slot++) {
            if (hour - hourOf[slot] < HOURS && hourOf[slot] <= hour) {
                sum += bytes[slot];
            }
        }
        return sum;
    }

    /** When the oldest hour still counted leaves the window. */
    private Instant freedAt(long hour) {
        long oldest = hour;
        for (int slot = 0; slot < HOURS; slot++) {
            if (bytes[slot] > 0 && hour - hourOf[slot] < HOURS && hourOf[slot] < oldest) {
                oldest = hourOf[slot];
            }
        }
        return Instant.ofEpochSecond((oldest + HOURS) * 3600);
    }

    private static long hour(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 3600);
    }

    private static long megabytes(long bytes) {
        return Math.round(bytes / 1e6);
    }
}

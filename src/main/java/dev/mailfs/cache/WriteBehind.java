package dev.mailfs.cache;

import dev.mailfs.cache.ChangeJournal.Kind;
import dev.mailfs.cache.PendingChanges.Pending;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BatchOutcome;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves, expunges and (Gmail) labels taken off in bursts (mv of many files, a file manager's drag,
 * rm of many), made a moment later in one command per folder and destination instead of one or
 * more round trips each. A change is promised only when it follows another like it (same kind,
 * folder and destination) within {@link #BURST}: it is written to the {@link ChangeJournal}
 * (forced to disk) and shown made at once ({@link PendingChanges}); a sender thread makes it with
 * the changes queued beside it. A lone change, the first of a burst, and any change without a
 * journal are made before the caller is told, as before, so that the server's refusal reaches the
 * caller; so is a move on a server without MOVE, where a copy whose answer was lost may or may not
 * have happened, which only the caller can be told. A promised change the server refuses later
 * shows the message back where it was, with one log line and a line in the status file; after a
 * crash the next start makes what the journal holds.
 */
final class WriteBehind implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WriteBehind.class.getName());
    static final Duration BURST = Duration.ofSeconds(2);
    /** A UID set of this many, written as ranges, stays far within any server's limit on a command's length (Gmail's too). */
    static final int MOST_IN_ONE_COMMAND = 500;
    /** How long the sender lets changes gather before it sends what is queued. */
    private static final long GATHER_MILLIS = 20;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    private static final Duration LAST_BACKOFF = Duration.ofSeconds(60);
    /** How long a caller that needs a change made (a folder's deletion, a change of the moved message) waits for it. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration FINISHING = Duration.ofSeconds(10);

    private final MailSource server;
    private final ListingCache listings;
    private final Optional<ChangeJournal> journal;
    private final PendingChanges pending;
    private final Ticker ticker;
    private final Map<String, Long> lastOfKind = new ConcurrentHashMap<>();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile String lastRefusal = "";
    private volatile boolean closing;
    private Thread sender;

    WriteBehind(MailSource server, ListingCache listings, Optional<ChangeJournal> journal, Ticker ticker) {
        this.server = server;
        this.listings = listings;
        this.journal = journal;
        this.ticker = ticker;
        this.pending = new PendingChanges(ticker);
        journal.ifPresent(j -> {
            if (!j.left().isEmpty()) {
                LOG.info("making " + j.left().size() + " moves and deletions an earlier run promised and did not finish");
                j.left().forEach(change -> pending.add(change, Optional.empty()));
                startSender();
            }
        });
    }

    /**
     * The change (a move to the folder {@code target}, an expunge, or the label {@code target} taken
     * off) of the message as {@link #forChanging} finds it: promised if it is part of a burst, else
     * made now by {@code now}.
     *
     * @return what {@code now} returned (a move's new UID); empty when promised
     */
    Optional<Long> promiseOrMake(Kind change, MessageRef message, String target, BatchOutcome.Change now) {
        MessageRef changed = forChanging(message);
        if (promise(change, changed, target)) {
            return Optional.empty();
        }
        Optional<Long> made = now.make(changed);
        lastOfKind.put(kindOf(change, changed, target), ticker.read()); // one like it soon after is promised
        return made;
    }

    /** Promises the change if it is part of a burst; whether it did. */
    private boolean promise(Kind change, MessageRef message, String target) {
        if (journal.isEmpty() || closing) {
            return false;
        }
        String kind = kindOf(change, message, target);
        Long last = lastOfKind.get(kind);
        if (last == null || ticker.read() - last > BURST.toNanos() || pending.isWaiting(message)) {
            return false;
        }
        Optional<MessageMeta> meta = listings.cachedMeta(message);
        if (meta.isEmpty()) {
            return false; // not known how it was listed: made now, so it is never shown in neither folder
        }
        if (change == Kind.MOVE && !server.movesAtomically()) {
            // A copy whose answer was lost may or may not have happened: only the caller can be told so.
            return false;
        }
        pending.add(journal.get().add(change, message, target), meta);
        lastOfKind.put(kind, ticker.read());
        startSender();
        return true;
    }

    private static String kindOf(Kind change, MessageRef message, String target) {
        return change + "\n" + message.folder() + "\n" + target;
    }

    /** What the listings show, with the changes promised made. */
    FolderListing shown(FolderListing held) {
        return pending.overlay(held);
    }

    /** The message a name stands for, to read it (see {@link PendingChanges#forReading}). */
    MessageRef forReading(MessageRef message) {
        try {
            return pending.forReading(message, PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailfsException.Interrupted("waiting for a move to be made");
        }
    }

    /**
     * The message to change: a message shown where it was moved to is changed once the move is made;
     * one whose move or expunge is still to be made is not there to change.
     */
    MessageRef forChanging(MessageRef message) {
        if (PendingChanges.isStandIn(message.uid())) {
            awaitMade(change -> change.isMove() && change.toFolder().equals(message.folder()), "the move to " + message.folder());
            return forReading(message);
        }
        if (pending.isWaiting(message)) {
            throw new MailfsException.NotFound("message " + message.uid() + " in " + message.folder() + " is being moved or deleted");
        }
        return message;
    }

    /** Waits until every change to or from {@code folder} (or a folder below it) is made, before the folder itself changes. */
    void awaitMadeTouching(String folder) {
        awaitMade(PendingChanges.touching(folder), "the moves and deletions in " + folder);
    }

    private void awaitMade(Predicate<ChangeJournal.Change> which, String what) {
        try {
            if (!pending.awaitNone(which, PATIENCE)) {
                throw new MailfsException.Unavailable(what + " still wait for the server", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailfsException.Interrupted("waiting for " + what);
        }
    }

    void addStatistics(Map<String, String> statistics) {
        if (journal.isEmpty()) {
            return;
        }
        statistics.put("moves and deletions waiting for the server", String.valueOf(pending.waiting()));
        statistics.put("moves and deletions sent together", messagesSent.get() + " in " + commands.get() + " batches");
        if (refused.get() > 0) {
            statistics.put("moves and deletions the server refused", refused.get() + " (last: " + lastRefusal + ")");
        }
    }

    private synchronized void startSender() {
        if (sender == null) {
            sender = new Thread(this::sendAlways, "mailfs-change-sender");
            sender.setDaemon(true);
            sender.start();
        }
    }

    private void sendAlways() {
        Duration backoff = FIRST_BACKOFF;
        try {
            while (!closing || pending.anyQueued()) {
                pending.awaitQueued(1_000);
                if (!pending.anyQueued()) {
                    continue;
                }
                if (!closing) {
                    Thread.sleep(GATHER_MILLIS);
                }
                boolean failed = false;
                for (List<Pending> batch : pending.takeBatches(MOST_IN_ONE_COMMAND)) {
                    failed |= !send(batch);
                }
                if (failed && closing) {
                    return; // left in the journal for the next start
                }
                if (failed) {
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(LAST_BACKOFF) > 0 ? LAST_BACKOFF : backoff.multipliedBy(2);
                } else {
                    backoff = FIRST_BACKOFF;
                }
            }
        } catch (InterruptedException e) {
            // closed: what is left stays in the journal for the next start
        }
    }

    /**
     * Sends one batch and shows its outcome.
     *
     * @return false when the server could not be asked (the batch is queued again)
     */
    private boolean send(List<Pending> batch) {
        ChangeJournal.Change first = batch.get(0).change;
        List<MessageRef> messages = batch.stream().map(Pending::source).toList();
        BatchOutcome outcome;
        try {
            outcome = switch (first.kind()) {
                case MOVE -> server.moveAll(messages, first.target());
                case EXPUNGE -> server.expungeAll(messages);
                case UNLABEL -> server.removeLabelAll(messages, first.target());
            };
        } catch (RuntimeException e) {
            outcome = new BatchOutcome.Builder().failed(e);
        }
        commands.incrementAndGet();
        List<Pending> made = new ArrayList<>();
        List<Pending> gone = new ArrayList<>();
        List<Pending> refusedHere = new ArrayList<>();
        List<Pending> again = new ArrayList<>();
        for (Pending each : batch) {
            long uid = each.source().uid();
            if (outcome.done().contains(uid)) {
                made.add(each);
            } else if (outcome.gone().contains(uid)) {
                gone.add(each);
            } else if (outcome.refused().containsKey(uid)) {
                refusedHere.add(each);
            } else {
                again.add(each);
            }
        }
        pending.settled(made, outcome.newUids()); // shown where it went before the listings change under it
        showInListings(first, made, gone, outcome.newUids());
        pending.drop(gone);
        pending.drop(refusedHere); // back where it was: its folder's listing never lost it
        List<ChangeJournal.Change> finished = new ArrayList<>();
        for (List<Pending> each : List.of(made, gone, refusedHere)) {
            each.forEach(p -> finished.add(p.change));
        }
        journal.ifPresent(j -> j.done(finished));
        pending.requeue(again);
        messagesSent.addAndGet(finished.size());
        tell(first, batch.size(), gone.size(), refusedHere.isEmpty() ? Optional.empty() : Optional.of(outcome.refused()
                .get(refusedHere.get(0).source().uid())), refusedHere.size(), outcome.failure());
        return again.isEmpty();
    }

    private void showInListings(ChangeJournal.Change first, List<Pending> made, List<Pending> gone, Map<Long, Long> newUids) {
        MessageRef source = first.message();
        Set<Long> out = new HashSet<>();
        made.forEach(p -> out.add(p.source().uid()));
        gone.forEach(p -> out.add(p.source().uid()));
        listings.removeAll(source.folder(), source.uidValidity(), out);
        if (first.isMove() && !made.isEmpty()) {
            List<MessageMeta> arrived = new ArrayList<>();
            boolean unknown = false;
            for (Pending p : made) {
                Long newUid = newUids.get(p.source().uid());
                if (newUid != null && p.meta.isPresent()) {
                    arrived.add(p.meta.get().withUid(newUid));
                } else {
                    unknown = true;
                }
            }
            listings.addAll(first.toFolder(), arrived);
            if (unknown) {
                listings.forget(first.toFolder()); // listed afresh: the server did not say their new UIDs
            }
        }
        listings.checkLabelFoldersSoon();
    }

    private void tell(ChangeJournal.Change first, int size, int gone, Optional<MailfsException> refusal, int refusals,
                      Optional<RuntimeException> failure) {
        String what = switch (first.kind()) {
            case MOVE -> "moving messages of " + first.message().folder() + " to " + first.target();
            case EXPUNGE -> "deleting messages of " + first.message().folder();
            case UNLABEL -> "taking the label " + first.target() + " off messages of " + first.message().folder();
        };
        if (refusal.isPresent()) {
            lastRefusal = what + ": " + refusal.get().getMessage();
            refused.addAndGet(refusals);
            lastOfKind.remove(kindOf(first.kind(), first.message(), first.target())); // the next one is made at once, and its refusal told
            LOG.warning("the server refused " + what + " (" + refusals + " of " + size + "): " + refusal.get().getMessage()
                    + "; they are back in " + first.message().folder());
        }
        if (gone > 0) {
            LOG.info(what + ": " + gone + " of " + size + " were no longer there (moved or deleted meanwhile: by another mail program, or by an earlier run whose answer was lost)");
        }
        failure.ifPresent(e -> LOG.log(Level.INFO, what + ": not sent (" + e.getMessage() + "); trying again later"));
    }

    /** Sends what is queued, waiting at most {@link #FINISHING}; what is left stays in the journal for the next start. */
    @Override
    public void close() {
        closing = true;
        Thread thread;
        synchronized (this) {
            thread = sender;
        }
        if (thread != null) {
            synchronized (pending) {
                pending.notifyAll();
            }
            try {
                thread.join(FINISHING.toMillis());
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(1_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        journal.ifPresent(ChangeJournal::close);
    }
}

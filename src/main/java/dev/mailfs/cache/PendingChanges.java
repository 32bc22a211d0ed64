package dev.mailfs.cache;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The moves and expunges promised and not yet seen through, and the listings as they look with
 * them made. A message being moved is out of its folder's listing and in its destination's: under a
 * stand-in UID (above any IMAP UID) while it waits for the server, under its new UID once the
 * server said it (COPYUID), until the listings held show it there themselves. So no listing shows
 * a message in neither folder, whatever listing of either folder is held or fetched meanwhile. A
 * message whose listing entry was not known (a change left by an earlier run) stays shown where it
 * was until the server has made the change.
 */
final class PendingChanges {
    /** IMAP's UIDs are 32-bit: a stand-in is never one of them. */
    static final long FIRST_STAND_IN = 1L << 32;
    /** How long a change the server made may take to show in the listings held before it is shown no more by this. */
    static final Duration SETTLING = Duration.ofSeconds(60);

    enum State { QUEUED, SENDING, SETTLING }

    /** Whether a UID shown is a stand-in, not the server's. */
    static boolean isStandIn(long uid) {
        return uid >= FIRST_STAND_IN;
    }

    /** One change promised. */
    static final class Pending {
        final ChangeJournal.Change change;
        final Optional<MessageMeta> meta;
        final long standIn;
        private State state = State.QUEUED;
        private Optional<Long> newUid = Optional.empty();
        private long settledAt;
        private boolean goneFromSource;
        private boolean shownInDestination;

        private Pending(ChangeJournal.Change change, Optional<MessageMeta> meta, long standIn) {
            this.change = change;
            this.meta = meta;
            this.standIn = standIn;
        }

        MessageRef source() {
            return change.message();
        }

        private boolean waiting() {
            return state != State.SETTLING;
        }

        private boolean touches(String folder) {
            return source().folder().equals(folder) || change.toFolder().equals(folder);
        }
    }

    private record StandIn(String folder, long uid) {
    }

    private record Overlaid(FolderListing base, long version, FolderListing shown) {
    }

    private final Ticker ticker;
    private final Map<MessageRef, Pending> bySource = new LinkedHashMap<>();
    private final Map<StandIn, Pending> byStandIn = new HashMap<>();
    private final Map<String, Overlaid> overlaid = new HashMap<>();
    /** Stand-ins of this run start at a new number: decoded parts are kept on disk under the identity they resolve to, never under a stand-in, but the kernel may hold names across a restart. */
    private long nextStandIn;
    private long version;

    PendingChanges(Ticker ticker) {
        this.ticker = ticker;
        this.nextStandIn = FIRST_STAND_IN + (System.currentTimeMillis() << 8);
    }

    synchronized Pending add(ChangeJournal.Change change, Optional<MessageMeta> meta) {
        Pending pending = new Pending(change, meta, nextStandIn++);
        bySource.put(change.message(), pending);
        if (change.isMove()) {
            byStandIn.put(new StandIn(change.toFolder(), pending.standIn), pending);
        }
        changed();
        return pending;
    }

    /**
     * The changes waiting, marked as being sent, in batches that one command can make: same kind,
     * source folder (and UIDVALIDITY) and destination (or label), in the order promised, at most {@code most} each.
     */
    synchronized List<List<Pending>> takeBatches(int most) {
        Map<List<Object>, List<Pending>> groups = new LinkedHashMap<>();
        List<List<Pending>> batches = new ArrayList<>();
        for (Pending pending : bySource.values()) {
            if (pending.state != State.QUEUED) {
                continue;
            }
            MessageRef source = pending.source();
            List<Object> key = List.of(pending.change.kind(), source.folder(), source.uidValidity(), pending.change.target());
            List<Pending> batch = groups.computeIfAbsent(key, unused -> new ArrayList<>());
            batch.add(pending);
            pending.state = State.SENDING;
            if (batch.size() == most) {
                batches.add(batch);
                groups.remove(key);
            }
        }
        batches.addAll(groups.values());
        return batches;
    }

    synchronized boolean anyQueued() {
        return bySource.values().stream().anyMatch(p -> p.state == State.QUEUED);
    }

    /** Waits until a change is queued, or the time is up. */
    synchronized void awaitQueued(long millis) throws InterruptedException {
        if (!anyQueued()) {
            wait(millis);
        }
    }

    /** Made by the server: shown where it went (with its new UID where known) until the listings held show it. */
    synchronized void settled(Collection<Pending> made, Map<Long, Long> newUids) {
        for (Pending pending : made) {
            pending.state = State.SETTLING;
            pending.newUid = Optional.ofNullable(newUids.get(pending.source().uid()));
            pending.settledAt = ticker.read();
        }
        changed();
    }

    /** Given up (refused, or the message was not there): shown no more, so what the listings hold shows. */
    synchronized void drop(Collection<Pending> dropped) {
        for (Pending pending : dropped) {
            forget(pending);
        }
        changed();
    }

    /** Not made (the server could not be asked): to be sent again. */
    synchronized void requeue(Collection<Pending> again) {
        again.forEach(pending -> pending.state = State.QUEUED);
        notifyAll();
    }

    /** How many changes wait for the server. */
    synchronized long waiting() {
        return bySource.values().stream().filter(Pending::waiting).count();
    }

    /** Whether a change of {@code message} waits for the server. */
    synchronized boolean isWaiting(MessageRef message) {
        Pending pending = bySource.get(message);
        return pending != null && pending.waiting();
    }

    /**
     * Waits until no change {@code matching} waits for the server.
     *
     * @return whether none does
     */
    synchronized boolean awaitNone(Predicate<ChangeJournal.Change> matching, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (bySource.values().stream().anyMatch(p -> p.waiting() && matching.test(p.change))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Whether any change waiting touches {@code folder}, as source or destination. */
    static Predicate<ChangeJournal.Change> touching(String folder) {
        return change -> change.message().folder().equals(folder) || change.toFolder().equals(folder)
                || change.message().folder().startsWith(folder + "/") || change.toFolder().startsWith(folder + "/");
    }

    /**
     * The message a name of the listings shows stands for, to read it: a stand-in is the message where
     * it still is, or where the server put it. Waits while the change is being sent, when it may be in
     * either.
     */
    synchronized MessageRef forReading(MessageRef message, Duration patience) throws InterruptedException {
        if (!isStandIn(message.uid())) {
            return message;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Pending pending = byStandIn.get(new StandIn(message.folder(), message.uid()));
            if (pending == null) {
                throw new MailfsException.NotFound("message moved to " + message.folder() + " and gone since");
            }
            switch (pending.state) {
                case QUEUED:
                    return pending.source();
                case SETTLING:
                    return pending.newUid.map(uid -> new MessageRef(message.folder(), message.uidValidity(), uid))
                            .orElseThrow(() -> new MailfsException.Unavailable("message just moved to " + message.folder()
                                    + ": it shows under its new name in a moment", null));
                default:
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new MailfsException.Unavailable("the move of a message to " + message.folder()
                                + " is still waiting for the server's answer", null);
                    }
                    wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /**
     * The listing {@code base} with the changes promised made: what was moved or expunged out of
     * it taken out, what was moved into it put in. The same listing object while nothing changes,
     * so that what is built on it is built once.
     */
    synchronized FolderListing overlay(FolderListing base) {
        String folder = base.folder();
        settleAgainst(base);
        if (bySource.values().stream().noneMatch(p -> p.touches(folder))) {
            overlaid.remove(folder);
            return base;
        }
        Overlaid before = overlaid.get(folder);
        if (before != null && before.base() == base && before.version() == version) {
            return before.shown();
        }
        Set<Long> out = new HashSet<>();
        List<MessageMeta> in = new ArrayList<>();
        for (Pending pending : bySource.values()) {
            if (pending.meta.isEmpty()) {
                continue; // not known how it was listed: shown where it is until the server made the change
            }
            MessageRef source = pending.source();
            if (source.folder().equals(folder) && source.uidValidity() == base.uidValidity()) {
                out.add(source.uid());
            }
            if (pending.change.toFolder().equals(folder) && !pending.shownInDestination) {
                in.add(pending.meta.get().withUid(pending.newUid.orElse(pending.standIn)));
            }
        }
        List<MessageMeta> messages = new ArrayList<>(base.messages().size() + in.size());
        base.messages().stream().filter(m -> !out.contains(m.uid())).forEach(messages::add);
        messages.addAll(in);
        FolderListing shown = new FolderListing(folder, base.uidValidity(), messages); // which puts them in UID order
        overlaid.put(folder, new Overlaid(base, version, shown));
        return shown;
    }

    /** Changes the server made that {@code base} shows made are no longer shown by this; nor are any after {@link #SETTLING}. */
    private void settleAgainst(FolderListing base) {
        long now = ticker.read();
        List<Pending> seen = new ArrayList<>();
        for (Pending pending : bySource.values()) {
            if (pending.state != State.SETTLING) {
                continue;
            }
            if (pending.source().folder().equals(base.folder()) && base.message(pending.source().uid()).isEmpty()) {
                pending.goneFromSource = true;
            }
            if (pending.change.toFolder().equals(base.folder()) && shows(base, pending)) {
                pending.shownInDestination = true;
            }
            boolean shownWhereItIs = pending.goneFromSource && (!pending.change.isMove() || pending.shownInDestination);
            if (shownWhereItIs || now - pending.settledAt > SETTLING.toNanos()) {
                seen.add(pending);
            }
        }
        if (!seen.isEmpty()) {
            seen.forEach(this::forget);
            changed();
        }
    }

    private static boolean shows(FolderListing base, Pending pending) {
        if (pending.newUid.isPresent()) {
            return base.message(pending.newUid.get()).isPresent();
        }
        String messageId = pending.meta.map(MessageMeta::messageId).orElse("");
        return !messageId.isEmpty() && base.messages().stream().anyMatch(m -> m.messageId().equals(messageId));
    }

    private void forget(Pending pending) {
        bySource.remove(pending.source(), pending);
        byStandIn.remove(new StandIn(pending.change.toFolder(), pending.standIn), pending);
    }

    private void changed() {
        version++;
        if (bySource.isEmpty()) {
            overlaid.clear(); // no listing kept alive here once nothing is promised
        }
        notifyAll();
    }
}

package dev.mailfs.mail;

import dev.mailfs.errors.MailfsException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a change of several messages of one folder did, message by message (by UID there): done
 * (for a move, with its new UID when the server said), not there any more (another client took
 * it), or refused with the server's reason. A message in none of these was not changed, because
 * the server could not be asked ({@code failure}): it may be asked again.
 */
public record BatchOutcome(Set<Long> done, Map<Long, Long> newUids, Set<Long> gone, Map<Long, MailfsException> refused,
                           Optional<RuntimeException> failure) {
    public BatchOutcome {
        done = Set.copyOf(done);
        newUids = Map.copyOf(newUids);
        gone = Set.copyOf(gone);
        refused = Map.copyOf(refused);
    }

    /** One change of one message. */
    @FunctionalInterface
    public interface Change {
        /** @return the message's new UID, when a move and the server said */
        Optional<Long> make(MessageRef message);
    }

    /**
     * Makes the change message by message, each with the care of its own command; stops at the first
     * failure that is not the server's refusal of that message.
     */
    public static BatchOutcome oneByOne(List<MessageRef> messages, Change change) {
        Builder outcome = new Builder();
        for (MessageRef message : messages) {
            try {
                outcome.done(message.uid(), change.make(message));
            } catch (MailfsException.NotFound e) {
                outcome.gone(message.uid());
            } catch (MailfsException.Unavailable | MailfsException.Interrupted e) {
                return outcome.failed(e);
            } catch (MailfsException e) {
                outcome.refused(message.uid(), e);
            } catch (RuntimeException e) {
                return outcome.failed(e);
            }
        }
        return outcome.build();
    }

    /** Collects an outcome. */
    public static final class Builder {
        private final Set<Long> done = new HashSet<>();
        private final Map<Long, Long> newUids = new HashMap<>();
        private final Set<Long> gone = new HashSet<>();
        private final Map<Long, MailfsException> refused = new HashMap<>();

        public Builder done(long uid, Optional<Long> newUid) {
            done.add(uid);
            newUid.ifPresent(n -> newUids.put(uid, n));
            return this;
        }

        public Builder gone(long uid) {
            gone.add(uid);
            return this;
        }

        public Builder refused(long uid, MailfsException reason) {
            refused.put(uid, reason);
            return this;
        }

        /** Everything this builder holds, and the rest untried because of {@code failure}. */
        public BatchOutcome failed(RuntimeException failure) {
            return new BatchOutcome(done, newUids, gone, refused, Optional.of(failure));
        }

        public BatchOutcome build() {
            return new BatchOutcome(done, newUids, gone, refused, Optional.empty());
        }
    }
}

package dev.mailfs.mail;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every message of a folder at one moment, in UID order (put in that order when given otherwise). */
public record FolderListing(String folder, long uidValidity, List<MessageMeta> messages) {
    public FolderListing {
        messages = isInUidOrder(messages) ? List.copyOf(messages)
                : messages.stream().sorted(Comparator.comparingLong(MessageMeta::uid)).toList();
    }

    private static boolean isInUidOrder(List<MessageMeta> messages) {
        long previous = Long.MIN_VALUE;
        for (MessageMeta message : messages) {
            if (message.uid() < previous) {
                return false;
            }
            previous = message.uid();
        }
        return true;
    }

    /**
     * The message with this UID, found by halving: a listing of 10,000 is asked this for each
     * message changed while its change settles, on every look at the folder.
     */
    public Optional<MessageMeta> message(long uid) {
        int low = 0;
        int high = messages.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long found = messages.get(middle).uid();
            if (found == uid) {
                return Optional.of(messages.get(middle));
            } else if (found < uid) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return Optional.empty();
    }

    public MessageRef refOf(MessageMeta message) {
        return new MessageRef(folder, uidValidity, message.uid());
    }
}

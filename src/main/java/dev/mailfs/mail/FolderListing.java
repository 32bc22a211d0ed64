package dev.mailfs.mail;

import java.util.List;
import java.util.Optional;

/** Every message of a folder at one moment, in UID order. */
public record FolderListing(String folder, long uidValidity, List<MessageMeta> messages) {
    public FolderListing {
        messages = List.copyOf(messages);
    }

    /** The message with this UID: found by halving, as messages are in UID order, else by looking at each. */
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
        return messages.stream().filter(m -> m.uid() == uid).findFirst(); // a listing patched out of order
    }

    public MessageRef refOf(MessageMeta message) {
        return new MessageRef(folder, uidValidity, message.uid());
    }
}

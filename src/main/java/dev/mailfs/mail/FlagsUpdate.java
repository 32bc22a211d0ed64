package dev.mailfs.mail;

import java.util.Optional;
import java.util.Set;

/** What changes of a message without changing the message: its flags and, on Gmail, its labels. */
public record FlagsUpdate(Set<String> flags, Optional<Set<String>> labels) {
    public FlagsUpdate {
        flags = Set.copyOf(flags);
        labels = labels.map(Set::copyOf);
    }
}

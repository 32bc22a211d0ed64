package dev.mailfs.mail;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of each set of flags or labels messages have. A folder of 300,000 messages has a few
 * dozen different sets, and a copy each would be 25 bytes a message or more (on Gmail a new string
 * for each label of each message besides).
 */
final class SharedSets {
    /** Enough for any account's combinations of flags and labels; past it a set is kept as its own copy. */
    private static final int MAX = 4096;
    private static final Map<Set<String>, Set<String>> SETS = new ConcurrentHashMap<>();

    private SharedSets() {
    }

    /** An unmodifiable set equal to {@code set}: the one kept for it when there is one. */
    static Set<String> of(Set<String> set) {
        Set<String> shared = SETS.get(set);
        if (shared != null) {
            return shared;
        }
        Set<String> copy = Set.copyOf(set);
        if (SETS.size() >= MAX) {
            return copy;
        }
        shared = SETS.putIfAbsent(copy, copy);
        return shared != null ? shared : copy;
    }
}

package dev.mailfs.mail;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What makes a message's content immutable: a UID is never reused within one UIDVALIDITY of a folder.
 */
public record MessageRef(String folder, long uidValidity, long uid) {

    /** Things about messages grouped by folder (and UIDVALIDITY), in order: what one command can ask for together. */
    public static <T> Collection<List<T>> byFolder(Stream<T> items, Function<T, MessageRef> messageOf) {
        return items.collect(Collectors.groupingBy(item -> List.of(messageOf.apply(item).folder(), messageOf.apply(item).uidValidity()),
                LinkedHashMap::new, Collectors.toList())).values();
    }
}

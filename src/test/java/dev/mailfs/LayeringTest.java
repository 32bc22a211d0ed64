package dev.mailfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md, kept: each package imports only the packages below it, and
 * no class grows past what a newcomer can hold in their head.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/mailfs");
    private static final int LONGEST_CLASS = 450;

    /** What each package may import of mailfs; a package not named here may import nothing of it. */
    private static final Map<String, Set<String>> MAY_IMPORT = Map.of(
            "cli", Set.of("fuse", "vfs", "mime", "cache", "mail", "imap", "credentials", "errors"),
            "fuse", Set.of("vfs", "errors"),
            "vfs", Set.of("mime", "cache", "mail", "errors"),
            "mime", Set.of("cache", "mail", "errors"),
            "cache", Set.of("mail", "errors"),
            "mail", Set.of("errors"),
            "imap", Set.of("mime", "mail", "credentials", "errors"));

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.mailfs\\.(\\w+)\\.", Pattern.MULTILINE);

    @Test
    void eachPackageImportsOnlyTheLayersBelowIt() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path source : sources()) {
            String layer = SOURCES.relativize(source).getName(0).toString();
            Matcher imported = IMPORT.matcher(Files.readString(source));
            while (imported.find()) {
                String other = imported.group(1);
                if (!other.equals(layer) && !MAY_IMPORT.getOrDefault(layer, Set.of()).contains(other)) {
                    wrong.add(SOURCES.relativize(source) + " imports dev.mailfs." + other);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void noClassIsLongerThanANewcomerCanRead() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path source : sources()) {
            long lines = Files.readAllLines(source).size();
            if (lines > LONGEST_CLASS) {
                tooLong.add(SOURCES.relativize(source) + ": " + lines + " lines");
            }
        }
        assertEquals(List.of(), tooLong);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> java = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            assertEquals(true, java.size() > 100, "the sources are found from the project's top directory");
            return java;
        }
    }
}

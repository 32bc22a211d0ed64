package dev.mailfs.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.mail.MessageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeJournalTest {
    @TempDir
    Path root;

    private static List<String> described(List<ChangeJournal.Change> changes) {
        return changes.stream().map(c -> c.message().folder() + "/" + c.message().uidValidity() + "/" + c.message().uid() + "->" + c.toFolder())
                .toList();
    }

    @Test
    void whatWasPromisedAndNotDoneIsLeftForTheNextStartInOrder() {
        Path directory = root.resolve("changes-v1");
        ChangeJournal journal = ChangeJournal.open(directory);
        ChangeJournal.Change first = journal.add(ChangeJournal.Kind.MOVE, new MessageRef("INBOX", 7, 1), "Archive");
        journal.add(ChangeJournal.Kind.EXPUNGE, new MessageRef("INBOX", 7, 2), "");
        ChangeJournal.Change third = journal.add(ChangeJournal.Kind.MOVE, new MessageRef("Tab\there\\and\nthere", 9, 3), "Ünïcode/Folder");
        journal.done(List.of(first));
        journal.close(); // or killed: every line was forced to disk before add returned

        ChangeJournal again = ChangeJournal.open(directory);
        assertEquals(List.of("INBOX/7/2->", "Tab\there\\and\nthere/9/3->Ünïcode/Folder"), described(again.left()));
        ChangeJournal.Change fourth = again.add(ChangeJournal.Kind.MOVE, new MessageRef("INBOX", 7, 4), "Archive");
        assertTrue(again.left().stream().noneMatch(change -> change.id() == fourth.id()), "ids are never given twice");
        again.close();
    }

    /** The one journal file in the directory. */
    private static Path onlyFile(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    @Test
    void aLineCutShortByACrashWasNeverPromisedAndIsPassedOver() throws IOException {
        Path directory = root.resolve("changes-v1");
        ChangeJournal journal = ChangeJournal.open(directory);
        ChangeJournal.Change kept = journal.add(ChangeJournal.Kind.MOVE, new MessageRef("INBOX", 7, 1), "Archive2024");
        journal.close();
        // A second change whose line was cut in its destination's name, and a "done" cut in its id.
        Files.writeString(onlyFile(directory), "move\t2\tINBOX\t7\t2\tArchive2", UTF_8, StandardOpenOption.APPEND);

        ChangeJournal again = ChangeJournal.open(directory);
        assertEquals(List.of(kept.id()), again.left().stream().map(ChangeJournal.Change::id).toList());
        again.close();
        Files.writeString(onlyFile(directory), "done\t1", UTF_8, StandardOpenOption.APPEND);
        ChangeJournal third = ChangeJournal.open(directory);
        assertEquals(List.of("INBOX/7/1->Archive2024"), described(third.left()), "a cut \"done\" marks nothing done");
        third.close();
    }

    @Test
    void onceEverythingIsDoneTheFileIsEmptyAndGoneAtTheEnd() throws IOException {
        Path directory = root.resolve("changes-v1");
        ChangeJournal journal = ChangeJournal.open(directory);
        ChangeJournal.Change a = journal.add(ChangeJournal.Kind.MOVE, new MessageRef("INBOX", 7, 1), "Archive");
        ChangeJournal.Change b = journal.add(ChangeJournal.Kind.MOVE, new MessageRef("INBOX", 7, 2), "Archive");
        journal.done(List.of(a, b));
        assertEquals(0, Files.size(onlyFile(directory)));
        journal.close();
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(0, files.count());
        }
        assertEquals(List.of(), ChangeJournal.open(directory).left());
    }

    /** Two mounts of one account: each keeps its own journal, and one does not take over the other's while it runs. */
    @Test
    void aJournalIsTakenOverOnlyOnceItsDaemonHasEnded() throws Exception {
        Path directory = root.resolve("changes-v1");
        ChangeJournal running = ChangeJournal.open(directory);
        running.add(ChangeJournal.Kind.MOVE, new MessageRef("INBOX", 7, 1), "Archive");
        // Another daemon: a process of its own, since a process's own locks are its own.
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChangeJournalTest.class.getName() + "$OtherDaemon", directory.toString())
                .redirectErrorStream(true).start();
        String said = new String(other.getInputStream().readAllBytes(), UTF_8).strip();
        assertEquals(0, other.waitFor());
        assertEquals("took over 0", said.lines().reduce((a, b) -> b).orElse(""), said);
        running.close(); // ended with a change left: kept for the next start
        ChangeJournal next = ChangeJournal.open(directory);
        assertEquals(List.of("INBOX/7/1->Archive"), described(next.left()));
        next.close();
    }

    /** Opens a journal in the directory given, says how many changes it took over, and ends leaving nothing. */
    static final class OtherDaemon {
        public static void main(String[] args) {
            ChangeJournal journal = ChangeJournal.open(Path.of(args[0]));
            System.out.println("took over " + journal.left().size());
            journal.close();
        }
    }
}

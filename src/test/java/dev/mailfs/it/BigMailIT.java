package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.fuse.MountTable;
import dev.mailfs.testing.BigMail;
import dev.mailfs.testing.DovecotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail with big attachments on a real Dovecot, through the real mailfs under the shipped JVM
 * options (a 256 MB heap): a 64 MiB attachment in base64, a 50 MB CSV with non-ASCII text in
 * quoted-printable, a message enclosing one with a 64 MiB base64 attachment (each message 84–92 MB),
 * and a small message beside them. Listed and read with the tools people use, alone and in
 * parallel: sizes and bytes exact, the wire spared where the sizes are known, the peak resident
 * memory bounded, and the daemon still answering afterwards.
 *
 * <p>The mail is generated from seeded random bytes when the class starts and put straight into
 * Dovecot's Maildir. Each test mounts afresh with an empty disk store: each reads cold, and one
 * that brings the daemon down (it exits on OutOfMemoryError) leaves the others their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BigMailIT {
    private static final String BIG = "Big";
    /** Holds a copy of the base64 message and nothing else. */
    private static final String ALONE = "Alone";
    /** Small messages that grep -r searches while the big ones are read. */
    private static final String MANY = "Many";
    private static final int MANY_MESSAGES = 200;
    private static final String NEEDLE = "zebrafinch";
    private static final int NEEDLES = MANY_MESSAGES / 10;
    private static final long ATTACHMENT_BYTES = 64L << 20;
    private static final long CSV_BYTES = 50_000_000;
    /** The target of the issue: the daemon's peak resident memory (VmHWM), in MiB, whatever it reads. */
    private static final long MAX_RSS_MB = 300;
    /** What listing a message's directory may cost on the wire when no attachment is downloaded. */
    private static final long LISTING_BYTES = 1 << 20;

    private Path work;
    private DovecotServer dovecot;
    private TcpProxy proxy;
    private Path passwordFile;
    private BigMail.Message base64;
    private BigMail.Message quotedPrintable;
    private BigMail.Message enclosing;
    private BigMail.Message small;
    private List<BigMail.Message> messages;

    @BeforeAll
    void generateTheMail() throws Exception {
        FuseRequirement.check();
        DovecotServer.assumeAvailable();
        work = Files.createTempDirectory("mailfs-bigmail-");
        dovecot = DovecotServer.start(Files.createDirectories(work.resolve("server")));
        proxy = new TcpProxy(dovecot.plainPort());
        passwordFile = Files.writeString(work.resolve("password"), dovecot.password() + "\n");
        BigMail mail = new BigMail(Files.createDirectories(work.resolve("mail")));
        base64 = mail.base64("Big base64", 1, ATTACHMENT_BYTES);
        quotedPrintable = mail.quotedPrintable("Big quoted-printable", 2, CSV_BYTES);
        enclosing = mail.enclosing("Big enclosed", 3, ATTACHMENT_BYTES);
        small = mail.small("Small beside them");
        messages = List.of(base64, quotedPrintable, enclosing, small);
        for (BigMail.Message message : messages) {
            dovecot.deliver(BIG, message.file());
        }
        dovecot.deliver(ALONE, base64.file());
        for (int i = 0; i < MANY_MESSAGES; i++) {
            String word = i % 10 == 0 ? NEEDLE : "sparrow";
            dovecot.deliver(MANY, TestMail.message("Small " + i, "<many" + i + "@bigmail.mailfs.dev>",
                    "Mon, 4 Mar 2024 09:00:00 +0000", "Message " + i + " of many, about a " + word + ".\n"));
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (dovecot != null) {
            dovecot.close();
        }
        if (work != null) {
            try (Stream<Path> paths = Files.walk(work)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    void theFolderListsEachMessageAtItsExactSize(@TempDir Path tmp) throws Exception {
        try (Mount mount = mount(tmp, dovecot.plainPort())) {
            Shell.Result ls = mount.sh("ls -l " + Shell.quote(mount.root().resolve(BIG).toString()));
            assertEquals(0, ls.exitCode(), () -> "ls -l " + BIG + ": " + ls.err() + mount.daemon());
            List<String> wrong = new ArrayList<>();
            for (BigMail.Message message : messages) {
                check(wrong, message.subject() + ".eml", Files.size(message.file()), mount.statSize(mount.emlOf(message)));
            }
            assertEquals(List.of(), wrong, mount::daemon);
            mount.assertStillServingThenUnmount();
        }
    }

    /**
     * The first listing of a session checks the server's RFC822.SIZE against the bytes of the
     * folder's smallest message: here, a big one.
     */
    @Test
    void aFolderOfOneBigMessageListsAsTheFirstOfTheSession(@TempDir Path tmp) throws Exception {
        try (Mount mount = mount(tmp, dovecot.plainPort())) {
            Shell.Result ls = mount.sh("ls -l " + Shell.quote(mount.root().resolve(ALONE).toString()));
            assertEquals(0, ls.exitCode(), () -> "ls -l " + ALONE + ": " + ls.err() + mount.daemon());
            Shell.Result stat = mount.sh("stat -c %s " + Shell.quote(mount.root().resolve(ALONE).toString()) + "/*.eml");
            assertEquals(String.valueOf(Files.size(base64.file())), stat.out().strip(), () -> stat.err() + mount.daemon());
            mount.assertStillServingThenUnmount();
        }
    }

    @Test
    void eachMessageDirectoryListsItsFilesAtTheirDecodedSizes(@TempDir Path tmp) throws Exception {
        try (Mount mount = mount(tmp, dovecot.plainPort())) {
            List<String> wrong = new ArrayList<>();
            for (BigMail.Message message : messages) {
                Shell.Result ls = mount.listDirectoryOf(message);
                if (ls.exitCode() != 0) {
                    wrong.add("ls -l of " + message.subject() + "/: " + ls.err());
                }
                for (BigMail.Part part : message.parts()) {
                    check(wrong, message.subject() + "/" + part.name(), part.size(),
                            mount.statSize(mount.directoryOf(message).resolve(part.name())));
                }
            }
            assertEquals(List.of(), wrong, mount::daemon);
            mount.assertStillServingThenUnmount();
        }
    }

    /** cp out of the mount gives each file byte for byte, read to its end exactly at its st_size. */
    @Test
    void filesCopiedOutOfTheMountAreTheMessagesAndTheirDecodedParts(@TempDir Path tmp) throws Exception {
        try (Mount mount = mount(tmp, dovecot.plainPort())) {
            List<String> wrong = new ArrayList<>();
            for (BigMail.Message message : messages) {
                mount.copyAndCompare(wrong, message.subject() + ".eml", mount.emlOf(message), message.file());
                for (BigMail.Part part : message.parts()) {
                    mount.copyAndCompare(wrong, message.subject() + "/" + part.name(), mount.directoryOf(message).resolve(part.name()),
                            part.expected());
                }
            }
            assertEquals(List.of(), wrong, mount::daemon);
            mount.assertStillServingThenUnmount();
        }
    }

    @Test
    void threeBigAttachmentsReadInParallelWhileGrepSearchesAnotherFolder(@TempDir Path tmp) throws Exception {
        try (Mount mount = mount(tmp, dovecot.plainPort())) {
            Map<Path, BigMail.Part> big = new LinkedHashMap<>();
            for (BigMail.Message message : List.of(base64, quotedPrintable, enclosing)) {
                BigMail.Part part = message.parts().get(message.parts().size() - 1);
                big.put(mount.directoryOf(message).resolve(part.name()), part);
            }
            List<Callable<Shell.Result>> commands = new ArrayList<>();
            big.forEach((file, part) -> commands.add(() -> mount.sh("cmp " + Shell.quote(part.expected().toString()) + " "
                    + Shell.quote(file.toString()))));
            commands.add(() -> mount.sh("grep -rl " + NEEDLE + " " + Shell.quote(mount.root().resolve(MANY).toString()) + " | wc -l"));
            List<Shell.Result> results = inParallel(commands);

            List<String> wrong = new ArrayList<>();
            int i = 0;
            for (BigMail.Part part : big.values()) {
                Shell.Result cmp = results.get(i++);
                if (cmp.exitCode() != 0) {
                    wrong.add(part.name() + ": " + (cmp.out() + " " + cmp.err()).strip());
                }
            }
            assertEquals(List.of(), wrong, () -> "read in parallel" + mount.daemon());
            Shell.Result grep = results.get(i);
            // Each message with the needle is found twice: as X.eml and as X/body.txt.
            assertEquals(String.valueOf(2 * NEEDLES), grep.out().strip(), "grep -r of " + MANY + " meanwhile: " + grep.err());
            mount.assertStillServingThenUnmount();
        }
    }

    /**
     * The sizes of base64 parts follow from what the server's BODYSTRUCTURE says and a few bytes of
     * the part (its line length, its end): ls -l of a message's directory downloads no attachment,
     * also inside an enclosed message.
     */
    @Test
    void listingABigMessagesDirectoryDownloadsNoAttachment(@TempDir Path tmp) throws Exception {
        try (Mount mount = mount(tmp, proxy.port())) {
            mount.sh("ls -l " + Shell.quote(mount.root().resolve(BIG).toString()));
            for (BigMail.Message message : List.of(base64, enclosing)) {
                mount.directoryOf(message);
                proxy.reset();
                Shell.Result ls = mount.listDirectoryOf(message);
                long downloaded = proxy.serverBytes();
                assertEquals(0, ls.exitCode(), () -> "ls -l of " + message.subject() + "/: " + ls.err() + mount.daemon());
                assertTrue(downloaded < LISTING_BYTES, "ls -l of " + message.subject() + "/ downloaded " + downloaded + " bytes with "
                        + fetches());
            }
            mount.assertStillServingThenUnmount();
        }
    }

    /**
     * A quoted-printable part's decoded size cannot be known without decoding it: that is done once,
     * and the size kept in the disk store, so that a restarted daemon lists it without a download.
     */
    @Test
    void aDecodedSizeLearntOnceIsKeptAcrossARestart(@TempDir Path tmp) throws Exception {
        Path csv;
        try (Mount mount = mount(tmp, proxy.port())) {
            csv = mount.directoryOf(quotedPrintable).resolve("table.csv");
            assertEquals(quotedPrintable.parts().get(0).size(), mount.statSize(csv), () -> "table.csv's size" + mount.daemon());
            mount.assertStillServingThenUnmount();
        }
        try (Mount again = mount(tmp, proxy.port())) {
            again.directoryOf(quotedPrintable);
            proxy.reset();
            long size = again.statSize(csv);
            long downloaded = proxy.serverBytes();
            assertEquals(quotedPrintable.parts().get(0).size(), size, () -> "table.csv's size after the restart" + again.daemon());
            assertTrue(downloaded < LISTING_BYTES, "stat of table.csv after a restart downloaded " + downloaded + " bytes with " + fetches());
            again.assertStillServingThenUnmount();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** A fresh daemon on {@code port} (Dovecot's plain port, or the counting proxy's) with its mount and disk store in {@code tmp}. */
    private Mount mount(Path tmp, int port) throws Exception {
        Path mountPoint = Files.createDirectories(tmp.resolve("mnt"));
        List<String> args = List.of("mount", "--host", "127.0.0.1", "--port", String.valueOf(port), "--user", dovecot.user(),
                "--security", "none", "--password-command", "cat " + passwordFile, mountPoint.toString());
        MailfsProcess mailfs = MailfsProcess.start(mountPoint, List.of(), args, Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()));
        mailfs.awaitReady(Duration.ofSeconds(60));
        return new Mount(mailfs, tmp);
    }

    /**
     * A running daemon and the tools run on its mount. They run outside the mount, on absolute
     * paths, so that a daemon that has ended fails them with what ls or cat says; {@link #daemon}
     * tells, for a failure's message, whether it ended and what it said last.
     */
    private final class Mount implements AutoCloseable {
        private final MailfsProcess mailfs;
        private final Path tmp;
        private final Map<BigMail.Message, Path> directories = new HashMap<>();

        Mount(MailfsProcess mailfs, Path tmp) {
            this.mailfs = mailfs;
            this.tmp = tmp;
        }

        Path root() {
            return mailfs.mountPoint();
        }

        Shell.Result sh(String commandLine) {
            return Shell.run(tmp, commandLine);
        }

        /** The message's directory "DATE SUBJECT (HASH)" in the mount; the first call lists the folder for every message. */
        Path directoryOf(BigMail.Message message) {
            if (directories.isEmpty()) {
                Shell.Result ls = sh("ls -1 " + Shell.quote(root().resolve(BIG).toString()));
                for (BigMail.Message each : messages) {
                    List<String> matches = ls.lines().stream()
                            .filter(name -> !name.endsWith(".eml") && name.contains(" " + each.subject() + " ("))
                            .toList();
                    assertEquals(1, matches.size(), () -> each.subject() + " in " + BIG + ": " + matches + " " + ls.err() + daemon());
                    directories.put(each, root().resolve(BIG).resolve(matches.get(0)));
                }
            }
            return directories.get(message);
        }

        Path emlOf(BigMail.Message message) {
            Path directory = directoryOf(message);
            return directory.resolveSibling(directory.getFileName() + ".eml");
        }

        /** ls -l of the message's directory, and of the enclosed message's inside it. */
        Shell.Result listDirectoryOf(BigMail.Message message) {
            Path directory = directoryOf(message);
            return sh("ls -l " + Shell.quote(directory.toString())
                    + (message == enclosing ? " " + Shell.quote(directory.resolve("forwarded").toString()) : ""));
        }

        /** stat's st_size, or -1 when stat fails. */
        long statSize(Path file) {
            Shell.Result stat = sh("stat -c %s " + Shell.quote(file.toString()));
            return stat.exitCode() == 0 ? Long.parseLong(stat.out().strip()) : -1;
        }

        /** cp of {@code file} out of the mount: cmp to the expected bytes, and its st_size the bytes cp read. */
        void copyAndCompare(List<String> wrong, String what, Path file, Path expected) throws Exception {
            Path copy = tmp.resolve("copy");
            Shell.Result cp = sh("cp " + Shell.quote(file.toString()) + " " + Shell.quote(copy.toString())
                    + " && cmp " + Shell.quote(expected.toString()) + " " + Shell.quote(copy.toString()));
            if (cp.exitCode() != 0) {
                wrong.add(what + ": " + (cp.out() + " " + cp.err()).strip());
            } else {
                check(wrong, what + " st_size against the bytes cp read", Files.size(copy), statSize(file));
            }
            Files.deleteIfExists(copy);
        }

        /**
         * How every test ends: the daemon still answers, said nothing of running out of memory,
         * stayed within its memory, and fusermount -u ends it.
         */
        void assertStillServingThenUnmount() throws Exception {
            Shell.Result ls = sh("ls " + Shell.quote(root().resolve(BIG).toString()) + " | wc -l");
            assertEquals(String.valueOf(2 * messages.size()), ls.out().strip(), () -> "the daemon still lists " + BIG + ": " + ls.err() + daemon());
            String output = mailfs.stdout() + mailfs.stderr();
            assertFalse(output.contains("OutOfMemoryError"), output);
            long peakMegabytes = peakResidentKilobytes() / 1024;
            assertTrue(peakMegabytes <= MAX_RSS_MB, "peak RSS " + peakMegabytes + " MB, more than " + MAX_RSS_MB + " MB");
            Shell.ok(tmp, "fusermount -u " + Shell.quote(root().toString()));
            assertEquals(0, mailfs.awaitExit(Duration.ofSeconds(30)), mailfs.stderr());
            assertNull(MountTable.typeAt(root()), "unmounted");
        }

        /** VmHWM: the most resident memory the process has had. */
        private long peakResidentKilobytes() throws Exception {
            String status = Files.readString(Path.of("/proc/" + mailfs.pid() + "/status"));
            Matcher hwm = Pattern.compile("VmHWM:\\s+(\\d+) kB").matcher(status);
            assertTrue(hwm.find(), status);
            return Long.parseLong(hwm.group(1));
        }

        /** For a failure's message: nothing while the daemon runs, else how it ended (a failed read may come just before that). */
        String daemon() {
            try {
                if (!mailfs.endsWithin(Duration.ofSeconds(2))) {
                    return "";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
            List<String> lines = (mailfs.stdout() + mailfs.stderr()).lines().filter(line -> !line.startsWith("\tat ")).toList();
            return "\n(the daemon has exited " + mailfs.exitCode() + "; it said, without stack frames:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size())) + ")";
        }

        @Override
        public void close() throws Exception {
            mailfs.close();
        }
    }

    private static void check(List<String> wrong, String what, long expected, long actual) {
        if (expected != actual) {
            wrong.add(what + ": " + (actual < 0 ? "stat failed" : actual) + " where " + expected + " was expected");
        }
    }

    /** Runs the commands at once, each on a thread of its own, and returns their results in order. */
    private static List<Shell.Result> inParallel(List<Callable<Shell.Result>> commands) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(commands.size());
        try {
            List<Shell.Result> results = new ArrayList<>();
            for (Future<Shell.Result> result : pool.invokeAll(commands)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The FETCH commands mailfs sent through the proxy since it was last reset. */
    private List<String> fetches() {
        return proxy.clientLines().stream().filter(line -> line.contains(" FETCH ")).toList();
    }
}

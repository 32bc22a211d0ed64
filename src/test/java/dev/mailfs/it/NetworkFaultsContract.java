package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network fails under a mount in use, between mailfs and the server ({@link FaultProxy}): what
 * was asked still gets its answer, or a clear error in time.
 */
abstract class NetworkFaultsContract {
    static final String FOLDER = "Many";
    private static final String NEEDLE = "kingfisher";
    static final String GREP = "grep -rl --include='*.eml' --exclude-dir='*)' " + NEEDLE + " " + FOLDER;

    @TempDir
    Path tmp;
    FaultProxy proxy;

    /** Starts the server with {@code messages} of {@link #message(int)} in {@link #FOLDER}; returns a client of it. */
    abstract ImapAccount startServer(Path workDir) throws Exception;

    abstract int plainPort();

    abstract String user();

    abstract String password();

    /** How many messages the folder gets: GreenMail appends in quadratic time. */
    abstract int messages();

    abstract void stopServer() throws Exception;

    @BeforeEach
    void serverBehindProxy() throws Exception {
        FuseRequirement.check();
        try (ImapAccount account = startServer(Files.createDirectories(tmp.resolve("server")))) {
            for (int i = 0; i < messages(); i++) {
                account.append(FOLDER, message(i));
            }
        }
        proxy = new FaultProxy(plainPort());
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        stopServer();
    }

    /** Every 10th message holds the needle; each is about 8 KB, so that grep takes a while. */
    private static byte[] message(int i) {
        StringBuilder body = new StringBuilder();
        for (int line = 0; line < 100; line++) {
            body.append("Line ").append(line).append(" of message ").append(i).append(", nothing to see here.\n");
        }
        if (i % 10 == 0) {
            body.append("A ").append(NEEDLE).append(" flew by.\n");
        }
        return TestMail.message("Message " + i, "<m" + i + "@faults.mailfs.dev>",
                "Mon, 4 Mar 2024 10:" + String.format("%02d", i % 60) + ":00 +0000", body.toString());
    }

    MailfsProcess mount(String... extra) throws Exception {
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        Path passwordFile = Files.writeString(tmp.resolve("password"), password() + "\n");
        List<String> command = new ArrayList<>(List.of("mount", "--host", "127.0.0.1",
                "--port", String.valueOf(proxy.port()), "--user", user(), "--security", "none",
                "--password-command", "cat " + passwordFile, "--cache-size", "0"));
        command.addAll(List.of(extra));
        command.add(mountPoint.toString());
        MailfsProcess mailfs = MailfsProcess.start(mountPoint, command);
        mailfs.awaitReady(Duration.ofSeconds(60));
        return mailfs;
    }

    @Test
    void everyConnectionCutInTheMiddleOfGrepLosesNoMatch() throws Exception {
        try (MailfsProcess mailfs = mount()) {
            Path mountPoint = mailfs.mountPoint();
            Process grep = startGrepAndAwaitItsFirstReads(mountPoint);
            proxy.cutEveryConnection();
            assertTrue(grep.waitFor(120, TimeUnit.SECONDS), "grep finished");
            String err = new String(grep.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            Set<String> found = new TreeSet<>(new String(grep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            assertEquals(0, grep.exitValue(), err + mailfs.stderr());
            assertEquals(messages() / 10, found.size(), "every message with the needle: " + found);
            assertEquals(found, new TreeSet<>(Shell.run(mountPoint, GREP).lines()), "the same as a grep after the cut");
        }
    }

    @Test
    void aReadTheServerNeverAnswersFailsWithinTheTimeoutAndTheMountRecoversByItself() throws Exception {
        try (MailfsProcess mailfs = mount("--timeout", "3")) {
            Path mountPoint = mailfs.mountPoint();
            List<String> names = Shell.run(mountPoint, "ls " + FOLDER).lines().stream().filter(name -> name.endsWith(".eml")).toList();
            proxy.hold("BODY\\.PEEK\\[\\]");

            long start = System.nanoTime();
            Shell.Result unanswered = Shell.run(mountPoint, "cat " + quoted(names.get(0)) + " > /dev/null");
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(unanswered.err().contains("Input/output error"), unanswered.err());
            assertTrue(waited.compareTo(Duration.ofSeconds(6)) < 0, "the read failed after " + waited + ", not within the 3 s timeout: " + mailfs.stderr());

            start = System.nanoTime();
            Shell.Result next = Shell.run(mountPoint, "cat " + quoted(names.get(1)) + " > /dev/null");
            waited = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(next.err().contains("Input/output error"), next.err());
            assertTrue(waited.compareTo(Duration.ofSeconds(1)) < 0, "meanwhile what needs the server fails at once, not after " + waited);
            Thread.sleep(2500); // the listing is old enough to be checked: from memory while the server is away
            assertEquals(names.size(), Shell.run(mountPoint, "ls " + FOLDER).lines().stream().filter(name -> name.endsWith(".eml")).count());

            proxy.clearFaults();
            // a probe in the background finds the server back within the connect timeout (--timeout 3) and 2 s
            Shell.Result recovered = Poll.within(Duration.ofSeconds(10)).every(Duration.ofMillis(200))
                    .latest(() -> Shell.run(mountPoint, "cat " + quoted(names.get(0)) + " | grep -c 'nothing to see here'"),
                            read -> read.exitCode() == 0);
            assertEquals("100", recovered.out().strip(), "the read works again once the server answers: " + recovered.err() + mailfs.stderr());
        }
    }

    /**
     * A server that accepts connections but answers nothing (a hung server, a captive portal):
     * what needs it fails within 1.5 times the timeout, reconnects and retries included; a folder
     * listed before answers at once, also once its listing is due to be checked.
     */
    @Test
    void aServerThatStopsAnsweringFailsOnlyWhatNeedsItAndWithinTheTimeout() throws Exception {
        Duration limit = Duration.ofMillis(4500); // 1.5 × --timeout 3
        try (MailfsProcess mailfs = mount("--timeout", "3")) {
            Path mountPoint = mailfs.mountPoint();
            List<String> names = emlNames(mountPoint);
            proxy.cutEveryConnection(); // so that the read must connect again, to a server that sends no greeting
            proxy.blackHole();

            Timed unanswered = timed(mountPoint, "cat " + quoted(names.get(0)) + " > /dev/null");
            assertTrue(unanswered.result().err().contains("Input/output error"), unanswered.result().err());
            assertTrue(unanswered.took().compareTo(limit) < 0, "the read failed after " + unanswered.took() + mailfs.stderr());
            assertTrue(Shell.ok(mountPoint, "cat .mailfs/status").contains("state: not answering since"), "the status says so");

            Thread.sleep(2500); // the listing is due to be checked with the server, and the server away for now is tried again
            Timed listed = timed(mountPoint, "ls -l " + FOLDER + " | grep -c '[.]eml$'");
            assertEquals(String.valueOf(names.size()), listed.result().out().strip(), listed.result().err());
            assertTrue(listed.took().compareTo(Duration.ofSeconds(1)) < 0, "ls of a folder listed before took " + listed.took() + mailfs.stderr());

            Timed next = timed(mountPoint, "cat " + quoted(names.get(1)) + " > /dev/null");
            assertTrue(next.result().err().contains("Input/output error"), next.result().err());
            assertTrue(next.took().compareTo(limit) < 0, "the next read, while the listing's check waits, failed after " + next.took());

            proxy.clearFaults();
            // Nothing asks the server meanwhile (the status is made here): a probe in the background
            // finds it back, within the connect timeout (--timeout 3) of a probe under way and 2 s.
            Poll.within(Duration.ofSeconds(10)).every(Duration.ofMillis(200)).until(() -> "the status says online: " + mailfs.stderr(),
                    () -> Shell.ok(mountPoint, "cat .mailfs/status").contains("state: online"));
            Timed recovered = timed(mountPoint, "cat " + quoted(names.get(0)) + " | grep -c 'nothing to see here'");
            assertEquals("100", recovered.result().out().strip(), "the read works again at once: " + recovered.result().err() + mailfs.stderr());
        }
    }

    /**
     * Ctrl-C of a command waiting in the mount for a server that stopped answering: the kernel
     * sends FUSE_INTERRUPT, and the request is answered at once (EINTR) rather than at the timeout.
     * ls of a message's directory needs its structure: a request the kernel waits for whole.
     */
    @Test
    void ctrlCFreesACommandWaitingForAServerThatStoppedAnswering() throws Exception {
        try (MailfsProcess mailfs = mount("--timeout", "30")) {
            Path mountPoint = mailfs.mountPoint();
            List<String> names = emlNames(mountPoint);
            proxy.blackHole();
            long asked = commands("BODYSTRUCTURE");
            String directory = quoted(names.get(0)).replace(".eml'", "'");
            Process ls = new ProcessBuilder("bash", "-c", "exec ls " + directory + " > /dev/null").directory(mountPoint.toFile()).start();
            Poll.within(Duration.ofSeconds(10)).every(Duration.ofMillis(10)).until(() -> "ls asks the server: " + proxy.clientCommands(),
                    () -> commands("BODYSTRUCTURE") > asked);
            Thread.sleep(300); // waiting for the answer

            long start = System.nanoTime();
            new ProcessBuilder("kill", "-INT", String.valueOf(ls.pid())).start().waitFor();
            assertTrue(ls.waitFor(5, TimeUnit.SECONDS), "ls still waits after Ctrl-C: " + mailfs.stderr());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "ls ended " + took + " after Ctrl-C");
            assertEquals(130, ls.exitValue(), "killed by the signal");

            proxy.clearFaults();
            Shell.Result later = Poll.within(Duration.ofSeconds(30)).every(Duration.ofMillis(200))
                    .latest(() -> Shell.run(mountPoint, "ls " + directory), listing -> listing.exitCode() == 0);
            assertTrue(later.out().contains("body.txt"), "the mount works on after it: " + later.err() + mailfs.stderr());
        }
    }

    private record Timed(Shell.Result result, Duration took) {
    }

    private static Timed timed(Path mountPoint, String commandLine) {
        long start = System.nanoTime();
        Shell.Result result = Shell.run(mountPoint, commandLine);
        return new Timed(result, Duration.ofNanos(System.nanoTime() - start));
    }

    private List<String> emlNames(Path mountPoint) throws Exception {
        return Shell.run(mountPoint, "ls " + FOLDER).lines().stream().filter(name -> name.endsWith(".eml")).toList();
    }

    private static String quoted(String name) {
        return "'" + FOLDER + "/" + name.replace("'", "'\\''") + "'";
    }

    /** grep -r over the folder, once it has begun to read message bodies from the server. */
    Process startGrepAndAwaitItsFirstReads(Path mountPoint) throws Exception {
        Shell.ok(mountPoint, "ls " + FOLDER + " > /dev/null");
        Process grep = new ProcessBuilder("bash", "-c", GREP).directory(mountPoint.toFile()).start();
        awaitBodyFetches(3);
        return grep;
    }

    private void awaitBodyFetches(long count) {
        Poll.within(Duration.ofSeconds(10)).every(Duration.ofMillis(10)).until(() -> "grep starts reading: " + proxy.clientCommands(),
                () -> bodyFetches() >= count);
    }

    private long bodyFetches() {
        return commands("BODY.PEEK[]");
    }

    private long commands(String containing) {
        return proxy.clientCommands().stream().filter(c -> c.contains(containing)).count();
    }
}

package dev.mailfs.bench;

import dev.mailfs.testing.BigMail;
import dev.mailfs.testing.DovecotServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark of issue 6: a generated mailbox in a real Dovecot, mailfs measured through its
 * mount on loopback and behind a 20 ms round trip, next to the baselines measured in the same run
 * (the wire limit, mbsync + grep, grep on local disk, and a do-nothing jnr-fuse filesystem); and,
 * from issue 17, big attachments: a cold cat against the wire, and the memory of three read at once.
 * Prints one table. Run it with bench/run.
 */
public final class Bench {
    private static final String NEEDLE = "zebrafinch";
    /** grep over the raw messages only: the message directories beside them would be read too. */
    private static final String GREP = "grep -rl --include='*.eml' --exclude-dir='*)' " + NEEDLE + " INBOX";
    /** The grep users type (issue 21): every message's directory is read too, body.txt and attachments. */
    private static final String PLAIN_GREP = "grep -rl " + NEEDLE + " INBOX";
    /** The raw messages only, as users ask for them: the directories are still walked, their files not read. */
    private static final String INCLUDE_GREP = "grep -rl --include='*.eml' " + NEEDLE + " INBOX";
    /** Three messages, each with one big base64 attachment "blob.bin"; the first has UID 1. */
    private static final String ATTACHMENTS = "Attachments";
    private static final int ATTACHMENT_MESSAGES = 3;

    private final String classpath = System.getProperty("java.class.path");
    private final Path work;
    private final int messages;
    private final int bigMessages;
    private final int oneWayMillis;
    private final int moves;
    private final long attachmentBytes;
    /** The decoded attachment of each message of {@link #ATTACHMENTS}, by subject. */
    private final Map<String, Path> attachments = new TreeMap<>();
    /** Each figure's measurements, one per run; the table shows their median. */
    private final Map<String, List<Double>> figures = new LinkedHashMap<>();
    private final int runs;
    /** Only the big attachments' figures: for working on them without the rest (--attachments-only). */
    private final boolean attachmentsOnly;
    private final boolean movesOnly;
    /** Messages in the one folder of a scale run ({@code --scale N}); 0 for the other runs. */
    private final int scale;
    /** Figures whose command failed at least once, with what it said. */
    private final Map<String, String> failures = new LinkedHashMap<>();
    private DovecotServer dovecot;
    private final List<Process> children = new ArrayList<>();

    private Bench(Path work, int messages, int bigMessages, int oneWayMillis, int moves, long attachmentBytes, int runs,
            boolean attachmentsOnly, boolean movesOnly, int scale) {
        this.attachmentsOnly = attachmentsOnly;
        this.movesOnly = movesOnly;
        this.scale = scale;
        this.work = work;
        this.attachmentBytes = attachmentBytes;
        this.runs = runs;
        this.messages = messages;
        this.bigMessages = bigMessages;
        this.oneWayMillis = oneWayMillis;
        this.moves = moves;
    }

    public static void main(String[] args) throws Exception {
        int messages = 10_000;
        int big = 100_000;
        int moves = 500;
        long attachmentBytes = 100_000_000;
        int runs = 3;
        boolean keep = false;
        boolean attachmentsOnly = false;
        boolean movesOnly = false;
        int scale = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    messages = 1_000;
                    big = 10_000;
                    runs = 1;
                }
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                case "--attachments-only" -> attachmentsOnly = true;
                case "--moves-only" -> movesOnly = true;
                case "--scale" -> scale = Integer.parseInt(args[++i]);
                case "--messages" -> messages = Integer.parseInt(args[++i]);
                case "--big" -> big = Integer.parseInt(args[++i]);
                case "--moves" -> moves = Integer.parseInt(args[++i]);
                case "--attachment" -> attachmentBytes = Long.parseLong(args[++i]) * 1_000_000;
                default -> throw new IllegalArgumentException(
                        "usage: bench/run [--quick] [--messages N] [--big N] [--moves N] [--attachment MB] [--attachments-only] [--moves-only] [--scale N] [--runs N] [--keep]");
            }
        }
        Path work = Files.createTempDirectory("mailfs-bench-");
        Bench bench = new Bench(work, messages, big, 10, moves, attachmentBytes, runs, attachmentsOnly, movesOnly, scale);
        try {
            bench.run();
        } finally {
            bench.stop();
            if (keep) {
                say("kept: " + work);
            } else {
                deleteTree(work);
            }
        }
        System.exit(0);
    }

    private void run() throws Exception {
        say("mailbox: " + messages + " realistic messages in INBOX, " + bigMessages + " small ones in Big, " + ATTACHMENT_MESSAGES
                + " with a " + megabytes(attachmentBytes) + " MB attachment in " + ATTACHMENTS + ", in Dovecot on loopback");
        dovecot = DovecotServer.start(Files.createDirectories(work.resolve("dovecot")));
        if (attachmentsOnly) {
            runAttachmentsOnly();
            return;
        }
        if (scale > 0) {
            runScale();
            return;
        }
        Path maildir = dovecot.maildir();
        java("MailboxGenerator", maildir.toString(), "INBOX", String.valueOf(messages), "realistic", "1");
        java("MailboxGenerator", maildir.toString(), "Big", String.valueOf(movesOnly ? 0 : bigMessages), "small", "2");
        java("MailboxGenerator", maildir.toString(), "Moved", "0", "small", "3");
        java("MailboxGenerator", maildir.toString(), "Trash", "0", "small", "4");
        if ("root".equals(System.getProperty("user.name"))) {
            sh("chown -R nobody:nogroup " + quote(maildir.toString()));
        }
        // Dovecot indexes a folder the first time it is opened: do that before anything is timed.
        wire(dovecot.plainPort(), "INBOX", "index");
        wire(dovecot.plainPort(), "Big", "index");
        if (!movesOnly) {
            generateAttachments();
        }
        // The first JVM to start reads the JDK and the jar from disk: not what any figure is about.
        sh("bin/mailfs --version");

        Process proxy = start("LatencyProxy", "0", "127.0.0.1", String.valueOf(dovecot.plainPort()), String.valueOf(oneWayMillis));
        int slowPort = Integer.parseInt(awaitLine(proxy, Pattern.compile("proxy listening on (\\d+)")).group(1));

        if (movesOnly) {
            measureMoves(new Network("20ms", slowPort));
            printTable();
            return;
        }
        // Each figure is the median of several runs: on a shared VM one run can be 20% off.
        for (int run = 1; run <= runs; run++) {
            for (Network network : List.of(new Network("loopback", dovecot.plainPort()), new Network("20ms", slowPort))) {
                say("-- " + network.name + ", run " + run + " of " + runs);
                wire(network.port, "INBOX", network.name);
                measureMailfs(network);
                measureMbsync(network, run);
            }
            measureAttachment(new Network("loopback", dovecot.plainPort()));
            measureFloor();
        }
        measureMoves(new Network("20ms", slowPort));
        measureMemory();
        measureParallelAttachments();
        printTable();
    }

    /**
     * One folder of {@code --scale} small messages (a Gmail All Mail): the wire's metadata (after a
     * first fetch that builds Dovecot's cache of those fields), then a fresh daemon's cold {@code ls
     * -f} of it, and its peak resident memory.
     */
    private void runScale() throws Exception {
        Path maildir = dovecot.maildir();
        java("MailboxGenerator", maildir.toString(), "Scale", String.valueOf(scale), "small", "7");
        if ("root".equals(System.getProperty("user.name"))) {
            sh("chown -R nobody:nogroup " + quote(maildir.toString()));
        }
        wire(dovecot.plainPort(), "Scale", "index");
        wire(dovecot.plainPort(), "Scale", "scale");
        sh("bin/mailfs --version");
        Path mount = Files.createDirectories(work.resolve("mnt-scale"));
        // Three times, each on a fresh daemon and store; the first also fills Dovecot's cache of the fields mailfs
        // asks for (those are not the wire's ENVELOPE), so the median is a listing of a server that has them at hand.
        for (int run = 1; run <= 3; run++) {
            try (Mount m = mount(new Network("loopback", dovecot.plainPort()), mount, freshCache())) {
                time(scaleFigure(), mount, "ls -f Scale | wc -l");
                peakResidentKilobytes(m.pid()).ifPresent(kilobytes -> record(scaleRss(), kilobytes / 1024.0));
            }
        }
        printTable();
    }

    private String scaleFigure() {
        return "mailfs ls -f of " + scale + " cold loopback";
    }

    private String scaleRss() {
        return "mailfs peak RSS MB after ls -f of " + scale;
    }

    private void runAttachmentsOnly() throws Exception {
        generateAttachments();
        sh("bin/mailfs --version");
        for (int run = 1; run <= runs; run++) {
            say("-- attachments, run " + run + " of " + runs);
            measureAttachment(new Network("loopback", dovecot.plainPort()));
        }
        measureParallelAttachments();
        printTable();
    }

    private record Network(String name, int port) {
    }

    // ---- mailfs -----------------------------------------------------------------------------

    private void measureMailfs(Network network) throws Exception {
        Path mount = Files.createDirectories(work.resolve("mnt-" + network.name));
        try (Mount m = mount(network, mount, freshCache())) {
            time("mailfs ls -l cold " + network.name, mount, "ls -l INBOX > /dev/null");
            time("mailfs ls -l warm " + network.name, mount, "ls -l INBOX > /dev/null");
        }
        Path grepCache = freshCache();
        try (Mount m = mount(network, mount, grepCache)) {
            time("mailfs grep cold " + network.name, mount, GREP + " > /dev/null");
            time("mailfs grep warm " + network.name, mount, GREP + " > /dev/null");
            say(sh("cat " + quote(mount.resolve(".mailfs/status").toString())).strip());
        }
        // The same disk store: the bodies come from it, nothing from the server.
        try (Mount m = mount(network, mount, grepCache)) {
            time("mailfs grep after restart " + network.name, mount, GREP + " > /dev/null");
        }
        Path plainCache = freshCache();
        try (Mount m = mount(network, mount, plainCache)) {
            time("mailfs plain grep cold " + network.name, mount, PLAIN_GREP + " > /dev/null");
            time("mailfs plain grep warm " + network.name, mount, PLAIN_GREP + " > /dev/null");
            peakResidentKilobytes(m.pid()).ifPresent(kilobytes -> record(plainGrepRss(network.name), kilobytes / 1024.0));
        }
        try (Mount m = mount(network, mount, plainCache)) {
            time("mailfs plain grep after restart " + network.name, mount, PLAIN_GREP + " > /dev/null");
        }
        try (Mount m = mount(network, mount, freshCache())) {
            time("mailfs grep --include cold " + network.name, mount, INCLUDE_GREP + " > /dev/null");
            time("mailfs grep --include warm " + network.name, mount, INCLUDE_GREP + " > /dev/null");
        }
        try (Mount m = mount(network, mount, freshCache())) {
            String largest = sh("cd " + quote(mount.toString()) + " && ls -S INBOX | grep '\\.eml$' | head -1").strip();
            sh("cd " + quote(mount.toString()) + " && ls INBOX > /dev/null");
            time("mailfs cat one large message cold " + network.name, mount, "cat " + quote("INBOX/" + largest) + " > /dev/null");
        }
    }

    /**
     * Moves and deletions as users make them (issue 22), each timed from its start until the command
     * returned, until the mount lists the result, and until the server holds it (the files of
     * Dovecot's maildir): mv of many in one command, gio move one at a time, rm of many.
     */
    private void measureMoves(Network network) throws Exception {
        Path mount = Files.createDirectories(work.resolve("mnt-moves"));
        try (Mount m = mount(network, mount, freshCache())) {
            sh("cd " + quote(mount.toString()) + " && ls INBOX Moved Trash > /dev/null");
            int moved = maildirCount("Moved");
            timeChange("mailfs mv " + moves + " messages " + network.name, mount,
                    "ls INBOX | grep '\\.eml$' | head -" + moves + " | while IFS= read -r f; do printf 'INBOX/%s\\0' \"$f\"; done"
                            + " | xargs -0 mv -t Moved/",
                    "ls Moved | grep -c '\\.eml$'", moved + moves, "Moved", moved + moves);
            moved += moves;
            timeChange("mailfs gio move " + ONE_AT_A_TIME + " one at a time " + network.name, mount,
                    "ls INBOX | grep '\\.eml$' | head -" + ONE_AT_A_TIME + " | while IFS= read -r f; do gio move \"INBOX/$f\" Moved/ || exit 1; done",
                    "ls Moved | grep -c '\\.eml$'", moved + ONE_AT_A_TIME, "Moved", moved + ONE_AT_A_TIME);
            int inTrash = maildirCount("Trash");
            timeChange("mailfs rm " + ONE_AT_A_TIME + " messages " + network.name, mount,
                    "ls INBOX | grep '\\.eml$' | head -" + ONE_AT_A_TIME + " | while IFS= read -r f; do printf 'INBOX/%s\\0' \"$f\"; done"
                            + " | xargs -0 rm",
                    "ls Trash | grep -c '\\.eml$'", inTrash + ONE_AT_A_TIME, "Trash", inTrash + ONE_AT_A_TIME);
            say("the daemon's status: " + sh("cd " + quote(mount.toString()) + " && grep -i 'moves and deletions' .mailfs/status || true").strip()
                    .replace("\n", "; "));
        }
    }

    /** How many to gio move one at a time, and to rm. */
    private static final int ONE_AT_A_TIME = 200;

    /**
     * Times a change three ways from its start: "FIGURE" until the command returns, "FIGURE listed"
     * until {@code countCommand} in the mount says {@code listed}, "FIGURE on server" until the
     * server's maildir folder holds {@code onServer} messages.
     */
    private void timeChange(String figure, Path mount, String commandLine, String countCommand, int listed, String folder, int onServer)
            throws Exception {
        long start = System.nanoTime();
        time(figure, mount, commandLine);
        double shown = Double.NaN;
        double held = Double.NaN;
        long deadline = start + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline && (Double.isNaN(shown) || Double.isNaN(held))) {
            if (Double.isNaN(shown) && Integer.parseInt(sh("cd " + quote(mount.toString()) + " && " + countCommand + " || true").strip()) >= listed) {
                shown = (System.nanoTime() - start) / 1e9;
            }
            if (Double.isNaN(held) && maildirCount(folder) >= onServer) {
                held = (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(20);
        }
        record(figure + " listed", shown);
        record(figure + " on server", held);
        say(String.format(Locale.ROOT, "%-45s %8.2f s listed, %8.2f s on the server", figure, shown, held));
    }

    /** The messages Dovecot holds in a folder: the files of its maildir. */
    private int maildirCount(String folder) throws IOException {
        int count = 0;
        for (String sub : List.of("cur", "new")) {
            Path directory = dovecot.maildir().resolve(folder).resolve(sub);
            if (Files.isDirectory(directory)) {
                try (var files = Files.list(directory)) {
                    count += (int) files.count();
                }
            }
        }
        return count;
    }

    /** A disk store nobody used yet: cold means nothing on disk either. */
    private Path freshCache() throws IOException {
        return Files.createTempDirectory(work, "cache-");
    }

    private Mount mount(Network network, Path mountPoint, Path cacheHome) throws Exception {
        Path password = work.resolve("password");
        Files.writeString(password, dovecot.password() + "\n");
        ProcessBuilder builder = new ProcessBuilder("bin/mailfs",
                "mount", "--host", "127.0.0.1", "--port", String.valueOf(network.port), "--user", dovecot.user(),
                "--security", "none", "--password-command", "cat " + password, mountPoint.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("mailfs-" + network.name + ".log").toFile()));
        builder.environment().put("XDG_CACHE_HOME", cacheHome.toString());
        Process mailfs = builder.start();
        awaitLine(mailfs, Pattern.compile("mounted at"));
        return new Mount(mailfs);
    }

    /** A running mailfs; closing it unmounts and waits. */
    private record Mount(Process process) implements AutoCloseable {
        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    // ---- big attachments ---------------------------------------------------------------------

    /**
     * Writes the messages of {@link #ATTACHMENTS} (base64, 76-character lines) straight into the
     * Maildir, the first one alone and indexed before the others, so that it gets UID 1.
     */
    private void generateAttachments() throws Exception {
        long start = System.nanoTime();
        BigMail mail = new BigMail(Files.createDirectories(work.resolve("attachments")));
        for (int i = 1; i <= ATTACHMENT_MESSAGES; i++) {
            BigMail.Message message = mail.base64("Big attachment " + i, 100 + i, attachmentBytes);
            dovecot.deliver(ATTACHMENTS, message.file());
            Files.delete(message.file());
            attachments.put(message.subject(), message.parts().get(0).expected());
            if (i == 1) {
                wire(dovecot.plainPort(), ATTACHMENTS, "index");
            }
        }
        wire(dovecot.plainPort(), ATTACHMENTS, "index");
        say(String.format(Locale.ROOT, "generated %s count=%d attachment bytes=%d seconds=%.1f", ATTACHMENTS, ATTACHMENT_MESSAGES,
                attachmentBytes, (System.nanoTime() - start) / 1e9));
    }

    /**
     * A cold cat of the first message's attachment, on a fresh daemon with an empty disk store,
     * after an ls -l of the folder; and the wire fetching that same section (BODY.PEEK[2] of UID 1)
     * alone, just before. Then, on the same daemon, a cold cat of the second message's attachment
     * (nothing of it on disk either): what a daemon that has been running for a while does, its
     * code compiled by the JIT, where a fresh one compiles it during the cat. Each cat is followed
     * by a cmp of the attachment to its bytes, not timed.
     */
    private void measureAttachment(Network network) throws Exception {
        String section = "wire attachment section " + network.name;
        Process wire = start("WireLimit", "127.0.0.1", String.valueOf(network.port), dovecot.user(), dovecot.password(), ATTACHMENTS,
                "1", "2");
        String out = new String(wire.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wire.waitFor() != 0) {
            throw new IllegalStateException("WireLimit failed: " + out);
        }
        record(section, seconds(out, "section"));
        say(String.format(Locale.ROOT, "%-45s %8.2f s", section, figure(section)));

        Path mount = Files.createDirectories(work.resolve("mnt-attachment"));
        String cat = "mailfs cat attachment cold " + network.name;
        String catRunning = "mailfs cat attachment cold, running daemon " + network.name;
        try (Mount m = mount(network, mount, freshCache())) {
            if (!listAttachments(cat, m, mount)) {
                failures.put(catRunning, "the ls -l before it failed");
                return;
            }
            List<String> subjects = List.copyOf(attachments.keySet());
            catAndCompare(cat, m, mount, subjects.get(0));
            catAndCompare(catRunning, m, mount, subjects.get(1));
        }
    }

    private void catAndCompare(String figure, Mount m, Path mount, String subject) throws Exception {
        Path file = attachmentIn(mount, subject);
        if (!Double.isNaN(timeMayFail(figure, m, mount, "cat " + quote(file.toString()) + " > /dev/null"))) {
            Process cmp = new ProcessBuilder("cmp", attachments.get(subject).toString(), file.toString()).redirectErrorStream(true).start();
            String said = new String(cmp.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (cmp.waitFor() != 0) {
                failures.put(figure, "not the attachment's bytes: " + said);
            }
        }
    }

    /** The three attachments read with cmp at once on a fresh daemon, its VmHWM watched meanwhile. */
    private void measureParallelAttachments() throws Exception {
        Path mount = Files.createDirectories(work.resolve("mnt-parallel"));
        String parallel = "mailfs cmp " + ATTACHMENT_MESSAGES + " attachments in parallel loopback";
        try (Mount m = mount(new Network("loopback", dovecot.plainPort()), mount, freshCache())) {
            if (!listAttachments(parallel, m, mount)) {
                failures.put(parallelRss(), "not measured");
                return;
            }
            StringBuilder reads = new StringBuilder();
            for (Map.Entry<String, Path> attachment : attachments.entrySet()) {
                reads.append("cmp ").append(quote(attachment.getValue().toString())).append(' ')
                        .append(quote(attachmentIn(mount, attachment.getKey()).toString())).append(" & ");
            }
            // Every cmp is waited for; the command fails if one did.
            reads.append("failed=0; for job in $(jobs -p); do wait $job || failed=1; done; exit $failed");
            AtomicLong peakKilobytes = new AtomicLong();
            Thread watch = new Thread(() -> {
                while (m.process().isAlive()) {
                    peakResidentKilobytes(m.pid()).ifPresent(peakKilobytes::set); // VmHWM only grows
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            watch.setDaemon(true);
            watch.start();
            timeMayFail(parallel, m, mount, reads.toString());
            peakResidentKilobytes(m.pid()).ifPresent(peakKilobytes::set);
            watch.interrupt();
            record(parallelRss(), peakKilobytes.get() / 1024.0);
            if (!m.process().isAlive()) {
                failures.put(parallelRss(), "the daemon ended meanwhile; its peak until then");
            }
        }
    }

    /** ls -l of the attachments' folder before a figure, not timed; when it fails, so does the figure, and false. */
    private boolean listAttachments(String figure, Mount mailfs, Path mount) throws Exception {
        String what = "ls -l " + ATTACHMENTS + " before " + figure;
        if (Double.isNaN(timeMayFail(what, mailfs, mount, "ls -l " + ATTACHMENTS + " > /dev/null"))) {
            failures.put(figure, "the ls -l before it failed");
            return false;
        }
        return true;
    }

    private String parallelRss() {
        return "mailfs peak RSS MB reading " + ATTACHMENT_MESSAGES + " attachments in parallel";
    }

    /** The attachment "blob.bin" of the message with this subject, in the mounted folder. */
    private static Path attachmentIn(Path mount, String subject) throws IOException {
        try (Stream<Path> names = Files.list(mount.resolve(ATTACHMENTS))) {
            return names.filter(p -> Files.isDirectory(p) && p.getFileName().toString().contains(" " + subject + " ("))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no " + subject + " in " + ATTACHMENTS))
                    .resolve("blob.bin");
        }
    }

    private static OptionalLong peakResidentKilobytes(long pid) {
        try {
            Matcher hwm = Pattern.compile("VmHWM:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
            return hwm.find() ? OptionalLong.of(Long.parseLong(hwm.group(1))) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty(); // it has ended
        }
    }

    private static long megabytes(long bytes) {
        return Math.round(bytes / 1e6);
    }

    // ---- baselines ----------------------------------------------------------------------------

    private void wire(int port, String folder, String label) throws Exception {
        Process wire = start("WireLimit", "127.0.0.1", String.valueOf(port), dovecot.user(), dovecot.password(), folder);
        String out = new String(wire.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wire.waitFor() != 0) {
            throw new IllegalStateException("WireLimit failed: " + out);
        }
        if (!label.equals("index")) {
            record("wire metadata " + label, seconds(out, "metadata"));
            record("wire bodies " + label, seconds(out, "bodies"));
        }
    }

    private static double seconds(String wireOutput, String kind) {
        Matcher m = Pattern.compile("wire " + kind + " seconds=([0-9.]+)").matcher(wireOutput);
        if (!m.find()) {
            throw new IllegalStateException("no " + kind + " figure in: " + wireOutput);
        }
        return Double.parseDouble(m.group(1));
    }

    private void measureMbsync(Network network, int run) throws Exception {
        Path local = work.resolve("mbsync-" + network.name + "-" + run); // empty: a full sync
        Files.createDirectories(local);
        Path config = work.resolve("mbsyncrc-" + network.name);
        Files.writeString(config, String.join("\n",
                "IMAPAccount bench",
                "Host 127.0.0.1",
                "Port " + network.port,
                "User " + dovecot.user(),
                "Pass " + dovecot.password(),
                "SSLType None",
                "AuthMechs LOGIN",
                "",
                "IMAPStore remote",
                "Account bench",
                "",
                "MaildirStore local",
                "Path " + local + "/",
                "Inbox " + local + "/INBOX",
                "",
                "Channel inbox",
                "Far :remote:INBOX",
                "Near :local:INBOX",
                "Sync Pull",
                "Create Near",
                "SyncState *",
                ""));
        double sync = time("mbsync INBOX " + network.name, work, "mbsync -q -c " + quote(config.toString()) + " inbox");
        double grep = time("grep local maildir cold " + network.name, local, "grep -rl " + NEEDLE + " INBOX > /dev/null");
        record("mbsync + grep " + network.name, sync + grep);
        time("grep local maildir warm " + network.name, local, "grep -rl " + NEEDLE + " INBOX > /dev/null");
    }

    private void measureFloor() throws Exception {
        Path mount = Files.createDirectories(work.resolve("mnt-names"));
        Path manifest = work.resolve("floor-manifest");
        if (Files.notExists(manifest)) {
            try (Mount m = mount(new Network("loopback", dovecot.plainPort()), mount, freshCache())) {
                sh("cd " + quote(mount.toString()) + " && find INBOX -maxdepth 1 -name '*.eml' -printf 'INBOX/%P\\t%s\\n' > " + quote(manifest.toString()));
            }
        }
        Path floor = Files.createDirectories(work.resolve("mnt-floor"));
        Process fs = startFloor(floor, manifest);
        time("floor ls -l cold", floor, "ls -l INBOX > /dev/null");
        time("floor ls -l warm", floor, "ls -l INBOX > /dev/null");
        stopFloor(fs);
        // grep as mailfs is grepped, on a fresh mount: no name looked up before, and the needle is
        // in no file, so every byte is read (grep -l stops reading a file at its first match).
        fs = startFloor(floor, manifest);
        time("floor grep cold", floor, GREP + " > /dev/null");
        time("floor grep warm", floor, GREP + " > /dev/null");
        stopFloor(fs);
        // The same tree as mailfs shows, every message's directory and its files at their sizes.
        Path tree = work.resolve("floor-tree-manifest");
        if (Files.notExists(tree)) {
            try (Mount m = mount(new Network("loopback", dovecot.plainPort()), mount, freshCache())) {
                sh("cd " + quote(mount.toString()) + " && find INBOX -type f -printf 'INBOX/%P\\t%s\\n' > " + quote(tree.toString()));
            }
        }
        fs = startFloor(floor, tree);
        time("floor tree plain grep cold", floor, PLAIN_GREP + " > /dev/null");
        time("floor tree plain grep warm", floor, PLAIN_GREP + " > /dev/null");
        stopFloor(fs);
    }

    private static String plainGrepRss(String network) {
        return "mailfs peak RSS MB through plain grep " + network;
    }

    private Process startFloor(Path mountPoint, Path manifest) throws IOException {
        Process fs = start("FloorFs", mountPoint.toString(), manifest.toString());
        awaitLine(fs, Pattern.compile("floor: mounted at"));
        return fs;
    }

    private static void stopFloor(Process fs) throws InterruptedException {
        fs.destroy();
        fs.waitFor(30, TimeUnit.SECONDS);
    }

    private void measureMemory() throws Exception {
        Path mount = Files.createDirectories(work.resolve("mnt-big"));
        try (Mount m = mount(new Network("loopback", dovecot.plainPort()), mount, freshCache())) {
            time("mailfs ls -l of " + bigMessages + " messages", mount, "ls -l Big > /dev/null");
            peakResidentKilobytes(m.pid()).ifPresent(kilobytes -> record("mailfs peak RSS MB after listing " + bigMessages, kilobytes / 1024.0));
        }
    }

    // ---- the table ----------------------------------------------------------------------------

    private void printTable() {
        System.out.println();
        System.out.println("| figure | seconds | baseline | baseline seconds | ratio | target | verdict |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String network : List.of("loopback", "20ms")) {
            double faster = network.equals("loopback") ? 2 : 3;
            row("mailfs grep cold " + network, "mbsync + grep " + network, 1 / faster, String.format(Locale.ROOT, "%.0f× faster", faster));
            rowSum("mailfs grep cold " + network, "floor grep cold", "wire bodies " + network, 1.5);
            row("mailfs grep warm " + network, "floor grep warm", 1.5, "≤ 1.5");
            row("mailfs grep after restart " + network, "floor grep cold", 1.5, "≤ 1.5 (disk store)");
            rowAbsolute("mailfs ls -l cold " + network, "floor ls -l cold", 1.5);
            row("mailfs ls -l warm " + network, "floor ls -l warm", 2, "≤ 2");
            row("mailfs cat one large message cold " + network, "wire bodies " + network, Double.NaN, "(report)");
            row("grep local maildir warm " + network, "floor grep warm", Double.NaN, "(disk limit)");
            row("mailfs plain grep cold " + network, "mbsync + grep " + network, 1, "faster");
            rowSum("mailfs plain grep cold " + network, "floor tree plain grep cold", "wire bodies " + network, 1.5);
            row("mailfs plain grep warm " + network, "floor tree plain grep warm", 1.5, "≤ 1.5");
            row("mailfs plain grep after restart " + network, "floor tree plain grep cold", Double.NaN, "(report)");
            row("mailfs grep --include cold " + network, "mbsync + grep " + network, 1 / faster,
                    String.format(Locale.ROOT, "%.0f× faster", faster));
            row("mailfs grep --include warm " + network, "floor tree plain grep warm", Double.NaN, "(report)");
        }
        rowPlus("mailfs plain grep warm 20ms", "mailfs plain grep warm loopback", 1);
        rowAbsolute("mailfs mv " + moves + " messages 20ms listed", "mailfs mv " + moves + " messages 20ms", 5 * moves / 500.0);
        rowAbsolute("mailfs mv " + moves + " messages 20ms on server", "mailfs mv " + moves + " messages 20ms", 15 * moves / 500.0);
        rowAbsolute("mailfs gio move " + ONE_AT_A_TIME + " one at a time 20ms on server", "mailfs gio move " + ONE_AT_A_TIME
                + " one at a time 20ms", 8);
        rowAbsolute("mailfs rm " + ONE_AT_A_TIME + " messages 20ms on server", "mailfs rm " + ONE_AT_A_TIME + " messages 20ms", 3);
        row("mailfs cat attachment cold loopback", "wire attachment section loopback", Double.NaN, "(report: a fresh JVM)");
        row("mailfs cat attachment cold, running daemon loopback", "wire attachment section loopback", 2, "≤ 2 (half the wire's MB/s)");
        row("mailfs cmp " + ATTACHMENT_MESSAGES + " attachments in parallel loopback", "wire attachment section loopback", Double.NaN,
                "(report)");
        rssRow("mailfs peak RSS MB after listing " + bigMessages);
        if (scale > 0) {
            rowAbsolute(scaleFigure(), "wire metadata scale", 10);
            rssRow(scaleRss());
        }
        rssRow(plainGrepRss("loopback"));
        rssRow(plainGrepRss("20ms"));
        rssRow(parallelRss());
        System.out.println();
        double attachment = megabytes(attachmentBytes);
        System.out.printf(Locale.ROOT, "Attachment of %.0f MB, loopback: mailfs's cold cat %.0f MB/s on a fresh daemon, %.0f MB/s on a running one;"
                + " the wire's fetch of its section %.0f MB/s%n", attachment, attachment / figure("mailfs cat attachment cold loopback"),
                attachment / figure("mailfs cat attachment cold, running daemon loopback"), attachment / figure("wire attachment section loopback"));
        // What no filesystem on this binding can beat, for the targets that are absolute or against mbsync.
        for (String network : List.of("loopback", "20ms")) {
            System.out.printf(Locale.ROOT, "Bounds, %s: ls -l cold ≥ floor ls -l cold + wire metadata = %.2f s; grep cold ≥ floor grep cold = %.2f s%n",
                    network, figure("floor ls -l cold") + figure("wire metadata " + network),
                    figure("floor grep cold"));
        }
        failures.forEach((figure, why) -> System.out.println("Failed: " + figure + ": " + why));
        System.out.println();
        System.out.println("All measurements: " + figures);
    }

    private void rssRow(String name) {
        double megabytes = figure(name);
        if (Double.isNaN(megabytes) && !failures.containsKey(name)) {
            return;
        }
        System.out.printf(Locale.ROOT, "| %s | %.0f MB | | | | ≤ 300 MB | %s |%n", name, megabytes,
                failures.containsKey(name) ? "**failed**" : megabytes <= 300 ? "met" : "**not met**");
    }

    /** Met when figure / baseline ≤ maxRatio; a NaN maxRatio is only reported. */
    private void row(String figure, String baseline, double maxRatio, String target) {
        double b = figure(baseline);
        print(figure, baseline, b, target, maxRatio * b);
    }

    private void rowSum(String figure, String baseline1, String baseline2, double maxRatio) {
        double b = figure(baseline1) + figure(baseline2);
        print(figure, baseline1 + " + " + baseline2, b, String.format(Locale.ROOT, "≤ %.1f", maxRatio), maxRatio * b);
    }

    /** Met when figure ≤ baseline + plusSeconds. */
    private void rowPlus(String figure, String baseline, double plusSeconds) {
        double b = figure(baseline);
        print(figure, baseline, b, String.format(Locale.ROOT, "≤ baseline + %.0f s", plusSeconds), b + plusSeconds);
    }

    private void rowAbsolute(String figure, String baseline, double maxSeconds) {
        print(figure, baseline, figure(baseline), String.format(Locale.ROOT, "≤ %.1f s", maxSeconds), maxSeconds);
    }

    /** One row; the verdict says by how much a target is missed: the seconds it would take to meet it. */
    private void print(String name, String baseline, double baselineSeconds, String target, double maxSeconds) {
        double f = figure(name);
        if (Double.isNaN(f) && !failures.containsKey(name)) {
            return; // not measured in this run (--attachments-only)
        }
        String verdict = failures.containsKey(name) ? "**failed** (below)"
                : Double.isNaN(maxSeconds) ? ""
                : f <= maxSeconds ? "met"
                : String.format(Locale.ROOT, "**not met**: %.2f s where it needs ≤ %.2f s", f, maxSeconds);
        System.out.printf(Locale.ROOT, "| %s | %.2f | %s | %.2f | %.2f | %s | %s |%n", name, f, baseline, baselineSeconds,
                f / baselineSeconds, target, verdict);
    }

    // ---- processes ----------------------------------------------------------------------------

    private double time(String what, Path directory, String commandLine) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder("bash", "-c", commandLine).directory(directory.toFile())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0 && !commandLine.startsWith("grep")) {
            throw new IllegalStateException(what + ": " + commandLine + " exited " + exit + ": " + out);
        }
        record(what, seconds);
        say(String.format(Locale.ROOT, "%-45s %8.2f s", what, seconds));
        return seconds;
    }

    /**
     * Like {@link #time}, but a command that fails (on a daemon that ran out of memory, say) is
     * said in the table, with how the daemon ended, instead of ending the benchmark; NaN then.
     */
    private double timeMayFail(String what, Mount mailfs, Path directory, String commandLine) throws Exception {
        try {
            return time(what, directory, commandLine);
        } catch (IllegalStateException e) {
            String daemon = mailfs.process().waitFor(2, TimeUnit.SECONDS)
                    ? "; the daemon exited " + mailfs.process().exitValue() + (mailfs.process().exitValue() == 3 ? " (out of memory)" : "")
                    : "";
            String said = e.getMessage().startsWith(what + ": ") ? e.getMessage().substring(what.length() + 2) : e.getMessage();
            failures.putIfAbsent(what, said.strip().replace('\n', ' ') + daemon);
            say(what + " failed: " + failures.get(what));
            return Double.NaN;
        }
    }

    private void record(String what, double value) {
        figures.computeIfAbsent(what, unused -> new ArrayList<>()).add(value);
    }

    /** The median of the figure's measurements; NaN when it was not measured. */
    private double figure(String what) {
        List<Double> values = figures.getOrDefault(what, List.of()).stream().sorted().toList();
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int middle = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
    }

    private String sh(String commandLine) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", commandLine).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(commandLine + ": " + out);
        }
        return out;
    }

    private void java(String program, String... args) throws Exception {
        Process process = start(program, args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(program + " failed: " + out);
        }
        say(out.strip());
    }

    private Process start(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Dfile.encoding=UTF-8", "-Dsun.jnu.encoding=UTF-8",
                "-cp", classpath, "dev.mailfs.bench." + program));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(process);
        return process;
    }

    private static Matcher awaitLine(Process process, Pattern pattern) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        lines.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m;
            }
        }
        throw new IllegalStateException("the process ended before printing " + pattern);
    }

    private void stop() {
        children.forEach(Process::destroy);
        if (dovecot != null) {
            dovecot.close();
        }
    }

    /** The mailbox, the Maildirs and the disk stores take gigabytes; never through a mount still there. */
    private static void deleteTree(Path root) throws IOException {
        if (Files.readString(Path.of("/proc/mounts")).contains(" " + root + "/")) {
            say("left " + root + ": something is still mounted in it");
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

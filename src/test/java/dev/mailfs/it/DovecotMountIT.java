package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.fuse.MountTable;
import dev.mailfs.testing.DovecotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mount contract against a real Dovecot over TLS, plus what only a real server can show. */
class DovecotMountIT extends MountContract {
    private DovecotServer dovecot;
    private TcpProxy plainProxy;

    @Override
    ImapAccount startServer(Path workDir) throws Exception {
        DovecotServer.assumeAvailable();
        dovecot = DovecotServer.start(Files.createDirectories(workDir.resolve("dovecot")));
        plainProxy = new TcpProxy(dovecot.plainPort());
        return ImapAccount.tls(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password(), dovecot.certificatePem());
    }

    @Override
    List<String> mountCommand(Path mountPoint) throws Exception {
        return args(mountPoint, "--host", dovecot.host(), "--port", String.valueOf(dovecot.port()),
                "--trust-cert", dovecot.certificatePem().toString());
    }

    @Override
    void stopServer() throws Exception {
        if (plainProxy != null) {
            plainProxy.close();
        }
        if (dovecot != null) {
            dovecot.close();
        }
    }

    private List<String> args(Path mountPoint, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("mount", "--user", dovecot.user(), "--password-command", passwordCommand(dovecot.password())));
        args.addAll(List.of(options));
        args.add(mountPoint.toString());
        return args;
    }

    @Test
    void grepOverTheMountFindsWhatGrepOverTheServersMaildirFinds() {
        for (String needle : List.of(TestMail.NEEDLE, "invoice", "Message-ID", "Content-Type: image/png", "Grüße", "quick brown fox")) {
            String q = Shell.quote(needle);
            // The raw messages only: not the decoded files beside them, which the Maildir does not have.
            String viaMount = sh("grep -rl --include='*.eml' --exclude-dir='*)' -- " + q + " . | wc -l").strip();
            String viaMaildir = Shell.ok(dovecot.maildir(), "grep -rl -- " + q + " . | grep -v dovecot | wc -l").strip();
            assertEquals(viaMaildir, viaMount, "files containing " + needle);
            assertFalse(viaMount.equals("0"), needle + " occurs somewhere");
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        Path mountPoint = newMountPoint();
        List<String> noTrust = args(mountPoint, "--host", dovecot.host(), "--port", String.valueOf(dovecot.port()));
        try (MailfsProcess process = MailfsProcess.start(mountPoint, noTrust)) {
            assertEquals(1, process.awaitExit(Duration.ofSeconds(30)));
            List<String> lines = process.stderr().lines().toList();
            assertEquals(1, lines.size(), process.stderr());
            assertTrue(lines.get(0).startsWith("mailfs: the certificate of " + dovecot.host() + ":" + dovecot.port()), lines.get(0));
            assertTrue(lines.get(0).contains("not signed by an authority this machine trusts"), lines.get(0));
            assertNull(MountTable.typeAt(mountPoint));
        }
    }

    @Test
    void starttlsMountsWithTheTrustedCertificate() throws Exception {
        Path mountPoint = newMountPoint();
        List<String> starttls = args(mountPoint, "--host", dovecot.host(), "--port", String.valueOf(dovecot.plainPort()),
                "--security", "starttls", "--trust-cert", dovecot.certificatePem().toString());
        try (MailfsProcess process = MailfsProcess.start(mountPoint, starttls)) {
            process.awaitReady(Duration.ofSeconds(60));
            assertTrue(Shell.ok(mountPoint, "ls").contains("INBOX"));
            process.signal("TERM");
            assertEquals(0, process.awaitExit(Duration.ofSeconds(20)));
        }
    }

    /** A plain-text mount through the counting proxy, fresh, so that nothing is cached yet. */
    private MailfsProcess freshProxiedMount(Path mountPoint, String... options) throws Exception {
        MailfsProcess process = proxiedMount(mountPoint, options);
        plainProxy.reset();
        return process;
    }

    private MailfsProcess proxiedMount(Path mountPoint, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", String.valueOf(plainProxy.port()), "--security", "none"));
        args.addAll(List.of(options));
        MailfsProcess process = MailfsProcess.start(mountPoint, args(mountPoint, args.toArray(String[]::new)));
        process.awaitReady(Duration.ofSeconds(60));
        return process;
    }

    @Test
    void listingAFolderIsOneBulkFetchAndStatCostsNothing() throws Exception {
        Path mountPoint = newMountPoint();
        // No disk store: it would hold the listing from the other mounts of this account.
        try (MailfsProcess process = freshProxiedMount(mountPoint, "--cache-size", "0")) {
            // The first listing of a session also checks one message's RFC822.SIZE against its bytes.
            Shell.ok(mountPoint, "ls INBOX");
            plainProxy.reset();
            int files = Integer.parseInt(Shell.ok(mountPoint, "ls -l " + HOSTILE + " | grep -c '\\.eml$'").strip());
            assertEquals(TestMail.hostile().size(), files);
            List<String> fetches = plainProxy.clientLines().stream().filter(l -> l.contains(" FETCH ")).toList();
            assertEquals(1, fetches.size(), "one UID FETCH for " + files + " messages, not one each: " + fetches);
            assertTrue(fetches.get(0).contains("UID FETCH 1:*"), fetches.get(0));
            String listing = fetches.get(0).replace("BODY.PEEK[HEADER.FIELDS (DATE SUBJECT FROM TO MESSAGE-ID)]", "");
            assertFalse(listing.contains("BODY"), "listing fetches a few header fields, no bodies and no structures: " + fetches.get(0));
        }
    }

    /** INBOX is watched by default; --watch names another folder, which then gets the IDLE. */
    @Test
    void theWatchedFolderIsTheOneGivenToWatch() throws Exception {
        Path mountPoint = newMountPoint();
        plainProxy.reset();
        try (MailfsProcess process = proxiedMount(mountPoint, "--watch", LIVE)) {
            Poll.within(Duration.ofSeconds(10)).every(Duration.ofMillis(50))
                    .until(() -> "IDLE after EXAMINE " + LIVE + ": " + plainProxy.clientLines(), () -> idleAfterExamining(LIVE));
        }
    }

    private boolean idleAfterExamining(String folder) {
        List<String> lines = plainProxy.clientLines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("EXAMINE " + folder) || lines.get(i).contains("EXAMINE \"" + folder + "\"")) {
                return lines.subList(i, lines.size()).stream().anyMatch(l -> l.endsWith(" IDLE"));
            }
        }
        return false;
    }

    @Test
    void readingTheStartOfALargeMessageDoesNotDownloadIt() throws Exception {
        Path mountPoint = newMountPoint();
        try (MailfsProcess process = freshProxiedMount(mountPoint)) {
            Shell.ok(mountPoint, "ls " + LARGE + " > /dev/null");
            plainProxy.reset();
            String start = Shell.ok(mountPoint, "head -c 100 " + LARGE + "/*.eml");
            assertTrue(start.startsWith("From: Tester"), start);
            long downloaded = plainProxy.serverBytes();
            assertTrue(downloaded < 4L << 20, "head -c 100 of a 30 MB message downloaded " + downloaded + " bytes");
            assertTrue(plainProxy.clientLines().stream().anyMatch(l -> l.contains("BODY.PEEK[]<0.")), "a partial fetch with PEEK");
        }
    }

    @Test
    void aLostConnectionIsReestablishedOnTheNextOperation() throws Exception {
        Path mountPoint = newMountPoint();
        try (MailfsProcess process = freshProxiedMount(mountPoint)) {
            Shell.ok(mountPoint, "ls INBOX Sent > /dev/null");
            plainProxy.cutAll();
            // Nothing of these is cached yet: each needs the server again.
            assertEquals(String.valueOf(TestMail.hostile().size()), Shell.ok(mountPoint, "ls " + HOSTILE + " | grep -c '\\.eml$'").strip());
            assertTrue(Shell.ok(mountPoint, "cat Sent/*.eml").contains("Message-ID"), "messages read after the cut");
            assertTrue(process.stderr().contains("reconnecting"), process.stderr());
        }
    }

    @Test
    void aMessageDirectoryCostsOneBodystructureAndAPartOnlyItsSection() throws Exception {
        Path mountPoint = newMountPoint();
        try (MailfsProcess process = freshProxiedMount(mountPoint)) {
            String big = Shell.ok(mountPoint, "ls " + BIG + " | grep -v '\\.eml$'").strip();
            plainProxy.reset();
            Shell.ok(mountPoint, "ls " + BIG + "/" + Shell.quote(big));
            List<String> fetches = plainProxy.clientLines().stream().filter(l -> l.contains(" FETCH ")).toList();
            assertEquals(1, fetches.size(), fetches.toString());
            assertTrue(fetches.get(0).contains("BODYSTRUCTURE"), fetches.get(0));

            plainProxy.reset();
            assertEquals("Small notes beside a big file.\r\n", Shell.ok(mountPoint, "cat " + BIG + "/" + Shell.quote(big) + "/notes.txt"));
            long downloaded = plainProxy.serverBytes();
            assertTrue(downloaded < 1 << 20, "notes.txt of a message with a 20 MB attachment cost " + downloaded + " bytes");
            assertTrue(plainProxy.clientLines().stream().anyMatch(l -> l.matches(".*UID FETCH \\d+ \\(UID BODY\\.PEEK\\[2\\]\\).*")),
                    plainProxy.clientLines().toString());
        }
    }

    @Test
    void anEnclosedMessageHasItsOwnDirectoryOfParts() throws Exception {
        Path nested = messageDirectory(TRICKY, "Tricky: nested").resolve("Inner subject");
        assertEquals(List.of("body.txt", "inner.txt"), Shell.run(nested, "ls -1").lines());
        assertTrue(Files.readString(nested.resolve("body.txt")).contains("matryoshka"));
        assertEquals("attachment of the inner message\r\n", Files.readString(nested.resolve("inner.txt")));
    }

    @Test
    void grepThroughAFolderFetchesTheMessagesAheadInBatches() throws Exception {
        Path mountPoint = newMountPoint();
        try (MailfsProcess process = freshProxiedMount(mountPoint)) {
            int messages = Integer.parseInt(Shell.ok(mountPoint, "ls " + TRICKY + " | grep -c '\\.eml$'").strip());
            plainProxy.reset();
            Shell.ok(mountPoint, "grep -rl --include='*.eml' --exclude-dir='*)' zzz-not-there " + TRICKY + " || true");
            long bodyFetches = plainProxy.clientLines().stream().filter(l -> l.contains("BODY.PEEK[]<0.")).count();
            assertTrue(messages >= 18 && bodyFetches <= 3,
                    bodyFetches + " body fetches for " + messages + " messages read in order: " + plainProxy.clientLines());
        }
    }

    /** Mail with no header block at all, delivered as is: Dovecot takes it all for a header; body.txt still holds its text. */
    @Test
    void aMessageWithoutAHeaderBlockIsAllText() throws Exception {
        dovecot.deliver("Headerless", "Hello, no header here\r\nsecond line: with a colon\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path mountPoint = newMountPoint();
        try (MailfsProcess process = freshProxiedMount(mountPoint)) {
            assertEquals("Hello, no header here\nsecond line: with a colon\n", Shell.ok(mountPoint, "cat Headerless/*/body.txt"));
        }
    }

    /** df shows the mailbox's quota (GETQUOTAROOT INBOX), learnt in the background. */
    @Test
    void dfShowsTheMailboxsQuota() {
        String[] df = Poll.within(Duration.ofSeconds(5)).latest(() -> sh("df -B1 --output=size,used,avail . | tail -1").strip().split("\\s+"),
                columns -> !columns[0].equals("0"));
        assertEquals(DovecotServer.QUOTA_BYTES, Long.parseLong(df[0]), String.join(" ", df));
        long used = Long.parseLong(df[1]);
        assertTrue(used > 1 << 20 && used < 1L << 30, "the mail takes " + used + " bytes");
        assertEquals(DovecotServer.QUOTA_BYTES - used, Long.parseLong(df[2]));
    }
}

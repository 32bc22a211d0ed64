package dev.mailfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.imap.ImapSettings;
import dev.mailfs.imap.Security;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class MountOptionsTest {
    @Command(name = "test")
    static final class WithOptions {
        @Mixin
        MountOptions options = new MountOptions();
    }

    private static MountOptions parse(String... args) {
        WithOptions command = new WithOptions();
        new CommandLine(command).parseArgs(args);
        return command.options;
    }

    private static Optional<Account> accountWithCacheSize(long bytes) {
        return account(Optional.of(bytes), Optional.empty());
    }

    private static Optional<Account> account(Optional<Long> cacheSize, Optional<Integer> timeoutSeconds) {
        return account(cacheSize, timeoutSeconds, Optional.empty());
    }

    private static Optional<Account> account(Optional<Long> cacheSize, Optional<Integer> timeoutSeconds, Optional<String> watch) {
        Optional<String> none = Optional.empty();
        return Optional.of(new Account("work", Path.of("work.properties"), none, Optional.empty(), none, none, Optional.empty(),
                Optional.empty(), none, none, Optional.empty(), Optional.empty(), none, none, Optional.empty(), cacheSize, Optional.empty(), timeoutSeconds, watch,
                Optional.empty()));
    }

    @Test
    void theWatchedFolderIsInboxUnlessTheOptionOrTheAccountSaysWhich() {
        assertEquals("INBOX", parse().watchedFolder(Optional.empty()));
        Optional<Account> account = account(Optional.empty(), Optional.empty(), Optional.of("Work"));
        assertEquals("Work", parse().watchedFolder(account));
        assertEquals("Lists/Dev", parse("--watch", "Lists/Dev").watchedFolder(account));
    }

    private static final ImapSettings SERVER = ImapSettings.of("imap.example.org", 993, "alice", Security.TLS, Optional.empty());

    @Test
    void timeoutsKeepTheirDefaultsUnlessTold() {
        ImapSettings settings = parse().apply(SERVER, Optional.empty());
        assertEquals(ImapSettings.DEFAULT_CONNECT_TIMEOUT, settings.connectTimeout());
        assertEquals(ImapSettings.DEFAULT_READ_TIMEOUT, settings.readTimeout());
    }

    @Test
    void timeoutFromTheOptionWinsOverTheAccount() {
        Optional<Account> account = account(Optional.empty(), Optional.of(30));
        assertEquals(Duration.ofSeconds(30), parse().apply(SERVER, account).readTimeout());
        ImapSettings settings = parse("--timeout", "5").apply(SERVER, account);
        assertEquals(Duration.ofSeconds(5), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(5), settings.readTimeout());
        assertEquals(Duration.ofSeconds(5), settings.writeTimeout());
    }

    @Test
    void connectionsAreTheServersDefaultUnlessToldAndBounded() {
        assertEquals(0, parse().apply(SERVER, Optional.empty()).maxConnections(), "the default for the server, decided once it is known");
        assertEquals(4, parse("--connections", "4").apply(SERVER, Optional.empty()).maxConnections());
        assertThrows(UsageException.class, () -> parse("--connections", "2").apply(SERVER, Optional.empty()));
        assertThrows(UsageException.class, () -> parse("--connections", "101").apply(SERVER, Optional.empty()));
    }

    @Test
    void aTimeoutOutOfRangeIsAUsageError() {
        assertThrows(UsageException.class, () -> parse("--timeout", "0").apply(SERVER, Optional.empty()));
    }

    @Test
    void cacheSizeDefaultsToOneGibibyte() {
        assertEquals(1L << 30, parse().diskCacheBytes(Optional.empty()));
    }

    @Test
    void cacheSizeTakesSizesAsPeopleWriteThem() {
        assertEquals(500L << 20, parse("--cache-size", "500M").diskCacheBytes(Optional.empty()));
        assertEquals(2L << 30, parse("--cache-size=2G").diskCacheBytes(Optional.empty()));
        assertEquals(0, parse("--cache-size", "0").diskCacheBytes(Optional.empty()), "0 turns the disk store off");
    }

    @Test
    void theOptionWinsOverTheAccountWhichWinsOverTheDefault() {
        assertEquals(3L << 30, parse().diskCacheBytes(accountWithCacheSize(3L << 30)));
        assertEquals(0, parse().diskCacheBytes(accountWithCacheSize(0)));
        assertEquals(100L << 20, parse("--cache-size", "100M").diskCacheBytes(accountWithCacheSize(3L << 30)));
        assertEquals(0, parse().diskCacheBytes(Optional.empty(), 0), "the demo's default");
    }

    @Test
    void aBadCacheSizeIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--cache-size", "lots").diskCacheBytes(Optional.empty()));
        assertTrue(e.getMessage().startsWith("--cache-size: 'lots' is not a size") && e.getMessage().contains("500M"), e.getMessage());
        assertThrows(UsageException.class, () -> parse("--cache-size", "-5M").diskCacheBytes(Optional.empty()));
    }

    @Test
    void mountWithABadCacheSizeExitsWithTwoBeforeAskingForAPassword(@TempDir Path mountPoint) throws java.io.IOException {
        StringWriter err = new StringWriter();
        CommandLine mailfs = new CommandLine(new MailfsCommand()).setExecutionExceptionHandler(new UserErrors());
        mailfs.setErr(new PrintWriter(err, true));

        int exit = mailfs.execute("mount", "--host", "127.0.0.1", "--user", "u", "--security", "none",
                "--password-command", "echo must-not-run >&2", "--cache-size", "2 gigs", mountPoint.toString());

        assertEquals(ExitCodes.USAGE, exit);
        assertEquals("mailfs: --cache-size: '2 gigs' is not a size; write it like 500M or 2G (K, M, G, T), or 0", err.toString().strip());
        String ours = "mailfs-incoming-" + ProcessHandle.current().pid() + "-";
        try (java.util.stream.Stream<Path> tmp = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertEquals(List.of(), tmp.filter(p -> p.getFileName().toString().startsWith(ours)).toList(),
                    "a mount that fails before mounting leaves no directory for files copied in");
        }
    }
}

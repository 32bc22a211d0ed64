package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts and where the secret comes from, through the real command against GreenMail. */
class CredentialsIT {
    private static final String PASSWORD = "right-Secret-42";

    @TempDir
    Path tmp;
    private GreenMail greenMail;
    private Path configHome;
    private Map<String, String> environment;

    @BeforeEach
    void server() throws Exception {
        FuseRequirement.check();
        greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        greenMail.setUser("work@localhost", "work", PASSWORD);
        configHome = Files.createDirectories(tmp.resolve("config"));
        Files.createDirectories(configHome.resolve("mailfs"));
        environment = new HashMap<>();
        environment.put("XDG_CONFIG_HOME", configHome.toString());
        environment.put("DBUS_SESSION_BUS_ADDRESS", null); // no keyring here
        environment.put("CREDENTIALS_DIRECTORY", null);
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    private void account(String name, String... lines) throws Exception {
        String common = String.join("\n", "host = 127.0.0.1", "port = " + greenMail.getImap().getPort(), "user = work", "security = none", "");
        Files.writeString(configHome.resolve("mailfs/" + name + ".properties"), common + String.join("\n", lines) + "\n");
    }

    private MailfsProcess mailfs(Path mountPoint, String... args) throws Exception {
        return MailfsProcess.start(mountPoint, List.of(), List.of(args), environment);
    }

    @Test
    void anExpiredTokenIsFetchedAgainOnceAndNeverShown() throws Exception {
        Path used = tmp.resolve("first-token-used");
        Path command = tmp.resolve("token.sh");
        Files.writeString(command, "if [ -f " + used + " ]; then echo " + PASSWORD + "; else touch " + used + "; echo stale-Token-1; fi\n");
        account("work", "token-command = sh " + command);
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        try (MailfsProcess process = mailfs(mountPoint, "mount", "work", mountPoint.toString())) {
            process.awaitReady(Duration.ofSeconds(60));
            assertTrue(process.stderr().contains("refused the token from the token command"), process.stderr());
            String argv = Files.readString(Path.of("/proc/" + process.pid() + "/cmdline"), StandardCharsets.ISO_8859_1);
            String environ = Files.readString(Path.of("/proc/" + process.pid() + "/environ"), StandardCharsets.ISO_8859_1);
            process.signal("TERM");
            assertEquals(0, process.awaitExit(Duration.ofSeconds(20)));
            for (String secret : List.of(PASSWORD, "stale-Token-1")) {
                assertFalse(argv.contains(secret) || environ.contains(secret), "argv or environment holds a token");
                assertFalse(process.stdout().contains(secret) || process.stderr().contains(secret), "output holds a token");
            }
        }
    }

    @Test
    void aSystemdCredentialComesBeforeThePasswordCommand() throws Exception {
        account("work", "password-command = echo wrong-password");
        Path credentials = Files.createDirectory(tmp.resolve("credentials"));
        Files.writeString(credentials.resolve("password"), PASSWORD + "\n");
        environment.put("CREDENTIALS_DIRECTORY", credentials.toString());
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        try (MailfsProcess process = mailfs(mountPoint, "mount", "work", mountPoint.toString())) {
            process.awaitReady(Duration.ofSeconds(60));
            assertTrue(Shell.ok(mountPoint, "ls").contains("INBOX"));
        }
    }

    @Test
    void withNoSecretAnywhereTheErrorListsWhatWasTried() throws Exception {
        account("work");
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        try (MailfsProcess process = mailfs(mountPoint, "mount", "work", mountPoint.toString())) {
            assertEquals(1, process.awaitExit(Duration.ofSeconds(30)));
            List<String> lines = process.stderr().lines().toList();
            assertEquals(1, lines.size(), process.stderr());
            for (String tried : List.of("systemd credential", "password command", "keyring", "terminal")) {
                assertTrue(lines.get(0).contains(tried), lines.get(0));
            }
            assertNull(dev.mailfs.fuse.MountTable.typeAt(mountPoint));
        }
    }

    @Test
    void loginAndLogoutWithoutAKeyringSayNoInOneLineAndDoNotHang() throws Exception {
        account("work");
        for (List<String> command : List.of(List.of("login", "work"), List.of("logout", "work"))) {
            long start = System.nanoTime();
            try (MailfsProcess process = mailfs(tmp, command.toArray(String[]::new))) {
                assertEquals(1, process.awaitExit(Duration.ofSeconds(30)), process.stderr());
                assertEquals(1, process.stderr().lines().count(), process.stderr());
                assertTrue(process.stderr().contains("keyring"), process.stderr());
                String cannot = command.get(0).equals("login") ? "cannot store the password of work" : "cannot remove the password of work";
                assertTrue(process.stderr().contains(cannot), process.stderr());
            }
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(25).toNanos());
        }
    }

    @Test
    void aSessionBusWithoutASecretServiceIsNoKeyringEither() throws Exception {
        account("work");
        // A session bus that cannot start services, so that no installed keyring answers on it.
        Path busConfig = tmp.resolve("session-bus.conf");
        Files.writeString(busConfig, String.join("\n",
                "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"",
                " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">",
                "<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>",
                "<policy context=\"default\"><allow send_destination=\"*\"/><allow own=\"*\"/></policy></busconfig>", ""));
        Shell.Result result = Shell.run(tmp, "HOME=" + Shell.quote(tmp.toString()) + " XDG_CONFIG_HOME=" + Shell.quote(configHome.toString())
                + " timeout 60 dbus-run-session --config-file=" + Shell.quote(busConfig.toString()) + " -- java -jar "
                + Shell.quote(MailfsProcess.JAR.toString()) + " logout work 2>&1 | grep -v dbus-daemon");
        List<String> lines = result.lines();
        assertEquals(1, lines.size(), result.out());
        assertTrue(lines.get(0).startsWith("mailfs: ") && lines.get(0).contains("keyring"), lines.get(0));
    }

    @Test
    void accountsAreListedAndBadKeysAreNamed() throws Exception {
        account("work", "mountpoint = /tmp/work-mail");
        Files.writeString(configHome.resolve("mailfs/typo.properties"), "hots = imap.example.com\n");
        Files.writeString(configHome.resolve("mailfs/badport.properties"), "host = x\nport = 99999\n");
        try (MailfsProcess list = mailfs(tmp, "accounts")) {
            assertEquals(0, list.awaitExit(Duration.ofSeconds(30)));
            assertTrue(list.stdout().contains("work\twork@127.0.0.1\t/tmp/work-mail"), list.stdout());
        }
        try (MailfsProcess typo = mailfs(tmp, "mount", "typo")) {
            assertEquals(2, typo.awaitExit(Duration.ofSeconds(30)));
            assertTrue(typo.stderr().contains("typo.properties: unknown key hots; allowed: "), typo.stderr());
        }
        try (MailfsProcess port = mailfs(tmp, "mount", "badport")) {
            assertEquals(2, port.awaitExit(Duration.ofSeconds(30)));
            assertTrue(port.stderr().contains("badport.properties: key port is '99999'; allowed: a number from 1 to 65535"), port.stderr());
        }
    }

    @Test
    void optionsOnTheCommandLineWinOverTheAccount() throws Exception {
        Path password = tmp.resolve("password");
        Files.writeString(password, PASSWORD + "\n");
        account("work", "password-command = cat " + password, "read-only = false");
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        try (MailfsProcess process = mailfs(mountPoint, "mount", "work", "--read-only", mountPoint.toString())) {
            process.awaitReady(Duration.ofSeconds(60));
            assertTrue(Shell.run(mountPoint, "mkdir New").err().contains("Read-only file system"));
        }
    }
}

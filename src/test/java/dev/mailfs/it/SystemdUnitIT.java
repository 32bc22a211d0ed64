package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.cli.demo.SampleMailbox;
import dev.mailfs.fuse.MountTable;
import dev.mailfs.testing.Requirement;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user unit systemd/mailfs@.service: systemd-analyze accepts it, it keeps the hardening that
 * would break fusermount out, and its ExecStart goes through the life systemd gives it (ready
 * notification, SIGTERM, kill -9 and a restart), run here the way systemd would run it.
 */
class SystemdUnitIT {
    private static final Path UNIT = Path.of("systemd/mailfs@.service").toAbsolutePath();
    private static final Path LAUNCHER = Path.of("bin/mailfs").toAbsolutePath();

    @TempDir
    Path tmp;
    private GreenMail greenMail;
    private Path config;
    private Path mountPoint;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void accountOnGreenMail() throws Exception {
        greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        greenMail.setUser("work@localhost", "work", "unit-Pa55");
        try (ImapAccount account = ImapAccount.plain(greenMail.getImap().getPort(), "work", "unit-Pa55")) {
            SampleMailbox.appendTo(account.store());
        }
        config = Files.createDirectories(tmp.resolve("config/mailfs"));
        mountPoint = Files.createDirectory(tmp.resolve("Mail"));
        Path password = tmp.resolve("password");
        Files.writeString(password, "unit-Pa55\n");
        Files.writeString(config.resolve("work.properties"), String.join("\n",
                "host = 127.0.0.1",
                "port = " + greenMail.getImap().getPort(),
                "user = work",
                "security = none",
                "mountpoint = " + mountPoint,
                "password-command = cat " + password, ""));
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (Process process : started) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (MountTable.typeAt(mountPoint) != null) {
            new ProcessBuilder("fusermount", "-u", "-z", mountPoint.toString()).start().waitFor();
        }
        greenMail.stop();
    }

    @Test
    void systemdAnalyzeVerifiesTheUnit() throws Exception {
        Requirement.command("systemd-analyze", "systemd");
        Path instance = tmp.resolve("mailfs@work.service");
        Files.writeString(instance, Files.readString(UNIT).replace("/usr/bin/mailfs", LAUNCHER.toString()));
        Shell.Result verify = Shell.run(tmp, "systemd-analyze verify " + Shell.quote(instance.toString()));
        assertEquals(0, verify.exitCode(), verify.err());
        assertEquals("", verify.err());
    }

    @Test
    void theUnitKeepsOutWhatWouldBreakFusermount() throws Exception {
        String unit = Files.readString(UNIT);
        for (String line : unit.lines().filter(l -> !l.startsWith("#")).toList()) {
            for (String breaks : List.of("NoNewPrivileges", "PrivateTmp", "ProtectHome", "ProtectSystem", "PrivateMounts",
                    "RestrictSUIDSGID", "CapabilityBoundingSet", "PrivateUsers", "ReadOnlyPaths", "TemporaryFileSystem")) {
                assertFalse(line.startsWith(breaks + "="), "fusermount is setuid and the mount must be the user's: " + line);
            }
        }
        assertTrue(unit.contains("\nType=notify\n") && unit.contains("\nNotifyAccess=all\n"), "honest readiness");
        assertTrue(unit.contains("\nExecStart=/usr/bin/mailfs mount %i\n"));
        assertTrue(unit.contains("\nRestart=on-failure\n"));
    }

    /** A user manager has no network-online.target; restarting after a failure is what waits for the network. */
    @Test
    void theUnitWaitsForNoTargetAUserManagerLacks() throws Exception {
        String unit = Files.readString(UNIT);
        assertFalse(unit.lines().filter(l -> !l.startsWith("#")).anyMatch(l -> l.contains("network-online.target")), unit);
        assertTrue(unit.contains("\nRestart=on-failure\n") && unit.contains("\nRestartSec="), unit);
    }

    @Test
    void startReadyStopThenKillAndStartAgain() throws Exception {
        FuseRequirement.check();
        Requirement.command("python3", "python3"); // the notification socket
        Process first = execStart();
        assertTrue(awaitNotification("READY=1"), "mailfs told systemd it is ready");
        assertEquals("fuse.mailfs", MountTable.typeAt(mountPoint), "ready means mounted");
        assertTrue(Shell.ok(mountPoint, "ls").contains("INBOX"), "and answering");

        first.destroy(); // SIGTERM, as systemctl stop sends
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue());
        assertNull(MountTable.typeAt(mountPoint), "stopped cleanly, nothing mounted");

        Process second = execStart();
        assertTrue(awaitNotification("READY=1"));
        new ProcessBuilder("kill", "-KILL", Long.toString(second.pid())).start().waitFor();
        second.waitFor(10, TimeUnit.SECONDS);

        Process third = execStart(); // Restart=on-failure: the next start cleans up whatever is left
        assertTrue(awaitNotification("READY=1"), "the restart mounted again");
        assertTrue(Shell.ok(mountPoint, "ls").contains("INBOX"));
        third.destroy();
        assertTrue(third.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, third.exitValue());
    }

    private final BlockingQueue<String> notifications = new LinkedBlockingQueue<>();

    /** ExecStart as systemd runs it: the unit's command line, NOTIFY_SOCKET set, no terminal. */
    private Process execStart() throws Exception {
        String execStart = Files.readString(UNIT).lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow()
                .substring("ExecStart=".length()).replace("/usr/bin/mailfs", LAUNCHER.toString()).replace("%i", "work");
        Path socket = tmp.resolve("notify-" + started.size());
        startNotificationListener(socket);
        ProcessBuilder builder = new ProcessBuilder(List.of(execStart.split(" "))).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("journal-" + started.size()).toFile());
        Map<String, String> environment = builder.environment();
        environment.put("XDG_CONFIG_HOME", config.getParent().toString());
        environment.put("NOTIFY_SOCKET", socket.toString());
        environment.put("LC_ALL", "C");
        Process process = builder.start();
        process.getOutputStream().close();
        started.add(process);
        return process;
    }

    /** A Unix datagram socket like systemd's, read by python3 (Java cannot bind one). */
    private void startNotificationListener(Path socket) throws Exception {
        Process listener = new ProcessBuilder("python3", "-u", "-c",
                "import socket,sys\n"
                        + "s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                        + "s.bind(sys.argv[1])\n"
                        + "print('LISTENING', flush=True)\n"
                        + "while True:\n"
                        + "    print(s.recv(4096).decode().replace('\\n', ' '), flush=True)\n",
                socket.toString()).redirectErrorStream(true).start();
        started.add(listener);
        BufferedReader lines = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("LISTENING", lines.readLine());
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = lines.readLine()) != null; ) {
                    notifications.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the listener was stopped
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    private boolean awaitNotification(String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String message = notifications.poll(1, TimeUnit.SECONDS);
            if (message != null && message.contains(wanted)) {
                return true;
            }
        }
        return false;
    }
}

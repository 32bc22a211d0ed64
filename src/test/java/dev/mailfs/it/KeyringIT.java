package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.testing.Requirement;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mailfs login, mount and logout against a real Secret Service (gnome-keyring in a private D-Bus
 * session), with the password typed on a terminal (script gives the command one).
 */
class KeyringIT {
    private static final String PASSWORD = "keyring-Secret-7";

    @TempDir
    Path tmp;
    private GreenMail greenMail;

    @BeforeEach
    void server() {
        FuseRequirement.check();
        Requirement.command("gnome-keyring-daemon", "gnome-keyring");
        Requirement.command("dbus-run-session", "dbus");
        Requirement.command("script", "bsdutils");
        greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        greenMail.setUser("work@localhost", "work", PASSWORD);
    }

    @AfterEach
    void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Test
    void loginStoresThePasswordMountFindsItLogoutRemovesIt() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config/mailfs"));
        Path mountPoint = Files.createDirectory(tmp.resolve("Mail"));
        Files.writeString(config.resolve("work.properties"), String.join("\n",
                "host = 127.0.0.1", "port = " + greenMail.getImap().getPort(), "user = work", "security = none",
                "mountpoint = " + mountPoint, ""));
        String mailfs = "java -Dfile.encoding=UTF-8 -jar " + Shell.quote(MailfsProcess.JAR.toString());
        Path script = tmp.resolve("session.sh");
        Files.writeString(script, String.join("\n",
                "set -u",
                // A keyring of the test's own, unlocked with a password it knows, not the user's.
                "export HOME=" + Shell.quote(Files.createDirectory(tmp.resolve("home")).toString()),
                "export XDG_CONFIG_HOME=" + Shell.quote(config.getParent().toString()),
                "eval \"$(printf 'unlock' | gnome-keyring-daemon --unlock --components=secrets)\"",
                // The password is typed once the prompt is there, which has turned echo off.
                "(for i in $(seq 1 150); do grep -q 'Password for' login.out 2>/dev/null && break; sleep 0.2; done; sleep 0.5;"
                        + " printf '" + PASSWORD + "\\n') | script -qec " + Shell.quote(mailfs + " login work") + " /dev/null > login.out 2>&1",
                "echo \"login: $?\"",
                mailfs + " mount work > mount.out 2> mount.err &",
                "pid=$!",
                "for i in $(seq 1 60); do grep -q 'mounted at' mount.out 2>/dev/null && break; sleep 1; done",
                "ls " + Shell.quote(mountPoint.toString()) + " | grep -q INBOX && echo 'listed: yes'",
                "kill -TERM $pid; wait $pid; echo \"mount: $?\"",
                mailfs + " logout work; echo \"logout: $?\"",
                mailfs + " mount work > again.out 2> again.err; echo \"without: $?\"",
                "cat again.err", ""));
        Shell.Result session = Shell.run(tmp, "timeout 120 dbus-run-session -- bash " + Shell.quote(script.toString()) + " 2>&1 | grep -v dbus-daemon");
        String out = session.out();
        assertTrue(out.contains("login: 0"), out);
        assertTrue(out.contains("listed: yes"), out + Files.readString(tmp.resolve("mount.err")));
        assertTrue(out.contains("mount: 0"), out);
        assertTrue(out.contains("mailfs: removed the password of work from the keyring") && out.contains("logout: 0"), out);
        assertTrue(out.contains("without: 1") && out.contains("keyring (nothing stored for work"), out);
        for (String file : new String[] {"login.out", "mount.out", "mount.err", "again.out", "again.err"}) {
            assertFalse(Files.readString(tmp.resolve(file)).contains(PASSWORD), file + " shows the password");
        }
        assertEquals(0, session.exitCode(), session.err());
    }
}

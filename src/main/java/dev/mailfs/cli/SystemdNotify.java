package dev.mailfs.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Tells systemd the service is ready (Type=notify) once the mount answers. Java cannot write to the
 * notification socket (a Unix datagram socket), so systemd-notify does it; the unit sets
 * NotifyAccess=all for that reason.
 */
final class SystemdNotify {
    private static final Logger LOG = Logger.getLogger(SystemdNotify.class.getName());

    private SystemdNotify() {
    }

    static void ready(String status) {
        notify("--ready", "--status=" + status);
    }

    static void stopping() {
        notify("STOPPING=1");
    }

    private static void notify(String... arguments) {
        if (System.getenv("NOTIFY_SOCKET") == null) {
            return; // not started by systemd as Type=notify
        }
        String[] command = new String[arguments.length + 2];
        command[0] = "systemd-notify";
        command[1] = "--pid=" + ProcessHandle.current().pid();
        System.arraycopy(arguments, 0, command, 2, arguments.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(process.getInputStream().readAllBytes()).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                LOG.warning("systemd-notify " + String.join(" ", arguments) + " failed: " + said);
            }
        } catch (IOException e) {
            LOG.warning("cannot run systemd-notify: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

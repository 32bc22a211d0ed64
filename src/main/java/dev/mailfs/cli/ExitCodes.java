package dev.mailfs.cli;

/** What {@code mailfs} exits with; scripts and the systemd unit rely on these. */
public final class ExitCodes {
    /** Done: unmounted cleanly after SIGINT, SIGTERM or fusermount -u. */
    public static final int OK = 0;
    /** The mount could not be made or kept: bad login, unreachable server, bad mount point. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong (picocli's own code for usage errors). */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}

package dev.mailfs.cli;

import picocli.CommandLine;

/** Entry point of the {@code mailfs} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Logging.configure();
        int exitCode = new CommandLine(new MailfsCommand())
                .setExecutionExceptionHandler(new UserErrors())
                .execute(args);
        // Angus, GreenMail and FUSE leave non-daemon threads behind: exit explicitly.
        System.exit(exitCode);
    }
}

package dev.mailfs.cli;

import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;
import picocli.CommandLine;

/** Entry point of the {@code mailfs} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = ExitCodes.FAILURE;
        try {
            Logging.configure();
            // Jakarta Mail looks its stream provider up at each encoded word it decodes, with a
            // ServiceLoader that reads every jar's list of services unless the provider is named here:
            // a good part of the first listing of a folder went to that (bench/README.md).
            System.setProperty(StreamProvider.class.getName(), MailStreamProvider.class.getName());
            exitCode = new CommandLine(new MailfsCommand())
                    .setExecutionExceptionHandler(new UserErrors())
                    .execute(args);
        } catch (Throwable e) { // an Error out of a command, which picocli passes on: an OutOfMemoryError on this thread
            System.err.println("mailfs: unexpected failure: " + e);
        } finally {
            // Angus, GreenMail and FUSE leave non-daemon threads behind: exit explicitly, also when
            // this thread ends in an Error, or the process outlives its mount.
            System.exit(exitCode);
        }
    }
}

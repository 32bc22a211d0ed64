package dev.mailfs.cli;

import dev.mailfs.credentials.CredentialException;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.fuse.MountFailedException;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * Turns a failure into one clear line on stderr and an exit code. Expected failures (bad
 * password, unreachable server, bad mount point) carry messages written for the user; anything else
 * is a bug and is logged with its stack trace.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {
    private static final Logger LOG = Logger.getLogger(UserErrors.class.getName());

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (e instanceof CommandLine.ParameterException) {
            throw (CommandLine.ParameterException) e;
        }
        if (e instanceof UsageException) {
            commandLine.getErr().println("mailfs: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof MailfsException || e instanceof MountFailedException || e instanceof CredentialException) {
            commandLine.getErr().println("mailfs: " + e.getMessage());
        } else {
            LOG.log(Level.SEVERE, "unexpected failure", e);
            commandLine.getErr().println("mailfs: unexpected failure: " + e);
        }
        return ExitCodes.FAILURE;
    }
}

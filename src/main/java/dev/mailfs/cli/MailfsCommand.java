package dev.mailfs.cli;

import picocli.CommandLine.Command;

/**
 * The {@code mailfs} command and its help. Every help line is written to fit in 80 columns
 * ({@code HelpTextTest}): a description element that is too long is wrapped by picocli wherever a
 * line may break, which includes inside paths and after the dot of ".eml".
 */
@Command(
        name = "mailfs",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "Mounts an IMAP account as a directory: every folder is a directory, every",
                "message a file X.eml with a directory X/ of its decoded parts beside it.",
                "Try it with 'mailfs demo ~/mail-demo'; then see 'mailfs mount --help'."},
        subcommands = {MountCommand.class, DemoCommand.class, AccountsCommand.class, LoginCommand.class, LogoutCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:unmounted cleanly (Ctrl-C, SIGTERM or fusermount -u), or done",
                "1:failed: could not mount (login, server, certificate or mount point), or no"
                        + " keyring; one line on stderr says why",
                "2:wrong command line or account file"})
final class MailfsCommand {
}

package dev.mailfs.cli;

import picocli.CommandLine.Command;

@Command(
        name = "mailfs",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Mounts an IMAP account as a directory: folders are directories, messages are .eml files.",
        subcommands = {MountCommand.class, DemoCommand.class, AccountsCommand.class, LoginCommand.class, LogoutCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:unmounted cleanly (SIGINT, SIGTERM or fusermount -u)",
                "1:could not mount: login, server or mount point problem (one line on stderr says which)",
                "2:wrong command line"})
final class MailfsCommand {
}

package dev.mailfs.cli;

import dev.mailfs.credentials.PasswordCommand;
import dev.mailfs.credentials.TerminalPassword;
import dev.mailfs.fuse.FuseMount;
import dev.mailfs.imap.ImapSettings;
import dev.mailfs.imap.Security;
import dev.mailfs.vfs.WriteSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "mount",
        mixinStandardHelpOptions = true,
        description = {
                "Mounts an IMAP account at MOUNTPOINT and serves it until SIGINT, SIGTERM or fusermount -u.",
                "Prints one line when the mount is ready. mv, rm, cp, mkdir and rmdir change the mailbox."})
final class MountCommand implements Callable<Integer> {
    @Option(names = "--host", required = true, description = "IMAP server host name")
    String host;

    @Option(names = "--port", description = "IMAP server port (default: 993 with tls, else 143)")
    Integer port;

    @Option(names = "--user", required = true, description = "login name")
    String user;

    @Option(names = "--security", defaultValue = "tls",
            description = "tls (default), starttls or none; certificates and host names are always checked")
    String security;

    @Option(names = "--trust-cert", paramLabel = "PEM_FILE",
            description = "also trust the certificate(s) in this PEM file (a self-signed server)")
    Path trustCert;

    @Option(names = "--password-command", paramLabel = "CMD",
            description = "run CMD with sh -c and use the first line it prints as the password (default: ask on the terminal)")
    String passwordCommand;

    @Option(names = "--allow-plaintext",
            description = "allow --security none to a host that is not this machine: the password crosses the network in clear")
    boolean allowPlaintext;

    @Mixin
    WriteOptions writeOptions = new WriteOptions();

    @Parameters(paramLabel = "MOUNTPOINT", description = "an empty directory")
    Path mountPoint;

    @Override
    public Integer call() throws IOException {
        Security protection = parseSecurity(security);
        if (protection == Security.NONE && !allowPlaintext && !isLoopback(host)) {
            throw new UsageException("refusing to send the password in clear to " + host
                    + "; use --security tls or starttls, or --allow-plaintext if you really mean it");
        }
        if (trustCert != null && !Files.isReadable(trustCert)) {
            throw new UsageException("cannot read certificate file " + trustCert);
        }
        ImapSettings settings = ImapSettings.of(host, port != null ? port : protection.defaultPort(), user,
                protection, Optional.ofNullable(trustCert));
        WriteSettings writes = writeOptions.toSettings();
        FuseMount.checkMountPoint(mountPoint);
        char[] password = passwordCommand != null
                ? PasswordCommand.run(passwordCommand, PasswordCommand.DEFAULT_TIMEOUT)
                : TerminalPassword.ask("Password for " + user + "@" + host + ": ");
        return MountSession.run(settings, password, mountPoint, writes, System.out);
    }

    static Security parseSecurity(String value) {
        for (Security candidate : Security.values()) {
            if (candidate.name().equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        throw new UsageException("--security must be tls, starttls or none, not '" + value + "'");
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

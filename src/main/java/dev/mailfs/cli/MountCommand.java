package dev.mailfs.cli;

import dev.mailfs.credentials.CredentialChain;
import dev.mailfs.credentials.PasswordCommand;
import dev.mailfs.credentials.Secret;
import dev.mailfs.credentials.SystemKeyring;
import dev.mailfs.fuse.FuseMount;
import dev.mailfs.imap.ImapSettings;
import dev.mailfs.imap.Security;
import dev.mailfs.vfs.WriteSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
                "Mounts an IMAP account and serves it until Ctrl-C, SIGTERM or fusermount -u.",
                "Prints one line once the mount answers. mv, rm, cp, mkdir and rmdir change the",
                "mailbox; reading never marks mail as read.",
                "",
                "  mailfs mount ACCOUNT [MOUNTPOINT]    the settings of an account file",
                "  mailfs mount --host H --user U MOUNTPOINT",
                "",
                "Options given on the command line win over the account file."},
        footer = {
                "",
                "Account files: ~/.config/mailfs/ACCOUNT.properties ($XDG_CONFIG_HOME/mailfs),",
                "one 'key = value' a line. Each key is the option of the same name above",
                "(true or false for a flag):",
                "  host, port, user, security, trust-cert, mountpoint, password-command,",
                "  token-command, allow-plaintext, read-only, delete, trash-folder,",
                "  show-deleted, cache-size, daily-download-limit, timeout, watch, connections"})
final class MountCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "HOST", description = "the IMAP server's host name")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "the IMAP server's port (default: 993 with tls, else 143)")
    Integer port;

    @Option(names = "--user", paramLabel = "USER", description = "the login name")
    String user;

    @Option(names = "--security", paramLabel = "tls|starttls|none",
            description = "how the connection is protected (default: tls); certificates and host names are always checked")
    String security;

    @Option(names = "--trust-cert", paramLabel = "PEM_FILE",
            description = "also trust the certificate(s) in this PEM file (a self-signed server)")
    Path trustCert;

    @Option(names = "--password-command", paramLabel = "CMD",
            description = "run CMD with sh -c and use the first line it prints as the password")
    String passwordCommand;

    @Option(names = "--token-command", paramLabel = "CMD",
            description = "run CMD with sh -c for an OAuth2 access token (XOAUTH2); run again when it expires")
    String tokenCommand;

    @Option(names = "--allow-plaintext",
            description = "allow --security none to a host that is not this machine: the password crosses the network in clear")
    Boolean allowPlaintext;

    @Mixin
    MountOptions mountOptions = new MountOptions();

    @Parameters(arity = "0..2", paramLabel = "ACCOUNT|MOUNTPOINT",
            description = "an account's name, then the empty directory to mount on unless the account"
                    + " names one; or, with --host, the directory alone")
    List<String> positionals = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Map<String, String> environment = System.getenv();
        Optional<Account> account = account(environment);
        Path mountPoint = mountPoint(account);
        String host = required(this.host, account.flatMap(Account::host), "--host", "host", account);
        String user = required(this.user, account.flatMap(Account::user), "--user", "user", account);
        Security protection = parseSecurity(first(security, account.flatMap(Account::security)).orElse("tls"));
        boolean plaintextAllowed = first(allowPlaintext, account.flatMap(Account::allowPlaintext)).orElse(false);
        if (protection == Security.NONE && !plaintextAllowed && !isLoopback(host)) {
            throw new UsageException("refusing to send the password in clear to " + host
                    + "; use --security tls or starttls, or --allow-plaintext if you really mean it");
        }
        Optional<Path> certificate = first(trustCert, account.flatMap(Account::trustCert));
        if (certificate.isPresent() && !Files.isReadable(certificate.get())) {
            throw new UsageException("cannot read certificate file " + certificate.get());
        }
        int serverPort = first(port, account.flatMap(Account::port)).orElse(protection.defaultPort());
        ImapSettings settings = mountOptions.apply(ImapSettings.of(host, serverPort, user, protection, certificate), account);
        WriteSettings writes = mountOptions.toSettings(account);
        long diskCacheBytes = mountOptions.diskCacheBytes(account);
        FuseMount.checkMountPoint(mountPoint);

        Optional<String> tokens = first(tokenCommand, account.flatMap(Account::tokenCommand));
        Optional<String> passwords = first(passwordCommand, tokens.isPresent() ? Optional.empty() : account.flatMap(Account::passwordCommand));
        String keyringName = account.map(Account::name).orElse(user + "@" + host);
        Secret secret = new CredentialChain(environment, new SystemKeyring(SystemKeyring.DEFAULT_TIMEOUT), PasswordCommand.DEFAULT_TIMEOUT)
                .find(keyringName, passwords, tokens, "Password for " + user + "@" + host + ": ");
        return MountSession.run(settings, secret, mountPoint, writes, diskCacheBytes, mountOptions.watchedFolder(account), System.out);
    }

    /** ACCOUNT [MOUNTPOINT], or MOUNTPOINT alone when the server is given with --host. */
    private Optional<Account> account(Map<String, String> environment) {
        if (positionals.isEmpty()) {
            throw new UsageException("name an account or a mount point (mailfs mount --help)");
        }
        if (positionals.size() == 1 && host != null) {
            return Optional.empty();
        }
        return Optional.of(Account.load(positionals.get(0), environment));
    }

    private Path mountPoint(Optional<Account> account) {
        if (account.isEmpty()) {
            return Path.of(positionals.get(0));
        }
        if (positionals.size() == 2) {
            return Path.of(positionals.get(1));
        }
        return account.get().mountPoint().orElseThrow(() -> new UsageException(
                account.get().file() + " names no mountpoint; add 'mountpoint = ~/Mail' or give one after the account"));
    }

    private static String required(String option, Optional<String> fromAccount, String flag, String key, Optional<Account> account) {
        return first(option, fromAccount).orElseThrow(() -> new UsageException(account
                .map(a -> a.file() + " has no " + key + " and no " + flag + " was given")
                .orElse(flag + " is required without an account")));
    }

    private static <T> Optional<T> first(T option, Optional<T> fromAccount) {
        return option != null ? Optional.of(option) : fromAccount;
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

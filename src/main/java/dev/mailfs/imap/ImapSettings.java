package dev.mailfs.imap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach the IMAP server.
 *
 * @param trustCertificate a PEM file whose certificates are trusted in addition to the system's
 * @param maxOpenFolders   folders kept open (each holds its own connection); Gmail allows ~15
 *                         connections per account, so keep this well below that
 * @param protocolTrace    write the IMAP conversation to stderr (login commands left out)
 */
public record ImapSettings(
        String host,
        int port,
        String user,
        Security security,
        Optional<Path> trustCertificate,
        Duration connectTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        int maxOpenFolders,
        boolean protocolTrace) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_OPEN_FOLDERS = 4;

    public ImapSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(trustCertificate, "trustCertificate");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, not " + port);
        }
        if (maxOpenFolders < 1) {
            throw new IllegalArgumentException("maxOpenFolders must be at least 1");
        }
    }

    /** Settings with the documented default timeouts and pool size. */
    public static ImapSettings of(String host, int port, String user, Security security, Optional<Path> trustCertificate) {
        return new ImapSettings(host, port, user, security, trustCertificate,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_WRITE_TIMEOUT, DEFAULT_MAX_OPEN_FOLDERS, false);
    }

    /** The same wait for connecting, reading and writing. */
    public ImapSettings withTimeouts(Duration timeout) {
        return new ImapSettings(host, port, user, security, trustCertificate, timeout, timeout, timeout,
                maxOpenFolders, protocolTrace);
    }

    public ImapSettings withProtocolTrace(boolean trace) {
        return new ImapSettings(host, port, user, security, trustCertificate, connectTimeout, readTimeout, writeTimeout,
                maxOpenFolders, trace);
    }

    /** "user@host:port", for messages and the mount's fsname. */
    public String describe() {
        return user + "@" + host + ":" + port;
    }
}

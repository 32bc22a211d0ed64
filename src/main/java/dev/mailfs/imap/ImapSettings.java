package dev.mailfs.imap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach the IMAP server.
 *
 * @param trustCertificate a PEM file whose certificates are trusted in addition to the system's
 * @param maxConnections   connections to the server at most, the folder list's and the watch's
 *                         among them; 0 for the default, {@link #DEFAULT_CONNECTIONS} or on Gmail
 *                         {@link #GMAIL_DEFAULT_CONNECTIONS} (Gmail allows 15 per account)
 * @param protocolTrace    write the IMAP conversation to stderr (login commands left out)
 * @param measureSizes     take each message's size from its bytes, never from RFC822.SIZE: for a
 *                         server known to report wrong sizes (the demo's own), which is then neither
 *                         checked nor warned about; others are checked on the first listing
 * @param dailyDownloads   bytes of mail downloaded over 24 hours at most ({@link DownloadBudget}); 0 for
 *                         no limit, {@link #DEFAULT_DAILY_DOWNLOADS} for the default (on Gmail 1,500 MB, elsewhere none)
 * @param downloadCounts   the file where the bytes downloaded are counted across restarts; empty: in memory only
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
        int maxConnections,
        boolean protocolTrace,
        boolean measureSizes,
        long dailyDownloads,
        Optional<Path> downloadCounts) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_CONNECTIONS = 6;
    public static final int GMAIL_DEFAULT_CONNECTIONS = 10;
    /** Connections that are not for folders: the folder list's and the watch's. */
    static final int OTHER_CONNECTIONS = 2;
    public static final int MOST_CONNECTIONS = 100;
    public static final long DEFAULT_DAILY_DOWNLOADS = -1;

    public ImapSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(trustCertificate, "trustCertificate");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, not " + port);
        }
        if (maxConnections != 0 && !isConnections(maxConnections)) {
            throw new IllegalArgumentException("connections must be from " + (OTHER_CONNECTIONS + 1) + " to " + MOST_CONNECTIONS);
        }
    }

    /** Settings with the documented default timeouts and pool size. */
    public static ImapSettings of(String host, int port, String user, Security security, Optional<Path> trustCertificate) {
        return new ImapSettings(host, port, user, security, trustCertificate,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_WRITE_TIMEOUT, 0, false, false, DEFAULT_DAILY_DOWNLOADS, Optional.empty());
    }

    /** The same wait for connecting, reading and writing. */
    public ImapSettings withTimeouts(Duration timeout) {
        return new ImapSettings(host, port, user, security, trustCertificate, timeout, timeout, timeout,
                maxConnections, protocolTrace, measureSizes, dailyDownloads, downloadCounts);
    }

    public ImapSettings withProtocolTrace(boolean trace) {
        return new ImapSettings(host, port, user, security, trustCertificate, connectTimeout, readTimeout, writeTimeout,
                maxConnections, trace, measureSizes, dailyDownloads, downloadCounts);
    }

    public ImapSettings withConnections(int connections) {
        return new ImapSettings(host, port, user, security, trustCertificate, connectTimeout, readTimeout, writeTimeout,
                connections, protocolTrace, measureSizes, dailyDownloads, downloadCounts);
    }

    public ImapSettings withDailyDownloads(long bytes) {
        return new ImapSettings(host, port, user, security, trustCertificate, connectTimeout, readTimeout, writeTimeout,
                maxConnections, protocolTrace, measureSizes, bytes, downloadCounts);
    }

    public ImapSettings withDownloadCounts(Path file) {
        return new ImapSettings(host, port, user, security, trustCertificate, connectTimeout, readTimeout, writeTimeout,
                maxConnections, protocolTrace, measureSizes, dailyDownloads, Optional.of(file));
    }

    /** Sizes measured from the bytes, unchecked and without a warning (see {@code measureSizes}). */
    public ImapSettings withSizesMeasured() {
        return new ImapSettings(host, port, user, security, trustCertificate, connectTimeout, readTimeout, writeTimeout,
                maxConnections, protocolTrace, true, dailyDownloads, downloadCounts);
    }

    /** What --connections and the account's {@code connections} may be. */
    public static boolean isConnections(int connections) {
        return connections > OTHER_CONNECTIONS && connections <= MOST_CONNECTIONS;
    }

    /** Folders open at once, each on a connection of its own: what the bound leaves after the others. */
    int maxOpenFolders(boolean gmail) {
        int connections = maxConnections != 0 ? maxConnections : gmail ? GMAIL_DEFAULT_CONNECTIONS : DEFAULT_CONNECTIONS;
        return connections - OTHER_CONNECTIONS;
    }

    /** "user@host:port", for messages and the mount's fsname. */
    public String describe() {
        return user + "@" + host + ":" + port;
    }
}

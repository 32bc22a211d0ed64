package dev.mailfs.imap;

/** How the connection to the IMAP server is protected. */
public enum Security {
    /** Implicit TLS from the first byte (IMAPS). */
    TLS(993),
    /** Plain connection upgraded with STARTTLS before login; refused if the server cannot. */
    STARTTLS(143),
    /** No encryption at all: the password crosses the network in clear. */
    NONE(143);

    private final int defaultPort;

    Security(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }
}

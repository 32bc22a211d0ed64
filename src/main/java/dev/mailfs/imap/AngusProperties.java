package dev.mailfs.imap;

import java.util.Properties;
import org.eclipse.angus.mail.auth.OAuth2SaslClientFactory;

/** Turns {@link ImapSettings} into the session properties Angus Mail reads. */
final class AngusProperties {
    private AngusProperties() {
    }

    /** @param gmail Angus's gimap provider, which speaks Gmail's extension (X-GM-EXT-1) */
    static String protocol(ImapSettings settings, boolean gmail) {
        return (gmail ? "g" : "") + (settings.security() == Security.TLS ? "imaps" : "imap");
    }

    /** @param oauth2 log in with SASL XOAUTH2 (an access token) instead of a password */
    static Properties of(ImapSettings settings, boolean gmail, boolean oauth2) {
        String p = "mail." + protocol(settings, gmail) + ".";
        Properties props = new Properties();
        props.put(p + "host", settings.host());
        props.put(p + "port", Integer.toString(settings.port()));
        props.put(p + "user", settings.user());
        // Angus waits forever by default: every socket operation gets a deadline.
        props.put(p + "connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
        props.put(p + "timeout", Long.toString(settings.readTimeout().toMillis()));
        props.put(p + "writetimeout", Long.toString(settings.writeTimeout().toMillis()));
        // Reading must never mark mail as read: BODY.PEEK for anything Angus fetches itself.
        props.put(p + "peek", "true");
        // Sockets over channels: a thread blocked reading one can be interrupted (Ctrl-C, see
        // fuse.RequestsInProgress), which closes that connection; a plain socket ignores interrupts.
        props.put(p + "usesocketchannels", "true");
        props.put(p + "connectionpoolsize", Integer.toString(settings.maxOpenFolders(gmail)));
        // The folder list and STATUS keep a connection of their own (the budget's "one for the folder
        // list"): one made on demand when the folders' are busy could be refused by a server at its
        // limit without a word mailfs can hear.
        props.put(p + "separatestoreconnection", "true");
        // Every OK, NO, BAD and BYE, tagged ones too, reaches the store's listeners: how throttling is heard.
        props.put(p + "enableresponseevents", "true");
        if (settings.protocolTrace()) {
            props.put("mail.debug", "true");
            props.put("mail.debug.auth", "false"); // never the LOGIN or AUTHENTICATE lines: they hold the secret
        }
        if (oauth2) {
            // Through SASL, whose XOAUTH2 client answers a second challenge with an empty line: how
            // Gmail wants a refused token's error (a continuation) acknowledged before its NO.
            // Angus's own XOAUTH2 sends the token again there, and Gmail asks again, until the timeout.
            OAuth2SaslClientFactory.init();
            props.put(p + "sasl.enable", "true");
            props.put(p + "sasl.mechanisms", "XOAUTH2");
            props.put(p + "auth.mechanisms", "XOAUTH2");
        }
        switch (settings.security()) {
            case TLS -> props.put(p + "ssl.enable", "true");
            case STARTTLS -> {
                props.put(p + "starttls.enable", "true");
                props.put(p + "starttls.required", "true");
            }
            case NONE -> { }
        }
        if (settings.security() != Security.NONE) {
            props.put(p + "ssl.checkserveridentity", "true");
            props.put(p + "ssl.socketFactory", TrustedCertificates.socketFactory(settings.trustCertificate()));
            // Angus tries again with the JDK's own factory when ours fails, by default: that second
            // connection's error (the system's trust) would hide why ours refused the server.
            props.put(p + "socketFactory.fallback", "false");
        }
        return props;
    }

    /**
     * For the connections that IDLE ({@link FolderWatch}): Angus refuses IDLE on a socket over a
     * channel, and a watch needs no interrupting, as nobody waits for it. Its store lends its one
     * connection to the watched folder: a watch costs one connection, as it did from the main store.
     */
    static Properties forWatching(ImapSettings settings, boolean gmail, boolean oauth2) {
        String p = "mail." + protocol(settings, gmail) + ".";
        Properties props = of(settings, gmail, oauth2);
        props.put(p + "usesocketchannels", "false");
        props.put(p + "separatestoreconnection", "false");
        return props;
    }
}

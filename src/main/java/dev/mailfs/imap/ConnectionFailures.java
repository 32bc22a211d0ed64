package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * What went wrong when connecting, in a user's words: which of a refused connection, an unknown
 * host, no answer, a certificate for other names, an expired one, one no authority here signed, or
 * TLS spoken to a plain-text port. The JDK's words for these ("SunCertPathBuilderException unable
 * to find valid certification path") send a user hunting for the wrong problem.
 */
final class ConnectionFailures {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ConnectionFailures() {
    }

    /** The failure of a login attempt as mailfs tells it: explained where it is one of the above. */
    static MailfsException translate(MessagingException e, ImapSettings settings) {
        String server = settings.host() + ":" + settings.port();
        Optional<X509Certificate> certificate = TrustedCertificates.lastServerCertificate();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            Optional<MailfsException> explained = explain(cause, server, settings, certificate, e);
            if (explained.isPresent()) {
                return explained.get();
            }
        }
        return ImapErrors.translate(e, settings.describe());
    }

    private static Optional<MailfsException> explain(Throwable cause, String server, ImapSettings settings,
                                                     Optional<X509Certificate> certificate, MessagingException e) {
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        boolean refusedCertificate = cause instanceof CertificateException || cause instanceof SSLHandshakeException;
        if (refusedCertificate && certificate.isPresent()) {
            // PKIX says "unable to find valid certification path" for an expired certificate too
            try {
                certificate.get().checkValidity();
            } catch (CertificateExpiredException expired) {
                return notTrusted("the certificate of " + server + " (for " + names(certificate.get()) + ") expired on "
                        + DAY.format(certificate.get().getNotAfter().toInstant()), e);
            } catch (CertificateNotYetValidException notYet) {
                return notTrusted("the certificate of " + server + " (for " + names(certificate.get()) + ") is not valid before "
                        + DAY.format(certificate.get().getNotBefore().toInstant()) + ": is this machine's clock right?", e);
            }
        }
        if (isNameMismatch(message) && certificate.isPresent()) {
            return notTrusted("the certificate of " + server + " is for " + names(certificate.get()) + ", not for " + settings.host()
                    + ": mount with --host set to one of those names", e);
        }
        if (cause instanceof CertPathBuilderException || message.contains("unable to find valid certification path")) {
            String what = certificate.map(c -> " (for " + names(c) + ", issued by " + c.getIssuerX500Principal().getName() + ")").orElse("");
            String starttls = settings.security() == Security.STARTTLS ? " -starttls imap" : "";
            return notTrusted("the certificate of " + server + what + " is not signed by an authority this machine trusts."
                    + " If it is your server's, save it with: openssl s_client -connect " + server + starttls
                    + " -showcerts </dev/null | openssl x509 > server.pem; and mount with --trust-cert server.pem", e);
        }
        if (cause instanceof SSLException && message.contains("Unsupported or unrecognized SSL message")) {
            return unavailable(server + " does not speak TLS: for a plain-text port use --security starttls (or none)", e);
        }
        if (message.contains("STARTTLS") && message.contains("required")) { // Angus: "STARTTLS required but not supported by server"
            return notTrusted(server + " does not offer STARTTLS, and mailfs will not log in over plain text:"
                    + " use the server's TLS port with --security tls (usually 993)", e);
        }
        if (cause instanceof ConnectException) {
            return unavailable(server + " refused the connection: is the server running, and is " + settings.port() + " its IMAP port?", e);
        }
        if (cause instanceof UnknownHostException) {
            return unavailable("no such host: " + settings.host(), e);
        }
        if (cause instanceof NoRouteToHostException || message.contains("Network is unreachable")) {
            return unavailable(settings.host() + " cannot be reached (no route to it): is the network up?", e);
        }
        if (cause instanceof SocketTimeoutException) {
            boolean connecting = message.contains("connect timed out");
            return unavailable(server + (connecting ? " took no connection" : " sent no answer") + " within "
                    + (connecting ? settings.connectTimeout() : settings.readTimeout()).toSeconds() + " s", e);
        }
        return Optional.empty();
    }

    /** The JDK's and Angus's words for a certificate that does not name the host. */
    private static boolean isNameMismatch(String message) {
        return message.contains("No subject alternative") || message.startsWith("No name matching")
                || message.startsWith("Can't verify identity of server");
    }

    private static Optional<MailfsException> notTrusted(String what, MessagingException e) {
        return Optional.of(new MailfsException.NotTrusted(what, e));
    }

    private static Optional<MailfsException> unavailable(String what, MessagingException e) {
        return Optional.of(new MailfsException.Unavailable("cannot reach the server: " + what, e));
    }

    /** The names a certificate is for: its DNS and IP subject alternative names, else its subject. */
    static String names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    Object type = name.get(0);
                    if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) { // dNSName, iPAddress
                        names.add(String.valueOf(name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException unreadable) {
            // the subject says it
        }
        return names.isEmpty() ? certificate.getSubjectX500Principal().getName() : String.join(", ", names);
    }
}

package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.ReadOnlyFolderException;
import jakarta.mail.StoreClosedException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.angus.mail.iap.ConnectionException;

/** Translates Angus Mail's exceptions into the mailfs error vocabulary. */
final class ImapErrors {
    private ImapErrors() {
    }

    /**
     * All Angus says when a folder could not get a connection of its own: the server refused it
     * (its words reach the store's listeners only) or could not be reached.
     */
    private static final String NO_CONNECTION = "connection failure";

    /** True when the connection broke, so that reconnecting and retrying may succeed. */
    static boolean isConnectionLoss(MessagingException e) {
        if (e instanceof FolderClosedException || e instanceof StoreClosedException || NO_CONNECTION.equals(e.getMessage())) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof ConnectionException) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the server did not answer within the read timeout: retrying would only wait as long
     * again. Angus closes the folder then, and keeps only the text of the timeout, as in
     * "FolderClosedException: * BYE Jakarta Mail Exception: java.net.SocketTimeoutException: Read timed out".
     */
    static boolean isTimeout(MessagingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException
                    || (cause.getMessage() != null && cause.getMessage().contains(SocketTimeoutException.class.getName()))) {
                return true;
            }
        }
        return false;
    }

    /** What servers say when an account is over a limit: Gmail's words, and RFC 5530's codes. */
    static final String TOO_MANY_CONNECTIONS = "Too many simultaneous connections";
    private static final List<String> LIMITS = List.of("[THROTTLED]", "[OVERQUOTA]", "[LIMIT]", TOO_MANY_CONNECTIONS);

    /**
     * The server's words when it refused for a limit of the account (throttling, quota, too many
     * connections), which a retry at once would only make worse.
     */
    static Optional<String> limit(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && LIMITS.stream().anyMatch(limit -> mentions(message, limit))) {
                return Optional.of(message.strip());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the server asks to be left alone for a while: it throttles the account, or the
     * account is over Gmail's bandwidth ("Account exceeded command or bandwidth limits"). A
     * storage quota ("[OVERQUOTA] Quota exceeded", a full mailbox) only refuses that change.
     */
    static boolean asksToWait(String said) {
        return mentions(said, "[THROTTLED]") || isOverBandwidth(said);
    }

    /** Gmail's refusal once the account downloaded more than it allows in a day. */
    static boolean isOverBandwidth(String said) {
        return mentions(said, "bandwidth");
    }

    /**
     * Whether the server itself ended the connection with an untagged BYE (not one Angus makes up
     * for a connection that broke: "* BYE Jakarta Mail Exception: …"), and not a LOGOUT's.
     */
    static boolean serverSaidBye(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectionException lost && lost.getResponse() != null && lost.getResponse().isBYE()
                    && !isMadeUp(lost.getResponse().toString())) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && message.startsWith("* BYE ") && !isMadeUp(message)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMadeUp(String bye) {
        return bye.contains("Mail Exception") || bye.toUpperCase(Locale.ROOT).contains("LOGOUT");
    }

    static boolean isTooManyConnections(String said) {
        return mentions(said, TOO_MANY_CONNECTIONS);
    }

    /** Whether the server's words hold these, whatever their case. */
    private static boolean mentions(String said, String words) {
        return said.toLowerCase(Locale.ROOT).contains(words.toLowerCase(Locale.ROOT));
    }

    /** What went wrong, in the words of the deepest cause that has any: for a log line. */
    static String reason(Exception e) {
        String reason = e.getClass().getSimpleName();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                reason = cause.getMessage();
            }
        }
        return reason;
    }

    static MailfsException translate(MessagingException e, String what) {
        Optional<String> limit = limit(e);
        if (limit.isPresent()) {
            if (mentions(limit.get(), "[OVERQUOTA]") && !asksToWait(limit.get())) {
                return new MailfsException.QuotaExceeded("the server refused " + what + ": " + limit.get());
            }
            return new MailfsException.Unavailable("the server refused " + what + " for a limit of the account: " + limit.get(), e);
        }
        if (e instanceof AuthenticationFailedException) {
            String said = e.getMessage() == null ? "" : ": " + e.getMessage();
            return new MailfsException.LoginFailed("login failed for " + what + said);
        }
        if (e instanceof FolderNotFoundException) {
            return new MailfsException.NotFound(what);
        }
        if (e instanceof ReadOnlyFolderException) {
            // SELECT said [READ-ONLY]: the access list lets the user read the folder, not change it
            return new MailfsException.AccessDenied("the server refused " + what + ": the folder may only be read");
        }
        if (isConnectionLoss(e)) {
            return new MailfsException.Unavailable("cannot reach the server for " + what + ": " + rootMessage(e), e);
        }
        return refusal("the server refused " + what + ": " + e.getMessage(), e);
    }

    /**
     * A NO as the errno a tool shows: RFC 5530's response codes first, the server's words second
     * (servers without the codes say "Permission denied", "already exists", "does not exist").
     * Anything else is a ServerError (EIO).
     */
    static MailfsException refusal(String said, Exception e) {
        if (mentions(said, "[NOPERM]") || mentions(said, "permission denied")) {
            return new MailfsException.AccessDenied(said);
        }
        if (mentions(said, "[CANNOT]")) {
            return new MailfsException.NotPermitted(said);
        }
        if (mentions(said, "[ALREADYEXISTS]") || mentions(said, "already exists")) {
            return new MailfsException.AlreadyExists(said);
        }
        if (mentions(said, "[NONEXISTENT]") || mentions(said, "[TRYCREATE]") || mentions(said, "[EXPUNGEISSUED]")
                || mentions(said, "does not exist")
                || mentions(said, "doesn't exist") || mentions(said, "no such mailbox")) {
            return new MailfsException.NotFound(said);
        }
        if (mentions(said, "[OVERQUOTA]") || mentions(said, "quota exceeded")) {
            return new MailfsException.QuotaExceeded(said);
        }
        return new MailfsException.ServerError(said, e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }
}

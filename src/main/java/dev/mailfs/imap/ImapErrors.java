package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.eclipse.angus.mail.iap.ConnectionException;

/** Translates Angus Mail's exceptions into the mailfs error vocabulary. */
final class ImapErrors {
    private ImapErrors() {
    }

    /** True when the connection broke, so that reconnecting and retrying may succeed. */
    static boolean isConnectionLoss(MessagingException e) {
        if (e instanceof FolderClosedException || e instanceof StoreClosedException) {
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
        if (e instanceof AuthenticationFailedException) {
            String said = e.getMessage() == null ? "" : ": " + e.getMessage();
            return new MailfsException.LoginFailed("login failed for " + what + said);
        }
        if (e instanceof FolderNotFoundException) {
            return new MailfsException.NotFound(what);
        }
        if (isConnectionLoss(e)) {
            return new MailfsException.Unavailable("cannot reach the server for " + what + ": " + rootMessage(e), e);
        }
        return new MailfsException.ServerError("the server refused " + what + ": " + e.getMessage(), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }
}

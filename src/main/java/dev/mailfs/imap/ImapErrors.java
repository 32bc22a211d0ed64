package dev.mailfs.imap;

import dev.mailfs.errors.MailfsException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.io.IOException;
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

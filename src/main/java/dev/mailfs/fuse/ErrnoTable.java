package dev.mailfs.fuse;

import dev.mailfs.errors.MailfsException;
import java.util.logging.Level;
import java.util.logging.Logger;
import jnr.constants.platform.Errno;

/** The one table from the mailfs error vocabulary to errno values, and the logging that goes with it. */
final class ErrnoTable {
    private static final Logger LOG = Logger.getLogger(ErrnoTable.class.getName());

    private ErrnoTable() {
    }

    /** The negative errno a FUSE callback returns for this failure. */
    static int toErrno(String operation, String path, Throwable failure) {
        int errno = errnoOf(failure);
        if (errno == Errno.EIO.intValue()) {
            if (failure instanceof MailfsException) {
                LOG.warning(operation + " " + path + ": " + failure.getMessage());
            } else {
                LOG.log(Level.SEVERE, operation + " " + path + " failed unexpectedly", failure);
            }
        } else if (failure instanceof MailfsException.NotFound || failure instanceof MailfsException.NoAttribute) {
            LOG.fine(() -> operation + " " + path + ": " + failure.getMessage());
        } else {
            LOG.info(operation + " " + path + " refused: " + failure.getMessage()); // tools only show the errno
        }
        return -errno;
    }

    private static int errnoOf(Throwable failure) {
        Errno errno;
        if (failure instanceof MailfsException.NotFound) {
            errno = Errno.ENOENT;
        } else if (failure instanceof MailfsException.NotADirectory) {
            errno = Errno.ENOTDIR;
        } else if (failure instanceof MailfsException.IsADirectory) {
            errno = Errno.EISDIR;
        } else if (failure instanceof MailfsException.ReadOnly) {
            errno = Errno.EROFS;
        } else if (failure instanceof MailfsException.AlreadyExists) {
            errno = Errno.EEXIST;
        } else if (failure instanceof MailfsException.NotEmpty) {
            errno = Errno.ENOTEMPTY;
        } else if (failure instanceof MailfsException.NotPermitted) {
            errno = Errno.EPERM;
        } else if (failure instanceof MailfsException.AccessDenied) {
            errno = Errno.EACCES;
        } else if (failure instanceof MailfsException.InvalidArgument) {
            errno = Errno.EINVAL;
        } else if (failure instanceof MailfsException.NoAttribute) {
            errno = Errno.ENODATA;
        } else {
            errno = Errno.EIO; // Unavailable, ServerError, LoginFailed and every surprise
        }
        return errno.intValue();
    }
}

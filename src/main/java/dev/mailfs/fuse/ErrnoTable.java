package dev.mailfs.fuse;

import dev.mailfs.errors.MailfsException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jnr.constants.platform.Errno;

/** The one table from the mailfs error vocabulary to errno values, and the logging that goes with it. */
final class ErrnoTable {
    private static final Logger LOG = Logger.getLogger(ErrnoTable.class.getName());

    /** Unavailable, ServerError, LoginFailed and every surprise are EIO. */
    private static final Map<Class<? extends MailfsException>, Errno> TABLE = Map.ofEntries(
            Map.entry(MailfsException.NotFound.class, Errno.ENOENT),
            Map.entry(MailfsException.NotADirectory.class, Errno.ENOTDIR),
            Map.entry(MailfsException.IsADirectory.class, Errno.EISDIR),
            Map.entry(MailfsException.ReadOnly.class, Errno.EROFS),
            Map.entry(MailfsException.AlreadyExists.class, Errno.EEXIST),
            Map.entry(MailfsException.NotEmpty.class, Errno.ENOTEMPTY),
            Map.entry(MailfsException.NotPermitted.class, Errno.EPERM),
            Map.entry(MailfsException.AccessDenied.class, Errno.EACCES),
            Map.entry(MailfsException.InvalidArgument.class, Errno.EINVAL),
            Map.entry(MailfsException.NoAttribute.class, Errno.ENODATA),
            Map.entry(MailfsException.Unsupported.class, Errno.EOPNOTSUPP),
            Map.entry(MailfsException.NoSpace.class, Errno.ENOSPC),
            Map.entry(MailfsException.Interrupted.class, Errno.EINTR),
            Map.entry(MailfsException.QuotaExceeded.class, Errno.EDQUOT));

    private ErrnoTable() {
    }

    /**
     * The negative errno a FUSE callback returns for this failure. On a thread the kernel
     * interrupted (see {@link RequestsInProgress}) any failure is EINTR: it is what abandoning the
     * wait looks like (a connection closed under the read, a wait cut short).
     */
    static int toErrno(String operation, String path, Throwable failure) {
        Errno errno = Thread.currentThread().isInterrupted() ? Errno.EINTR : TABLE.getOrDefault(failure.getClass(), Errno.EIO);
        if (failure instanceof MailfsException.HeldOff) {
            // told once in the log when it began: one line per file of a grep -r would bury it
            LOG.fine(() -> operation + " " + path + ": " + failure.getMessage());
        } else if (errno == Errno.EIO || errno == Errno.ENOSPC) {
            if (failure instanceof MailfsException) {
                LOG.warning(operation + " " + path + ": " + failure.getMessage());
            } else {
                LOG.log(Level.SEVERE, operation + " " + path + " failed unexpectedly", failure);
            }
        } else if (errno == Errno.ENOENT || errno == Errno.ENODATA || errno == Errno.EOPNOTSUPP || errno == Errno.EINTR) {
            LOG.fine(() -> operation + " " + path + ": " + failure.getMessage());
        } else {
            LOG.info(operation + " " + path + " refused: " + failure.getMessage()); // tools only show the errno
        }
        return -errno.intValue();
    }
}

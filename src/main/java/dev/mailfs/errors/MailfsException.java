package dev.mailfs.errors;

/**
 * The one error vocabulary used inside mailfs. Each subclass names what went wrong in terms a
 * filesystem understands; the FUSE edge maps each to an errno in one table.
 *
 * <p>Messages must never contain a password or message content.
 */
public abstract class MailfsException extends RuntimeException {
    protected MailfsException(String message) {
        super(message);
    }

    protected MailfsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A path or message that does not exist (any more). */
    public static final class NotFound extends MailfsException {
        public NotFound(String what) {
            super("not found: " + what);
        }
    }

    /** A path component used as a directory is a file. */
    public static final class NotADirectory extends MailfsException {
        public NotADirectory(String what) {
            super("not a directory: " + what);
        }
    }

    /** A file operation used on a directory. */
    public static final class IsADirectory extends MailfsException {
        public IsADirectory(String what) {
            super("is a directory: " + what);
        }
    }

    /** A write to a read-only mount or to something that is read-only by nature. */
    public static final class ReadOnly extends MailfsException {
        public ReadOnly(String what) {
            super("read-only: " + what);
        }
    }

    /** The server could not be reached or did not answer in time; the operation may succeed later. */
    public static class Unavailable extends MailfsException {
        public Unavailable(String what, Throwable cause) {
            super(what, cause);
        }
    }

    /**
     * The server was not asked: it is taken to be away, or limits the account, or mailfs is
     * offline. The log said so when that began; each operation failing meanwhile says no more.
     */
    public static final class HeldOff extends Unavailable {
        public HeldOff(String what) {
            super(what, null);
        }
    }

    /** The server refused our credentials. */
    public static final class LoginFailed extends MailfsException {
        public LoginFailed(String what) {
            super(what);
        }
    }

    /** The server answered with an error for this operation. */
    public static final class ServerError extends MailfsException {
        public ServerError(String what, Throwable cause) {
            super(what, cause);
        }
    }

    /** A name that is already taken (mkdir of an existing folder). */
    public static final class AlreadyExists extends MailfsException {
        public AlreadyExists(String what) {
            super("already exists: " + what);
        }
    }

    /** A folder that still holds messages or subfolders. */
    public static final class NotEmpty extends MailfsException {
        public NotEmpty(String what) {
            super("not empty: " + what);
        }
    }

    /** Something mail cannot do at all, such as renaming a message within its folder. */
    public static final class NotPermitted extends MailfsException {
        public NotPermitted(String what) {
            super("not permitted: " + what);
        }
    }

    /** A change to something immutable, such as writing into an existing message. */
    public static final class AccessDenied extends MailfsException {
        public AccessDenied(String what) {
            super("access denied: " + what);
        }
    }

    /** Input that cannot be what it claims: a file that is not a message, an invalid flag. */
    public static final class InvalidArgument extends MailfsException {
        public InvalidArgument(String what) {
            super("invalid: " + what);
        }
    }

    /** An extended attribute that the file does not have. */
    public static final class NoAttribute extends MailfsException {
        public NoAttribute(String what) {
            super("no such attribute: " + what);
        }
    }

    /** Something this filesystem does not do at all, such as attributes outside the user namespace. */
    public static final class Unsupported extends MailfsException {
        public Unsupported(String what) {
            super("not supported: " + what);
        }
    }

    /** The server's certificate cannot be trusted: not a passing failure, so no reason to wait for it. */
    public static final class NotTrusted extends MailfsException {
        public NotTrusted(String what, Throwable cause) {
            super(what, cause);
        }
    }

    /** The server refused a change because the account or the mailbox is over its storage quota. */
    public static final class QuotaExceeded extends MailfsException {
        public QuotaExceeded(String what) {
            super("over quota: " + what);
        }
    }

    /** The process that asked gave up (Ctrl-C, a kill): the wait for the answer is abandoned. */
    public static final class Interrupted extends MailfsException {
        public Interrupted(String what) {
            super("interrupted: " + what);
        }
    }

    /** The local disk cannot hold what an operation needs (a large part decoded to a file). */
    public static final class NoSpace extends MailfsException {
        public NoSpace(String what) {
            super("no room on the local disk: " + what);
        }
    }
}

package dev.mailfs.cli;

/** Options that do not make sense together; the message says what to do instead. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}

package dev.mailfs.fuse;

/** The mount could not be made; the message is meant for the user. */
public final class MountFailedException extends RuntimeException {
    public MountFailedException(String message) {
        super(message);
    }
}

package dev.mailfs.credentials;

/** No password could be had; the message says why, fit for the user, and never holds the password. */
public final class CredentialException extends RuntimeException {
    public CredentialException(String message) {
        super(message);
    }
}

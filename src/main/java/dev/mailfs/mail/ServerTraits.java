package dev.mailfs.mail;

/**
 * What kind of account the server keeps, as learnt at login: what a mount made offline needs to
 * show the folders as it did online.
 *
 * @param labels         Gmail: folders are labels (see {@link MailSource#hasLabels})
 * @param personalPrefix where the user's own folders live (see {@link MailSource#personalPrefix})
 */
public record ServerTraits(boolean labels, String personalPrefix) {
}

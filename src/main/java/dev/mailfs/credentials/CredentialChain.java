package dev.mailfs.credentials;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the secret to log in with, trying in order: a systemd credential, the password command,
 * the keyring, a prompt on the terminal. The first that answers wins; when none does, the error
 * lists what was tried and why each said no. An OAuth2 token command, when configured, is used
 * instead of all of them.
 */
public final class CredentialChain {
    private final Map<String, String> environment;
    private final SystemKeyring keyring;
    private final Duration commandTimeout;

    public CredentialChain(Map<String, String> environment, SystemKeyring keyring, Duration commandTimeout) {
        this.environment = environment;
        this.keyring = keyring;
        this.commandTimeout = commandTimeout;
    }

    /**
     * @param keyringAccount the name the password is kept under in the keyring (the account's name)
     * @param prompt         what to ask on the terminal
     */
    public Secret find(String keyringAccount, Optional<String> passwordCommand, Optional<String> tokenCommand, String prompt) {
        if (tokenCommand.isPresent()) {
            return new TokenCommand(tokenCommand.get(), commandTimeout);
        }
        List<String> tried = new ArrayList<>();

        StringBuilder why = new StringBuilder();
        Optional<char[]> systemd = SystemdCredential.read(environment, why);
        if (systemd.isPresent()) {
            return Secret.password(systemd.get(), "the systemd credential");
        }
        tried.add("systemd credential (" + why + ")");

        if (passwordCommand.isPresent()) {
            return Secret.password(PasswordCommand.run(passwordCommand.get(), commandTimeout), "the password command");
        }
        tried.add("password command (none configured)");

        try {
            Optional<char[]> stored = keyring.read(keyringAccount);
            if (stored.isPresent()) {
                return Secret.password(stored.get(), "the keyring");
            }
            tried.add("keyring (nothing stored for " + keyringAccount + "; mailfs login stores it)");
        } catch (CredentialException e) {
            tried.add("keyring (" + e.getMessage() + ")");
        }

        if (System.console() != null) {
            return Secret.password(TerminalPassword.ask(prompt), "the terminal");
        }
        tried.add("terminal (not a terminal)");
        throw new CredentialException("no password for " + keyringAccount + ": tried " + String.join("; ", tried));
    }
}

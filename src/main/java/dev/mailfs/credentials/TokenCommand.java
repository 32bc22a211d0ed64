package dev.mailfs.credentials;

import java.time.Duration;
import java.util.Optional;

/**
 * An OAuth2 access token printed by a user's command (oama, a provider's CLI, a script); run again
 * when the server says the token has expired.
 */
public final class TokenCommand implements Secret {
    private final String command;
    private final Duration timeout;
    private char[] token;

    public TokenCommand(String command, Duration timeout) {
        this.command = command;
        this.timeout = timeout;
        this.token = PasswordCommand.run(command, timeout);
    }

    @Override
    public synchronized char[] value() {
        return token.clone();
    }

    @Override
    public boolean isOAuthToken() {
        return true;
    }

    @Override
    public synchronized Optional<char[]> renew() {
        token = PasswordCommand.run(command, timeout);
        return Optional.of(token.clone());
    }

    @Override
    public String origin() {
        return "the token command";
    }
}

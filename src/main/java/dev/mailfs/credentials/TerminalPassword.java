package dev.mailfs.credentials;

import java.io.Console;

/** Asks for the password on the terminal without echo. */
public final class TerminalPassword {
    private TerminalPassword() {
    }

    public static char[] ask(String prompt) {
        Console console = System.console();
        if (console == null) {
            throw new CredentialException("no terminal to ask for the password on; use --password-command");
        }
        char[] password = console.readPassword("%s", prompt);
        if (password == null || password.length == 0) {
            throw new CredentialException("no password given");
        }
        return password;
    }
}

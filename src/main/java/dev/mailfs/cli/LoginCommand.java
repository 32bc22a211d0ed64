package dev.mailfs.cli;

import dev.mailfs.credentials.SystemKeyring;
import dev.mailfs.credentials.TerminalPassword;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "login", mixinStandardHelpOptions = true,
        description = {
                "Stores an account's password in the desktop keyring, where mount finds it.",
                "Asks for it on the terminal. Needs a desktop keyring (GNOME Keyring, KWallet or",
                "another); without one, give the account a password-command instead."})
final class LoginCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ACCOUNT", description = "the account's name (see mailfs accounts)")
    String account;

    @Override
    public Integer call() {
        Account settings = Account.load(account, System.getenv());
        SystemKeyring keyring = new SystemKeyring(SystemKeyring.DEFAULT_TIMEOUT);
        keyring.checkCanStore(account);
        char[] password = TerminalPassword.ask("Password for " + settings.user().orElse(account) + "@" + settings.host().orElse("?") + ": ");
        try {
            keyring.store(account, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        System.out.println("mailfs: the password of " + account + " is in the keyring");
        return ExitCodes.OK;
    }
}

package dev.mailfs.cli;

import dev.mailfs.credentials.SystemKeyring;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "logout", mixinStandardHelpOptions = true, description = "Removes an account's password from the desktop keyring.")
final class LogoutCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ACCOUNT", description = "the account's name (see mailfs accounts)")
    String account;

    @Override
    public Integer call() {
        Account.load(account, System.getenv());
        boolean removed = new SystemKeyring(SystemKeyring.DEFAULT_TIMEOUT).delete(account);
        System.out.println(removed ? "mailfs: removed the password of " + account + " from the keyring"
                : "mailfs: the keyring held no password for " + account);
        return ExitCodes.OK;
    }
}

package dev.mailfs.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "accounts", mixinStandardHelpOptions = true,
        description = {
                "Lists the accounts, one a line: name, login, mount point.",
                "An account is a file ~/.config/mailfs/NAME.properties ($XDG_CONFIG_HOME/mailfs",
                "when that is set); 'mailfs mount --help' lists its keys."})
final class AccountsCommand implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
        Map<String, String> environment = System.getenv();
        List<String> names = Account.names(environment);
        if (names.isEmpty()) {
            System.out.println("no accounts in " + Account.directory(environment) + " (make NAME.properties there, see mailfs mount --help)");
            return ExitCodes.OK;
        }
        for (String name : names) {
            try {
                Account account = Account.load(name, environment);
                System.out.println(name + "\t" + account.user().orElse("?") + "@" + account.host().orElse("?")
                        + "\t" + account.mountPoint().map(Object::toString).orElse("-"));
            } catch (UsageException e) {
                System.out.println(name + "\tbroken: " + e.getMessage());
            }
        }
        return ExitCodes.OK;
    }
}

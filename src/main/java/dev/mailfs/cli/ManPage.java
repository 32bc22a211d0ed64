package dev.mailfs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes the manual page mailfs(1) in roff from the picocli definition, so that it lists the same
 * subcommands, options, account-file keys and exit codes as {@code --help}. pom.xml runs it at
 * build time, as it runs picocli's AutoComplete for the bash completion.
 */
final class ManPage {
    /** Account-file keys that are no option of {@code mount}; every other key is described by its option. */
    private static final Map<String, String> KEYS_WITHOUT_OPTION = Map.of(
            "mountpoint", "where mailfs mount ACCOUNT mounts when no MOUNTPOINT is given; ~/ is the home directory");

    private final Roff roff = new Roff();

    private ManPage() {
    }

    /** {@code ManPage FILE VERSION DATE}: writes mailfs(1) to FILE. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ManPage FILE VERSION DATE");
        }
        CommandSpec mailfs = new CommandLine(new MailfsCommand()).getCommandSpec();
        Files.writeString(Path.of(args[0]), render(mailfs, args[1], args[2]), StandardCharsets.UTF_8);
    }

    static String render(CommandSpec mailfs, String version, String date) {
        return new ManPage().page(mailfs, version, date);
    }

    private String page(CommandSpec mailfs, String version, String date) {
        roff.macro("TH", "MAILFS", "1", date, "mailfs " + version, "User Commands");
        roff.macro("nh"); // no hyphenation: paths and keys are copied from the page
        roff.macro("ad", "l");
        roff.macro("SH", "NAME");
        roff.text("mailfs - mount an IMAP account as a directory of .eml files");
        synopsis(mailfs);
        roff.macro("SH", "DESCRIPTION");
        roff.paragraphs(lines(mailfs.usageMessage().description()));
        roff.text("The README (/usr/share/doc/mailfs/README.md with the Debian package) explains what each file means.");
        roff.macro("SH", "COMMANDS");
        for (CommandLine subcommand : mailfs.subcommands().values()) {
            command(subcommand.getCommandSpec());
        }
        roff.macro("SS", "Options of mailfs itself");
        options(mailfs, true);
        accountFiles(mailfs.subcommands().get("mount").getCommandSpec());
        passwords();
        exitStatus(mailfs);
        environment();
        files();
        roff.macro("SH", "SEE ALSO");
        roff.text("fusermount(1), getfattr(1), systemctl(1), journalctl(1)");
        return roff.toString();
    }

    private void synopsis(CommandSpec mailfs) {
        roff.macro("SH", "SYNOPSIS");
        for (CommandLine subcommand : mailfs.subcommands().values()) {
            CommandSpec spec = subcommand.getCommandSpec();
            StringBuilder arguments = new StringBuilder(spec.options().stream().anyMatch(o -> !isHelp(o)) ? "[OPTION]..." : "");
            for (ArgSpec positional : spec.positionalParameters()) {
                String label = positional.paramLabel() + (positional.arity().max() > 1 ? "..." : "");
                arguments.append(' ').append(positional.arity().min() == 0 ? "[" + label + "]" : label);
            }
            roff.macro("B", spec.qualifiedName());
            if (!arguments.isEmpty()) {
                roff.text(arguments.toString().strip());
            }
            roff.macro("br");
        }
        roff.macro("B", mailfs.name());
        roff.text("--help | --version");
    }

    private void command(CommandSpec spec) {
        roff.macro("SS", spec.qualifiedName());
        roff.paragraphs(lines(spec.usageMessage().description()));
        options(spec, false);
        if (spec.usageMessage().footer().length > 0) {
            roff.macro("PP");
            roff.paragraphs(lines(spec.usageMessage().footer()));
        }
    }

    /** Every option in the order of --help; --help and --version, which every subcommand has, only for mailfs itself. */
    private void options(CommandSpec spec, boolean withHelpOptions) {
        List<OptionSpec> options = new ArrayList<>(spec.options());
        options.sort(Comparator.comparing(o -> o.longestName().replaceFirst("^-+", "")));
        for (OptionSpec option : options) {
            if (option.hidden() || (isHelp(option) && !withHelpOptions)) {
                continue;
            }
            roff.macro("TP");
            roff.bold(String.join(", ", option.names()), takesValue(option) ? " " + valueLabel(option) : "");
            roff.text(String.join(" ", lines(option.renderedDescription())));
        }
    }

    private void accountFiles(CommandSpec mount) {
        roff.macro("SH", "ACCOUNT FILES");
        roff.text("An account is described once in ~/.config/mailfs/ACCOUNT.properties ($XDG_CONFIG_HOME/mailfs),"
                + " one key = value a line, and mounted with mailfs mount ACCOUNT. Every key is optional in the file;"
                + " an option given on the command line wins over it. A key mailfs does not know, or a value it cannot use,"
                + " is refused with a line that names the file, the key and what is allowed.");
        for (String key : new TreeSet<>(Account.KEYS)) {
            OptionSpec option = mount.findOption("--" + key);
            String description = KEYS_WITHOUT_OPTION.get(key);
            if (option == null && description == null) {
                throw new IllegalStateException("the account key " + key + " is no option of mailfs mount: describe it in ManPage");
            }
            roff.macro("TP");
            roff.bold(key + " = ", option == null ? "DIRECTORY" : takesValue(option) ? valueLabel(option) : "true|false");
            roff.text(option == null ? description : String.join(" ", lines(option.renderedDescription())));
        }
        roff.macro("PP");
        roff.text("For example:");
        roff.verbatim(List.of("host = imap.example.com", "user = alice@example.com", "mountpoint = ~/Mail",
                "password-command = pass show mail/example"));
    }

    private void passwords() {
        roff.macro("SH", "PASSWORDS");
        roff.text("mount tries these in order, and the first that answers wins: a systemd credential (the file password"
                + " in $CREDENTIALS_DIRECTORY); the account's password-command; the desktop keyring, where mailfs login stores"
                + " the password and mailfs logout removes it; a prompt on the terminal, without echo. With a token-command,"
                + " its OAuth2 token is used instead. When none answers, the error lists what was tried and why each said no."
                + " The password never appears in arguments, the environment, logs or error messages.");
    }

    private void exitStatus(CommandSpec mailfs) {
        roff.macro("SH", "EXIT STATUS");
        for (Map.Entry<String, String> code : mailfs.usageMessage().exitCodeList().entrySet()) {
            roff.macro("TP");
            roff.bold(code.getKey().strip(), "");
            roff.text(String.join(" ", lines(new String[] {code.getValue()})));
        }
    }

    private void environment() {
        roff.macro("SH", "ENVIRONMENT");
        definition("MAILFS_LOG", "the log level, such as FINE; logs go to stderr, one line per event");
        definition("MAILFS_JAVA_OPTS", "options for the Java virtual machine, after those of jvm.options, such as -Xmx512m");
        definition("JAVA_HOME", "the Java to run mailfs with; else the java on PATH");
        definition("XDG_CONFIG_HOME", "where the account files are: $XDG_CONFIG_HOME/mailfs, else ~/.config/mailfs");
        definition("XDG_CACHE_HOME", "where message bodies are kept: $XDG_CACHE_HOME/mailfs, else ~/.cache/mailfs");
    }

    private void files() {
        roff.macro("SH", "FILES");
        definition("~/.config/mailfs/ACCOUNT.properties", "the account files");
        definition("~/.cache/mailfs", "message bodies and folder listings kept on disk, up to cache-size for each account;"
                + " it may be deleted while nothing is mounted");
        definition("/usr/lib/systemd/user/mailfs@.service", "the user unit, one instance per account:"
                + " systemctl --user enable --now mailfs@ACCOUNT; its log: journalctl --user -u mailfs@ACCOUNT");
        definition("/usr/share/mailfs", "the jars, and jvm.options, which bounds the memory mailfs takes");
    }

    private void definition(String term, String meaning) {
        roff.macro("TP");
        roff.bold(term, "");
        roff.text(meaning);
    }

    private static boolean isHelp(OptionSpec option) {
        return option.usageHelp() || option.versionHelp();
    }

    private static boolean takesValue(OptionSpec option) {
        return option.arity().max() > 0;
    }

    /** PEM_FILE as given; picocli's default {@code <host>} as HOST. */
    private static String valueLabel(OptionSpec option) {
        String label = option.paramLabel();
        return label.startsWith("<") && label.endsWith(">") ? label.substring(1, label.length() - 1).toUpperCase(Locale.ROOT) : label;
    }

    /** The lines as --help prints them: %n and the like formatted, picocli's @|style …|@ markup removed. */
    private static List<String> lines(String[] text) {
        List<String> lines = new ArrayList<>();
        for (String line : text) {
            lines.addAll(List.of(CommandLine.Help.Ansi.OFF.string(String.format(line)).split("\n", -1)));
        }
        return lines;
    }
}

package dev.mailfs.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailfs --help} and each subcommand's help, as an 80-column terminal shows them. */
class HelpTextTest {
    private static final int COLUMNS = 80;

    /** mailfs and every subcommand, each with its help text. */
    private static List<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        addWithSubcommands(new CommandLine(new MailfsCommand()), all);
        return all;
    }

    private static void addWithSubcommands(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().forEach(sub -> addWithSubcommands(sub, all));
    }

    private static String help(CommandLine command) {
        return command.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static String name(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }

    /** Every text of the command's help that picocli lays out: descriptions, footer, exit codes. */
    private static Stream<String> texts(CommandSpec spec) {
        Stream<String> own = Stream.of(spec.usageMessage().description(), spec.usageMessage().footer())
                .flatMap(Stream::of);
        Stream<String> exitCodes = spec.usageMessage().exitCodeList().values().stream();
        Stream<String> arguments = spec.args().stream().map(ArgSpec::description).flatMap(Stream::of);
        return Stream.of(own, exitCodes, arguments).flatMap(s -> s);
    }

    @Test
    void everyLineFitsIn80Columns() {
        // picocli lays help out for 80 columns unless told otherwise (usageHelpWidth): keep it so.
        for (CommandLine command : commands()) {
            help(command).lines().forEach(line -> assertTrue(line.length() <= COLUMNS,
                    name(command) + " --help has a line of " + line.length() + " columns: " + line));
        }
    }

    @Test
    void noWordIsBrokenAcrossTwoLines() {
        // picocli breaks a line where java.text.BreakIterator allows, which includes inside
        // "~/.config/mailfs/ACCOUNT.properties" and after the dot of ".eml": rephrase such text.
        for (CommandLine command : commands()) {
            String help = help(command);
            List<String> lines = help.lines().toList();
            texts(command.getCommandSpec()).flatMap(text -> Stream.of(text.split("\\s+"))).filter(word -> !word.isEmpty())
                    .forEach(word -> assertTrue(lines.stream().anyMatch(line -> line.contains(word)),
                            () -> name(command) + " --help breaks '" + word + "' across two lines:\n" + help));
        }
    }

    @Test
    void commandDescriptionsAreWrittenInLinesThatFit() {
        // Each element of a description or footer starts a new line: one too long for a line is
        // wrapped, and its last piece stands short before the next element.
        for (CommandLine command : commands()) {
            CommandSpec spec = command.getCommandSpec();
            Stream.of(spec.usageMessage().description(), spec.usageMessage().footer()).flatMap(Stream::of)
                    .forEach(line -> assertTrue(line.length() <= COLUMNS,
                            name(command) + ": this description line is wrapped by picocli, break it yourself: " + line));
        }
    }

    @Test
    void eachSubcommandIsSummedUpInAWholeSentence() {
        // mailfs --help lists each subcommand with the first line of its description alone.
        for (CommandLine command : new CommandLine(new MailfsCommand()).getSubcommands().values()) {
            String summary = command.getCommandSpec().usageMessage().description()[0];
            assertTrue(summary.endsWith("."), name(command) + " is listed in mailfs --help as: " + summary);
        }
    }

    @Test
    void backslashesAreShownOnce() {
        for (CommandLine command : commands()) {
            assertFalse(help(command).contains("\\\\"), name(command) + " --help shows a double backslash:\n" + help(command));
        }
        assertTrue(help(new CommandLine(new MountCommand())).contains(" \\Trash "));
    }

    @Test
    void mountHelpListsEveryAccountFileKey() {
        String help = help(new CommandLine(new MountCommand()));
        assertTrue(help.contains("Account files:"), "mount --help says nothing of account files:\n" + help);
        String footer = help.substring(help.indexOf("Account files:"));
        for (String key : Account.KEYS) {
            assertTrue(Pattern.compile("(?<![\\w-])" + Pattern.quote(key) + "(?![\\w-])").matcher(footer).find(),
                    "mount --help does not list the account file key " + key + ":\n" + footer);
        }
    }
}

package dev.mailfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class ManPageTest {
    private final CommandSpec mailfs = new CommandLine(new MailfsCommand()).getCommandSpec();
    private final String page = ManPage.render(mailfs, "1.2.3", "2026-01-02");

    @Test
    void theHeaderAndTheNameLineAreWhatManAndWhatisRead() {
        assertTrue(page.startsWith(".TH MAILFS 1 2026\\-01\\-02 \"mailfs 1.2.3\" \"User Commands\"\n"), page);
        assertTrue(page.contains("\n.SH NAME\nmailfs \\- mount an IMAP account"), page);
    }

    @Test
    void everySubcommandAndEveryOptionIsDocumented() {
        for (CommandLine subcommand : mailfs.subcommands().values()) {
            CommandSpec spec = subcommand.getCommandSpec();
            String section = section(".SS \"" + spec.qualifiedName() + "\"");
            for (OptionSpec option : spec.options()) {
                String name = " " + Roff.escape(option.longestName());
                if (!option.usageHelp() && !option.versionHelp()) {
                    assertTrue(section.contains(name + " ") || section.contains(name + "\n"), spec.qualifiedName() + name + " in\n" + section);
                }
            }
        }
        assertTrue(page.contains(".B \"\\-h, \\-\\-help\"") && page.contains(".B \"\\-V, \\-\\-version\""), page);
    }

    @Test
    void everyAccountKeyIsDocumented() {
        String section = section(".SH \"ACCOUNT FILES\"");
        for (String key : Account.KEYS) {
            assertTrue(section.contains(".BI \"" + Roff.escape(key) + " = \""), key + " in\n" + section);
        }
    }

    @Test
    void theExitCodesEnvironmentAndFilesHaveTheirSections() {
        String exitStatus = section(".SH \"EXIT STATUS\"");
        for (String code : List.of("0", "1", "2")) {
            assertTrue(exitStatus.contains(".B " + code + "\n"), exitStatus);
        }
        assertTrue(section(".SH ENVIRONMENT").contains("MAILFS_JAVA_OPTS"));
        assertTrue(section(".SH FILES").contains("~/.config/mailfs/ACCOUNT.properties"));
    }

    @Test
    void textIsEscapedForGroff() {
        assertEquals("\\-\\-read\\-only \\e\\eTrash \\[u2026] \\[u00FC]", Roff.escape("--read-only \\\\Trash … ü"));
        Roff roff = new Roff();
        roff.text(".eml files");
        roff.macro("SH", "say \"hi\"", "NAME", "");
        assertEquals("\\&.eml files\n.SH \"say \\(dqhi\\(dq\" NAME \"\"\n", roff.toString());
    }

    /** From {@code heading} to the next section or subsection. */
    private String section(String heading) {
        int start = page.indexOf(heading + "\n");
        assertTrue(start >= 0, heading + " in\n" + page);
        int end = page.indexOf("\n.S", start + heading.length());
        return page.substring(start, end < 0 ? page.length() : end + 1);
    }
}

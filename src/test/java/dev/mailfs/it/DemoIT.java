package dev.mailfs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.fuse.MountTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newcomer's first command, run through the launcher exactly as the README says. */
class DemoIT {
    @TempDir
    Path tmp;

    @Test
    void demoMountsTheSampleMailboxUntilCtrlC() throws Exception {
        FuseRequirement.check();
        Path mountPoint = tmp.resolve("mail-demo");
        java.nio.file.Files.createDirectory(mountPoint);
        ProcessBuilder builder = new ProcessBuilder("bin/mailfs", "demo", mountPoint.toString()).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C"); // the launcher must make non-ASCII names work anyway
        Process demo = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
            List<String> printed = new ArrayList<>();
            String line;
            do {
                line = out.readLine();
                printed.add(line);
            } while (line != null && !line.contains(" mounted at "));
            assertTrue(line != null, "demo printed its ready line");

            List<String> top = Shell.run(mountPoint, "ls").lines();
            assertEquals(List.of("Archive", "Entwürfe", "INBOX", "Sent", "Work"), top);
            List<String> hits = Shell.run(mountPoint, "grep -rl invoice .").lines();
            assertTrue(hits.contains("./INBOX/2025-04-02 06.00 Your invoice INV-2025-0042 is ready (be2251f7).eml"), hits.toString());
            assertTrue(hits.contains("./INBOX/2025-04-02 06.00 Your invoice INV-2025-0042 is ready (be2251f7)/body.txt"), hits.toString());
            assertTrue(hits.stream().allMatch(h -> h.startsWith("./INBOX/2025-04-02 06.00 Your invoice")), hits.toString());
            assertEquals("2", Shell.ok(mountPoint, "ls Entwürfe/*.eml | wc -l").strip());

            new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();
            assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "demo exits after Ctrl-C");
            assertEquals(0, demo.exitValue());
            out.lines().forEach(printed::add);
            // The sample server is mailfs's own: nothing about it is the user's to worry about.
            assertTrue(printed.stream().noneMatch(l -> l != null && (l.contains("WARNING") || l.contains("SEVERE"))), printed.toString());
            assertNull(MountTable.typeAt(mountPoint));
        } finally {
            demo.destroyForcibly();
            if (MountTable.typeAt(mountPoint) != null) {
                new ProcessBuilder("fusermount", "-u", "-z", mountPoint.toString()).start().waitFor();
            }
        }
    }
}

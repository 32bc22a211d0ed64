package dev.mailfs.mime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Converts files in a JVM of its own with a small heap, and prints the SHA-256 of each result: that
 * the conversion finishes there shows its memory does not grow with the input.
 * Arguments: pairs of "html FILE" (HtmlText.renderTo) or "text FILE" (TextDecoding.decodeTo, no charset declared).
 */
final class SmallHeapRun {
    private SmallHeapRun() {
    }

    public static void main(String[] args) throws IOException {
        for (int i = 0; i + 1 < args.length; i += 2) {
            Path file = Path.of(args[i + 1]);
            MessageDigest digest = LargeHtml.sha256();
            try (Writer out = new OutputStreamWriter(new DigestOutputStream(OutputStream.nullOutputStream(), digest), StandardCharsets.UTF_8)) {
                if (args[i].equals("html")) {
                    try (Reader html = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        HtmlText.renderTo(html, out);
                    }
                } else {
                    TextDecoding.decodeTo(file, null, out);
                }
            }
            System.out.println(HexFormat.of().formatHex(digest.digest()));
        }
    }

    /** Runs this in a new JVM with the given maximum heap; returns its output lines, or throws with what it printed. */
    static List<String> run(String maxHeap, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), SmallHeapRun.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError("the conversion failed in a heap of " + maxHeap + ":\n" + output);
        }
        return output.lines().toList();
    }
}

package dev.mailfs.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the tools people use (ls, stat, grep, find, ...) against the mount. */
final class Shell {
    record Result(int exitCode, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    private Shell() {
    }

    /** Runs a bash command line in {@code dir} with a UTF-8 locale; fails after 120 s. */
    static Result run(Path dir, String commandLine) {
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", commandLine).directory(dir.toFile());
            builder.environment().put("LC_ALL", "C.UTF-8");
            Process process = builder.start();
            process.getOutputStream().close();
            var out = process.getInputStream();
            var err = process.getErrorStream();
            var errText = new java.util.concurrent.CompletableFuture<String>();
            Thread errReader = new Thread(() -> {
                try {
                    errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    errText.complete("");
                }
            });
            errReader.start();
            String outText = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + commandLine);
            }
            return new Result(process.exitValue(), outText, errText.get().strip());
        } catch (Exception e) {
            throw new AssertionError("cannot run " + commandLine, e);
        }
    }

    /** Runs and requires exit 0; returns stdout. */
    static String ok(Path dir, String commandLine) {
        Result result = run(dir, commandLine);
        if (result.exitCode() != 0) {
            throw new AssertionError(commandLine + " exited " + result.exitCode() + ": " + result.err());
        }
        return result.out();
    }

    static String which(String tool) {
        Result result = run(Path.of("/"), "command -v " + tool);
        return result.exitCode() == 0 ? result.out().strip() : null;
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

package dev.mailfs.credentials;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a user's command ({@code pass show mail}, {@code secret-tool lookup ...}) through
 * {@code sh -c} and takes the first line it prints as the password, like mbsync's PassCmd. The
 * command may prompt on the terminal: its stdin and stderr are the user's.
 */
public final class PasswordCommand {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private PasswordCommand() {
    }

    public static char[] run(String command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder("sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new CredentialException("cannot run the password command: " + e.getMessage());
        }
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> firstLineOf(process));
        String line;
        try {
            line = firstLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException();
            }
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new CredentialException("the password command did not finish within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new CredentialException("cannot read the password command's output: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CredentialException("interrupted while running the password command");
        }
        if (process.exitValue() != 0) {
            throw new CredentialException("the password command failed with exit code " + process.exitValue());
        }
        if (line == null || line.isEmpty()) {
            throw new CredentialException("the password command printed no password");
        }
        return line.toCharArray();
    }

    /** The first line, after which the rest is drained so that the command can finish writing. */
    private static String firstLineOf(Process process) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            out.transferTo(Writer.nullWriter());
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

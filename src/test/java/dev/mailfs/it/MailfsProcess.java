package dev.mailfs.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real {@code mailfs} command (target/mailfs.jar) run as a child process, as a user runs it. */
final class MailfsProcess implements AutoCloseable {
    static final Path JAR = Path.of("target/mailfs.jar").toAbsolutePath();
    static final Path JVM_OPTIONS = Path.of("packaging/jvm.options").toAbsolutePath();

    private final Process process;
    private final Path mountPoint;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final CompletableFuture<String> readyLine = new CompletableFuture<>();
    private final List<Thread> pumps = new ArrayList<>();

    private MailfsProcess(Process process, Path mountPoint) {
        this.process = process;
        this.mountPoint = mountPoint;
        pump(process.getInputStream(), out, true);
        pump(process.getErrorStream(), err, false);
    }

    /** Starts {@code java -jar target/mailfs.jar ARGS...} with stdin closed. */
    static MailfsProcess start(Path mountPoint, List<String> args) throws IOException {
        return start(mountPoint, List.of(), args);
    }

    /** The same with options for the JVM, such as a small heap. */
    static MailfsProcess start(Path mountPoint, List<String> jvmOptions, List<String> args) throws IOException {
        return start(mountPoint, jvmOptions, args, Map.of());
    }

    /** The same with environment variables set (a null value removes the variable). */
    static MailfsProcess start(Path mountPoint, List<String> jvmOptions, List<String> args, Map<String, String> environment)
            throws IOException {
        if (!Files.exists(JAR)) {
            throw new AssertionError(JAR + " is missing: run the integration tests with mvn verify");
        }
        ProcessBuilder builder = new ProcessBuilder(command(jvmOptions, args));
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.environment().put("XDG_CACHE_HOME", TestCache.DIRECTORY.toString()); // not the user's ~/.cache
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        process.getOutputStream().close();
        return new MailfsProcess(process, mountPoint);
    }

    /** The command line that runs mailfs with these arguments, as {@link #start} does. */
    static List<String> command(List<String> args) {
        return command(List.of(), args);
    }

    private static List<String> command(List<String> jvmOptions, List<String> args) {
        // The launchers' JVM options, so the tests run the daemon within the memory users get.
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Dfile.encoding=UTF-8", "-XX:VMOptionsFile=" + JVM_OPTIONS));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(args);
        return command;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private void pump(java.io.InputStream stream, StringBuffer into, boolean watchReady) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    into.append(line).append('\n');
                    if (watchReady && line.contains(" mounted at ")) {
                        readyLine.complete(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        pumps.add(reader);
    }

    /** Waits for the "mounted at" line; fails with the process's output if it exits first. */
    String awaitReady(Duration timeout) throws Exception {
        Poll.within(timeout).every(Duration.ofMillis(20)).until(() -> "mailfs mounts:\n" + err + out, () -> {
            if (!readyLine.isDone() && !process.isAlive()) {
                throw new AssertionError("mailfs exited " + process.exitValue() + " before mounting:\n" + err + out);
            }
            return readyLine.isDone();
        });
        return readyLine.get();
    }

    /** Waits for the process to end and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("mailfs did not exit within " + timeout + ":\n" + err + out);
        }
        for (Thread pump : pumps) {
            pump.join(5000); // the last lines: its pipes close with the process
        }
        return process.exitValue();
    }

    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    }

    long pid() {
        return process.pid();
    }

    /** Whether the process ends within {@code timeout}; then {@link #exitCode} says how. */
    boolean endsWithin(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exit code of a process that has ended. */
    int exitCode() {
        return process.exitValue();
    }

    String stdout() {
        return out.toString();
    }

    String stderr() {
        return err.toString();
    }

    Path mountPoint() {
        return mountPoint;
    }

    /** Stops the daemon if a test left it running, and never leaves a mount behind. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("TERM");
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        if (dev.mailfs.fuse.MountTable.typeAt(mountPoint) != null) {
            new ProcessBuilder("fusermount", "-u", "-z", mountPoint.toString()).start().waitFor();
        }
    }
}

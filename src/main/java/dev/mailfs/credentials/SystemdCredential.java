package dev.mailfs.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The password systemd hands the service (LoadCredential= or LoadCredentialEncrypted=password:…):
 * a file named {@code password} in {@code $CREDENTIALS_DIRECTORY}, readable only by the service.
 */
public final class SystemdCredential {
    public static final String FILE_NAME = "password";

    private SystemdCredential() {
    }

    /** The password, or empty (with the reason in {@code why}) when systemd gave none. */
    public static Optional<char[]> read(Map<String, String> environment, StringBuilder why) {
        String directory = environment.get("CREDENTIALS_DIRECTORY");
        if (directory == null) {
            why.append("CREDENTIALS_DIRECTORY is not set");
            return Optional.empty();
        }
        Path file = Path.of(directory, FILE_NAME);
        if (!Files.isReadable(file)) {
            why.append("no readable ").append(file);
            return Optional.empty();
        }
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            String firstLine = content.lines().findFirst().orElse("");
            if (firstLine.isEmpty()) {
                why.append(file).append(" is empty");
                return Optional.empty();
            }
            return Optional.of(firstLine.toCharArray());
        } catch (IOException e) {
            why.append("cannot read ").append(file).append(": ").append(e.getMessage());
            return Optional.empty();
        }
    }
}

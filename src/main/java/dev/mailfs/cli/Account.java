package dev.mailfs.cli;

import dev.mailfs.imap.ImapSettings;
import dev.mailfs.cache.ByteSize;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One account's settings from {@code $XDG_CONFIG_HOME/mailfs/NAME.properties} (default
 * {@code ~/.config/mailfs}). Every key is optional here; {@code mount} says which it needs.
 *
 * <pre>
 * host = imap.example.com
 * user = alice@example.com
 * security = tls                 # tls, starttls or none
 * port = 993
 * mountpoint = ~/Mail
 * password-command = pass show mail/work
 * cache-size = 2G                # disk for message bodies; 0 for none
 * daily-download-limit = 800M    # mail downloaded over 24 hours at most; 0 for none (default: 1500M on Gmail)
 * timeout = 30                   # seconds to wait for the server (connect, read, write)
 * watch = Work                   # the folder the server tells of changes at once (IDLE); default INBOX
 * connections = 8                # connections to the server at most; default 6, on Gmail 10
 * </pre>
 */
record Account(
        String name,
        Path file,
        Optional<String> host,
        Optional<Integer> port,
        Optional<String> user,
        Optional<String> security,
        Optional<Path> trustCert,
        Optional<Path> mountPoint,
        Optional<String> passwordCommand,
        Optional<String> tokenCommand,
        Optional<Boolean> allowPlaintext,
        Optional<Boolean> readOnly,
        Optional<String> delete,
        Optional<String> trashFolder,
        Optional<Boolean> showDeleted,
        Optional<Long> cacheSize,
        Optional<Long> dailyDownloadLimit,
        Optional<Integer> timeoutSeconds,
        Optional<String> watch,
        Optional<Integer> connections) {

    static final Set<String> KEYS = Set.of("host", "port", "user", "security", "trust-cert", "mountpoint",
            "password-command", "token-command", "allow-plaintext", "read-only", "delete", "trash-folder", "show-deleted", "cache-size",
            "daily-download-limit", "timeout", "watch", "connections");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String SUFFIX = ".properties";

    /** Where account files live, honouring XDG_CONFIG_HOME. */
    static Path directory(Map<String, String> environment) {
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("mailfs");
    }

    static List<String> names(Map<String, String> environment) throws IOException {
        Path directory = directory(environment);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(SUFFIX))
                    .map(f -> f.substring(0, f.length() - SUFFIX.length()))
                    .filter(n -> NAME.matcher(n).matches())
                    .sorted()
                    .toList();
        }
    }

    static Account load(String name, Map<String, String> environment) {
        if (!NAME.matcher(name).matches()) {
            throw new UsageException("'" + name + "' is not an account name: letters, digits, '.', '_' and '-' only");
        }
        Path file = directory(environment).resolve(name + SUFFIX);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no account " + name + ": " + file + " does not exist (see mailfs accounts)");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new UsageException(file + ": unknown key " + String.join(", ", unknown) + "; allowed: " + String.join(", ", new TreeSet<>(KEYS)));
        }
        Values values = new Values(file, properties, environment);
        Account account = new Account(name, file,
                values.text("host"),
                values.port(),
                values.text("user"),
                values.choice("security", "tls", "starttls", "none"),
                values.path("trust-cert"),
                values.path("mountpoint"),
                values.text("password-command"),
                values.text("token-command"),
                values.bool("allow-plaintext"),
                values.bool("read-only"),
                values.choice("delete", "trash", "expunge"),
                values.text("trash-folder"),
                values.bool("show-deleted"),
                values.size("cache-size"),
                values.size("daily-download-limit"),
                values.seconds("timeout"),
                values.text("watch"),
                values.connections());
        if (account.passwordCommand().isPresent() && account.tokenCommand().isPresent()) {
            throw new UsageException(file + ": password-command and token-command exclude each other; keep one");
        }
        return account;
    }

    /** Reads typed values and names the file, the key and what is allowed when one is wrong. */
    private record Values(Path file, Properties properties, Map<String, String> environment) {
        Optional<String> text(String key) {
            String value = properties.getProperty(key);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        Optional<Integer> seconds(String key) {
            return text(key).map(value -> {
                try {
                    int seconds = Integer.parseInt(value);
                    if (MountOptions.isTimeout(seconds)) {
                        return seconds;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw bad(key, value, "a number of seconds from 1 to " + MountOptions.LONGEST_TIMEOUT_SECONDS);
            });
        }

        Optional<Integer> connections() {
            return text("connections").map(value -> {
                try {
                    int connections = Integer.parseInt(value);
                    if (ImapSettings.isConnections(connections)) {
                        return connections;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw bad("connections", value, "a number from 3 to " + ImapSettings.MOST_CONNECTIONS);
            });
        }

        Optional<Integer> port() {
            return text("port").map(value -> {
                try {
                    int port = Integer.parseInt(value);
                    if (port >= 1 && port <= 65535) {
                        return port;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw bad("port", value, "a number from 1 to 65535");
            });
        }

        Optional<String> choice(String key, String... allowed) {
            return text(key).map(value -> {
                for (String candidate : allowed) {
                    if (candidate.equalsIgnoreCase(value)) {
                        return candidate;
                    }
                }
                throw bad(key, value, String.join(", ", allowed));
            });
        }

        Optional<Boolean> bool(String key) {
            return text(key).map(value -> {
                if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(value);
                }
                throw bad(key, value, "true or false");
            });
        }

        /** A size such as 500M or 2G. */
        Optional<Long> size(String key) {
            return text(key).map(value -> {
                try {
                    return ByteSize.parse(value);
                } catch (IllegalArgumentException e) {
                    throw bad(key, value, "a size such as 500M or 2G, or 0");
                }
            });
        }

        /** A path; "~/" means the home directory. */
        Optional<Path> path(String key) {
            return text(key).map(value -> value.equals("~") || value.startsWith("~/")
                    ? Path.of(System.getProperty("user.home") + value.substring(1))
                    : Path.of(value));
        }

        private UsageException bad(String key, String value, String allowed) {
            return new UsageException(file + ": key " + key + " is '" + value + "'; allowed: " + allowed);
        }
    }
}
